"""The vermogenstoets (Participatiewet art. 34) and the recht per month (norm minus inkomen). Pure.

Vermogen is bezittingen minus schulden (lid 1); bijstand is possible while it stays at or below the
vermogensgrens of the leefvorm (lid 3). Eigen-woning equity below its own limit is not counted (lid 2 d).
Both limits are indexed each 1 January (art. 39): only the amounts the reference prints are carried; a date
they do not cover is refused by name rather than filled in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .normen import GeenNorm


class Leefvorm(StrEnum):
    """The leefvorm the vermogensgrens depends on (art. 34 lid 3)."""

    ALLEENSTAANDE = "alleenstaande"
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder"
    GEHUWDEN = "gehuwden"


@dataclass(frozen=True)
class Vermogensgrenzen:
    """The limits of one year (from 1 January) with their source."""

    geldig_vanaf: date
    geldig_tot: date
    grens: dict[Leefvorm, Decimal]
    eigen_woning: Decimal
    bron: str


VERMOGENSGRENZEN: tuple[Vermogensgrenzen, ...] = (
    Vermogensgrenzen(
        date(2024, 1, 1),
        date(2024, 12, 31),
        {
            Leefvorm.ALLEENSTAANDE: Decimal("7575"),
            Leefvorm.ALLEENSTAANDE_OUDER: Decimal("15150"),
            Leefvorm.GEHUWDEN: Decimal("15150"),
        },
        Decimal("63900"),
        "Participatiewet art. 34 lid 3, per 1-1-2024",
    ),
    Vermogensgrenzen(
        date(2025, 1, 1),
        date(2025, 12, 31),
        {
            Leefvorm.ALLEENSTAANDE: Decimal("7770"),
            Leefvorm.ALLEENSTAANDE_OUDER: Decimal("15540"),
            Leefvorm.GEHUWDEN: Decimal("15540"),
        },
        Decimal("65500"),
        "Participatiewet art. 34 lid 3, per 1-1-2025",
    ),
    Vermogensgrenzen(
        date(2026, 1, 1),
        date(2026, 12, 31),
        {
            Leefvorm.ALLEENSTAANDE: Decimal("8000"),
            Leefvorm.ALLEENSTAANDE_OUDER: Decimal("16000"),
            Leefvorm.GEHUWDEN: Decimal("16000"),
        },
        Decimal("67500"),
        "Participatiewet art. 34 lid 3, per 1-1-2026",
    ),
)


def grenzen_op(dag: date) -> Vermogensgrenzen:
    """The limits in force on `dag`; a year the tables do not carry is a GeenNorm that says so."""
    for grenzen in VERMOGENSGRENZEN:
        if grenzen.geldig_vanaf <= dag <= grenzen.geldig_tot:
            return grenzen
    raise GeenNorm(f"geen vermogensgrenzen voor {dag.year} in de tabellen (art. 34 lid 3, geïndexeerd per 1 januari)")


@dataclass(frozen=True)
class Vermogenstoets:
    """The outcome, with the amounts it rests on."""

    vermogen: Decimal
    grens: Decimal
    boven_grens: Decimal
    woning_overwaarde_boven_vrijlating: Decimal
    bron: str

    @property
    def belemmert_bijstand(self) -> bool:
        """True when vermogen above the limit stands in the way of bijstand (art. 34 lid 3)."""
        return self.boven_grens > 0


def toets_vermogen(
    leefvorm: Leefvorm, bezittingen: Decimal, schulden: Decimal, woning_overwaarde: Decimal, dag: date
) -> Vermogenstoets:
    """Art. 34: vermogen = bezittingen - schulden, against the limit of the leefvorm; the woning separately."""
    grenzen = grenzen_op(dag)
    vermogen = bezittingen - schulden
    grens = grenzen.grens[leefvorm]
    return Vermogenstoets(
        vermogen=vermogen,
        grens=grens,
        boven_grens=max(Decimal(0), vermogen - grens),
        woning_overwaarde_boven_vrijlating=max(Decimal(0), woning_overwaarde - grenzen.eigen_woning),
        bron=grenzen.bron,
    )


def recht_per_maand(norm: Decimal, inkomen: Decimal) -> Decimal:
    """The bijstand of a month: the norm minus the income that counts, not below zero, half-up to cents."""
    return max(Decimal(0), norm - inkomen).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# Art. 19 lid 3: the norms include vakantietoeslag of 5% of the bijstand (not 4.8%: see reference §1.4), a
# versioned parameter because the law can change it.
VAKANTIETOESLAG: tuple[tuple[date, Decimal], ...] = ((date(2009, 1, 1), Decimal("0.05")),)


@dataclass(frozen=True)
class Maandbedrag:
    """A month's bijstand split into what is paid now and the vakantietoeslag reserved (paid in June, art. 45)."""

    uit_te_betalen: Decimal
    vakantietoeslag: Decimal


def splits_vakantietoeslag(bijstand: Decimal, dag: date) -> Maandbedrag:
    """Split a month's bijstand into the monthly part and the vakantietoeslag reserved (art. 19 lid 3, 45).

    The rule for the half cent: the monthly part is (100% - VT%) of the bijstand, half-up to cents, and the
    vakantietoeslag is what remains. The law prints only the total; municipal tables print the amount
    "exclusief vakantietoeslag" rounded that way (1-7-2021: 1.078,70 gives 1.024,77), and taking the
    vakantietoeslag as the remainder keeps month plus vakantietoeslag equal to the bijstand to the cent.
    """
    percentage = max(v for v in VAKANTIETOESLAG if v[0] <= dag)[1]
    maand = (bijstand * (1 - percentage)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Maandbedrag(uit_te_betalen=maand, vakantietoeslag=bijstand - maand)
