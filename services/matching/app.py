"""Matching service wiring: `uvicorn services.matching.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.consumer import BatchHook
from libs.events.runtime import ServiceDefinition, create_app
from libs.events.services import service

from .api import COMMANDS, caseload, kandidaten, matches, voorstellen
from .projections import BemiddelingProjection, PoolProjection
from .settings import Settings
from .timers import timers

SERVICE = service("matching")
DEFINITION = ServiceDefinition(
    name=SERVICE.name,
    title="Matching: regionale kandidatenpool, matches, voorstellen en plaatsingen",
    description="Builds the regional candidate pool from intake's events (route werk or ontwikkeling, with the "
    "regional team) and the vacature pool from werkgevers' events; explains every match; records voorstellen, "
    "the employer's answer, plaatsingen with their instruments, and nazorg; keeps caseload per klantmanager. "
    "Holds no personal, income or health data.",
    version="0.2.0",
    produces=SERVICE.produces,
    consumes=SERVICE.consumes,
    routers=[kandidaten, matches, voorstellen, caseload],
    topic_projections=(PoolProjection,),
    inline_projections=(BemiddelingProjection,),
    timers=timers,
    commands=COMMANDS,
    openapi_tags=[
        {"name": "kandidaten", "description": "The regional candidate pool and profiles"},
        {"name": "matches", "description": "Explainable matches"},
        {"name": "voorstellen", "description": "Voorstel, employer's answer, plaatsing, instruments, nazorg"},
        {"name": "caseload", "description": "Caseload per klantmanager and team; nazorg worklist"},
    ],
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the matching app (tests pass their own settings)."""
    return create_app(DEFINITION, settings or Settings(), on_batch_committed)


app = build_app()
