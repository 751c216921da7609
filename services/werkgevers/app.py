"""Werkgevers service wiring: `uvicorn services.werkgevers.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.consumer import BatchHook
from libs.events.runtime import ServiceDefinition, create_app
from libs.events.services import service

from .api import COMMANDS, vacatures, werkgevers
from .policies import VacatureVullen
from .projections import PlaatsingenProjection, WerkgeversProjection
from .settings import Settings

SERVICE = service("werkgevers")
DEFINITION = ServiceDefinition(
    name=SERVICE.name,
    title="Werkgevers: één loket voor werkgevers in de regio",
    description="Employers, their locations and contacts, vacatures with their lifecycle, and social return "
    "commitments with what was realised. Publishes `werkgevers.events`; follows `matching.events` so a vacature "
    "is `gevuld` when plaatsingen take all its positions.",
    version="0.2.0",
    produces=SERVICE.produces,
    consumes=SERVICE.consumes,
    inline_projections=(WerkgeversProjection,),
    topic_projections=(PlaatsingenProjection,),
    policies=(VacatureVullen,),
    routers=[werkgevers, vacatures],
    commands=COMMANDS,
    openapi_tags=[
        {"name": "werkgevers", "description": "Employers, locations, contacts, social return"},
        {"name": "vacatures", "description": "Vacatures and their lifecycle"},
    ],
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the werkgevers app (tests pass their own settings)."""
    return create_app(DEFINITION, settings or Settings(), on_batch_committed)


app = build_app()
