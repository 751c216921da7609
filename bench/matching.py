"""Matching latency: one vacature against 20,000 kandidaten, one kandidaat against 5,000 vacatures (over HTTP).

Run alone: `python -m bench.matching [--vlak]` (starts its own PostgreSQL and broker; `--vlak`: the 300-skill
vocabulary used before issue 31, for comparison). Part of `make bench`, on the ESCO-shaped vocabulary.
"""

from __future__ import annotations

import asyncio
import bisect
import csv
import itertools
import random
import sys
import time
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import httpx
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from libs.events.auth import mint_token
from libs.events.db import driver_connection, transaction
from libs.events.envelope import new_event_id
from libs.events.settings import DEV_JWT_SECRET
from libs.gebieden import DATA, gemeenten_in_regio, pc4_centroiden
from services.matching.app import build_app
from services.matching.scoring import Profiel, Vacatureprofiel
from services.matching.settings import Settings

from .common import latency_summary, servers

KANDIDATEN = 20_000
VACATURES = 5_000
REQUESTS = 200
REGIO = "AM01"
START = date(2026, 12, 1)
BEROEPEN = ["8344", "8341", "9321", "9329", "5223", "7212", "7223", "5120", "4321", "9112", "8322", "5311"]

_KANDIDAAT = (
    "INSERT INTO kandidaten (klant_id, aanmelding_id, gemeente, aangemeld_op, route, gediagnosticeerd_op, "
    "verantwoordelijk_team) VALUES ($1, $1, $2, $3, 'werk', $3, 'regionaal')"
)
_PROFIEL = (
    "INSERT INTO profielen (klant_id, vaardigheden, gewenste_beroepen, uren_min, uren_max, max_reisafstand_km, "
    "lat, lon, locatie, beschikbaar_vanaf, loonwaarde_indicatie, doelgroep_banenafspraak, vastgelegd_op) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pc4', $9, $10, $11, $12)"
)
_VACATURE = (
    "INSERT INTO vacatures (vacature_id, werkgever_id, titel, isco08, vereist, gewenst, uren_per_week, postcode, "
    "gemeente, lat, lon, startdatum, contractvorm, banenafspraak, aanpassingen, aantal_plaatsen, status, "
    "geregistreerd_op) VALUES ($1, $1, 'synthetisch', $2, $3, $4, $5, '9711AB', $6, $7, $8, $9, 'bepaalde_tijd', "
    "$10, $11, 1, 'open', $12)"
)


async def fill_pool(
    conn: AsyncConnection, profielen: Sequence[Profiel], vacatures: Sequence[Vacatureprofiel], gemeenten: Sequence[str]
) -> tuple[list[UUID], list[UUID]]:
    """Write kandidaten with profiles and open vacatures straight into the read models; return their ids."""
    driver = await driver_connection(conn)
    op = datetime.now(UTC)
    klanten = [new_event_id() for _ in profielen]
    await driver.executemany(_KANDIDAAT, [(k, gemeenten[i % len(gemeenten)], op) for i, k in enumerate(klanten)])
    await driver.executemany(
        _PROFIEL,
        [
            (k, sorted(p.vaardigheden), sorted(p.gewenste_beroepen), p.uren_min, p.uren_max, p.max_reisafstand_km,
             p.lat, p.lon, p.beschikbaar_vanaf, p.loonwaarde_indicatie, p.doelgroep_banenafspraak, op)
            for k, p in zip(klanten, profielen, strict=True)
        ],
    )  # fmt: skip
    vacature_ids = [new_event_id() for _ in vacatures]
    await driver.executemany(
        _VACATURE,
        [
            (vid, v.isco08, sorted(v.vereiste_vaardigheden), sorted(v.gewenste_vaardigheden), v.uren_per_week,
             gemeenten[i % len(gemeenten)], v.lat, v.lon, v.startdatum, v.banenafspraak,
             ["werkplekaanpassing"] if v.biedt_aanpassingen else [], op)
            for i, (vid, v) in enumerate(zip(vacature_ids, vacatures, strict=True))
        ],
    )  # fmt: skip
    return klanten, vacature_ids


