"""Matching read models.

`PoolProjection` follows intake's and werkgevers' topics (kandidaten, vacatures; rebuildable by replay).
`BemiddelingProjection` applies matching's own events in the command's transaction (profiles, klantmanagers,
voorstellen, plaatsingen, nazorg).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.contracts.intake import (
    AanmeldingOntvangen,
    DiagnoseVastgesteld,
    EDienstverleningVerlopen,
    KlantGeregistreerd,
    KlantVerhuisd,
    OverdrachtGeaccepteerd,
    Route,
)
from libs.events.contracts.matching import (
    KandidaatprofielVastgelegd,
    KlantmanagerToegewezen,
    KlantmanagerVastgelegd,
    MatchAfgewezen,
    MatchGeaccepteerd,
    MatchVoorgesteld,
    NazorgGepland,
    NazorgVastgelegd,
    PlaatsingBeeindigd,
    PlaatsingGerealiseerd,
)
from libs.events.contracts.werkgevers import VacatureGeregistreerd, VacatureStatusGewijzigd
from libs.events.db import Sql
from libs.events.faults import ConcurrentFold
from libs.events.projection import PerEvent
from libs.events.registry import EventData, Recorded
from libs.gebieden import locatie

from .domain import Kandidaat, evolve
from .scoring import normaliseer_vaardigheid

KANDIDAAT_KOLOMMEN = (
    "klant_id",
    "aanmelding_id",
    "gemeente",
    "aangemeld_op",
    "route",
    "gediagnosticeerd_op",
    "verantwoordelijk_team",
    "klantmanager",
    "klantmanager_sinds",
)
_INTAKE_EVENTS = (
    AanmeldingOntvangen,
    DiagnoseVastgesteld,
    KlantGeregistreerd,
    KlantVerhuisd,
    OverdrachtGeaccepteerd,
    EDienstverleningVerlopen,
)
_INTAKE_TYPES = frozenset(_INTAKE_EVENTS)

# With each row's version (xmin, the last column), which the fold below writes on top of.
_LOAD = Sql(
    f"SELECT {', '.join(KANDIDAAT_KOLOMMEN)}, CAST(xmin AS text) FROM kandidaten "
    "WHERE klant_id = ANY(CAST(:ids AS uuid[]))"
)
_KOLOMMEN_IN = (
    "CAST(:klant_id AS uuid[]), CAST(:aanmelding_id AS uuid[]), CAST(:gemeente AS text[]), "
    "CAST(:aangemeld_op AS timestamptz[]), CAST(:route AS text[]), CAST(:gediagnosticeerd_op AS timestamptz[]), "
    "CAST(:team AS text[]), CAST(:klantmanager AS text[]), CAST(:klantmanager_sinds AS timestamptz[])"
)
# A klant's events travel on several streams (klant and aanmelding). Keyed by the klant and assigned by range they
# meet in one instance, but while a rebalance moves partitions two batches may still fold the same kandidaat at
# once. Each row is written only on top of the version the fold read (its xmin), or as new where none was read; a
# row someone else wrote meanwhile makes the batch retry.
_NIEUW = Sql(
    f"INSERT INTO kandidaten ({', '.join(KANDIDAAT_KOLOMMEN)}) SELECT * FROM unnest({_KOLOMMEN_IN}) "
    "ON CONFLICT (klant_id) DO NOTHING"
)
_BIJWERKEN = Sql(
    f"""
    UPDATE kandidaten k SET aanmelding_id = u.aanmelding_id, gemeente = u.gemeente, aangemeld_op = u.aangemeld_op,
        route = u.route, gediagnosticeerd_op = u.gediagnosticeerd_op, verantwoordelijk_team = u.team,
        klantmanager = u.klantmanager, klantmanager_sinds = u.klantmanager_sinds
    FROM unnest({_KOLOMMEN_IN}, CAST(:xmin AS text[])) AS u(klant_id, aanmelding_id, gemeente, aangemeld_op, route,
        gediagnosticeerd_op, team, klantmanager, klantmanager_sinds, gelezen)
    WHERE k.klant_id = u.klant_id AND k.xmin = CAST(u.gelezen AS xid)
    """
)
_VACATURE = Sql(
    "INSERT INTO vacatures (vacature_id, werkgever_id, titel, isco08, vereist, gewenst, uren_per_week, postcode, "
    "gemeente, lat, lon, startdatum, contractvorm, banenafspraak, aanpassingen, aantal_plaatsen, status, "
    "geregistreerd_op) VALUES (:id, :werkgever, :titel, :isco, :vereist, :gewenst, :uren, :postcode, :gemeente, "
    ":lat, :lon, :start, :contract, :banen, :aanpassingen, :plaatsen, 'open', :op) ON CONFLICT DO NOTHING"
)
_VACATURE_STATUS = Sql("UPDATE vacatures SET status = :status WHERE vacature_id = :id")


def row_to_kandidaat(row: Any) -> Kandidaat:
    """A kandidaten row as domain state."""
    return Kandidaat(
        klant_id=row[0],
        aanmelding_id=row[1],
        gemeente=row[2],
        aangemeld_op=row[3],
        route=Route(row[4]) if row[4] else None,
        gediagnosticeerd_op=row[5],
        verantwoordelijk_team=row[6],
        klantmanager=row[7],
        klantmanager_sinds=row[8],
    )


async def load_kandidaten(conn: AsyncConnection, klant_ids: Sequence[UUID]) -> dict[UUID, Kandidaat]:
    """Kandidaten by klant id (absent ones left out)."""
    return {row[0]: row_to_kandidaat(row) for row in await _LOAD.fetch(conn, ids=list(klant_ids))}


class PoolProjection:
    """Kandidaten from intake.events (folded per klant, written in one statement) and vacatures from werkgevers."""

    name = "pool"
    tables = ("kandidaten", "vacatures")

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Fold the batch on top of the stored rows and write the results."""
        # By exact type: isinstance on pydantic models goes through ABCMeta, measurably slow in a replay.
        await self._kandidaten(conn, [e for e in events if type(e.data) in _INTAKE_TYPES])
        for recorded in events:
            event = recorded.data
            if isinstance(event, VacatureGeregistreerd):
                lat, lon, _ = locatie(event.postcode, event.gemeente)
                await _VACATURE.execute(
                    conn,
                    id=event.vacature_id,
                    werkgever=event.werkgever_id,
                    titel=event.titel,
                    isco=event.isco08,
                    vereist=sorted({normaliseer_vaardigheid(v) for v in event.vereiste_vaardigheden}),
                    gewenst=sorted({normaliseer_vaardigheid(v) for v in event.gewenste_vaardigheden}),
                    uren=event.uren_per_week,
                    postcode=event.postcode,
                    gemeente=event.gemeente,
                    lat=lat,
                    lon=lon,
                    start=event.startdatum,
                    contract=event.contractvorm.value,
                    banen=event.banenafspraak,
                    aanpassingen=event.aanpassingen,
                    plaatsen=event.aantal_plaatsen,
                    op=event.geregistreerd_op,
                )
            elif isinstance(event, VacatureStatusGewijzigd):
                await _VACATURE_STATUS.execute(conn, status=event.naar_status.value, id=event.vacature_id)

    async def _kandidaten(self, conn: AsyncConnection, relevant: list[Recorded[EventData]]) -> None:
        if not relevant:
            return
        klanten = list({r.data.klant_id for r in relevant})  # type: ignore[attr-defined]
        rows = await _LOAD.fetch(conn, ids=klanten)
        gelezen: dict[UUID, str] = {row[0]: row[9] for row in rows}
        states: dict[UUID, Kandidaat | None] = {row[0]: row_to_kandidaat(row) for row in rows}
        changed: set[UUID] = set()
        for recorded in relevant:
            klant_id: UUID = recorded.data.klant_id  # type: ignore[attr-defined]
            before = states.get(klant_id)
            after = evolve(before, recorded.data, recorded.envelope.actor)
            if after is not before:
                states[klant_id] = after
                changed.add(klant_id)
        final = [k for k in (states[c] for c in changed) if k is not None]
        for statement, te_schrijven in (
            (_NIEUW, [k for k in final if k.klant_id not in gelezen]),
            (_BIJWERKEN, [k for k in final if k.klant_id in gelezen]),
        ):
            if not te_schrijven:
                continue
            extra = {"xmin": [gelezen[k.klant_id] for k in te_schrijven]} if statement is _BIJWERKEN else {}
            written = await statement.execute(
                conn,
                klant_id=[k.klant_id for k in te_schrijven],
                aanmelding_id=[k.aanmelding_id for k in te_schrijven],
                gemeente=[k.gemeente for k in te_schrijven],
                aangemeld_op=[k.aangemeld_op for k in te_schrijven],
                route=[k.route.value if k.route else None for k in te_schrijven],
                gediagnosticeerd_op=[k.gediagnosticeerd_op for k in te_schrijven],
                team=[k.verantwoordelijk_team for k in te_schrijven],
                klantmanager=[k.klantmanager for k in te_schrijven],
                klantmanager_sinds=[k.klantmanager_sinds for k in te_schrijven],
                **extra,
            )
            if written != len(te_schrijven):
                raise ConcurrentFold(f"{len(te_schrijven) - written} kandidaten changed by another instance meanwhile")


