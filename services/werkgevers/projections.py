"""Werkgevers read models, applied in the command's transaction and rebuildable from the store."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.matching import PlaatsingBeeindigd, PlaatsingGerealiseerd
from libs.events.contracts.werkgevers import VacatureGeregistreerd, VacatureStatusGewijzigd, WerkgeverGeregistreerd
from libs.events.db import Sql
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


class WerkgeversProjection:
    """Employers by KvK number, vacatures by status and gemeente."""

    name = "werkgevers-overzichten"
    tables = ("werkgevers_overzicht", "vacatures_overzicht")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order."""
        for recorded in events:
            event = recorded.data
            if isinstance(event, WerkgeverGeregistreerd):
                await _WERKGEVER.execute(
                    conn, id=event.werkgever_id, kvk=event.kvk_nummer, naam=event.naam, op=event.geregistreerd_op
                )
            elif isinstance(event, VacatureGeregistreerd):
                await _VACATURE.execute(
                    conn,
                    id=event.vacature_id,
                    w=event.werkgever_id,
                    titel=event.titel,
                    isco=event.isco08,
                    postcode=event.postcode,
                    gemeente=event.gemeente,
                    uren=event.uren_per_week,
                    start=event.startdatum,
                    contract=event.contractvorm.value,
                    banen=event.banenafspraak,
                    plaatsen=event.aantal_plaatsen,
                    op=event.geregistreerd_op,
                )
            elif isinstance(event, VacatureStatusGewijzigd):
                await _STATUS.execute(conn, status=event.naar_status.value, id=event.vacature_id)


_PLAATSING = Sql(
    "INSERT INTO werkgevers_plaatsingen (plaatsing_id, werkgever_id, vacature_id, startdatum, einddatum, "
    "uren_per_week) VALUES (:id, :werkgever, :vacature, :start, :eind, :uren) ON CONFLICT DO NOTHING"
)


_BEEINDIGD = Sql(
    "UPDATE werkgevers_plaatsingen SET beeindigd_op = :op, einddatum = LEAST(COALESCE(einddatum, :laatste), :laatste) "
    "WHERE plaatsing_id = :id"
)


class PlaatsingenProjection:
    """Matching's plaatsingen per employer: what social return realised and how full a vacature is."""

    name = "plaatsingen"
    tables = ("werkgevers_plaatsingen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Record each plaatsing once, and its end when it ends early."""
        for recorded in events:
            event = recorded.data
            if isinstance(event, PlaatsingBeeindigd):
                await _BEEINDIGD.execute(
                    conn, op=event.beeindigd_op, laatste=event.laatste_werkdag, id=event.plaatsing_id
                )
            if isinstance(event, PlaatsingGerealiseerd):
                await _PLAATSING.execute(
                    conn,
                    id=event.plaatsing_id,
                    werkgever=event.werkgever_id,
                    vacature=event.vacature_id,
                    start=event.startdatum,
                    eind=event.einddatum,
                    uren=event.uren_per_week,
                )
