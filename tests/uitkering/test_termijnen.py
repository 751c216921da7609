"""The beslistermijn and the voorschot of an aanvraag, counted as the Algemene termijnenwet counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from services.uitkering.termijnen import beslistermijn, minimum_voorschot, voorschot_uiterlijk


def test_eight_weeks_to_decide_moved_past_a_weekend_or_feestdag() -> None:
    assert beslistermijn(date(2026, 3, 2)) == date(2026, 4, 28)  # ends on Koningsdag (Monday 27 April)
    assert beslistermijn(date(2026, 3, 3)) == date(2026, 4, 28)
    assert beslistermijn(date(2026, 3, 7)) == date(2026, 5, 4)  # ends on Saturday 2 May: next working day


def test_a_voorschot_after_four_weeks_of_at_least_95_percent() -> None:
    assert voorschot_uiterlijk(date(2027, 3, 1)) == date(2027, 3, 30)  # 29 March 2027 is tweede Paasdag
    assert minimum_voorschot(Decimal("1401.50")) == Decimal("1331.43")  # 1,331.425 rounded up
