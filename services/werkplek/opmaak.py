"""Dutch formats for the screens: amounts, dates and moments as a Dutch reader expects them (Babel, CLDR nl_NL).

The APIs speak JSON (decimals and ISO dates as strings); a page never shows that form. Amounts are rounded half-up
to cents first, the rule the money is computed with, so a screen never rounds a cent the other way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

LOCALE = "nl_NL"
TIJDZONE = ZoneInfo("Europe/Amsterdam")
LEEG = "—"


def bedrag(waarde: Any) -> str:
    """`€ 1.135,57` for 1135.568 (a number or the API's decimal string); a dash for nothing."""
    getal = _decimaal(waarde)
    if getal is None:
        return LEEG
    return format_currency(getal.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "EUR", locale=LOCALE)


def getal(waarde: Any, decimalen: int = 0) -> str:
    """A number with Dutch separators (`1.234,5`)."""
    d = _decimaal(waarde)
    if d is None:
        return LEEG
    return format_decimal(d, format="#,##0" + ("." + "#" * decimalen if decimalen else ""), locale=LOCALE)


def datum(waarde: Any) -> str:
    """`6 december 2026` for a date or an ISO date (a moment shows its Dutch day)."""
    if waarde in (None, ""):
        return LEEG
    if isinstance(waarde, str):
        try:
            waarde = datetime.fromisoformat(waarde) if "T" in waarde else date.fromisoformat(waarde)
        except ValueError:
            return str(waarde)
    if isinstance(waarde, datetime):
        return format_datetime(waarde, "d MMMM y", tzinfo=TIJDZONE, locale=LOCALE)
    return format_date(waarde, format="long", locale=LOCALE)


def maand(waarde: Any) -> str:
    """`oktober 2026` for a month (`2026-10`), or any date in it."""
    if waarde in (None, ""):
        return LEEG
    tekst = str(waarde)
    try:
        dag = date.fromisoformat(tekst[:7] + "-01") if len(tekst) >= 7 else None
    except ValueError:
        return tekst
    return format_date(dag, "MMMM y", locale=LOCALE) if dag else tekst


def moment(waarde: Any, seconden: bool = False) -> str:
    """`6 december 2026 14:05` in Dutch time for a moment (or its ISO form, UTC on the wire); with `seconden`
    `14:05:42`, for a timeline where events of one minute must still be told apart."""
    if waarde in (None, ""):
        return LEEG
    if isinstance(waarde, str):
        try:
            waarde = datetime.fromisoformat(waarde)
        except ValueError:
            return str(waarde)
    if not isinstance(waarde, datetime):
        return datum(waarde)
    patroon = "d MMMM y HH:mm:ss" if seconden else "d MMMM y HH:mm"
    return format_datetime(waarde, patroon, tzinfo=TIJDZONE, locale=LOCALE)


# Codes as the APIs store them, in the words a user reads; any other code loses its underscores.
LABELS = {
    "in_pool": "in de pool",
    "niet_in_pool": "niet in de pool",
    "beeindigd": "beëindigd",
    "te_veel_betaald": "te veel betaald",
    "te_weinig_betaald": "te weinig betaald",
    "geen_actie": "geen actie",
    "geen_benadeling": "geen benadeling",
    "geen-benadeling": "geen benadeling",
    "geen-actie": "geen actie",
    "inlichtingenbureau": "Inlichtingenbureau",
    "regionaal": "regionaal team",
    "beide": "werk en inkomen",
    "kcc": "KCC",
    "sociaal_rechercheur": "sociaal rechercheur",
    "vaardigheden_onvoldoende": "vaardigheden onvoldoende",
    "gediagnosticeerd": "diagnose vastgesteld",
    "voorgesteld": "voorgesteld",
}


def label(code: Any) -> str:
    """A stored code (`te_veel_betaald`, `in_pool`) as words (`te veel betaald`, `in de pool`)."""
    if code in (None, ""):
        return LEEG
    tekst = str(code)
    return LABELS.get(tekst, tekst.replace("_", " "))


def team(code: Any, naam_van: Callable[[str], str] = str) -> str:
    """`lokaal:GM0014` as `lokaal team Groningen` (the gemeente named when known); `regionaal` as `regionaal team`."""
    if code in (None, ""):
        return LEEG
    tekst = str(code)
    if tekst.startswith("lokaal:"):
        gemeente = tekst.removeprefix("lokaal:")
        return f"lokaal team {naam_van(gemeente)}"
    return label(tekst)


_ISO_DATUM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def waarde(x: Any) -> str:
    """Any value from an API as a reader reads it: ja/nee, a dash for nothing, Dutch dates, lists and records."""
    if x is None or x == "":
        return LEEG
    if isinstance(x, bool):
        return "ja" if x else "nee"
    if isinstance(x, str):
        if _UUID.match(x):  # an id belongs in a URL; on a page it only says that something is referred to
            return "(kenmerk)"
        if _ISO_MOMENT.match(x):
            return moment(x)
        return datum(x) if _ISO_DATUM.match(x) else label(x)
    if isinstance(x, dict):
        return "; ".join(f"{_woorden(k)}: {waarde(v)}" for k, v in x.items())
    if isinstance(x, list | tuple):
        return ", ".join(waarde(i) for i in x) or LEEG
    return str(x)


def _woorden(naam: str) -> str:
    """`urenPerWeek` and `uren_per_week` as `uren per week`."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", naam).lower().replace("_", " ")


def _decimaal(waarde: Any) -> Decimal | None:
    if waarde in (None, ""):
        return None
    try:
        return Decimal(str(waarde))
    except InvalidOperation:
        return None


def stroom(sleutel: Any) -> str:
    """A stream key (`uitkering:<id>`) as what it is about (`Uitkering`): the id belongs in URLs, not on a page."""
    soort = str(sleutel).split(":", 1)[0]
    return label(_woorden(soort)).capitalize()


def veldpad(pad: Any) -> str:
    """A field path of a comparison (`vastgesteld.2026-10-01`) in words (`vastgesteld, 1 oktober 2026`)."""
    if pad in (None, ""):
        return "(nieuw)"
    delen = []
    for deel in str(pad).split("."):
        if _ISO_DATUM.match(deel) or _ISO_MOMENT.match(deel):
            delen.append(waarde(deel))
        elif re.fullmatch(r"\d{4}-\d{2}", deel):
            delen.append(maand(deel))
        else:
            delen.append(label(_woorden(deel)))
    return ", ".join(delen)
