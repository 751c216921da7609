"""Amounts, dates and moments on the screens read as Dutch: `€ 1.135,57`, `6 december 2026 14:05`."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from services.werkplek import opmaak


@pytest.mark.parametrize(
    ("waarde", "tekst"),
    [
        ("1135.568", "€\xa01.135,57"),
        (Decimal("150.0000"), "€\xa0150,00"),
        ("0.005", "€\xa00,01"),  # half-up, as the money is computed (half-even would give 0,00)
        (1348.49, "€\xa01.348,49"),
        (None, "—"),
        ("", "—"),
    ],
)
def test_an_amount_reads_as_dutch_euros_rounded_half_up(waarde: object, tekst: str) -> None:
    assert opmaak.bedrag(waarde).replace(" ", "\xa0") == tekst


def test_dates_and_moments_are_dutch_and_in_dutch_time() -> None:
    assert opmaak.datum("2026-12-06") == "6 december 2026"
    assert opmaak.datum(date(2027, 6, 1)) == "1 juni 2027"
    # 23:30 UTC on 31 December is already 1 January in the Netherlands.
    assert opmaak.datum("2026-12-31T23:30:00Z") == "1 januari 2027"
    assert opmaak.moment("2026-12-06T13:05:42.123456Z") == "6 december 2026 14:05"
    assert opmaak.moment(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "1 juli 2026 12:00"
    assert opmaak.moment("2026-12-06T13:05:42Z", seconden=True) == "6 december 2026 14:05:42"
    assert opmaak.moment(None) == "—"
    assert opmaak.getal("1234.5", 1) == "1.234,5"


def test_codes_read_as_words_and_teams_by_their_gemeente() -> None:
    assert opmaak.label("te_veel_betaald") == "te veel betaald"
    assert opmaak.label("in_pool") == "in de pool"
    assert opmaak.label("beeindigd") == "beëindigd"
    assert opmaak.label("nieuwe_code") == "nieuwe code"
    assert opmaak.team("lokaal:GM0014", {"GM0014": "Groningen"}.__getitem__) == "lokaal team Groningen"
    assert opmaak.team("regionaal") == "regionaal team"
    assert opmaak.team(None) == "—"


def test_a_value_from_an_api_reads_as_words_never_as_json() -> None:
    assert opmaak.waarde(None) == "—" and opmaak.waarde(False) == "nee" and opmaak.waarde(True) == "ja"
    assert opmaak.waarde("2026-12-06") == "6 december 2026"
    assert opmaak.waarde("2026-12-06T13:05:00Z") == "6 december 2026 14:05"
    assert opmaak.waarde({"urenMin": 24, "postcodegebied": None}) == "uren min: 24; postcodegebied: —"
    assert opmaak.waarde(["lassen", "heftruck"]) == "lassen, heftruck"
    assert opmaak.waarde("te_veel_betaald") == "te veel betaald"


def test_the_page_scan_of_the_browser_tests_finds_every_wire_form_and_passes_dutch() -> None:
    from tests.werkplek.browser import onleesbaar

    fout = 'Saldo € 1135.568 en € 150.0000, {"status": null}, te_veel_betaald, klant 01a24e96, 2026-10-01'
    assert {wat for wat, _ in onleesbaar(fout)} == {
        "JSON",
        "een opgeslagen code",
        "een id",
        "een datum in ISO-vorm",
        "een bedrag niet in Nederlandse vorm",
    }
    goed = "Saldo € 1.135,57, € 150,00 en € -12,50; te veel betaald op 1 oktober 2026 (oktober 2026), kcc-0014."
    assert onleesbaar(goed) == []
