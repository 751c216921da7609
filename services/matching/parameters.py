"""Time-versioned legal amounts for the instruments. Every calculation records the version it used.

The LKS base is the monthly minimum wage of art. 8 lid 1 onder b Wet minimumloon (what Pw art. 2 means by
"wettelijk minimumloon"), pro rata 36 hours; under 21 the jeugdminimumloon, a percentage of it by age.
Amounts and sources: shared/reference/participatiewet.md §1.2 and §2.9.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from libs.events.errors import DomainError

ARTIKEL_WML = "Wet minimumloon art. 8 lid 1 onder b"
ARTIKEL_LKS = "Participatiewet art. 10d lid 4 en lid 7"


@dataclass(frozen=True)
class WmlParameters:
    """Minimum wage parameters valid from a date (age 21 and older)."""

    geldig_vanaf: date
    wml_per_maand: Decimal
    wml_per_uur: Decimal
    vakantiebijslag: Decimal
    werkgeverslasten: Decimal
    bron: str
    bevestigd: bool = True


VAKANTIEBIJSLAG = Decimal("0.08")  # Wet minimumloon art. 15
WERKGEVERSLASTEN = Decimal("0.235")  # Regeling loonkostensubsidie Participatiewet art. 1, since 1-1-2018

WML: tuple[WmlParameters, ...] = (
    WmlParameters(
        date(2024, 1, 1), Decimal("2069.40"), Decimal("13.27"), VAKANTIEBIJSLAG, WERKGEVERSLASTEN, "WML 1-1-2024"
    ),
    WmlParameters(
        date(2024, 7, 1), Decimal("2133.60"), Decimal("13.68"), VAKANTIEBIJSLAG, WERKGEVERSLASTEN, "WML 1-7-2024"
    ),
    WmlParameters(
        date(2025, 1, 1), Decimal("2191.80"), Decimal("14.06"), VAKANTIEBIJSLAG, WERKGEVERSLASTEN, "WML 1-1-2025"
    ),
    WmlParameters(
        date(2025, 7, 1), Decimal("2245.80"), Decimal("14.40"), VAKANTIEBIJSLAG, WERKGEVERSLASTEN, "WML 1-7-2025"
    ),
    WmlParameters(
        date(2026, 1, 1), Decimal("2294.40"), Decimal("14.71"), VAKANTIEBIJSLAG, WERKGEVERSLASTEN, "WML 1-1-2026"
    ),
    # Not yet seen in an official copy (reference: SECUNDAIR): amounts on it are provisional.
    WmlParameters(
        date(2026, 7, 1), Decimal("2337.00"), Decimal("14.99"), VAKANTIEBIJSLAG, WERKGEVERSLASTEN, "WML 1-7-2026", False
    ),
)
# The WML changes on 1 January and 1 July: past the last version plus half a year, amounts are provisional.
WIJZIGINGSTERMIJN = relativedelta(months=6)

# Jeugdminimumloon as a share of the 21+ amount, by age (reference §1.2; verify against the regeling of the date).
JEUGDMINIMUMLOON: dict[int, Decimal] = {
    20: Decimal("0.80"),
    19: Decimal("0.60"),
    18: Decimal("0.50"),
    17: Decimal("0.395"),
    16: Decimal("0.345"),
    15: Decimal("0.30"),
}


class GeenParameters(DomainError):
    """No parameter version covers the requested date."""

    status = 422
    title = "Geen parameters voor deze datum"


@dataclass(frozen=True)
class Wml:
    """The WML parameters that apply on a date, and whether the amount is provisional."""

    parameters: WmlParameters
    voorlopig: bool


def wml_op(dag: date, versies: tuple[WmlParameters, ...] = WML) -> Wml:
    """The parameters in force on `dag`; past the known versions the last one, marked provisional."""
    geldig = [v for v in versies if v.geldig_vanaf <= dag]
    if not geldig:
        raise GeenParameters(f"geen WML-parameters voor {dag} (bekend vanaf {versies[0].geldig_vanaf})")
    laatste = max(versies, key=lambda v: v.geldig_vanaf)
    p = max(geldig, key=lambda v: v.geldig_vanaf)
    return Wml(p, not p.bevestigd or dag >= laatste.geldig_vanaf + WIJZIGINGSTERMIJN)


def minimumloon_aandeel(leeftijd: int) -> Decimal:
    """The share of the 21+ WML that is the minimum wage at this age (1 from 21)."""
    if leeftijd >= 21:
        return Decimal(1)
    if leeftijd not in JEUGDMINIMUMLOON:
        raise GeenParameters(f"geen minimumloon voor leeftijd {leeftijd} (vanaf 15 jaar)")
    return JEUGDMINIMUMLOON[leeftijd]
