"""Write a synthetic pool straight into matching's read models (for the SQL equivalence test and the benchmark)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.db import Sql
from libs.events.envelope import new_event_id
from services.matching.scoring import Profiel, Vacatureprofiel

_KANDIDATEN = Sql(
    "INSERT INTO kandidaten (klant_id, aanmelding_id, gemeente, aangemeld_op, route, gediagnosticeerd_op, "
    "verantwoordelijk_team) SELECT k, k, g, :op, 'werk', :op, 'regionaal' "
    "FROM unnest(CAST(:ids AS uuid[]), CAST(:gemeenten AS text[])) AS t(k, g)"
)
_PROFIELEN = Sql(
    "INSERT INTO profielen (klant_id, vaardigheden, gewenste_beroepen, uren_min, uren_max, max_reisafstand_km, "
    "lat, lon, locatie, beschikbaar_vanaf, loonwaarde_indicatie, doelgroep_banenafspraak, vastgelegd_op) "
    "VALUES (:id, :vaardigheden, :beroepen, :lo, :hi, :km, :lat, :lon, 'pc4', :vanaf, :lw, :ba, :op)"
)
_VACATURES = Sql(
    "INSERT INTO vacatures (vacature_id, werkgever_id, titel, isco08, vereist, gewenst, uren_per_week, postcode, "
    "gemeente, lat, lon, startdatum, contractvorm, banenafspraak, aanpassingen, aantal_plaatsen, status, "
    "geregistreerd_op) VALUES (:id, :id, 'synthetisch', :isco, :vereist, :gewenst, :uren, '9711AB', :gemeente, "
    ":lat, :lon, :start, 'bepaalde_tijd', :ba, :aanpassingen, 1, 'open', :op)"
)


async def fill_pool(
    conn: AsyncConnection, profielen: Sequence[Profiel], vacatures: Sequence[Vacatureprofiel], gemeenten: Sequence[str]
) -> tuple[list[UUID], list[UUID]]:
    """Insert kandidaten with profiles and open vacatures, spread over `gemeenten`; return their ids."""
    op = datetime.now(UTC)
    klanten = [new_event_id() for _ in profielen]
    await _KANDIDATEN.execute(
        conn, ids=klanten, gemeenten=[gemeenten[i % len(gemeenten)] for i in range(len(klanten))], op=op
    )
    driver_args = [
        (k, sorted(p.vaardigheden), sorted(p.gewenste_beroepen), p.uren_min, p.uren_max, p.max_reisafstand_km,
         p.lat, p.lon, p.beschikbaar_vanaf, p.loonwaarde_indicatie, p.doelgroep_banenafspraak)
        for k, p in zip(klanten, profielen, strict=True)
    ]  # fmt: skip
    for a in driver_args:
        await _PROFIELEN.execute(
            conn, id=a[0], vaardigheden=a[1], beroepen=a[2], lo=a[3], hi=a[4], km=a[5], lat=a[6], lon=a[7],
            vanaf=a[8], lw=a[9], ba=a[10], op=op,
        )  # fmt: skip
    vacature_ids = [new_event_id() for _ in vacatures]
    for i, (vid, v) in enumerate(zip(vacature_ids, vacatures, strict=True)):
        await _VACATURES.execute(
            conn, id=vid, isco=v.isco08, vereist=sorted(v.vereiste_vaardigheden),
            gewenst=sorted(v.gewenste_vaardigheden), uren=v.uren_per_week, gemeente=gemeenten[i % len(gemeenten)],
            lat=v.lat, lon=v.lon, start=v.startdatum, ba=v.banenafspraak,
            aanpassingen=["werkplekaanpassing"] if v.biedt_aanpassingen else [], op=op,
        )  # fmt: skip
    return klanten, vacature_ids