_PROFIEL = Sql(
    """
    INSERT INTO profielen (klant_id, vaardigheden, gewenste_beroepen, uren_min, uren_max, max_reisafstand_km,
                           postcodegebied, lat, lon, locatie, beschikbaar_vanaf, loonwaarde_indicatie,
                           doelgroep_banenafspraak, vastgelegd_op)
    VALUES (:klant, :vaardigheden, :beroepen, :uren_min, :uren_max, :km, :pc4, :lat, :lon, :locatie, :vanaf,
            :loonwaarde, :doelgroep, :op)
    ON CONFLICT (klant_id) DO UPDATE SET
        vaardigheden = EXCLUDED.vaardigheden, gewenste_beroepen = EXCLUDED.gewenste_beroepen,
        uren_min = EXCLUDED.uren_min, uren_max = EXCLUDED.uren_max, max_reisafstand_km = EXCLUDED.max_reisafstand_km,
        postcodegebied = EXCLUDED.postcodegebied, lat = EXCLUDED.lat, lon = EXCLUDED.lon, locatie = EXCLUDED.locatie,
        beschikbaar_vanaf = EXCLUDED.beschikbaar_vanaf, loonwaarde_indicatie = EXCLUDED.loonwaarde_indicatie,
        doelgroep_banenafspraak = EXCLUDED.doelgroep_banenafspraak, vastgelegd_op = EXCLUDED.vastgelegd_op
    """
)
_GEMEENTE = Sql("SELECT gemeente FROM kandidaten WHERE klant_id = :klant")
_TOEWIJZING = Sql(
    "INSERT INTO toewijzingen (klant_id, klantmanager, toegewezen_op) VALUES (:klant, :km, :op) "
    "ON CONFLICT (klant_id) DO UPDATE SET klantmanager = EXCLUDED.klantmanager, toegewezen_op = EXCLUDED.toegewezen_op"
)
_KLANTMANAGER = Sql(
    "INSERT INTO klantmanagers (klantmanager, naam, team, fte_procent, gemeenten) "
    "VALUES (:km, :naam, :team, :fte, :gemeenten) "
    "ON CONFLICT (klantmanager) DO UPDATE SET naam = EXCLUDED.naam, team = EXCLUDED.team, "
    "fte_procent = EXCLUDED.fte_procent, gemeenten = EXCLUDED.gemeenten"
)
_VOORSTEL = Sql(
    "INSERT INTO voorstellen (voorstel_id, vacature_id, werkgever_id, klant_id, score, status, toelichting, "
    "voorgesteld_op, voorgesteld_door) "
    "VALUES (:id, :vacature, :werkgever, :klant, :score, 'voorgesteld', :toelichting, :op, :door)"
)
_ANTWOORD = Sql(
    "UPDATE voorstellen SET status = :status, reden = :reden, toelichting = :toelichting, beantwoord_op = :op "
    "WHERE voorstel_id = :id"
)
_PLAATSING = Sql(
    "INSERT INTO plaatsingen (plaatsing_id, voorstel_id, vacature_id, werkgever_id, klant_id, gemeente_kandidaat, "
    "gemeente_werkplek, startdatum, uren_per_week, instrumenten) VALUES (:id, :voorstel, :vacature, :werkgever, "
    ":klant, :gk, :gw, :start, :uren, :instrumenten)"
)
_GEPLAATST = Sql("UPDATE voorstellen SET status = 'geplaatst' WHERE voorstel_id = :id")
_BEEINDIGD = Sql(
    "WITH p AS (UPDATE plaatsingen SET beeindigd_op = :op, uitvalreden = :reden WHERE plaatsing_id = :plaatsing), "
    "n AS (DELETE FROM nazorg WHERE plaatsing_id = :plaatsing AND bevinding IS NULL AND moment > :laatste) "
    "UPDATE voorstellen SET status = 'beeindigd' WHERE voorstel_id = :voorstel"
)
_NAZORG = Sql(
    "INSERT INTO nazorg (plaatsing_id, klant_id, moment) SELECT :plaatsing, :klant, unnest(CAST(:momenten AS date[])) "
    "ON CONFLICT DO NOTHING"
)
_NAZORG_VASTGELEGD = Sql(
    "UPDATE nazorg SET bevinding = :bevinding, vastgelegd_op = :op WHERE plaatsing_id = :plaatsing AND moment = :moment"
)


