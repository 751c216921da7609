"""The budget lines read model: each line's amount as entered and changed."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.trajecten import BudgetregelBijgesteld, BudgetregelVastgesteld
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

_REGEL = Sql(
    "INSERT INTO trajecten_budgetregels (regel_id, gemeente, jaar, naam, kanaal, bedrag, bron, vastgesteld_op) "
    "VALUES (:id, :gemeente, :jaar, :naam, :kanaal, :bedrag, :bron, :op) ON CONFLICT (regel_id) DO NOTHING"
)
_BIJGESTELD = Sql("UPDATE trajecten_budgetregels SET bedrag = :bedrag, bron = :bron WHERE regel_id = :id")

_REGELS: PerEvent[None] = PerEvent()


@_REGELS.on(BudgetregelVastgesteld)
async def _vastgesteld(conn: AsyncConnection, e: BudgetregelVastgesteld, r: Recorded[EventData], b: None) -> None:
    await _REGEL.execute(
        conn,
        id=e.regel_id,
        gemeente=e.gemeente,
        jaar=e.jaar,
        naam=e.naam,
        kanaal=e.kanaal.value,
        bedrag=e.bedrag,
        bron=e.bron,
        op=e.vastgesteld_op,
    )


@_REGELS.on(BudgetregelBijgesteld)
async def _bijgesteld(conn: AsyncConnection, e: BudgetregelBijgesteld, r: Recorded[EventData], b: None) -> None:
    await _BIJGESTELD.execute(conn, bedrag=e.naar, bron=e.bron, id=e.regel_id)


class BudgetregelsProjection:
    """Budget lines per gemeente and year (one name per gemeente and year: a unique index)."""

    name = "budgetregels"
    tables = ("trajecten_budgetregels",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _REGELS.apply(conn, events, None)
