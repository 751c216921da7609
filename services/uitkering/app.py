"""Uitkering service wiring: `uvicorn services.uitkering.app:app`."""

from __future__ import annotations

from fastapi import FastAPI

from libs.events.commands import CommandHandlers
from libs.events.consumer import BatchHook
from libs.events.policies import Wissing
from libs.events.runtime import ServiceDefinition, create_app
from libs.events.services import service

from .aanvraag import routes as aanvraag
from .betaling import routes as betaling
from .cijfers import routes as cijfers
from .cijfers.projections import InstrumentenProjection
from .maatregel import routes as maatregel
from .maatregel.projections import MaatregelenProjection
from .ontheffing import routes as ontheffing
from .ontheffing.projections import OntheffingenProjection, TermijnenProjection
from .policies import OnderzoekUitkomst, Plaatsing, Premie, Tegenprestatie, Verhuizing
from .projections import KlantenProjection, PlannenProjection, UitkeringenProjection
from .settings import Settings
from .timers import timers
from .vordering import routes as vordering
from .vordering.projections import VorderingenProjection

SERVICE = service("uitkering")
DEFINITION = ServiceDefinition(
    name=SERVICE.name,
    title="Uitkering: bijstand van aanvraag tot betaling, tot op de cent uitlegbaar",
    description="Aanvraag, besluit and monthly payment of algemene bijstand for every gemeente of the region, with "
    "each amount explained by rule set, article and facts. Publishes `uitkering.events`; follows `intake.events` "
    "(klant, woongemeente, zoektermijn, diagnose), `matching.events` (plaatsingen), `handhaving.events` "
    "(onderzoeken) and `trajecten.events` (the plan van aanpak, premies, a tegenprestatie refused).",
    version="0.1.0",
    produces=SERVICE.produces,
    consumes=SERVICE.consumes,
    inline_projections=(
        UitkeringenProjection,
        MaatregelenProjection,
        VorderingenProjection,
        OntheffingenProjection,
        TermijnenProjection,
    ),
    topic_projections=(KlantenProjection, InstrumentenProjection, PlannenProjection),
    policies=(Verhuizing, Plaatsing, Wissing, OnderzoekUitkomst, Premie, Tegenprestatie),
    routers=[
        aanvraag.aanvragen,
        aanvraag.uitkeringen,
        maatregel.uitkeringen,
        ontheffing.uitkeringen,
        vordering.uitkeringen,
        betaling.betaalruns,
        vordering.vorderingen,
        cijfers.verordeningen,
        ontheffing.termijnen,
        cijfers.cijfers,
        cijfers.budgetten,
    ],
    commands=CommandHandlers(aanvraag.COMMANDS, maatregel.COMMANDS, ontheffing.COMMANDS, vordering.COMMANDS),
    timers=timers,
    openapi_tags=[
        {"name": "aanvragen", "description": "Aanvragen, the beslistermijn worklist, voorschot and besluit"},
        {"name": "uitkeringen", "description": "Running uitkeringen: explanation, inkomsten, household, accounts"},
        {"name": "betaalruns", "description": "Monthly betaalrun, payment ledger, pain.001, payroll export"},
        {"name": "vorderingen", "description": "Terugvordering and boete as a ledger: afspraak, aflossing, afkoop"},
        {"name": "verordeningen", "description": "Each gemeente's choices within art. 18 and 18a"},
        {"name": "termijnen", "description": "Heronderzoek, heroverweging, ontheffing and herstel dates"},
        {"name": "cijfers", "description": "Figures per gemeente and month, as JSON and CSV"},
        {"name": "budgetten", "description": "BUIG and participatie ledgers per gemeente, with the region's share"},
    ],
)


def build_app(settings: Settings | None = None, on_batch_committed: BatchHook | None = None) -> FastAPI:
    """Create the uitkering app (tests pass their own settings)."""
    return create_app(DEFINITION, settings or Settings(), on_batch_committed)


app = build_app()
