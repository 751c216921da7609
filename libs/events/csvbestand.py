"""CSV as this platform writes it (semicolon-separated, for Dutch spreadsheets), safe to open in one.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) is read by a spreadsheet as a formula:
CSV injection (OWASP). Such a cell gets a leading apostrophe, which spreadsheets show as text. A plain number
(`-40.00`) is no formula and stays as it is, so amounts remain numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

_FORMULE = ("=", "+", "-", "@", "\t", "\r")
_GETAL = re.compile(r"^-?\d+(\.\d+)?$")


def cel(waarde: Any) -> str:
    """One cell as text: empty for None, and never something a spreadsheet would run."""
    tekst = "" if waarde is None else str(waarde)
    if tekst.startswith(_FORMULE) and not _GETAL.match(tekst):
        return "'" + tekst
    return tekst


def csv_tekst(kolommen: Sequence[str], rijen: Iterable[Sequence[Any]]) -> str:
    """A header and rows as semicolon-separated text, every cell through `cel`."""
    uit = io.StringIO()
    writer = csv.writer(uit, delimiter=";", lineterminator="\n")
    writer.writerow(kolommen)
    writer.writerows([cel(w) for w in rij] for rij in rijen)
    return uit.getvalue()
