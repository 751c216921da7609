"""Matching's SQL: ranking a whole pool with the formula of `scoring.beoordeel`, and the statements reads use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events.db import Sql
from libs.gebieden import AARDSTRAAL_KM

from .domain import IN_POOL_SQL, KLANTMANAGER_SQL, OP_CASELOAD_SQL, Kandidaat
from .projections import KANDIDAAT_KOLOMMEN, row_to_kandidaat
from .scoring import (
    BESCHIKBAARHEID_MARGE_DAGEN,
    COMPONENTEN,
    GEWENST_GEWICHT,
    VOLLEDIGE_LOONWAARDE,
    Profiel,
    Vacatureprofiel,
)


@dataclass(frozen=True)
class Kant:
    """SQL fragments for every attribute the score reads, from columns or from parameters."""

    vereist: str
    gewenst: str
    heeft: str
    k_lat: str
    k_lon: str
    v_lat: str
    v_lon: str
    max_km: str
    v_uren: str
    uren_min: str
    uren_max: str
    isco: str
    beroepen: str
    loonwaarde: str
    aanpassingen: str
    v_banen: str
    k_banen: str
    vanaf: str
    start: str
    # Where the score reads the distance: computed once per row, never inlined twice.
    km: str = "d.km"
    # The weighted count of shared skills when already known (from profiel_vaardigheden), else counted per row.
    teller: str | None = None


def _km(s: Kant) -> str:
    return (
        f"2 * {AARDSTRAAL_KM} * asin(sqrt(power(sin(radians({s.v_lat} - {s.k_lat}) / 2), 2) + cos(radians({s.k_lat}))"
        f" * cos(radians({s.v_lat})) * power(sin(radians({s.v_lon} - {s.k_lon}) / 2), 2)))"
    )


def _teller(s: Kant) -> str:
    if s.teller is not None:
        return s.teller
    # `&&` (array overlap) first: most pairs share no skill at all, and then the count is exactly 0.
    return (
        f"CASE WHEN NOT ({s.heeft} && ({s.vereist} || {s.gewenst})) THEN 0::float8 ELSE "
        f"(SELECT count(*) FROM unnest({s.heeft}) x WHERE x = ANY({s.vereist})) + {GEWENST_GEWICHT}::float8 * "
        f"(SELECT count(*) FROM unnest({s.heeft}) x WHERE x = ANY({s.gewenst})) END"
    )


def _onderdelen(s: Kant) -> dict[str, str]:
    # Constants are float8, not numeric: the values are the same (0.5 and 1.0 are exact) and numeric
    # arithmetic on every row of a national pool costs more than the rest of the formula.
    noemer = f"(cardinality({s.vereist}) + {GEWENST_GEWICHT}::float8 * cardinality({s.gewenst}))"
    return {
        "vaardigheden": f"CASE WHEN {noemer} = 0 THEN 1::float8 ELSE {_teller(s)} / {noemer} END",
        "afstand": f"CASE WHEN {s.km} > {s.max_km} THEN 0::float8 "
        f"ELSE 1::float8 - 0.5::float8 * {s.km} / {s.max_km} END",
        "uren": f"GREATEST(0::float8, 1::float8 - GREATEST({s.uren_min} - {s.v_uren}, {s.v_uren} - {s.uren_max}, 0)"
        f"::float8 / {s.v_uren})",
        "beroep": f"CASE WHEN cardinality({s.beroepen}) = 0 THEN 0.5::float8 WHEN {s.isco} = ANY({s.beroepen}) "
        # Same sub-major group: some wished code starts with the vacature's first two digits (codes are 4 digits).
        f"THEN 1::float8 WHEN (',' || array_to_string({s.beroepen}, ',')) LIKE ('%,' || left({s.isco}, 2) || '%') "
        "THEN 0.5::float8 ELSE 0::float8 END",
        "instrumenten": f"CASE WHEN {s.loonwaarde} IS NULL OR {s.loonwaarde} >= {VOLLEDIGE_LOONWAARDE} THEN 1::float8 "
        f"WHEN cardinality({s.aanpassingen}) > 0 THEN 1::float8 ELSE 0.5::float8 END",
        "banenafspraak": f"CASE WHEN {s.v_banen} THEN (CASE WHEN {s.k_banen} THEN 1::float8 ELSE 0::float8 END) "
        f"WHEN {s.k_banen} THEN 0.5::float8 ELSE 1::float8 END",
        "beschikbaarheid": f"GREATEST(0::float8, LEAST(1::float8, 1::float8 - ({s.vanaf} - {s.start})::float8 / "
        f"{BESCHIKBAARHEID_MARGE_DAGEN}))",
    }


def score_sql(s: Kant, gewichten: Mapping[str, int]) -> tuple[str, str]:
    """The distance and the 0-100 score as SQL expressions (the score reads the distance as `d.km`)."""
    onderdelen = _onderdelen(s)
    totaal = sum(gewichten.values())
    som = " + ".join(f"{gewichten[c]} * ({onderdelen[c]})" for c in COMPONENTEN if gewichten[c])
    return _km(s), f"100::float8 * ({som}) / {totaal}"


_KANDIDAAT_KOLOMMEN = Kant(
    vereist="CAST(:vereist AS text[])",
    gewenst="CAST(:gewenst AS text[])",
    heeft="p.vaardigheden",
    k_lat="p.lat",
    k_lon="p.lon",
    v_lat="CAST(:lat AS float8)",
    v_lon="CAST(:lon AS float8)",
    max_km="p.max_reisafstand_km",
    v_uren="CAST(:uren AS int)",
    uren_min="p.uren_min",
    uren_max="p.uren_max",
    isco="CAST(:isco AS text)",
    beroepen="p.gewenste_beroepen",
    loonwaarde="p.loonwaarde_indicatie",
    aanpassingen="CAST(:aanpassingen AS text[])",
    v_banen="CAST(:banen AS boolean)",
    k_banen="p.doelgroep_banenafspraak",
    vanaf="p.beschikbaar_vanaf",
    start="CAST(:start AS date)",
    km="p.km",
)
_VACATURE_KOLOMMEN = Kant(
    vereist="v.vereist",
    gewenst="v.gewenst",
    heeft="CAST(:heeft AS text[])",
    k_lat="CAST(:lat AS float8)",
    k_lon="CAST(:lon AS float8)",
    v_lat="v.lat",
    v_lon="v.lon",
    max_km="CAST(:max_km AS int)",
    v_uren="v.uren_per_week",
    uren_min="CAST(:uren_min AS int)",
    uren_max="CAST(:uren_max AS int)",
    isco="v.isco08",
    beroepen="CAST(:beroepen AS text[])",
    loonwaarde="CAST(:loonwaarde AS int)",
    aanpassingen="v.aanpassingen",
    v_banen="v.banenafspraak",
    k_banen="CAST(:banen AS boolean)",
    vanaf="CAST(:vanaf AS date)",
    start="v.startdatum",
)

PROFIEL_KOLOMMEN = (
    "p.vaardigheden, p.gewenste_beroepen, p.uren_min, p.uren_max, p.max_reisafstand_km, p.lat, p.lon, "
    "p.beschikbaar_vanaf, p.loonwaarde_indicatie, p.doelgroep_banenafspraak"
)
VACATURE_KOLOMMEN = (
    "v.vereist, v.gewenst, v.isco08, v.uren_per_week, v.lat, v.lon, v.startdatum, v.banenafspraak, v.aanpassingen"
)


def profiel_van(row: Sequence[Any], at: int = 0) -> Profiel:
    """A Profiel from PROFIEL_KOLOMMEN starting at column `at`."""
    r = row[at : at + 10]
    return Profiel(frozenset(r[0]), frozenset(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9])


def vacatureprofiel_van(row: Sequence[Any], at: int = 0) -> Vacatureprofiel:
    """A Vacatureprofiel from VACATURE_KOLOMMEN starting at column `at`."""
    r = row[at : at + 9]
    return Vacatureprofiel(frozenset(r[0]), frozenset(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8]))


# Who shares the vacature's skills, with the weighted count (wished skills count half): the same sum, in the
# same float8 arithmetic, as the count per row, so the score is bit for bit the one the whole pool gets.
_GEDEELD = (
    # A skill both required and wished counts in both, as in the count per row and in `scoring.vaardigheden`.
    "SELECT pv.klant_id, sum(CAST(pv.vaardigheid = ANY(CAST(:vereist AS text[])) AS int) "
    f"+ {GEWENST_GEWICHT}::float8 * CAST(pv.vaardigheid = ANY(CAST(:gewenst AS text[])) AS int)) AS teller "
    "FROM profiel_vaardigheden pv WHERE pv.vaardigheid = ANY(CAST(:alle AS text[])) GROUP BY pv.klant_id"
)


class Ranking:
    """The ranking statements for one set of weights, built once.

    For a vacature the pool is ranked in rounds, each over a part of it that can be found through an index,
    with a bound on the score of everyone outside that part:

    1. who shares a skill (from the inverted index `profiel_vaardigheden`); anyone else scores 0 on
       vaardigheden, so at most `grenzen[0]`;
    2. who shares a skill or wishes the vacature's own occupation (GIN on `gewenste_beroepen`); anyone else
       also scores at most 0.5 on beroep, so at most `grenzen[1]`.

    When a round fills the page and its lowest score lies above the round's bound, no one outside can enter
    it: it is exactly the whole pool's page. Otherwise the next round runs, and at last the whole pool is
    ranked, as always.
    """

    def __init__(self, gewichten: Mapping[str, int]) -> None:
        totaal = sum(gewichten.values())
        zonder_vaardigheden = totaal - gewichten["vaardigheden"]
        self.gewicht_vaardigheden = gewichten["vaardigheden"]
        self.grenzen = (
            100.0 * zonder_vaardigheden / totaal,
            100.0 * (zonder_vaardigheden - 0.5 * gewichten["beroep"]) / totaal,
        )
        self.kandidaten = self._kandidaten(gewichten, bron=None)
        self.rondes = (
            self._kandidaten(gewichten, bron=f"({_GEDEELD}) g"),
            self._kandidaten(
                gewichten,
                bron=f"(SELECT klant_id, coalesce(g.teller, 0::float8) AS teller FROM ({_GEDEELD}) g "
                "FULL JOIN (SELECT klant_id FROM profielen WHERE gewenste_beroepen @> ARRAY[CAST(:isco AS text)]) b "
                "USING (klant_id)) g",
            ),
        )
        km, score = score_sql(_VACATURE_KOLOMMEN, gewichten)
        self.vacatures = Sql(
            f"SELECT v.vacature_id, v.werkgever_id, v.titel, v.gemeente, {VACATURE_KOLOMMEN}, s.score "
            f"FROM vacatures v CROSS JOIN LATERAL (SELECT {km} AS km) d "
            f"CROSS JOIN LATERAL (SELECT {score} AS score) s "
            "WHERE v.status = 'open' AND v.gemeente = ANY(CAST(:gemeenten AS text[])) "
            "AND (SELECT count(*) FROM plaatsingen pl WHERE pl.vacature_id = v.vacature_id) < v.aantal_plaatsen "
            "AND v.vacature_id <> ALL(ARRAY(SELECT vs.vacature_id FROM voorstellen vs WHERE vs.klant_id = :klant)) "
            "ORDER BY s.score DESC, v.vacature_id LIMIT :limit"
        )

    @staticmethod
    def _kandidaten(gewichten: Mapping[str, int], *, bron: str | None) -> Sql:
        """The ranking over the whole pool (`bron` None) or over a part of it with each one's shared-skill count."""
        kant = replace(_KANDIDAAT_KOLOMMEN, teller="p.teller") if bron else _KANDIDAAT_KOLOMMEN
        km, score = score_sql(kant, gewichten)
        van = (
            # Looked up by key for each one (OFFSET 0 keeps the planner from scanning the whole pool instead).
            f"{bron} CROSS JOIN LATERAL (SELECT * FROM kandidaten k WHERE k.klant_id = g.klant_id OFFSET 0) k "
            "CROSS JOIN LATERAL (SELECT * FROM profielen p WHERE p.klant_id = g.klant_id OFFSET 0) p"
            if bron
            else "kandidaten k JOIN profielen p USING (klant_id)"
        )
        # OFFSET 0 keeps the inner query whole, so the distance is computed once per row and not inlined twice.
        return Sql(
            f"SELECT p.klant_id, p.gemeente, p.klantmanager, {PROFIEL_KOLOMMEN}, {score} AS score FROM ("
            f"SELECT k.klant_id, k.gemeente, {KLANTMANAGER_SQL} AS klantmanager, {PROFIEL_KOLOMMEN}, {km} AS km"
            f"{', g.teller' if bron else ''} "
            f"FROM {van} LEFT JOIN toewijzingen t ON t.klant_id = k.klant_id "
            f"WHERE {IN_POOL_SQL} AND k.gemeente = ANY(CAST(:gemeenten AS text[])) "
            "AND NOT EXISTS (SELECT 1 FROM plaatsingen pl WHERE pl.klant_id = k.klant_id) "
            # An InitPlan: the few kandidaten already proposed for this vacature are looked up once, not per row.
            "AND k.klant_id <> ALL(ARRAY(SELECT vs.klant_id FROM voorstellen vs WHERE vs.vacature_id = :vacature)) "
            "OFFSET 0) p ORDER BY score DESC, p.klant_id LIMIT :limit"
        )

    async def voor_vacature(
        self, conn: AsyncConnection, vacature_id: UUID, v: Vacatureprofiel, gemeenten: Sequence[str], limit: int
    ) -> list[Any]:
        """Rows of the best kandidaten for a vacature: klant_id, gemeente, klantmanager, profile, sql score."""
        params: dict[str, Any] = {
            "vereist": sorted(v.vereiste_vaardigheden),
            "gewenst": sorted(v.gewenste_vaardigheden),
            "lat": v.lat,
            "lon": v.lon,
            "uren": v.uren_per_week,
            "isco": v.isco08,
            "aanpassingen": ["ja"] if v.biedt_aanpassingen else [],
            "banen": v.banenafspraak,
            "start": v.startdatum,
            "gemeenten": list(gemeenten),
            "vacature": vacature_id,
            "limit": limit,
        }
        alle = sorted(v.vereiste_vaardigheden | v.gewenste_vaardigheden)
        if alle and limit > 0 and self.gewicht_vaardigheden > 0:
            vorige = None
            for ronde, grens in zip(self.rondes, self.grenzen, strict=True):
                if grens == vorige:
                    continue  # beroep weighs nothing: this round could show no more than the last
                vorige = grens
                rows = await ronde.fetch(conn, alle=alle, **params)
                # Strictly above the bound, with room for float rounding: a tie at the bound could sort either way.
                if len(rows) == limit and rows[-1][-1] > grens + 1e-9:
                    return rows
        return await self.kandidaten.fetch(conn, **params)

    async def voor_kandidaat(
        self, conn: AsyncConnection, klant_id: UUID, p: Profiel, gemeenten: Sequence[str], limit: int
    ) -> list[Any]:
        """Rows of the best open vacatures for a kandidaat: id, werkgever, titel, gemeente, profile, sql score."""
        return await self.vacatures.fetch(
            conn,
            heeft=sorted(p.vaardigheden),
            lat=p.lat,
            lon=p.lon,
            max_km=p.max_reisafstand_km,
            uren_min=p.uren_min,
            uren_max=p.uren_max,
            beroepen=sorted(p.gewenste_beroepen),
            loonwaarde=p.loonwaarde_indicatie,
            banen=p.doelgroep_banenafspraak,
            vanaf=p.beschikbaar_vanaf,
            gemeenten=list(gemeenten),
            klant=klant_id,
            limit=limit,
        )


