"""The betaalrun's payment file: SEPA pain.001.001.03, exact amounts, checked against the XSD here too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema

from services.uitkering.sepa import Betaling, OngeldigeBetaling, pain001

XSD = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def _bestand(*betalingen: Betaling) -> bytes:
    return pain001(
        opdrachtgever="Gemeente Groningen",
        iban="NL91 ABNA 0417 1643 00",
        bic="ABNANL2A",
        uitvoerdatum=date(2026, 12, 1),
        betalingen=betalingen,
    )


def test_a_betaalrun_file_validates_against_the_pain001_xsd_with_exact_totals() -> None:
    bestand = _bestand(
        Betaling("J. de Vries", "NL44RABO0123456789", Decimal("1331.43"), "Bijstand december 2026", "K1-2026-12"),
        Betaling("A. Bakker", "NL20INGB0001234567", Decimal("700.54"), "Bijstand december 2026", "K2-2026-12"),
        Betaling("B. Bakker", "NL83ABNA0412345678", Decimal("700.53"), "Bijstand december 2026", "K2P-2026-12"),
    )
    schema = xmlschema.XMLSchema(str(XSD))
    schema.validate(bestand.decode())
    document = schema.to_dict(bestand.decode())
    kop = document["CstmrCdtTrfInitn"]["GrpHdr"]
    assert kop["NbOfTxs"] == "3" and Decimal(str(kop["CtrlSum"])) == Decimal("2732.50")
    ids = [t["PmtId"]["EndToEndId"] for t in document["CstmrCdtTrfInitn"]["PmtInf"][0]["CdtTrfTxInf"]]
    assert ids == ["K1-2026-12", "K2-2026-12", "K2P-2026-12"]


@pytest.mark.parametrize(
    "betaling",
    [
        Betaling("X", "NL02RABO0123456789", Decimal("10.00"), "x", "k"),  # wrong IBAN check digits
        Betaling("X", "NL44RABO0123456789", Decimal("10.001"), "x", "k"),  # not whole cents
        Betaling("X", "NL44RABO0123456789", Decimal("0"), "x", "k"),
    ],
)
def test_what_cannot_be_paid_is_refused_before_a_file_exists(betaling: Betaling) -> None:
    with pytest.raises(OngeldigeBetaling):
        _bestand(betaling)
