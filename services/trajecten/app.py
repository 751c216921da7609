"""Trajecten service wiring: `uvicorn services.trajecten.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.commands import CommandHandlers
from libs.events.consumer import BatchHook
from libs.events.policies import Wissing
from libs.events.runtime import ServiceDefinition, create_app
from libs.events.services import service

from .beschut import routes as beschut
from .beschut.projections import BeschutWerkProjection
from .beschut.timers import timers
from .budget import routes as budget
from .budget.projections import BudgetregelsProjection
from .klanten import KlantfeitenProjection
from .plan import routes as plan
from .plan.projections import PlannenProjection
from .settings import Settings
from .tegenprestatie import routes as tegenprestatie
from .tegenprestatie.projections import TegenprestatiesProjection
from .voorziening import routes as voorziening
from .voorziening.projections import VoorzieningenProjection
from .wsw import routes as wsw
from .wsw.projections import WswProjection

SERVICE = service("trajecten")
DEFINITION = ServiceDefinition(
    name=SERVICE.name,
    title="Trajecten: werk naar vermogen, van plan van aanpak tot uitkomst",
    description="The klantmanager's work between diagnose and plaatsing: the plan van aanpak in versions (Pw art. 44 "
    "lid 4, 44a), re-integratievoorzieningen from each gemeente's catalogue with their aanbieder, cost, legal limits "
    "and outcome (art. 7, 10, 10a), the premie of art. 31 lid 2 j, the tegenprestatie (art. 9 lid 1 c), the "
    "gemeente's re-integratie budget lines with committed and realised cost, the keuzes: what the money bought, and "
    "beschut werk (art. 10b) from UWV's advies to the dienstbetrekking, against each gemeente's taakstelling. "
    "Publishes `trajecten.events`; follows `intake.events` (woongemeente, responsible team, route), "
    "`matching.events` (work), `uitkering.events` (ontheffingen of art. 9) and `werkgevers.events` (inleners).",
    version="0.1.0",
    produces=SERVICE.produces,
    consumes=SERVICE.consumes,
    inline_projections=(
        PlannenProjection,
        VoorzieningenProjection,
        BudgetregelsProjection,
        TegenprestatiesProjection,
        BeschutWerkProjection,
        WswProjection,
    ),
    topic_projections=(KlantfeitenProjection,),
    policies=(Wissing,),
    routers=[
        plan.plannen,
        voorziening.voorzieningen,
        voorziening.aanbieders,
        voorziening.catalogi,
        tegenprestatie.tegenprestaties,
        budget.budgetregels,
        budget.keuzes,
        beschut.adviesaanvragen,
        beschut.taakstellingen,
        wsw.wsw,
    ],
    commands=CommandHandlers(
        plan.COMMANDS, voorziening.COMMANDS, tegenprestatie.COMMANDS, budget.COMMANDS, beschut.COMMANDS, wsw.COMMANDS
    ),
    timers=timers,
    openapi_tags=[
        {"name": "plannen", "description": "The plan van aanpak in versions, with its evaluaties"},
        {"name": "voorzieningen", "description": "Re-integratievoorzieningen: start, limits, cost, premie, outcome"},
        {"name": "aanbieders", "description": "Who delivers voorzieningen, for which gemeenten"},
        {"name": "catalogi", "description": "Each gemeente's voorzieningen, mapped to their legal basis"},
        {"name": "tegenprestaties", "description": "The tegenprestatie and its refusals"},
        {"name": "budgetregels", "description": "Re-integratie budget lines per gemeente and year, with their ledger"},
        {"name": "keuzes", "description": "What the voorzieningen bought, per kind and per route, as JSON and CSV"},
        {"name": "adviesaanvragen", "description": "Beschut werk: UWV's advies, the college's decision, the job"},
        {"name": "taakstellingen", "description": "Beschut werk per gemeente and year against its taakstelling"},
        {"name": "wsw", "description": "The Wsw zittend bestand and its projection until it is gone"},
    ],
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the trajecten app (tests pass their own settings)."""
    return create_app(DEFINITION, settings or Settings(), on_batch_committed)


app = build_app()