PROFIEL = Sql(
    f"SELECT k.klant_id, k.gemeente, {KLANTMANAGER_SQL} AS klantmanager, {IN_POOL_SQL} AS in_pool, "
    f"p.klant_id IS NOT NULL AS heeft_profiel, {PROFIEL_KOLOMMEN}, p.postcodegebied, p.locatie, p.vastgelegd_op "
    "FROM kandidaten k LEFT JOIN toewijzingen t USING (klant_id) LEFT JOIN profielen p USING (klant_id) "
    "WHERE k.klant_id = :klant"
)
VACATURE = Sql(
    f"SELECT v.vacature_id, v.werkgever_id, v.titel, v.gemeente, {VACATURE_KOLOMMEN}, v.status, v.aantal_plaatsen, "
    "(SELECT count(*) FROM plaatsingen pl WHERE pl.vacature_id = v.vacature_id AND pl.beeindigd_op IS NULL) AS bezet "
    "FROM vacatures v WHERE v.vacature_id = :vacature"
)
AFWIJZINGEN = Sql(
    "SELECT voorstel_id, vacature_id, reden, toelichting, beantwoord_op FROM voorstellen "
    "WHERE klant_id = :klant AND status = 'afgewezen' ORDER BY beantwoord_op"
)
CASELOAD = Sql(
    f"SELECT {KLANTMANAGER_SQL} AS km, k.klant_id FROM kandidaten k LEFT JOIN toewijzingen t USING (klant_id) "
    f"WHERE {OP_CASELOAD_SQL} AND k.gemeente = ANY(CAST(:gemeenten AS text[])) "
    "ORDER BY GREATEST(t.toegewezen_op, k.klantmanager_sinds), k.klant_id"
)
# Only klantmanagers whose whole werkgebied lies within the caller's gemeenten (never an empty one).
KLANTMANAGERS = Sql(
    "SELECT klantmanager, naam, team, fte_procent FROM klantmanagers "
    "WHERE cardinality(gemeenten) > 0 AND gemeenten <@ CAST(:gemeenten AS text[])"
)
NAZORG_OPEN = Sql(
    "SELECT n.plaatsing_id, n.klant_id, n.moment, pl.vacature_id, pl.werkgever_id, pl.gemeente_kandidaat "
    "FROM nazorg n JOIN plaatsingen pl USING (plaatsing_id) "
    "WHERE n.bevinding IS NULL AND n.moment <= :tot AND pl.gemeente_kandidaat = ANY(CAST(:gemeenten AS text[])) "
    "AND (n.moment, n.plaatsing_id) > (:na_moment, :na_id) ORDER BY n.moment, n.plaatsing_id LIMIT :limit"
)
LOPENDE_PLAATSING = Sql(
    "SELECT voorstel_id, plaatsing_id, vacature_id, startdatum FROM plaatsingen "
    "WHERE klant_id = :klant AND beeindigd_op IS NULL"
)
GEPLAATST = Sql("SELECT 1 FROM plaatsingen WHERE klant_id = :klant AND beeindigd_op IS NULL LIMIT 1")


