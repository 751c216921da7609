"""Matching service wiring: `uvicorn services.matching.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.consumer import BatchHook
from libs.events.contracts import intake, matching, werkgevers
from libs.events.idempotency import IdempotencyKeyReused
from libs.events.runtime import ServiceDefinition, create_app

from . import bemiddeling, domain, service
from .api import caseload, kandidaten, matches, voorstellen
from .instrumenten import InstrumentError
from .projections import PoolProjection
from .settings import Settings

DEFINITION = ServiceDefinition(
    name="matching",
    title="Matching: regionale kandidatenpool, matches, voorstellen en plaatsingen",
    description="Builds the regional candidate pool from intake's events (route werk or ontwikkeling, with the "
    "regional team) and the vacature pool from werkgevers' events; explains every match; records voorstellen, "
    "the employer's answer, plaatsingen with their instruments, and nazorg; keeps caseload per klantmanager. "
    "Holds no personal, income or health data.",
    version="0.2.0",
    produces=matching.TOPIC,
    consumes=(intake.TOPIC, werkgevers.TOPIC),
    routers=[kandidaten, matches, voorstellen, caseload],
    projection=PoolProjection,
    domain_errors={
        domain.KandidaatNietGevonden: (404, "Kandidaat niet gevonden"),
        service.VacatureNietGevonden: (404, "Vacature niet gevonden"),
        bemiddeling.VoorstelNietGevonden: (404, "Voorstel niet gevonden"),
        domain.NietInPool: (409, "Niet in de regionale pool"),
        service.GeenProfiel: (409, "Geen profiel"),
        service.AlVoorgesteld: (409, "Al voorgesteld"),
        service.AlGeplaatst: (409, "Al geplaatst"),
        service.VacatureNietBeschikbaar: (409, "Vacature niet beschikbaar"),
        bemiddeling.AlBeantwoord: (409, "Al beantwoord"),
        bemiddeling.NietGeaccepteerd: (409, "Voorstel niet geaccepteerd"),
        IdempotencyKeyReused: (409, "Idempotency-Key hergebruikt"),
        domain.OngeldigProfiel: (422, "Ongeldig profiel"),
        bemiddeling.OngeldigAntwoord: (422, "Ongeldig antwoord"),
        bemiddeling.OnbekendNazorgmoment: (422, "Onbekend nazorgmoment"),
        InstrumentError: (422, "Instrumenten niet toegestaan"),
    },
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
