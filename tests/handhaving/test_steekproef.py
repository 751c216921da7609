"""Steekproeven: reproducible from seed, strata and population; a-select by default; declared variables only."""

from __future__ import annotations

import random
from datetime import date
from uuid import UUID

import pytest

from services.handhaving import steekproef
from services.handhaving.steekproef import Eenheid

PEIL = date(2026, 11, 30)


def _populatie(n: int, seed: int = 1) -> list[Eenheid]:
    rng = random.Random(seed)
    leefvormen = ["alleenstaande", "alleenstaande_ouder", "gehuwd"]
    return [
        Eenheid(
            UUID(int=rng.getrandbits(128)),
            rng.choice(leefvormen),
            date(2020 + rng.randrange(7), 1 + rng.randrange(12), 1),
        )
        for _ in range(n)
    ]


def test_the_same_seed_and_population_give_the_same_sample_in_any_order() -> None:
    populatie = _populatie(500)
    eerste = steekproef.trek(populatie, 25, seed=42, strata=[], peildatum=PEIL)
    omgekeerd = steekproef.trek(list(reversed(populatie)), 25, seed=42, strata=[], peildatum=PEIL)
    assert eerste == omgekeerd and len(eerste) == 25 and len(set(eerste)) == 25
    assert steekproef.trek(populatie, 25, seed=43, strata=[], peildatum=PEIL) != eerste
    assert steekproef.populatie_hash(populatie, [], PEIL) == steekproef.populatie_hash(populatie[::-1], [], PEIL)


def test_the_draw_is_what_the_documented_method_says() -> None:
    """a-select/1: order by SHA-256 of "seed:id", take the first n (anyone can redo it)."""
    import hashlib

    populatie = _populatie(50)
    verwacht = sorted(
        sorted(populatie, key=lambda e: hashlib.sha256(f"7:{e.uitkering_id}".encode()).digest())[i].uitkering_id
        for i in range(5)
    )
    assert steekproef.trek(populatie, 5, seed=7, strata=[], peildatum=PEIL) == verwacht


def test_stratified_allocates_proportionally_and_the_strata_change_the_population_hash() -> None:
    populatie = _populatie(300)
    getrokken = set(steekproef.trek(populatie, 30, seed=9, strata=["leefvorm"], peildatum=PEIL))
    per_laag: dict[str, int] = {}
    for e in populatie:
        if e.uitkering_id in getrokken:
            per_laag[e.leefvorm] = per_laag.get(e.leefvorm, 0) + 1
    totaal = {v: sum(1 for e in populatie if e.leefvorm == v) for v in per_laag}
    assert len(getrokken) == 30
    for laag, aantal in per_laag.items():
        assert abs(aantal - 30 * totaal[laag] / 300) < 1  # largest remainder: within one of the exact quota
    assert steekproef.populatie_hash(populatie, ["leefvorm"], PEIL) != steekproef.populatie_hash(populatie, [], PEIL)


def test_only_declared_variables_and_never_more_than_the_population() -> None:
    with pytest.raises(steekproef.OnbekendeVariabele, match="postcode"):
        steekproef.trek(_populatie(10), 5, seed=1, strata=["postcode"], peildatum=PEIL)
    assert len(steekproef.trek(_populatie(3), 10, seed=1, strata=[], peildatum=PEIL)) == 3


def test_looptijd_bands_on_the_peildatum() -> None:
    e = Eenheid(UUID(int=1), "gehuwd", date(2025, 12, 1))
    assert e.waarde("looptijd", PEIL) == "<1 jaar"
    assert e.waarde("looptijd", date(2027, 12, 1)) == "1-3 jaar"
    assert e.waarde("looptijd", date(2028, 12, 1)) == ">=3 jaar"
