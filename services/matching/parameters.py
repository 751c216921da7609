"""Time-versioned legal amounts for the instruments. Every calculation records the version it used."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from libs.events.errors import DomainError


@dataclass(frozen=True)
class WmlParameters:
    """Minimum wage parameters valid from a date (WML per hour since 2024, age 21 and older)."""

    geldig_vanaf: date
    wml_per_uur: Decimal
    vakantiebijslag: Decimal
    werkgeverslasten: Decimal
    bron: str


# WML per hour: shared/reference/participatiewet.md §1.2 (metronieuws 2025-06; blikopnieuws "uitkeringsbedragen
# per 1 januari 2026"). Vakantiebijslag 8%: Wet minimumloon en minimumvakantiebijslag art. 15 (not in the
# reference). Werkgeverslasten vergoeding 23.5%: Regeling loonkostensubsidie Participatiewet art. 1, since
# 1-1-2018; the reference marks the current percentage ONZEKER, so it is a parameter to verify.
WML: tuple[WmlParameters, ...] = (
    WmlParameters(date(2025, 1, 1), Decimal("14.06"), Decimal("0.08"), Decimal("0.235"), "WML 1-1-2025"),
    WmlParameters(date(2025, 7, 1), Decimal("14.40"), Decimal("0.08"), Decimal("0.235"), "WML 1-7-2025"),
    WmlParameters(date(2026, 1, 1), Decimal("14.71"), Decimal("0.08"), Decimal("0.235"), "WML 1-1-2026"),
)


class GeenParameters(DomainError):
    """No parameter version covers the requested date."""

    status = 422
    title = "Geen parameters voor deze datum"


def wml_op(dag: date, versies: tuple[WmlParameters, ...] = WML) -> WmlParameters:
    """The parameters in force on `dag`."""
    geldig = [v for v in versies if v.geldig_vanaf <= dag]
    if not geldig:
        raise GeenParameters(f"geen WML-parameters voor {dag}")
    return max(geldig, key=lambda v: v.geldig_vanaf)
