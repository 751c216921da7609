"""The ontheffingen read model: which ontheffing runs, for the termijnen and the figures."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.uitkering import (
    OntheffingBeeindigd,
    OntheffingVerleend,
)
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

_ONTHEFFING = Sql(
    "INSERT INTO uitkering_ontheffingen (ontheffing_id, uitkering_id, gemeente, grond, van, tot) "
    "VALUES (:id, :uitkering, :gemeente, :grond, :van, :tot) ON CONFLICT DO NOTHING"
)
_ONTHEFFING_EINDE = Sql("UPDATE uitkering_ontheffingen SET beeindigd_per = :per WHERE ontheffing_id = :id")

_ONTHEFFINGEN: PerEvent[None] = PerEvent()


@_ONTHEFFINGEN.on(OntheffingVerleend)
async def _verleend(conn: AsyncConnection, e: OntheffingVerleend, _: Recorded[EventData], b: None) -> None:
    await _ONTHEFFING.execute(
        conn, id=e.ontheffing_id, uitkering=e.uitkering_id, gemeente=e.gemeente, grond=e.grond, van=e.van, tot=e.tot
    )


@_ONTHEFFINGEN.on(OntheffingBeeindigd)
async def _beeindigd(conn: AsyncConnection, e: OntheffingBeeindigd, _: Recorded[EventData], b: None) -> None:
    await _ONTHEFFING_EINDE.execute(conn, per=e.per, id=e.ontheffing_id)


class OntheffingenProjection:
    """Ontheffingen and when they end."""

    name = "ontheffingen"
    tables = ("uitkering_ontheffingen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler each."""
        await _ONTHEFFINGEN.apply(conn, events, None)