def pool_page_query(
    gemeenten: Sequence[str], after: tuple[datetime, UUID] | None, limit: int, zonder_klantmanager: bool = False
) -> tuple[Sql, dict[str, Any]]:
    """Keyset page over the regional pool (route werk/ontwikkeling, regional team), oldest diagnose first."""
    params: dict[str, Any] = {"gemeenten": list(gemeenten), "limit": limit}
    keyset = f"AND ({KLANTMANAGER_SQL}) IS NULL" if zonder_klantmanager else ""
    if after is not None:
        keyset += " AND (k.gediagnosticeerd_op, k.klant_id) > (:after_ts, :after_id)"
        params.update(after_ts=after[0], after_id=after[1])
    query = Sql(
        f"SELECT {', '.join('k.' + c for c in KANDIDAAT_KOLOMMEN)}, {KLANTMANAGER_SQL}, p.klant_id IS NOT NULL "
        "FROM kandidaten k LEFT JOIN toewijzingen t USING (klant_id) LEFT JOIN profielen p USING (klant_id) "
        f"WHERE {IN_POOL_SQL} AND k.gemeente = ANY(CAST(:gemeenten AS text[])) {keyset} "
        "ORDER BY k.gediagnosticeerd_op, k.klant_id LIMIT :limit"
    )
    return query, params