class Vocabulaire:
    """A skills vocabulary shaped like ESCO's, generated (no download): see docs/matching.md, "Measured".

    - 13,900 skills (ESCO v1.1 has about that many skills and competences), each with a popularity rank; how often
      a skill is picked falls with its rank as 1/rank^0.5 (Zipf-like); the exponent is chosen so that the most
      common skill is in about one occupation group in four, as ESCO's transversal skills ("work in a team")
      are linked to a minority of occupations, while most skills belong to one or a few.
    - 436 occupation groups (ISCO-08 has 436 unit groups), each with 60 skills drawn by popularity, so the popular
      skills recur across groups and the rest are specific; the groups are Zipf-popular (1/rank), the region's
      usual occupations first.
    - A kandidaat has a background in one or two groups and 3-8 skills, four in five from those groups and the
      rest from the whole vocabulary; a vacature (in one of the region's usual occupations) requires 2-5 and
      wishes 0-3 skills of its occupation's group, each equally likely.
    """

    SKILLS = 13_900
    GROEPEN = 436
    PER_GROEP = 60

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.skills = [f"http://data.europa.eu/esco/skill/s{i:05d}" for i in range(self.SKILLS)]
        self._skill_gewicht = list(itertools.accumulate(1 / (r + 1) ** 0.5 for r in range(self.SKILLS)))
        self._groep_gewicht = list(itertools.accumulate(1 / (r + 1) for r in range(self.GROEPEN)))
        self.groepen = [self._trek(self._skill_gewicht, self.PER_GROEP) for _ in range(self.GROEPEN)]
        # The region's usual occupations are the most popular groups.
        self.groep_van = {beroep: i for i, beroep in enumerate(BEROEPEN)}

    def _trek(self, cumulatief: list[float], aantal: int) -> list[int]:
        """`aantal` distinct ranks, each drawn by its weight."""
        gekozen: dict[int, None] = {}
        while len(gekozen) < aantal:
            gekozen[bisect.bisect(cumulatief, self.rng.random() * cumulatief[-1])] = None
        return list(gekozen)

    def _uit_groep(self, groep: int, aantal: int) -> set[str]:
        return {self.skills[i] for i in self.rng.sample(self.groepen[groep], aantal)}

    def kandidaat(self) -> frozenset[str]:
        """The skills of one kandidaat."""
        groepen = self._trek(self._groep_gewicht, self.rng.randint(1, 2))
        uit: set[str] = set()
        doel = self.rng.randint(3, 8)
        while len(uit) < doel:
            if self.rng.random() < 0.8:
                uit |= self._uit_groep(self.rng.choice(groepen), 1)
            else:
                uit.add(self.skills[self._trek(self._skill_gewicht, 1)[0]])
        return frozenset(uit)

    def vacature(self, beroep: str) -> tuple[frozenset[str], frozenset[str]]:
        """The required and the wished skills of a vacature in `beroep`."""
        groep = self.groep_van[beroep]
        vereist = self._uit_groep(groep, self.rng.randint(2, 5))
        gewenst = self._uit_groep(groep, self.rng.randint(0, 3)) - vereist
        return frozenset(vereist), frozenset(gewenst)


