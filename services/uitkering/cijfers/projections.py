"""The instruments matching granted (LKS and its herzieningen, jobcoaching, proefplaatsen), for budgets and figures."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.matching import (
    JobcoachingToegekend,
    LoonkostensubsidieHerzien,
    LoonkostensubsidieToegekend,
    ProefplaatsAfgesproken,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

from . import domain

_INSTRUMENT = Sql(
    "INSERT INTO uitkering_instrumenten (event_id, soort, plaatsing_id, klant_id, van, tot, bedrag_per_maand, "
    "loonwaarde_procent, uren) VALUES (:id, :soort, :plaatsing, :klant, :van, :tot, :bedrag, :loonwaarde, :uren) "
    "ON CONFLICT DO NOTHING"
)
_INSTRUMENTEN: PerEvent[None] = PerEvent()


async def _rij(conn: AsyncConnection, r: Recorded[EventData], plaatsing: object, klant: object, **rij: object) -> None:
    """One instrument row; the event id is the key, so a topic may come again."""
    velden = {"van": None, "tot": None, "bedrag": None, "loonwaarde": None, "uren": None, **rij}
    await _INSTRUMENT.execute(conn, id=r.envelope.id, plaatsing=plaatsing, klant=klant, **velden)


@_INSTRUMENTEN.on(LoonkostensubsidieToegekend)
async def _lks(conn: AsyncConnection, e: LoonkostensubsidieToegekend, r: Recorded[EventData], b: None) -> None:
    await _rij(
        conn,
        r,
        e.plaatsing_id,
        e.klant_id,
        soort="lks",
        van=e.ingangsdatum,
        tot=e.einddatum,
        bedrag=e.bedrag_per_maand,
        loonwaarde=e.loonwaarde_procent,
    )


@_INSTRUMENTEN.on(LoonkostensubsidieHerzien)
async def _lks_herzien(conn: AsyncConnection, e: LoonkostensubsidieHerzien, r: Recorded[EventData], b: None) -> None:
    await _rij(conn, r, e.plaatsing_id, e.klant_id, soort="lks", van=e.peildatum, bedrag=e.bedrag_per_maand)


@_INSTRUMENTEN.on(JobcoachingToegekend)
async def _jobcoach(conn: AsyncConnection, e: JobcoachingToegekend, r: Recorded[EventData], b: None) -> None:
    tot = domain.jobcoach_eerste_jaar_tot(e.ingangsdatum)
    await _rij(
        conn, r, e.plaatsing_id, e.klant_id, soort="jobcoach", van=e.ingangsdatum, tot=tot, uren=e.uren_eerste_jaar
    )


@_INSTRUMENTEN.on(ProefplaatsAfgesproken)
async def _proefplaats(conn: AsyncConnection, e: ProefplaatsAfgesproken, r: Recorded[EventData], b: None) -> None:
    await _rij(conn, r, e.plaatsing_id, e.klant_id, soort="proefplaats", van=e.startdatum, tot=e.einddatum)


class InstrumentenProjection:
    """From matching: LKS (with every herziening), jobcoaching and proefplaatsen, for the budgets and figures."""

    name = "instrumenten"
    tables = ("uitkering_instrumenten",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record each instrument event once, one handler per event type."""
        await _INSTRUMENTEN.apply(conn, events, None)
