"""Matching service wiring: `uvicorn services.matching.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.consumer import BatchHook
from libs.events.contracts import intake
from libs.events.runtime import ServiceDefinition, create_app

from .api import router
from .projections import KandidatenProjection
from .settings import Settings

DEFINITION = ServiceDefinition(
    name="matching",
    title="Matching: regionale kandidatenpool",
    description="Builds the regional candidate pool from intake's events (klanten routed to werk or "
    "ontwikkeling) and serves it to matchers, scoped to their gemeenten. Holds no personal data.",
    version="0.1.0",
    produces="matching.events",
    consumes=(intake.TOPIC,),
    routers=[router],
    projection=KandidatenProjection,
    openapi_tags=[{"name": "kandidaten", "description": "The regional candidate pool"}],
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the matching app (tests pass their own settings)."""
    return create_app(DEFINITION, settings or Settings(), on_batch_committed)


app = build_app()