async def pool_page(
    conn: AsyncConnection,
    gemeenten: Sequence[str],
    after: tuple[datetime, UUID] | None,
    limit: int,
    zonder_klantmanager: bool = False,
) -> list[tuple[Kandidaat, str | None, bool]]:
    """One page of kandidaten visible for `gemeenten`, each with its klantmanager and whether it has a profile."""
    query, params = pool_page_query(gemeenten, after, limit, zonder_klantmanager)
    return [(row_to_kandidaat(row), row[9], row[10]) for row in await query.fetch(conn, **params)]


VOORSTELLEN = Sql(
    "SELECT v.voorstel_id, v.vacature_id, v.klant_id, k.gemeente, v.score, v.status, v.reden, v.voorgesteld_op, "
    "v.beantwoord_op, v.voorgesteld_door FROM voorstellen v JOIN kandidaten k USING (klant_id) "
    "WHERE k.gemeente = ANY(CAST(:gemeenten AS text[])) "
    "AND (CAST(:vacature AS uuid) IS NULL OR v.vacature_id = :vacature) "
    "AND (CAST(:klant AS uuid) IS NULL OR v.klant_id = :klant) "
    "AND (CAST(:status AS text) IS NULL OR v.status = :status) "
    "AND (CAST(:door AS text) IS NULL OR v.voorgesteld_door = :door) "
    "AND (v.voorgesteld_op, v.voorstel_id::text) > (:na_op, :na_id) "
    "ORDER BY v.voorgesteld_op, v.voorstel_id::text LIMIT :limit"
)
