"""Inkomstenvrijlatingen of Participatiewet art. 31 lid 2 for income from work, as versioned data. Pure.

One work-income vrijlating applies per month: the first that applies in the order the law lists them
(n, r, y, z/aa), each with its percentage and its cap of the date. The periods count calendar months
from the first month with income from work in this uitkering ("werkmaand" 1), so recomputing a month
from late facts gives the same answer as the first time:

- n: 25%, months 1-6, from 27 years (lid 5); at AOW age without the 6-month limit;
- r: alleenstaande ouder with a child under 12, months 7-36 (30 consecutive months after n);
- y: medisch urenbeperkt (art. 6b), no period;
- z: LKS-doelgroep in an art. 10d job, months 7-18 (12 months after the n-period); aa continues it when the
  hours cannot be increased (`uren_niet_uitbreidbaar`).

The caps move with the net WML (art. 38 lid 4) and are printed per 1 January and 1 July. The tables below
carry what reference §1.2 prints for each date; a cap it does not print (n per 1-1-2025; r, y and z before
1-7-2025) is refused by name (GeenNorm naming the vrijlating and the date), never taken from another date.
Past the period of the last table its caps are used and the month is voorlopig (`voorlopig`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .normen import GeenNorm, Normonderdeel, grens


class Vrijlating(StrEnum):
    """The vrijlatingen of art. 31 lid 2 for income from work, in the law's order."""

    N = "art. 31 lid 2 onder n"
    R = "art. 31 lid 2 onder r"
    Y = "art. 31 lid 2 onder y"
    Z = "art. 31 lid 2 onder z en aa"


@dataclass(frozen=True)
class Vrijlatingstabel:
    """Percentage and monthly cap of each vrijlating from one date, with the source."""

    geldig_vanaf: date
    regels: dict[Vrijlating, tuple[Decimal, Decimal]]
    bron: str


_N, _R, _YZ = Decimal("0.25"), Decimal("0.125"), Decimal("0.15")
VRIJLATINGEN: tuple[Vrijlatingstabel, ...] = (
    Vrijlatingstabel(date(2024, 1, 1), {Vrijlating.N: (_N, Decimal("264"))}, "Participatiewet art. 31 lid 2, 1-1-2024"),
    Vrijlatingstabel(date(2024, 7, 1), {Vrijlating.N: (_N, Decimal("269"))}, "Participatiewet art. 31 lid 2, 1-7-2024"),
    Vrijlatingstabel(date(2025, 1, 1), {}, "Participatiewet art. 31 lid 2, 1-1-2025"),
    Vrijlatingstabel(
        date(2025, 7, 1),
        {
            Vrijlating.N: (_N, Decimal("278")),
            Vrijlating.R: (_R, Decimal("173.87")),
            Vrijlating.Y: (_YZ, Decimal("176.35")),
            Vrijlating.Z: (_YZ, Decimal("176.35")),
        },
        "Participatiewet art. 31 lid 2, bedragen per 1-7-2025",
    ),
    Vrijlatingstabel(
        date(2026, 1, 1),
        {
            Vrijlating.N: (_N, Decimal("285")),
            Vrijlating.R: (_R, Decimal("177.66")),
            Vrijlating.Y: (_YZ, Decimal("180.19")),
            Vrijlating.Z: (_YZ, Decimal("180.19")),
        },
        "Participatiewet art. 31 lid 2, bedragen per 1-1-2026",
    ),
)


def voorlopig(dag: date) -> bool:
    """Whether `dag` lies past the period of the last vrijlating table carried."""
    return dag >= grens(max(t.geldig_vanaf for t in VRIJLATINGEN))


N_MAANDEN = 6
R_MAANDEN = 30
Z_MAANDEN = 12
KIND_JONGER_DAN = 12


@dataclass(frozen=True)
class Werksituatie:
    """What decides which vrijlating applies in a month."""

    werkmaand: int  # 1 = the first calendar month with income from work in this uitkering
    leeftijd: int
    aow_leeftijd: bool
    alleenstaande_ouder_kind_onder_12: bool = False
    medisch_urenbeperkt: bool = False
    lks_doelgroep: bool = False
    uren_niet_uitbreidbaar: bool = False


