"""Intake service wiring: `uvicorn services.intake.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.consumer import BatchHook
from libs.events.runtime import ServiceDefinition, create_app
from libs.events.services import service

from .api import COMMANDS, aanmeldingen, klanten, werklijsten
from .projections import IntakeProjection
from .settings import Settings
from .timers import timers
from .wissing import Wissen, Wisverzoeken

SERVICE = service("intake")
DEFINITION = ServiceDefinition(
    name=SERVICE.name,
    title="Intake: lokale toegang, primaire diagnose en warme overdracht",
    description="Registers questions for help with work or income from every front-office channel, screens "
    "the leefgebieden, proposes and records the primaire diagnose, hands klanten over between local and "
    "regional teams, and is the only holder of personal data. Publishes `intake.events`.",
    version="0.2.0",
    produces=SERVICE.produces,
    consumes=SERVICE.consumes,
    inline_projections=(IntakeProjection,),
    topic_projections=(Wisverzoeken,),
    policies=(Wissen,),
    routers=[aanmeldingen, klanten, werklijsten],
    openapi_tags=[
        {"name": "aanmeldingen", "description": "Aanmelding, leefgebieden screening and primaire diagnose"},
        {
            "name": "klanten",
            "description": "Responsibility, warme overdracht, e-dienstverlening, persoonsgegevens",
        },
        {"name": "werklijsten", "description": "What front office and teams must act on"},
    ],
    timers=timers,
    commands=COMMANDS,
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the intake app (tests pass their own settings)."""
    return create_app(DEFINITION, settings or Settings(), on_batch_committed)


app = build_app()
