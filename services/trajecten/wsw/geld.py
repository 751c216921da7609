"""The money of the Wsw per gemeente and month, to the cent, each figure with its source. Pure.

- SE of a month: the month-end stand of hours ÷ 36 (Wsw art. 1; full time in the cao SW), exact;
- loonkosten: SE × the wage cost per SE the gemeente or SW-bedrijf entered for the year (from the cao SW tables) ÷ 12;
- rijksbijdrage: the year's amount from the circulaire ÷ 12, December taking what rounding left, so the months add
  up to the year exactly;
- inleenvergoedingen: per detachering, hours a week × 52/12 × the tariff per hour, for the days of the month it ran
  while the medewerker was in the bestand (÷ the month's days); each detachering's month rounded;
- subsidietekort = loonkosten − rijksbijdrage − inleenvergoedingen: what the gemeente pays itself. Every part is
  rounded half-up to cents before it is subtracted, so an invoice lowers the subsidietekort by exactly its amount.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from libs.events.bedragen import centen

from .domain import VOLTIJD_UREN, Financiering, Stand

WEKEN_PER_MAAND = Decimal(52) / Decimal(12)


@dataclass(frozen=True)
class Detacheringsregel:
    """A detachering as the money needs it: when, how many hours, at which tariff, and when its medewerker left."""

    van: date
    tot: date | None  # last day
    uren_per_week: int
    tarief_per_uur: Decimal
    einde_medewerker: date | None  # first day out of the bestand


@dataclass(frozen=True)
class Maandgeld:
    """One month's figures."""

    maand: date
    se: Decimal
    loonkosten: Decimal
    rijksbijdrage: Decimal
    inleenvergoedingen: Decimal
    subsidietekort: Decimal


def _dagen(d: Detacheringsregel, begin: date, eind: date) -> int:
    laatste = min(x for x in (eind, d.tot, d.einde_medewerker - timedelta(days=1) if d.einde_medewerker else None) if x)
    eerste = max(begin, d.van)
    return max(0, (laatste - eerste).days + 1)


def inleenvergoeding(d: Detacheringsregel, maand: date) -> Decimal:
    """What the inlener is billed for the month (half-up to cents)."""
    dagen_in_maand = calendar.monthrange(maand.year, maand.month)[1]
    eind = maand.replace(day=dagen_in_maand)
    dagen = _dagen(d, maand, eind)
    if dagen == 0:
        return Decimal("0.00")
    return centen(Decimal(d.uren_per_week) * WEKEN_PER_MAAND * d.tarief_per_uur * dagen / dagen_in_maand)


def maanden(
    jaar: int, standen: Sequence[Stand], detacheringen: Sequence[Detacheringsregel], financiering: Financiering | None
) -> list[Maandgeld]:
    """The twelve months of a year; without financiering entered, loonkosten and rijksbijdrage are zero."""
    per_maand = centen(financiering.rijksbijdrage / 12) if financiering else Decimal("0.00")
    uit = []
    for m in range(1, 13):
        maand = date(jaar, m, 1)
        ultimo = maand.replace(day=calendar.monthrange(jaar, m)[1])
        se = sum(
            (Decimal(s.periode(ultimo).uren_per_week) / VOLTIJD_UREN for s in standen if s.in_bestand(ultimo)),
            Decimal(0),
        )
        loon = centen(se * financiering.loonkosten_per_se / 12) if financiering else Decimal("0.00")
        rijk = per_maand if m < 12 or financiering is None else financiering.rijksbijdrage - 11 * per_maand
        inleen = sum((inleenvergoeding(d, maand) for d in detacheringen), Decimal("0.00"))
        uit.append(Maandgeld(maand, se.quantize(Decimal("0.0001")), loon, rijk, inleen, loon - rijk - inleen))
    return uit
