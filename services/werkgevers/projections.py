"""Werkgevers read models, applied in the command's transaction and rebuildable from the store."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.matching import PlaatsingBeeindigd, PlaatsingGerealiseerd
from libs.events.contracts.werkgevers import VacatureGeregistreerd, VacatureStatusGewijzigd, WerkgeverGeregistreerd
from libs.events.db import Sql
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded

_WERKGEVER = Sql(
    "INSERT INTO werkgevers_overzicht (werkgever_id, kvk_nummer, naam, geregistreerd_op) "
    "VALUES (:id, :kvk, :naam, :op) ON CONFLICT (werkgever_id) DO NOTHING"
)
_VACATURE = Sql(
    "INSERT INTO vacatures_overzicht (vacature_id, werkgever_id, titel, isco08, status, postcode, gemeente, "
    "uren_per_week, startdatum, contractvorm, banenafspraak, aantal_plaatsen, geregistreerd_op) VALUES (:id, :w, "
    ":titel, :isco, 'open', :postcode, :gemeente, :uren, :start, :contract, :banen, :plaatsen, :op) "
    "ON CONFLICT DO NOTHING"
)
_STATUS = Sql("UPDATE vacatures_overzicht SET status = :status WHERE vacature_id = :id")


_OVERZICHTEN: PerEvent[None] = PerEvent()


@_OVERZICHTEN.on(WerkgeverGeregistreerd)
async def _werkgever(conn: AsyncConnection, e: WerkgeverGeregistreerd, r: Recorded[EventData], b: None) -> None:
    await _WERKGEVER.execute(conn, id=e.werkgever_id, kvk=e.kvk_nummer, naam=e.naam, op=e.geregistreerd_op)


@_OVERZICHTEN.on(VacatureGeregistreerd)
async def _vacature(conn: AsyncConnection, e: VacatureGeregistreerd, r: Recorded[EventData], b: None) -> None:
    await _VACATURE.execute(
        conn,
        id=e.vacature_id,
        w=e.werkgever_id,
        titel=e.titel,
        isco=e.isco08,
        postcode=e.postcode,
        gemeente=e.gemeente,
        uren=e.uren_per_week,
        start=e.startdatum,
        contract=e.contractvorm.value,
        banen=e.banenafspraak,
        plaatsen=e.aantal_plaatsen,
        op=e.geregistreerd_op,
    )


@_OVERZICHTEN.on(VacatureStatusGewijzigd)
async def _status(conn: AsyncConnection, e: VacatureStatusGewijzigd, r: Recorded[EventData], b: None) -> None:
    await _STATUS.execute(conn, status=e.naar_status.value, id=e.vacature_id)


class WerkgeversProjection:
    """Employers by KvK number, vacatures by status and gemeente."""

    name = "werkgevers-overzichten"
    tables = ("werkgevers_overzicht", "vacatures_overzicht")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _OVERZICHTEN.apply(conn, events, None)


_PLAATSING = Sql(
    "INSERT INTO werkgevers_plaatsingen (plaatsing_id, werkgever_id, vacature_id, startdatum, einddatum, "
    "uren_per_week) VALUES (:id, :werkgever, :vacature, :start, :eind, :uren) ON CONFLICT DO NOTHING"
)


_BEEINDIGD = Sql(
    "UPDATE werkgevers_plaatsingen SET beeindigd_op = :op, einddatum = LEAST(COALESCE(einddatum, :laatste), :laatste) "
    "WHERE plaatsing_id = :id"
)


_PLAATSINGEN: PerEvent[None] = PerEvent()


@_PLAATSINGEN.on(PlaatsingGerealiseerd)
async def _geplaatst(conn: AsyncConnection, e: PlaatsingGerealiseerd, r: Recorded[EventData], b: None) -> None:
    await _PLAATSING.execute(
        conn,
        id=e.plaatsing_id,
        werkgever=e.werkgever_id,
        vacature=e.vacature_id,
        start=e.startdatum,
        eind=e.einddatum,
        uren=e.uren_per_week,
    )


@_PLAATSINGEN.on(PlaatsingBeeindigd)
async def _beeindigd(conn: AsyncConnection, e: PlaatsingBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _BEEINDIGD.execute(conn, op=e.beeindigd_op, laatste=e.laatste_werkdag, id=e.plaatsing_id)


class PlaatsingenProjection:
    """Matching's plaatsingen per employer: what social return realised and how full a vacature is."""

    name = "plaatsingen"
    tables = ("werkgevers_plaatsingen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record each plaatsing once, and its end when it ends early."""
        await _PLAATSINGEN.apply(conn, events, None)