def _tabel(dag: date) -> Vrijlatingstabel:
    geldig = [t for t in VRIJLATINGEN if t.geldig_vanaf <= dag]
    if not geldig:
        raise GeenNorm(f"geen vrijlatingsbedragen (art. 31 lid 2) voor {dag.isoformat()} in de tabellen")
    return max(geldig, key=lambda t: t.geldig_vanaf)


def welke(situatie: Werksituatie) -> Vrijlating | None:
    """The vrijlating that applies this month: the first in the law's order whose conditions hold."""
    s = situatie
    if s.leeftijd >= 27 and (s.aow_leeftijd or s.werkmaand <= N_MAANDEN):
        return Vrijlating.N
    if s.alleenstaande_ouder_kind_onder_12 and N_MAANDEN < s.werkmaand <= N_MAANDEN + R_MAANDEN:
        return Vrijlating.R
    if s.medisch_urenbeperkt:
        return Vrijlating.Y
    if s.lks_doelgroep and (N_MAANDEN < s.werkmaand <= N_MAANDEN + Z_MAANDEN or s.uren_niet_uitbreidbaar):
        return Vrijlating.Z
    return None


def vrijlating(netto_arbeid: Decimal, situatie: Werksituatie, dag: date) -> Normonderdeel | None:
    """The part of this month's net income from work that is not counted, with its article and cap."""
    if netto_arbeid <= 0:
        return None
    soort = welke(situatie)
    if soort is None:
        return None
    tabel = _tabel(dag)
    if soort not in tabel.regels:
        raise GeenNorm(f"{soort.value}: geen maximum per {tabel.geldig_vanaf.isoformat()} in de tabellen")
    percentage, maximum = tabel.regels[soort]
    bedrag = min(netto_arbeid * percentage, maximum)
    omschrijving = (
        f"vrijlating {percentage * 100:.1f}% van het netto inkomen uit arbeid, ten hoogste {maximum} "
        f"(werkmaand {situatie.werkmaand}; {tabel.bron})"
    )
    return Normonderdeel(soort.value, omschrijving, bedrag)


# Art. 31 lid 2 j: the premie arbeidsinschakeling is left out of the means up to a maximum per calendar year, and not
# for persons under 27 unless they belong to the LKS-doelgroep. The maximum per date as reference §1.2 prints it; it
# prints none per 1-1-2025, so a premie in that half year is refused by name (GeenNorm), never guessed.
PREMIE_MAXIMUM: tuple[tuple[date, Decimal | None], ...] = (
    (date(2024, 1, 1), Decimal("3151.00")),
    (date(2024, 7, 1), Decimal("3209.00")),
    (date(2025, 1, 1), None),
    (date(2025, 7, 1), Decimal("3326.00")),
    (date(2026, 1, 1), Decimal("3398.00")),
)
PREMIE_VANAF_LEEFTIJD = 27


@dataclass(frozen=True)
class Premie:
    """What of a premie granted is paid, and why less when it is less."""

    bedrag: Decimal
    reden: str | None
    bron: str


def premie(toegekend: Decimal, al_dit_jaar: Decimal, dag: date, leeftijd: int, lks_doelgroep: bool) -> Premie:
    """The premie of art. 31 lid 2 j that may be paid on `dag`, given what this calendar year already took up."""
    geldig = [(d, m) for d, m in PREMIE_MAXIMUM if d <= dag]
    if not geldig:
        raise GeenNorm(f"geen maximum premie arbeidsinschakeling voor {dag.isoformat()}")
    vanaf, maximum = max(geldig, key=lambda g: g[0])
    if maximum is None:
        raise GeenNorm(f"maximum premie arbeidsinschakeling per {vanaf.isoformat()} ontbreekt (art. 31 lid 2 j)")
    bron = f"Participatiewet art. 31 lid 2 onder j, maximum {maximum} per kalenderjaar per {vanaf.isoformat()}"
    if leeftijd < PREMIE_VANAF_LEEFTIJD and not lks_doelgroep:
        return Premie(Decimal(0), "jonger dan 27 en niet in de doelgroep loonkostensubsidie (art. 31 lid 2 j)", bron)
    ruimte = max(Decimal(0), maximum - al_dit_jaar)
    if toegekend > ruimte:
        return Premie(ruimte, f"het maximum van {maximum} per kalenderjaar is bereikt (art. 31 lid 2 j)", bron)
    return Premie(toegekend, None, bron)
