"""Handhaving service wiring: `uvicorn services.handhaving.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.consumer import BatchHook
from libs.events.runtime import ServiceDefinition, create_app
from libs.events.services import service

from .api import COMMANDS, dossiers, ketenbreuken, onderzoeken, signalen, steekproeven, tijdlijnen
from .policies import KetenbreukMelden, SignaalUitGebeurtenis
from .projections import AuditStore, KetenbreukenProjection, Uitkeringen, Werklijsten
from .schemas import IB_MAX_BYTES
from .settings import Settings
from .timers import timers
from .wissing import Wissingen, WisverzoekBeoordelen

SERVICE = service("handhaving")
DEFINITION = ServiceDefinition(
    name=SERVICE.name,
    title="Handhaving: de audit store en de tijdlijn van een klant",
    description="Consumes every topic of the platform (found in the service registry) into an append-only audit "
    "store, checking each stream's hash chain on arrival and reporting a break as `KetenbreukGemeld`; shows a "
    "klant's tijdlijn across all services with who looked, the state as of any moment, and a signed dossier; "
    "takes signalen from events and IB files; runs onderzoeken with a wisblokkade; draws reproducible steekproeven.",
    version="0.2.0",
    produces=SERVICE.produces,
    consumes=SERVICE.consumes,
    inline_projections=(KetenbreukenProjection, Werklijsten, Wissingen),
    topic_projections=(AuditStore, Uitkeringen),
    policies=(KetenbreukMelden, SignaalUitGebeurtenis, WisverzoekBeoordelen),
    # A monthly IB file is far larger than any other request body.
    body_limits={"/api/v1/signalen/ib-bestanden": IB_MAX_BYTES},
    timers=timers,
    commands=COMMANDS,
    routers=[tijdlijnen, dossiers, ketenbreuken, signalen, onderzoeken, steekproeven],
    openapi_tags=[
        {"name": "tijdlijnen", "description": "A klant's events across all services, in order, and as of a moment"},
        {"name": "dossiers", "description": "A signed dossier of a klant for a case file"},
        {"name": "ketenbreuken", "description": "Hash-chain breaks found by the audit store"},
        {"name": "signalen", "description": "Signalen from events and IB files, and their triage"},
        {"name": "onderzoeken", "description": "Onderzoeken of the sociale recherche (need-to-know)"},
        {"name": "steekproeven", "description": "Reproducible samples for heronderzoek and audit"},
    ],
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the handhaving app (tests pass their own settings)."""
    settings = settings or Settings()
    app = create_app(DEFINITION, settings, on_batch_committed)

    return app


app = build_app()
