"""The tegenprestaties read model: which opdrachten a klant has, for the lists."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.trajecten import TegenprestatieGeweigerd, TegenprestatieOpgedragen
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

_OPDRACHT = Sql(
    "INSERT INTO trajecten_tegenprestaties (opdracht_id, klant_id, gemeente, persoon, van, tot, opgedragen_op) "
    "VALUES (:id, :klant, :gemeente, :persoon, :van, :tot, :op) ON CONFLICT DO NOTHING"
)
_WEIGERING = Sql(
    "UPDATE trajecten_tegenprestaties SET weigeringen = weigeringen + 1, "
    "verwijtbaar = verwijtbaar + CAST(:verwijtbaar AS integer) WHERE opdracht_id = :id"
)

_OPDRACHTEN: PerEvent[None] = PerEvent()


@_OPDRACHTEN.on(TegenprestatieOpgedragen)
async def _opgedragen(conn: AsyncConnection, e: TegenprestatieOpgedragen, r: Recorded[EventData], b: None) -> None:
    await _OPDRACHT.execute(
        conn,
        id=e.opdracht_id,
        klant=e.klant_id,
        gemeente=e.gemeente,
        persoon=e.persoon.value,
        van=e.van,
        tot=e.tot,
        op=e.opgedragen_op,
    )


@_OPDRACHTEN.on(TegenprestatieGeweigerd)
async def _geweigerd(conn: AsyncConnection, e: TegenprestatieGeweigerd, r: Recorded[EventData], b: None) -> None:
    await _WEIGERING.execute(conn, verwijtbaar=int(e.verwijtbaar), id=e.opdracht_id)


class TegenprestatiesProjection:
    """Opdrachten per klant, with how often they were refused and how often verwijtbaar."""

    name = "tegenprestaties"
    tables = ("trajecten_tegenprestaties",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _OPDRACHTEN.apply(conn, events, None)
