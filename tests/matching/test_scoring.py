"""The score's rules, one component at a time, and the SQL ranking kept equal to the Python specification."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench.matching import fill_pool
from libs.events.db import transaction
from libs.gebieden import pc4_centroiden
from services.matching.queries import ranking
from services.matching.scoring import (
    STANDAARD_GEWICHTEN,
    OngeldigeWeging,
    Profiel,
    Vacatureprofiel,
    beoordeel,
    controleer_gewichten,
)

START = date(2026, 12, 1)


def _p(**kw: object) -> Profiel:
    base: dict[str, object] = {
        "vaardigheden": frozenset({"a", "b"}),
        "gewenste_beroepen": frozenset({"8344"}),
        "uren_min": 24,
        "uren_max": 32,
        "max_reisafstand_km": 20,
        "lat": 53.2,
        "lon": 6.56,
        "beschikbaar_vanaf": START,
        "loonwaarde_indicatie": None,
        "doelgroep_banenafspraak": False,
    }
    return Profiel(**{**base, **kw})  # type: ignore[arg-type]


def _v(**kw: object) -> Vacatureprofiel:
    base: dict[str, object] = {
        "vereiste_vaardigheden": frozenset({"a", "b"}),
        "gewenste_vaardigheden": frozenset(),
        "isco08": "8344",
        "uren_per_week": 32,
        "lat": 53.2,
        "lon": 6.56,
        "startdatum": START,
        "banenafspraak": False,
        "biedt_aanpassingen": False,
    }
    return Vacatureprofiel(**{**base, **kw})  # type: ignore[arg-type]


def test_a_perfect_fit_scores_100_and_each_rule_takes_off_what_it_says() -> None:
    assert beoordeel(_p(), _v(), STANDAARD_GEWICHTEN).score == pytest.approx(100)
    missing = beoordeel(
        _p(vaardigheden=frozenset({"a"})), _v(gewenste_vaardigheden=frozenset({"c"})), STANDAARD_GEWICHTEN
    )
    assert missing.onderdelen["vaardigheden"] == pytest.approx(1 / 2.5) and missing.ontbrekende_vaardigheden == ("b",)
    at_limit = beoordeel(_p(lat=53.2 + 20 / 111.195), _v(), STANDAARD_GEWICHTEN)
    assert at_limit.afstand_km == pytest.approx(20, abs=0.01) and at_limit.onderdelen["afstand"] == pytest.approx(
        0.5, abs=0.01
    )
    assert beoordeel(_p(max_reisafstand_km=5, lat=54.0), _v(), STANDAARD_GEWICHTEN).onderdelen["afstand"] == 0
    assert beoordeel(_p(), _v(uren_per_week=40), STANDAARD_GEWICHTEN).onderdelen["uren"] == pytest.approx(0.8)
    assert beoordeel(_p(), _v(isco08="8341"), STANDAARD_GEWICHTEN).onderdelen["beroep"] == 0.5
    assert beoordeel(_p(), _v(isco08="2511"), STANDAARD_GEWICHTEN).onderdelen["beroep"] == 0
    lks = _p(loonwaarde_indicatie=55)
    assert beoordeel(lks, _v(), STANDAARD_GEWICHTEN).onderdelen["instrumenten"] == 0.5
    assert beoordeel(lks, _v(biedt_aanpassingen=True), STANDAARD_GEWICHTEN).onderdelen["instrumenten"] == 1
    assert beoordeel(_p(), _v(banenafspraak=True), STANDAARD_GEWICHTEN).onderdelen["banenafspraak"] == 0
    doelgroep = _p(doelgroep_banenafspraak=True)
    assert beoordeel(doelgroep, _v(banenafspraak=True), STANDAARD_GEWICHTEN).onderdelen["banenafspraak"] == 1
    assert beoordeel(doelgroep, _v(), STANDAARD_GEWICHTEN).onderdelen["banenafspraak"] == 0.5
    late = _p(beschikbaar_vanaf=START + timedelta(days=45))
    assert beoordeel(late, _v(), STANDAARD_GEWICHTEN).onderdelen["beschikbaarheid"] == pytest.approx(0.5)


def test_weights_are_configuration_and_change_the_ranking() -> None:
    near_unskilled = _p(vaardigheden=frozenset())
    far_skilled = _p(lat=53.35, max_reisafstand_km=30)
    skills_first = controleer_gewichten({"vaardigheden": 80, "afstand": 20})
    distance_first = controleer_gewichten({"vaardigheden": 10, "afstand": 90})
    v = _v()
    assert beoordeel(far_skilled, v, skills_first).score > beoordeel(near_unskilled, v, skills_first).score
    assert beoordeel(far_skilled, v, distance_first).score < beoordeel(near_unskilled, v, distance_first).score
    with pytest.raises(OngeldigeWeging):
        controleer_gewichten({"schoenmaat": 10})
    with pytest.raises(OngeldigeWeging):
        controleer_gewichten({"vaardigheden": 0})


def _random_profiel(rng: random.Random, skills: list[str], pc4s: list[tuple[float, float]]) -> Profiel:
    lat, lon = rng.choice(pc4s)
    lo = rng.randint(8, 32)
    return Profiel(
        frozenset(rng.sample(skills, rng.randint(0, 6))),
        frozenset(rng.sample(["8344", "8341", "9329", "5223", "7212"], rng.randint(0, 2))),
        lo,
        rng.randint(lo, 40),
        rng.randint(5, 60),
        lat,
        lon,
        START + timedelta(days=rng.randint(-30, 120)),
        rng.choice([None, 30, 55, 80, 100]),
        rng.random() < 0.2,
    )


def _random_vacature(rng: random.Random, skills: list[str], pc4s: list[tuple[float, float]]) -> Vacatureprofiel:
    lat, lon = rng.choice(pc4s)
    return Vacatureprofiel(
        frozenset(rng.sample(skills, rng.randint(0, 4))),
        frozenset(rng.sample(skills, rng.randint(0, 3))),
        rng.choice(["8344", "8341", "9329", "5223", "7212"]),
        rng.randint(8, 40),
        lat,
        lon,
        START + timedelta(days=rng.randint(0, 60)),
        rng.random() < 0.3,
        rng.random() < 0.5,
    )


async def test_the_sql_ranking_computes_exactly_the_python_score(matching_db: str) -> None:
    """Random pools: every score PostgreSQL ranks on equals `beoordeel`, in both directions and for two weightings."""
    rng = random.Random(20261122)
    skills = [f"vaardigheid {i}" for i in range(30)]
    pc4s = [pc4_centroiden()[k] for k in sorted(pc4_centroiden())[::40]]
    profielen = [_random_profiel(rng, skills, pc4s) for _ in range(150)]
    vacatures = [_random_vacature(rng, skills, pc4s) for _ in range(150)]
    engine = create_async_engine(matching_db)
    try:
        async with transaction(engine) as conn:
            klanten, vacature_ids = await fill_pool(conn, profielen, vacatures, ["GM0014"])
        for gewichten in (STANDAARD_GEWICHTEN, controleer_gewichten({"vaardigheden": 10, "afstand": 50, "uren": 40})):
            r = ranking(gewichten)
            async with transaction(engine) as conn:
                for v, vid in list(zip(vacatures, vacature_ids, strict=True))[:10]:
                    rows = await r.voor_vacature(conn, vid, v, ["GM0014"], 200)
                    assert len(rows) == len(profielen)
                    by_id = dict(zip(klanten, profielen, strict=True))
                    for row in rows:
                        assert row[-1] == pytest.approx(beoordeel(by_id[row[0]], v, gewichten).score, abs=1e-9)
                    assert [row[-1] for row in rows] == sorted((row[-1] for row in rows), reverse=True)
                for p, kid in list(zip(profielen, klanten, strict=True))[:10]:
                    rows = await r.voor_kandidaat(conn, kid, p, ["GM0014"], 200)
                    assert len(rows) == len(vacatures)
                    vac = dict(zip(vacature_ids, vacatures, strict=True))
                    for row in rows:
                        assert row[-1] == pytest.approx(beoordeel(p, vac[row[0]], gewichten).score, abs=1e-9)
    finally:
        await engine.dispose()


async def _beide(r: Any, conn: Any, vid: Any, v: Vacatureprofiel, limit: int) -> tuple[list[Any], list[Any], str]:
    """The page as served, the page from ranking the whole pool, and which round could have decided it."""
    volledig = await r.kandidaten.fetch(
        conn,
        vereist=sorted(v.vereiste_vaardigheden),
        gewenst=sorted(v.gewenste_vaardigheden),
        lat=v.lat,
        lon=v.lon,
        uren=v.uren_per_week,
        isco=v.isco08,
        aanpassingen=["ja"] if v.biedt_aanpassingen else [],
        banen=v.banenafspraak,
        start=v.startdatum,
        gemeenten=["GM0014"],
        vacature=vid,
        limit=limit,
    )
    served = await r.voor_vacature(conn, vid, v, ["GM0014"], limit)
    if not (v.vereiste_vaardigheden | v.gewenste_vaardigheden) or len(served) < limit or not served:
        return served, volledig, "volledig"
    laagste = served[-1][-1]
    pad = "ronde 1" if laagste > r.grenzen[0] else "ronde 2" if laagste > r.grenzen[1] else "volledig"
    return served, volledig, pad


async def test_ranking_among_skill_sharers_first_gives_exactly_the_whole_pool_ranking(matching_db: str) -> None:
    """Random pools and weightings: the page from the sharers-first path equals the whole pool's, row for row.

    Every path is exercised (the test counts them), with limits from 1 to beyond the pool, and after profiles
    change their skills (the inverted index follows by trigger).
    """
    rng = random.Random(20261130)
    skills = [f"vaardigheid {i}" for i in range(40)]
    pc4s = [pc4_centroiden()[k] for k in sorted(pc4_centroiden())[::40]]
    profielen = [_random_profiel(rng, skills, pc4s) for _ in range(400)]
    vacatures = [_random_vacature(rng, skills, pc4s) for _ in range(40)]
    engine = create_async_engine(matching_db)
    paden = {"ronde 1": 0, "ronde 2": 0, "volledig": 0}
    try:
        async with transaction(engine) as conn:
            klanten, vacature_ids = await fill_pool(conn, profielen, vacatures, ["GM0014"])
        weightings = (
            STANDAARD_GEWICHTEN,
            controleer_gewichten({"vaardigheden": 80, "afstand": 10, "uren": 10}),
            controleer_gewichten({"vaardigheden": 0, "afstand": 50, "uren": 50}),
        )
        for ronde in range(2):
            if ronde == 1:
                # Half the profiles get other skills: the inverted index must follow, or the fast path lies.
                async with transaction(engine) as conn:
                    for klant in klanten[::2]:
                        nieuw = sorted(rng.sample(skills, rng.randint(0, 6)))
                        await conn.execute(
                            text("UPDATE profielen SET vaardigheden = :v WHERE klant_id = :k"), {"v": nieuw, "k": klant}
                        )
            for gewichten in weightings:
                r = ranking(gewichten)
                async with transaction(engine) as conn:
                    for v, vid in zip(vacatures, vacature_ids, strict=True):
                        for limit in (1, 20, 500):
                            served, volledig, pad = await _beide(r, conn, vid, v, limit)
                            assert [row[0] for row in served] == [row[0] for row in volledig]
                            assert [row[-1] for row in served] == [row[-1] for row in volledig]
                            paden[pad] += 1
    finally:
        await engine.dispose()
    assert min(paden.values()) >= 10, paden
