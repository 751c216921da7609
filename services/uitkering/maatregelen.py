"""Maatregel (art. 18), taaleis (art. 18b) and bestuurlijke boete (art. 18a) as rules. Pure.

A maatregel lowers the bijstand by a percentage of the month's norm for the months it covers. For the
geüniformeerde arbeidsverplichtingen (art. 18 lid 4) the law fixes it: 100% for the verordening's 1-3
months; a recidive within 12 months longer than the first and at most 3 months; each next one 3 months
(lid 6-8). The total may be spread over at most 3 months with at least a third in the first (lid 5).
Other obligations follow the verordening's percentage and months.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

from .berekening import volgende_maand
from .verordening import Afstemmingsverordening, Verplichting, boetecategorie

RECIDIVE_VENSTER = relativedelta(months=12)  # art. 18 lid 6-8
HEROVERWEGING = relativedelta(months=3)  # art. 18 lid 3
MAX_SPREIDING = 3  # the month of imposition and at most 2 following (lid 5)


@dataclass(frozen=True)
class Maandverlaging:
    """The share of one month's norm a maatregel takes."""

    periode: date
    percentage: Decimal


@dataclass(frozen=True)
class Uitkomst:
    """A maatregel's size and why: percentage x months, the recidive step, and the articles."""

    percentage: Decimal
    maanden: int
    recidive: int  # earlier maatregelen for the geüniformeerde obligations within 12 months
    artikelen: str


def omvang(
    verplichting: Verplichting,
    feit: date,
    eerdere: Sequence[date],
    verordening: Afstemmingsverordening,
) -> Uitkomst:
    """How heavy a maatregel is for a breach on `feit`, given the dates of earlier lid-4 breaches."""
    if not verplichting.geuniformeerd:
        percentage, maanden = verordening.overige[verplichting]
        return Uitkomst(percentage, maanden, 0, f"art. 18 lid 2 en de afstemmingsverordening ({verordening.bron})")
    recidive = sum(1 for d in eerdere if feit - RECIDIVE_VENSTER <= d < feit)
    eerste = verordening.eerste_maanden
    if recidive == 0:
        maanden, lid = eerste, "lid 5"
    elif recidive == 1:
        maanden, lid = min(3, eerste + 1), "lid 6"  # longer than the first, at most 3 months
    else:
        maanden, lid = 3, "lid 7 en 8"
    return Uitkomst(Decimal("1.00"), maanden, recidive, f"art. 18 lid 4 en {lid}")


def spreid(uitkomst: Uitkomst, eerste_maand: date, over: int) -> list[Maandverlaging]:
    """The reduction per month: `over` months (1-3), each an equal share, the remainder in the first (≥ 1/3)."""
    over = max(1, min(over, MAX_SPREIDING))
    totaal = uitkomst.percentage * uitkomst.maanden  # in months of the norm, e.g. 1.00 x 2
    if over <= uitkomst.maanden or uitkomst.maanden >= MAX_SPREIDING:
        over = uitkomst.maanden  # nothing to spread: a full percentage each month
    deel = (totaal / over).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)  # the remainder keeps the first ≥ 1/3
    delen = [deel] * over
    delen[0] = totaal - deel * (over - 1)
    maand = eerste_maand.replace(day=1)
    uit = []
    for percentage in delen:
        uit.append(Maandverlaging(maand, percentage))
        maand = volgende_maand(maand)
    return uit


def heroverweging_uiterlijk(opgelegd: date) -> date:
    """Art. 18 lid 3: reconsider within 3 months."""
    return opgelegd + HEROVERWEGING


# Art. 18b lid 2-4: after a toets that shows no effort or progress, 20% for 6 months, then 40% for 6 months,
# then 100%; each step follows a new toets.
TAALEIS_STAPPEN: tuple[tuple[Decimal, int | None], ...] = (
    (Decimal("0.20"), 6),
    (Decimal("0.40"), 6),
    (Decimal("1.00"), None),
)


def taalverlaging(stap: int, vanaf: date) -> tuple[Decimal, date | None]:
    """The percentage of step `stap` (0, 1, 2...) from `vanaf`, and its last day (None: until it is met)."""
    percentage, maanden = TAALEIS_STAPPEN[min(stap, len(TAALEIS_STAPPEN) - 1)]
    tot = None if maanden is None else vanaf + relativedelta(months=maanden) - timedelta(days=1)
    return percentage, tot


WAARSCHUWING_VENSTER = relativedelta(years=2)  # art. 18a lid 4
BOETE_RECIDIVE_VENSTER = relativedelta(years=5)  # art. 18a lid 5
RECIDIVE_FACTOR = Decimal("1.5")


@dataclass(frozen=True)
class Boete:
    """A boete computed: the benadelingsbedrag, the ladder step, recidive and the category cap it met."""

    benadelingsbedrag: Decimal
    percentage: Decimal
    recidive: bool
    categorie: int
    maximum: Decimal
    bedrag: Decimal
    bron: str


def boete(
    benadelingsbedrag: Decimal,
    verwijtbaarheid: str,
    *,
    dag: date,
    eerdere_boetes: Sequence[date],
    verordening: Afstemmingsverordening,
) -> Boete:
    """Art. 18a: the ladder's share of the benadelingsbedrag, x 1.5 on recidive within 5 years, capped."""
    percentage = verordening.ladder[verwijtbaarheid]
    recidive = any(dag - BOETE_RECIDIVE_VENSTER <= d < dag for d in eerdere_boetes)
    if recidive:
        percentage = min(percentage * RECIDIVE_FACTOR, RECIDIVE_FACTOR)
    categorie = 2 if benadelingsbedrag <= 0 else 5 if verwijtbaarheid == "opzet" else 3  # lid 1 and 3
    maximum, bron = boetecategorie(categorie, dag)
    bedrag = min(benadelingsbedrag * percentage, maximum) if benadelingsbedrag > 0 else Decimal(0)
    return Boete(
        benadelingsbedrag=benadelingsbedrag,
        percentage=percentage,
        recidive=recidive,
        categorie=categorie,
        maximum=maximum,
        bedrag=bedrag.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        bron=bron,
    )


def waarschuwing_mogelijk(benadelingsbedrag: Decimal, dag: date, eerdere: Sequence[date], grens: Decimal) -> bool:
    """Art. 18a lid 4: a written warning instead of a boete, unless one was given in the past 2 years."""
    return benadelingsbedrag <= grens and not any(dag - WAARSCHUWING_VENSTER <= d < dag for d in eerdere)
