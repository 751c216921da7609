"""Every CSV the platform writes can be opened in a spreadsheet without running anything."""

from __future__ import annotations

import csv
import io

import pytest

from libs.events.csvbestand import cel, csv_tekst


@pytest.mark.parametrize("waarde", ['=HYPERLINK("http://x")', "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_a_spreadsheet_would_run_is_made_text(waarde: str) -> None:
    assert cel(waarde) == "'" + waarde


@pytest.mark.parametrize("waarde", ["-40.00", "1146.21", "0", "GM0014", "Stad Logistiek B.V.", ""])
def test_numbers_and_plain_text_stay_as_they_are(waarde: str) -> None:
    assert cel(waarde) == waarde


def test_a_file_reads_back_with_every_dangerous_cell_neutralised() -> None:
    tekst = csv_tekst(["naam", "bedrag", "leeg"], [["=1+1", "-12.50", None]])
    assert list(csv.reader(io.StringIO(tekst), delimiter=";")) == [["naam", "bedrag", "leeg"], ["'=1+1", "-12.50", ""]]