_BEMIDDELING: PerEvent[None] = PerEvent()


@_BEMIDDELING.on(KandidaatprofielVastgelegd)
async def _profiel(conn: AsyncConnection, e: KandidaatprofielVastgelegd, r: Recorded[EventData], b: None) -> None:
    row = await _GEMEENTE.fetchrow(conn, klant=e.klant_id)
    assert row is not None and row[0] is not None, "a profile is only recorded for a known kandidaat"
    lat, lon, bron = locatie(e.postcodegebied, row[0])
    await _PROFIEL.execute(
        conn,
        klant=e.klant_id,
        vaardigheden=sorted({normaliseer_vaardigheid(v) for v in e.vaardigheden}),
        beroepen=e.gewenste_beroepen,
        uren_min=e.uren_min,
        uren_max=e.uren_max,
        km=e.max_reisafstand_km,
        pc4=e.postcodegebied,
        lat=lat,
        lon=lon,
        locatie=bron,
        vanaf=e.beschikbaar_vanaf,
        loonwaarde=e.loonwaarde_indicatie,
        doelgroep=e.doelgroep_banenafspraak,
        op=e.vastgelegd_op,
    )


@_BEMIDDELING.on(KlantmanagerToegewezen)
async def _toegewezen(conn: AsyncConnection, e: KlantmanagerToegewezen, r: Recorded[EventData], b: None) -> None:
    await _TOEWIJZING.execute(conn, klant=e.klant_id, km=e.klantmanager, op=e.toegewezen_op)


