"""Handhaving service wiring: `uvicorn services.handhaving.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.consumer import BatchHook
from libs.events.runtime import ServiceDefinition, create_app
from libs.events.services import service

from .api import ketenbreuken, tijdlijnen
from .policies import KetenbreukMelden
from .projections import AuditStore, KetenbreukenProjection
from .settings import Settings

SERVICE = service("handhaving")
DEFINITION = ServiceDefinition(
    name=SERVICE.name,
    title="Handhaving: de audit store en de tijdlijn van een klant",
    description="Consumes every topic of the platform (found in the service registry) into an append-only audit "
    "store, checking each stream's hash chain on arrival and reporting a break as `KetenbreukGemeld`; shows a "
    "klant's tijdlijn across all services.",
    version="0.1.0",
    produces=SERVICE.produces,
    consumes=SERVICE.consumes,
    inline_projections=(KetenbreukenProjection,),
    topic_projections=(AuditStore,),
    policies=(KetenbreukMelden,),
    routers=[tijdlijnen, ketenbreuken],
    openapi_tags=[
        {"name": "tijdlijnen", "description": "A klant's events across all services, in order"},
        {"name": "ketenbreuken", "description": "Hash-chain breaks found by the audit store"},
    ],
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the handhaving app (tests pass their own settings)."""
    return create_app(DEFINITION, settings or Settings(), on_batch_committed)


app = build_app()
