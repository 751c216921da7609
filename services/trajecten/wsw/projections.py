"""The Wsw read model: each medewerker with the encrypted birth date (as the event carries it), werkvorm periods and
recorded outflow, for counting the bestand and its projection."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.trajecten import (
    WswDetacheringBeeindigd,
    WswDetacheringGestart,
    WswFinancieringVastgesteld,
    WswMedewerkerGeregistreerd,
    WswUitgestroomd,
    WswWerkvormGewijzigd,
)
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

_DETACHERING = Sql(
    "INSERT INTO trajecten_wsw_detacheringen (detachering_id, medewerker_id, werkgever_id, soort, van, uren, tarief) "
    "VALUES (:id, :medewerker, :werkgever, :soort, :van, :uren, :tarief) ON CONFLICT DO NOTHING"
)
_DETACHERING_EINDE = Sql("UPDATE trajecten_wsw_detacheringen SET tot = :tot WHERE detachering_id = :id")
_FINANCIERING = Sql(
    "INSERT INTO trajecten_wsw_financiering (gemeente, jaar, rijksbijdrage, rijksbijdrage_bron, loonkosten_per_se, "
    "loonkosten_bron) VALUES (:gemeente, :jaar, :rijk, :rijk_bron, :loon, :loon_bron) ON CONFLICT (gemeente, jaar) "
    "DO UPDATE SET rijksbijdrage = EXCLUDED.rijksbijdrage, rijksbijdrage_bron = EXCLUDED.rijksbijdrage_bron, "
    "loonkosten_per_se = EXCLUDED.loonkosten_per_se, loonkosten_bron = EXCLUDED.loonkosten_bron"
)

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


@_WSW.on(WswDetacheringGestart)
async def _detachering(conn: AsyncConnection, e: WswDetacheringGestart, r: Recorded[EventData], b: None) -> None:
    await _DETACHERING.execute(
        conn,
        id=e.detachering_id,
        medewerker=e.medewerker_id,
        werkgever=e.werkgever_id,
        soort=e.soort.value,
        van=e.van,
        uren=e.uren_per_week,
        tarief=e.tarief_per_uur,
    )


@_WSW.on(WswDetacheringBeeindigd)
async def _detachering_einde(
    conn: AsyncConnection, e: WswDetacheringBeeindigd, r: Recorded[EventData], b: None
) -> None:
    await _DETACHERING_EINDE.execute(conn, tot=e.tot, id=e.detachering_id)


@_WSW.on(WswFinancieringVastgesteld)
async def _financiering(conn: AsyncConnection, e: WswFinancieringVastgesteld, r: Recorded[EventData], b: None) -> None:
    await _FINANCIERING.execute(
        conn,
        gemeente=e.gemeente,
        jaar=e.jaar,
        rijk=e.rijksbijdrage,
        rijk_bron=e.rijksbijdrage_bron,
        loon=e.loonkosten_per_se,
        loon_bron=e.loonkosten_bron,
    )


class WswProjection:
    """The zittend bestand per betalende gemeente: werkvorm periods, outflow, detacheringen, and the year's money."""

    name = "wsw"
    tables = ("trajecten_wsw", "trajecten_wsw_perioden", "trajecten_wsw_detacheringen", "trajecten_wsw_financiering")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _WSW.apply(conn, events, None)