@_BEMIDDELING.on(KlantmanagerVastgelegd)
async def _klantmanager(conn: AsyncConnection, e: KlantmanagerVastgelegd, r: Recorded[EventData], b: None) -> None:
    await _KLANTMANAGER.execute(
        conn, km=e.klantmanager, naam=e.naam, team=e.team, fte=e.fte_procent, gemeenten=e.gemeenten
    )


@_BEMIDDELING.on(MatchVoorgesteld)
async def _voorgesteld(conn: AsyncConnection, e: MatchVoorgesteld, r: Recorded[EventData], b: None) -> None:
    await _VOORSTEL.execute(
        conn,
        id=e.voorstel_id,
        vacature=e.vacature_id,
        werkgever=e.werkgever_id,
        klant=e.klant_id,
        score=e.score,
        toelichting=e.toelichting,
        op=e.voorgesteld_op,
        door=r.envelope.actor,
    )


@_BEMIDDELING.on(MatchGeaccepteerd)
async def _geaccepteerd(conn: AsyncConnection, e: MatchGeaccepteerd, r: Recorded[EventData], b: None) -> None:
    await _ANTWOORD.execute(
        conn, status="geaccepteerd", reden=None, toelichting=e.toelichting, op=e.beantwoord_op, id=e.voorstel_id
    )


