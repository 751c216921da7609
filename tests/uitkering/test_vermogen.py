"""The vermogenstoets of art. 34 with the limits per date, and the recht per month."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.uitkering.normen import GeenNorm
from services.uitkering.vermogen import Leefvorm, recht_per_maand, splits_vakantietoeslag, toets_vermogen

D = Decimal


@pytest.mark.parametrize(
    ("leefvorm", "dag", "grens"),
    [
        (Leefvorm.ALLEENSTAANDE, date(2026, 3, 1), "8000"),
        (Leefvorm.ALLEENSTAANDE_OUDER, date(2026, 3, 1), "16000"),
        (Leefvorm.GEHUWDEN, date(2026, 3, 1), "16000"),
        (Leefvorm.ALLEENSTAANDE, date(2024, 3, 1), "7575"),
        (Leefvorm.GEHUWDEN, date(2024, 3, 1), "15150"),
    ],
)
def test_the_limit_per_leefvorm_and_year(leefvorm: Leefvorm, dag: date, grens: str) -> None:
    at = toets_vermogen(leefvorm, D(grens), D(0), D(0), dag)
    assert at.grens == D(grens) and not at.belemmert_bijstand  # at the limit: still bijstand
    above = toets_vermogen(leefvorm, D(grens) + D("0.01"), D(0), D(0), dag)
    assert above.belemmert_bijstand and above.boven_grens == D("0.01")


def test_debts_count_against_possessions_and_the_woning_has_its_own_limit() -> None:
    toets = toets_vermogen(Leefvorm.ALLEENSTAANDE, D("12000"), D("5000"), D("70000"), date(2026, 5, 1))
    assert toets.vermogen == D("7000") and not toets.belemmert_bijstand
    assert toets.woning_overwaarde_boven_vrijlating == D("2500")  # above the 67,500 free part


def test_a_year_the_tables_do_not_carry_is_refused_by_name() -> None:
    with pytest.raises(GeenNorm, match="2023"):
        toets_vermogen(Leefvorm.ALLEENSTAANDE, D(0), D(0), D(0), date(2023, 6, 1))


@pytest.mark.parametrize(
    ("leefvorm", "grens", "woning"),
    [
        (Leefvorm.ALLEENSTAANDE, "7770", "65500"),
        (Leefvorm.ALLEENSTAANDE_OUDER, "15540", "65500"),
        (Leefvorm.GEHUWDEN, "15540", "65500"),
    ],
)
def test_the_limits_of_2025_at_and_one_cent_over(leefvorm: Leefvorm, grens: str, woning: str) -> None:
    """Art. 34 lid 3 and lid 2 d as printed for 2025 (participatiewet.md §1.2)."""
    op = toets_vermogen(leefvorm, D(grens), D(0), D(woning), date(2025, 6, 1))
    assert not op.belemmert_bijstand and op.woning_overwaarde_boven_vrijlating == D(0)
    over = toets_vermogen(leefvorm, D(grens) + D("0.01"), D(0), D(woning) + D("0.01"), date(2025, 6, 1))
    assert over.belemmert_bijstand and over.boven_grens == D("0.01")
    assert over.woning_overwaarde_boven_vrijlating == D("0.01")


def test_the_recht_is_the_norm_minus_income_never_below_zero() -> None:
    assert recht_per_maand(D("1401.50"), D("600.255")) == D("801.25")  # half-up at the end only
    assert recht_per_maand(D("1401.50"), D("1500")) == D("0.00")


def test_the_vakantietoeslag_is_five_percent_reserved_monthly() -> None:
    # Westervoort's table for 1-1-2024: gehuwden 1,834.04 including VT, 1,742.34 without.
    maand = splits_vakantietoeslag(D("1834.04"), date(2024, 3, 1))
    assert (maand.uit_te_betalen, maand.vakantietoeslag) == (D("1742.34"), D("91.70"))
