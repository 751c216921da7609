"""Dutch formats for the screens: amounts, dates and moments as a Dutch reader expects them (Babel, CLDR nl_NL).

The APIs speak JSON (decimals and ISO dates as strings); a page never shows that form. Amounts are rounded half-up
to cents first, the rule the money is computed with, so a screen never rounds a cent the other way.
"""

from __future__ import annotations

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


def _decimaal(waarde: Any) -> Decimal | None:
    if waarde in (None, ""):
        return None
    try:
        return Decimal(str(waarde))
    except InvalidOperation:
        return None