@_BEMIDDELING.on(MatchAfgewezen)
async def _afgewezen(conn: AsyncConnection, e: MatchAfgewezen, r: Recorded[EventData], b: None) -> None:
    await _ANTWOORD.execute(
        conn, status="afgewezen", reden=e.reden.value, toelichting=e.toelichting, op=e.beantwoord_op, id=e.voorstel_id
    )


@_BEMIDDELING.on(PlaatsingGerealiseerd)
async def _geplaatst(conn: AsyncConnection, e: PlaatsingGerealiseerd, r: Recorded[EventData], b: None) -> None:
    await _PLAATSING.execute(
        conn,
        id=e.plaatsing_id,
        voorstel=e.voorstel_id,
        vacature=e.vacature_id,
        werkgever=e.werkgever_id,
        klant=e.klant_id,
        gk=e.gemeente_kandidaat,
        gw=e.gemeente_werkplek,
        start=e.startdatum,
        uren=e.uren_per_week,
        instrumenten=[i.value for i in e.instrumenten],
    )
    await _GEPLAATST.execute(conn, id=e.voorstel_id)


@_BEMIDDELING.on(PlaatsingBeeindigd)
async def _beeindigd(conn: AsyncConnection, e: PlaatsingBeeindigd, r: Recorded[EventData], b: None) -> None:
    await _BEEINDIGD.execute(
        conn,
        op=e.beeindigd_op,
        reden=e.reden.value,
        plaatsing=e.plaatsing_id,
        laatste=e.laatste_werkdag,
        voorstel=e.voorstel_id,
    )


@_BEMIDDELING.on(NazorgGepland)
async def _nazorg_gepland(conn: AsyncConnection, e: NazorgGepland, r: Recorded[EventData], b: None) -> None:
    await _NAZORG.execute(conn, plaatsing=e.plaatsing_id, klant=e.klant_id, momenten=e.momenten)


@_BEMIDDELING.on(NazorgVastgelegd)
async def _nazorg(conn: AsyncConnection, e: NazorgVastgelegd, r: Recorded[EventData], b: None) -> None:
    await _NAZORG_VASTGELEGD.execute(
        conn, bevinding=e.bevinding.value, op=e.vastgelegd_op, plaatsing=e.plaatsing_id, moment=e.moment
    )


class BemiddelingProjection:
    """Matching's own events into profiles, klantmanagers, voorstellen, plaatsingen and nazorg."""

    name = "bemiddeling"
    # profiel_vaardigheden is kept by a trigger on profielen; a TRUNCATE fires none, so it is emptied too.
    tables = (
        "profielen",
        "profiel_vaardigheden",
        "toewijzingen",
        "klantmanagers",
        "voorstellen",
        "plaatsingen",
        "nazorg",
    )

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply events in order, one handler per event type."""
        await _BEMIDDELING.apply(conn, events, None)
