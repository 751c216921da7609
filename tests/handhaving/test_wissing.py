"""Handhaving's answer to a wisverzoek: the first hold that applies, in the order the law gives them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from libs.events.contracts.handhaving import Wisbesluit, WisverzoekBeoordeeld
from libs.events.contracts.intake import Wisgrond
from services.handhaving.wissing import BeoordeelWisverzoek, Bewaarfeiten, beoordeel

NU = datetime(2026, 12, 6, 12, tzinfo=UTC)
GEEN = Bewaarfeiten(onderzoek_open=False, uitkering_loopt=False, vordering_open=False, laatste_einde=None)


def _besluit(grond: Wisgrond, feiten: Bewaarfeiten) -> WisverzoekBeoordeeld:
    [event] = beoordeel(BeoordeelWisverzoek(uuid4(), uuid4(), "GM0014", grond, NU), feiten)
    assert isinstance(event, WisverzoekBeoordeeld)
    return event


@pytest.mark.parametrize("grond", list(Wisgrond))
def test_an_open_onderzoek_holds_before_anything_else(grond: Wisgrond) -> None:
    feiten = Bewaarfeiten(onderzoek_open=True, uitkering_loopt=True, vordering_open=True, laatste_einde=None)
    assert _besluit(grond, feiten).besluit is Wisbesluit.WISBLOKKADE


@pytest.mark.parametrize("grond", list(Wisgrond))
def test_a_running_uitkering_or_open_vordering_holds_on_either_grond(grond: Wisgrond) -> None:
    loopt = Bewaarfeiten(onderzoek_open=False, uitkering_loopt=True, vordering_open=True, laatste_einde=None)
    assert _besluit(grond, loopt).besluit is Wisbesluit.UITKERING_LOOPT
    open_ = Bewaarfeiten(onderzoek_open=False, uitkering_loopt=False, vordering_open=True, laatste_einde=None)
    assert _besluit(grond, open_).besluit is Wisbesluit.VORDERING_OPEN


def test_the_bewaartermijn_counts_ten_years_from_the_end_of_the_last_of_them() -> None:
    net_niet = Bewaarfeiten(False, False, False, datetime(2016, 12, 6, 12, 0, 1, tzinfo=UTC))
    besluit = _besluit(Wisgrond.BEWAARTERMIJN, net_niet)
    assert besluit.besluit is Wisbesluit.BEWAARTERMIJN_LOOPT and besluit.bewaren_tot == date(2026, 12, 6)
    verstreken = Bewaarfeiten(False, False, False, datetime(2016, 12, 6, 12, tzinfo=UTC))
    assert _besluit(Wisgrond.BEWAARTERMIJN, verstreken).besluit is Wisbesluit.TOEGESTAAN
    # A lawful request once nothing runs any more does not wait for the term (AVG art. 17).
    assert _besluit(Wisgrond.VERZOEK, net_niet).besluit is Wisbesluit.TOEGESTAAN
    assert _besluit(Wisgrond.BEWAARTERMIJN, GEEN).besluit is Wisbesluit.TOEGESTAAN
