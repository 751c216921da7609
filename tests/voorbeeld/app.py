"""The sample service's wiring."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.runtime import ServiceDefinition, create_app

from .api import COMMANDS, notities
from .projections import NotitiesProjection
from .settings import Settings

DEFINITION = ServiceDefinition(
    name="voorbeeld",
    title="Voorbeeld: notities",
    description="The recipe of docs/adding-a-service.md, measured.",
    version="0.1.0",
    produces="voorbeeld.events",
    consumes=(),
    routers=[notities],
    commands=COMMANDS,
    inline_projections=(NotitiesProjection,),
)


def build_app(settings: Settings) -> FastAPI:
    """The sample app on these settings."""
    return create_app(DEFINITION, settings)
