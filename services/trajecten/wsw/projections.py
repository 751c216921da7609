"""The Wsw read model: each medewerker with the encrypted birth date (as the event carries it), werkvorm periods and
recorded outflow, for counting the bestand and its projection."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.trajecten import WswMedewerkerGeregistreerd, WswUitgestroomd, WswWerkvormGewijzigd
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

_MEDEWERKER = Sql(
    "INSERT INTO trajecten_wsw (medewerker_id, klant_id, gemeente, indienst, persoonlijk) "
    "VALUES (:id, :klant, :gemeente, :indienst, :persoonlijk) ON CONFLICT DO NOTHING"
)
_PERIODE = Sql(
    "INSERT INTO trajecten_wsw_perioden (medewerker_id, per, werkvorm, uren) VALUES (:id, :per, :werkvorm, :uren) "
    "ON CONFLICT (medewerker_id, per) DO UPDATE SET werkvorm = EXCLUDED.werkvorm, uren = EXCLUDED.uren"
)
_UIT = Sql("UPDATE trajecten_wsw SET uitstroom_per = :per WHERE medewerker_id = :id")

_WSW: PerEvent[None] = PerEvent()


@_WSW.on(WswMedewerkerGeregistreerd)
async def _geregistreerd(conn: AsyncConnection, e: WswMedewerkerGeregistreerd, r: Recorded[EventData], b: None) -> None:
    await _MEDEWERKER.execute(
        conn, id=e.medewerker_id, klant=e.klant_id, gemeente=e.gemeente, indienst=e.indienst, persoonlijk=e.persoonlijk
    )
    await _PERIODE.execute(conn, id=e.medewerker_id, per=e.indienst, werkvorm=e.werkvorm.value, uren=e.uren_per_week)


@_WSW.on(WswWerkvormGewijzigd)
async def _werkvorm(conn: AsyncConnection, e: WswWerkvormGewijzigd, r: Recorded[EventData], b: None) -> None:
    await _PERIODE.execute(conn, id=e.medewerker_id, per=e.per, werkvorm=e.werkvorm.value, uren=e.uren_per_week)


@_WSW.on(WswUitgestroomd)
async def _uit(conn: AsyncConnection, e: WswUitgestroomd, r: Recorded[EventData], b: None) -> None:
    await _UIT.execute(conn, per=e.per, id=e.medewerker_id)


class WswProjection:
    """The zittend bestand per betalende gemeente, with werkvorm periods and recorded outflow."""

    name = "wsw"
    tables = ("trajecten_wsw", "trajecten_wsw_perioden")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _WSW.apply(conn, events, None)
