"""Bijstandsnormen to the cent, as the law prints them per date, and the kostendelersnorm of art. 22a."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.uitkering.normen import (
    Categorie,
    GeenNorm,
    Huishouden,
    Medebewoner,
    Normonderdeel,
    Status,
    aow_leeftijd_bereikt,
    bepaal_norm,
    is_kostendeler,
    kostendelersnorm,
    norm,
)

C = Categorie


@pytest.mark.parametrize(
    ("dag", "alleen", "gehuwd", "alleen_aow", "gehuwd_aow", "jong"),
    [
        (date(2024, 1, 1), "1283.83", "1834.04", "1425.76", "1932.32", "316.94"),
        (date(2024, 7, 1), "1308.45", "1869.21", "1456.85", "1976.64", "323.03"),
        (date(2025, 1, 1), "1345.45", "1922.07", "1501.07", "2053.48", "332.17"),
        (date(2025, 7, 1), "1369.06", "1955.80", "1530.21", "2094.98", "337.98"),
        (date(2026, 1, 1), "1401.50", "2002.13", "1564.69", "2144.16", "345.99"),
        (date(2026, 7, 1), "1419.46", "2027.79", "1587.34", "2176.10", "350.42"),
    ],
)
def test_every_printed_norm_per_date(
    dag: date, alleen: str, gehuwd: str, alleen_aow: str, gehuwd_aow: str, jong: str
) -> None:
    for categorie, bedrag in (
        (C.ALLEENSTAANDE_21, alleen),
        (C.GEHUWDEN_21, gehuwd),
        (C.ALLEENSTAANDE_AOW, alleen_aow),
        (C.GEHUWDEN_AOW, gehuwd_aow),
        (C.JONG_ALLEENSTAANDE, jong),
    ):
        assert norm(categorie, dag) == Decimal(bedrag), categorie
    # A norm holds until the next date: the day before 1 July is still the 1 January amount.
    assert norm(C.GEHUWDEN_21, date(2026, 6, 30)) == Decimal("2002.13")


# participatiewet.md §1.2, "every category per date", as the law prints it (incl. VT).
GEDRUKT = {
    C.JONG_ALLEENSTAANDE: ("316.94", "323.03", "332.17", "337.98", "345.99", "350.42"),
    C.JONG_GEHUWDEN: ("633.88", "646.06", "664.34", "675.96", "691.98", "700.84"),
    C.JONG_EN_21_GEHUWDEN: ("1233.96", "1257.64", "1293.21", "1315.88", "1347.06", "1364.32"),
    C.JONG_ALLEENSTAANDE_OUDER: ("316.94", "323.03", "332.17", "337.98", "345.99", "350.42"),
    C.JONG_GEHUWDEN_KINDEREN: ("1000.69", "1019.90", "1048.75", "1067.12", "1092.41", "1106.40"),
    C.JONG_EN_21_GEHUWDEN_KINDEREN: ("1600.77", "1631.48", "1677.62", "1707.04", "1747.49", "1769.88"),
    C.KOSTENDELER_PARTNER_JONG_KINDEREN: ("683.75", "696.87", "716.58", "729.14", "746.42", "755.98"),
    C.KOSTENDELER_PARTNER_JONG: ("316.94", "323.03", "332.17", "337.98", "345.99", "350.42"),
}
DATA = (date(2024, 1, 1), date(2024, 7, 1), date(2025, 1, 1), date(2025, 7, 1), date(2026, 1, 1), date(2026, 7, 1))


@pytest.mark.parametrize("categorie", list(GEDRUKT))
def test_every_jongerennorm_on_every_date_the_law_prints_it(categorie: C) -> None:
    for dag, bedrag in zip(DATA, GEDRUKT[categorie], strict=True):
        assert norm(categorie, dag) == Decimal(bedrag), (categorie, dag)
        assert norm(categorie, dag.replace(day=28)) == Decimal(bedrag)  # in force for the whole half year


def test_no_guess_before_the_first_table() -> None:
    with pytest.raises(GeenNorm):
        norm(C.ALLEENSTAANDE_21, date(2023, 12, 31))


@pytest.mark.parametrize(
    ("kostendelers", "per_persoon"),
    [
        (2, "1001.07"),  # 50% of 2,002.13 = 1,001.065 -> half-up
        (3, "867.59"),  # 43.33..% of 2,002.13
        (4, "800.85"),  # 40%
        (5, "760.81"),  # 38%
        (6, "734.11"),  # 36.67%
    ],
)
def test_kostendelersnorm_on_1_january_2026(kostendelers: int, per_persoon: str) -> None:
    assert kostendelersnorm(kostendelers, norm(C.GEHUWDEN_21, date(2026, 1, 1))) == Decimal(per_persoon)


def test_with_one_kostendeler_art_22a_does_not_apply() -> None:
    # The formula would give 70% of 2,002.13 = 1,401.49, one cent below the printed 1,401.50: use the print.
    with pytest.raises(ValueError, match=r"art\. 21 of 22"):
        kostendelersnorm(1, Decimal("2002.13"))
    assert norm(C.ALLEENSTAANDE_21, date(2026, 1, 1)) == Decimal("1401.50")


def test_the_aow_age_is_a_dated_parameter() -> None:
    assert aow_leeftijd_bereikt(date(1959, 5, 10), date(2026, 5, 10))  # 67 on that day
    assert not aow_leeftijd_bereikt(date(1959, 5, 10), date(2026, 5, 9))
    # From 2028: 67 years and 3 months.
    assert not aow_leeftijd_bereikt(date(1961, 1, 15), date(2028, 3, 1))
    assert aow_leeftijd_bereikt(date(1961, 1, 15), date(2028, 4, 15))


DAG = date(2026, 3, 1)
BROER = Medebewoner(date(1990, 1, 1), Status.FAMILIE)


def _som(onderdelen: list[Normonderdeel]) -> Decimal:
    # A couple with a kostendeler: each partner's norm is rounded on its own (2 x 867.59 = 1,735.18).
    return sum((o.bedrag for o in onderdelen), Decimal(0))


@pytest.mark.parametrize(
    ("huishouden", "bedrag", "artikel"),
    [
        (Huishouden(date(1990, 1, 1)), "1401.50", "art. 21 onder a"),
        (Huishouden(date(1990, 1, 1), kinderen=True), "1401.50", "art. 21 onder a"),
        (Huishouden(date(2006, 6, 1)), "345.99", "art. 20 lid 1 onder a"),  # 19
        (Huishouden(date(1955, 1, 1)), "1564.69", "art. 22 onder a"),  # AOW age
        (Huishouden(date(1990, 1, 1), date(1991, 1, 1)), "2002.13", "art. 21 onder b"),
        (Huishouden(date(1990, 1, 1), date(1955, 1, 1)), "2144.16", "art. 22 onder b en c"),  # partner at AOW age
        (Huishouden(date(1990, 1, 1), medebewoners=(BROER,)), "1001.07", "art. 22a lid 1"),
        (
            Huishouden(date(1990, 1, 1), date(1991, 1, 1), medebewoners=(BROER,)),
            "1735.18",
            "art. 22a lid 1 en 2",
        ),  # 2 x 867.59
        (Huishouden(date(1990, 1, 1), date(1991, 1, 1), partner_heeft_recht=False), "1001.07", "art. 24 lid 1"),
    ],
)
def test_the_norm_of_a_household_names_its_articles(huishouden: Huishouden, bedrag: str, artikel: str) -> None:
    onderdelen = bepaal_norm(huishouden, DAG)
    assert _som(onderdelen) == Decimal(bedrag) and onderdelen[0].artikel == artikel


def test_who_counts_as_kostendeler() -> None:
    assert is_kostendeler(BROER, DAG)
    assert not is_kostendeler(Medebewoner(date(2002, 1, 1), Status.FAMILIE), DAG)  # 24: under 27
    assert not is_kostendeler(Medebewoner(date(1980, 1, 1), Status.STUDENT), DAG)
    assert not is_kostendeler(Medebewoner(date(1980, 1, 1), Status.COMMERCIEEL), DAG)
    # A commercial arrangement with a parent or child does not exempt them.
    assert is_kostendeler(Medebewoner(date(1960, 1, 1), Status.COMMERCIEEL, familie_eerste_of_tweede_graad=True), DAG)


def test_the_norm_changes_on_the_21st_birthday_and_on_reaching_aow_age() -> None:
    jong = Huishouden(date(2005, 4, 15))
    assert _som(bepaal_norm(jong, date(2026, 4, 14))) == Decimal("345.99")
    assert _som(bepaal_norm(jong, date(2026, 4, 15))) == Decimal("1401.50")
    oud = Huishouden(date(1959, 5, 10))
    assert _som(bepaal_norm(oud, date(2026, 5, 9))) == Decimal("1401.50")
    assert _som(bepaal_norm(oud, date(2026, 5, 10))) == Decimal("1564.69")
