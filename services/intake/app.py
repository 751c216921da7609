"""Intake service wiring: `uvicorn services.intake.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.consumer import BatchHook
from libs.events.contracts.intake import TOPIC
from libs.events.idempotency import IdempotencyKeyReused
from libs.events.runtime import ServiceDefinition, create_app

from .api import router
from .domain import AanmeldingNietGevonden, DiagnoseAlVastgesteld, GemeenteBuitenRegio
from .settings import Settings

DEFINITION = ServiceDefinition(
    name="intake",
    title="Intake: lokale toegang en primaire diagnose",
    description="Registers questions for help with work or income from every front-office channel, "
    "records the primaire diagnose, and is the only holder of personal data. Publishes "
    "`intake.events`.",
    version="0.1.0",
    produces=TOPIC,
    consumes=(),
    routers=[router],
    domain_errors={
        AanmeldingNietGevonden: (404, "Aanmelding niet gevonden"),
        DiagnoseAlVastgesteld: (409, "Diagnose al vastgesteld"),
        GemeenteBuitenRegio: (422, "Gemeente buiten de regio"),
        IdempotencyKeyReused: (409, "Idempotency-Key hergebruikt"),
    },
    openapi_tags=[{"name": "aanmeldingen", "description": "Aanmelding and primaire diagnose"}],
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the intake app (tests pass their own settings)."""
    return create_app(DEFINITION, settings or Settings(), on_batch_committed)


app = build_app()
