"""Statutory terms skip what the Algemene termijnenwet skips, every year."""

from __future__ import annotations

from datetime import date

import pytest

from libs.termijnen import einde_termijn, feestdagen, is_werkdag, plus_werkdagen


def test_the_atw_feestdagen_of_2027_are_exactly_the_statutory_list() -> None:
    assert sorted(feestdagen(2027)) == [
        date(2027, 1, 1),  # Nieuwjaarsdag
        date(2027, 3, 26),  # Goede Vrijdag
        date(2027, 3, 28),  # eerste Paasdag (a Sunday)
        date(2027, 3, 29),  # tweede Paasdag
        date(2027, 4, 27),  # Koningsdag
        date(2027, 5, 5),  # Bevrijdingsdag, not a lustrum year
        date(2027, 5, 6),  # Hemelvaartsdag
        date(2027, 5, 16),  # eerste Pinksterdag (a Sunday)
        date(2027, 5, 17),  # tweede Pinksterdag
        date(2027, 12, 25),
        date(2027, 12, 26),
    ]


@pytest.mark.parametrize(
    ("start", "dagen", "einde", "waarom"),
    [
        (date(2026, 11, 20), 1, date(2026, 11, 23), "Friday to Monday"),
        (date(2026, 12, 23), 3, date(2026, 12, 29), "over both Kerstdagen"),
        (date(2027, 3, 24), 3, date(2027, 3, 31), "over Goede Vrijdag and tweede Paasdag"),
        (date(2027, 5, 3), 3, date(2027, 5, 10), "over 5 mei and Hemelvaartsdag in a non-lustrum year"),
        (date(2025, 4, 24), 1, date(2025, 4, 25), "Koningsdag 2025 is Saturday 26 April, not the 27th"),
        (date(2026, 4, 24), 1, date(2026, 4, 28), "Koningsdag on Monday 27 April"),
    ],
)
def test_a_term_in_working_days_skips_weekends_and_feestdagen(
    start: date, dagen: int, einde: date, waarom: str
) -> None:
    assert plus_werkdagen(start, dagen) == einde, waarom


def test_bevrijdingsdag_is_never_a_working_day() -> None:
    assert not any(is_werkdag(date(jaar, 5, 5)) for jaar in range(2024, 2040))


def test_a_term_ending_on_a_weekend_or_feestdag_ends_on_the_next_working_day() -> None:
    assert einde_termijn(date(2027, 3, 26)) == date(2027, 3, 30)  # Goede Vrijdag, weekend, tweede Paasdag
    assert einde_termijn(date(2027, 3, 31)) == date(2027, 3, 31)  # a working day stays