class Vlak:
    """The vocabulary measured before issue 31: 300 equally likely skills, for comparison (`--vlak`)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.skills = [f"http://data.europa.eu/esco/skill/s{i:04d}" for i in range(300)]

    def kandidaat(self) -> frozenset[str]:
        """3-8 skills."""
        return frozenset(self.rng.sample(self.skills, self.rng.randint(3, 8)))

    def vacature(self, beroep: str) -> tuple[frozenset[str], frozenset[str]]:
        """2-5 required and 0-3 wished skills, whatever the occupation."""
        return frozenset(self.rng.sample(self.skills, self.rng.randint(2, 5))), frozenset(
            self.rng.sample(self.skills, self.rng.randint(0, 3))
        )


def synthetic(
    rng: random.Random, regio: str, kandidaten: int = KANDIDATEN, *, vlak: bool = False
) -> tuple[list[Profiel], list[Vacatureprofiel], list[str]]:
    """A region-sized pool on an ESCO-shaped vocabulary (`Vocabulaire`; `vlak`: the old one), PC4s of the region."""
    gemeenten = sorted(gemeenten_in_regio(regio))
    with (DATA / "pc4.csv").open(encoding="utf-8") as fh:
        pc4s = [pc4_centroiden()[r["pc4"]] for r in csv.DictReader(fh) if r["gemeente_code"] in gemeenten]
    vocabulaire: Vocabulaire | Vlak = Vlak(rng) if vlak else Vocabulaire(rng)
    profielen = []
    for _ in range(kandidaten):
        lat, lon = rng.choice(pc4s)
        lo = rng.randint(8, 32)
        profielen.append(
            Profiel(
                vocabulaire.kandidaat(),
                frozenset(rng.sample(BEROEPEN, rng.randint(0, 3))),
                lo,
                rng.randint(lo, 40),
                rng.choice([10, 20, 30, 50]),
                lat,
                lon,
                START + timedelta(days=rng.randint(-60, 90)),
                rng.choice([None, None, None, 40, 55, 70]),
                rng.random() < 0.15,
            )
        )
    vacatures = []
    for _ in range(VACATURES):
        lat, lon = rng.choice(pc4s)
        beroep = rng.choice(BEROEPEN)
        vereist, gewenst = vocabulaire.vacature(beroep)
        vacatures.append(
            Vacatureprofiel(
                vereist,
                gewenst,
                beroep,
                rng.choice([16, 24, 32, 36, 40]),
                lat,
                lon,
                START + timedelta(days=rng.randint(0, 60)),
                rng.random() < 0.2,
                rng.random() < 0.4,
            )
        )
    return profielen, vacatures, gemeenten


async def pool(
    database_url: str, rng: random.Random, kandidaten: int, *, vlak: bool = False
) -> tuple[list[UUID], list[UUID], dict[str, str]]:
    """An empty pool filled with `kandidaten` and the vacatures, analysed; the klanten, the vacatures and the
    headers of a matcher of every gemeente of the region."""
    profielen, vacatures, gemeenten = synthetic(rng, REGIO, kandidaten, vlak=vlak)
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as conn:
            for table in ("profiel_vaardigheden", "profielen", "kandidaten", "vacatures"):
                await conn.exec_driver_sql(f"TRUNCATE {table}")
        async with transaction(engine) as conn:
            klanten, vacature_ids = await fill_pool(conn, profielen, vacatures, gemeenten)
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            for table in ("kandidaten", "profielen", "profiel_vaardigheden", "vacatures"):
                await conn.exec_driver_sql(f"VACUUM ANALYZE {table}")
    finally:
        await engine.dispose()
    token = mint_token(DEV_JWT_SECRET, sub="bench", roles=["matcher"], gemeenten=gemeenten)
    return klanten, vacature_ids, {"Authorization": f"Bearer {token}"}


async def measure(
    settings: Settings, runs: int, kandidaten: int, requests: int = REQUESTS, *, vlak: bool = False
) -> list[dict[str, float]]:
    """Fill a pool of `kandidaten`, then per run time `requests` match queries each way (in-process ASGI, serial)."""
    rng = random.Random(4)
    klanten, vacature_ids, headers = await pool(settings.database_url, rng, kandidaten, vlak=vlak)
    app = build_app(settings)
    results: list[dict[str, float]] = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for _ in range(runs):
                figures: dict[str, float] = {}
                for name, paths in (
                    (f"vacature_vs_{kandidaten}_kandidaten", [f"/api/v1/matches/vacatures/{v}" for v in vacature_ids]),
                    (f"kandidaat_vs_{VACATURES}_vacatures", [f"/api/v1/kandidaten/{k}/vacatures" for k in klanten]),
                ):
                    if name.startswith("kandidaat") and kandidaten != KANDIDATEN:
                        continue  # the vacature pool is the same size at every pool size
                    for path in rng.sample(paths, 10):  # warm-up: prepared statements, caches
                        (await client.get(path, headers=headers)).raise_for_status()
                    timings = []
                    for path in rng.sample(paths, requests):
                        started = time.perf_counter()
                        response = await client.get(path, params={"limit": 20}, headers=headers)
                        timings.append(time.perf_counter() - started)
                        response.raise_for_status()
                        assert len(response.json()["items"]) == 20
                    summary = latency_summary(timings)
                    figures[f"matching.{name}.p50_ms"] = summary["p50_ms"]
                    figures[f"matching.{name}.p95_ms"] = summary["p95_ms"]
                results.append(figures)
    return results


def main() -> None:
    """Run this benchmark alone on its own servers."""
    import json

    from libs.events import migrate
    from libs.events.observability import configure_logging

    configure_logging("bench", "WARNING")
    with servers("matching") as (pg, broker):
        pg.create_database("bench_matching_scores")
        migrate.upgrade("matching", pg.url("bench_matching_scores"))
        settings = Settings(
            database_url=pg.url("bench_matching_scores"),
            kafka_bootstrap_servers=broker.bootstrap_servers,
            log_level="WARNING",
        )
        vlak = "--vlak" in sys.argv  # the 300-skill vocabulary of before, to compare in one sitting
        out = {n: asyncio.run(measure(settings, 3, n, vlak=vlak)) for n in (KANDIDATEN, 10 * KANDIDATEN)}
        print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
