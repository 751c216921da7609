"""Explainable matching: one score per (kandidaat, vacature), built from named components. Pure.

Every component is a number from 0 to 1 with a plain rule behind it; the total is their weighted mean
on a 0-100 scale. `beoordeel` is the specification. `statements.score_sql` computes the same formula inside
PostgreSQL to rank a whole pool in one statement; a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from libs.gebieden import afstand_km

COMPONENTEN = (
    "vaardigheden",
    "afstand",
    "uren",
    "beroep",
    "instrumenten",
    "banenafspraak",
    "beschikbaarheid",
)

STANDAARD_GEWICHTEN: dict[str, int] = {
    "vaardigheden": 35,
    "afstand": 20,
    "uren": 15,
    "beroep": 10,
    "instrumenten": 10,
    "banenafspraak": 5,
    "beschikbaarheid": 5,
}

# A wished skill counts half as much as a required one.
GEWENST_GEWICHT = 0.5
# Being available this many days after the vacature's start still counts for something.
BESCHIKBAARHEID_MARGE_DAGEN = 90
# Loonwaarde at or above this needs no instrument to fit a regular job.
VOLLEDIGE_LOONWAARDE = 100


class OngeldigeWeging(ValueError):
    """Weights that name unknown components, are negative or add up to nothing."""


def controleer_gewichten(gewichten: Mapping[str, int]) -> dict[str, int]:
    """Weights for every component (missing ones are 0); refuse unknown names and an all-zero set."""
    onbekend = set(gewichten) - set(COMPONENTEN)
    if onbekend:
        raise OngeldigeWeging(f"onbekende onderdelen: {', '.join(sorted(onbekend))}")
    if any(w < 0 for w in gewichten.values()) or sum(gewichten.values()) <= 0:
        raise OngeldigeWeging("gewichten zijn niet negatief en samen groter dan 0")
    return {c: int(gewichten.get(c, 0)) for c in COMPONENTEN}


def normaliseer_vaardigheid(vaardigheid: str) -> str:
    """ESCO URIs and labels compare case- and whitespace-insensitively."""
    return " ".join(vaardigheid.split()).casefold()


@dataclass(frozen=True)
class Profiel:
    """The kandidaat side of a match."""

    vaardigheden: frozenset[str]
    gewenste_beroepen: frozenset[str]
    uren_min: int
    uren_max: int
    max_reisafstand_km: int
    lat: float
    lon: float
    beschikbaar_vanaf: date
    loonwaarde_indicatie: int | None
    doelgroep_banenafspraak: bool


@dataclass(frozen=True)
class Vacatureprofiel:
    """The vacature side of a match."""

    vereiste_vaardigheden: frozenset[str]
    gewenste_vaardigheden: frozenset[str]
    isco08: str
    uren_per_week: int
    lat: float
    lon: float
    startdatum: date
    banenafspraak: bool
    biedt_aanpassingen: bool


@dataclass(frozen=True)
class Beoordeling:
    """A score with its breakdown and what the kandidaat lacks."""

    score: float
    onderdelen: dict[str, float]
    afstand_km: float
    ontbrekende_vaardigheden: tuple[str, ...]

    def afgerond(self) -> tuple[int, dict[str, int]]:
        """Score and components as whole percentages, as recorded in events."""
        return round(self.score), {c: round(v * 100) for c, v in self.onderdelen.items()}


def vaardigheden(p: Profiel, v: Vacatureprofiel) -> float:
    """Share of the vacature's skills the kandidaat has; wished skills count half."""
    noemer = len(v.vereiste_vaardigheden) + GEWENST_GEWICHT * len(v.gewenste_vaardigheden)
    if noemer == 0:
        return 1.0
    teller = len(v.vereiste_vaardigheden & p.vaardigheden) + GEWENST_GEWICHT * len(
        v.gewenste_vaardigheden & p.vaardigheden
    )
    return teller / noemer


def afstand(km: float, max_km: int) -> float:
    """Within the kandidaat's travel distance: 1 next door, 0.5 at the limit; beyond it 0."""
    return 0.0 if km > max_km else 1.0 - 0.5 * km / max_km


def uren(p: Profiel, v: Vacatureprofiel) -> float:
    """1 when the vacature's hours lie in the kandidaat's range, less the further outside."""
    tekort = max(p.uren_min - v.uren_per_week, v.uren_per_week - p.uren_max, 0)
    return max(0.0, 1.0 - tekort / v.uren_per_week)


def beroep(p: Profiel, v: Vacatureprofiel) -> float:
    """1 for a wished occupation, 0.5 for one in the same ISCO sub-major group or no wish, else 0."""
    if not p.gewenste_beroepen:
        return 0.5
    if v.isco08 in p.gewenste_beroepen:
        return 1.0
    return 0.5 if any(b[:2] == v.isco08[:2] for b in p.gewenste_beroepen) else 0.0


def instrumenten(p: Profiel, v: Vacatureprofiel) -> float:
    """Full loonwaarde fits anywhere; below it, LKS helps and workplace accommodations make it fit."""
    if p.loonwaarde_indicatie is None or p.loonwaarde_indicatie >= VOLLEDIGE_LOONWAARDE:
        return 1.0
    return 1.0 if v.biedt_aanpassingen else 0.5


def banenafspraak(p: Profiel, v: Vacatureprofiel) -> float:
    """Banenafspraak jobs are for the doelgroepregister; a doelgroep kandidaat elsewhere fits half."""
    if v.banenafspraak:
        return 1.0 if p.doelgroep_banenafspraak else 0.0
    return 0.5 if p.doelgroep_banenafspraak else 1.0


def beschikbaarheid(p: Profiel, v: Vacatureprofiel) -> float:
    """1 when available at the start, decreasing to 0 at 90 days late."""
    te_laat = (p.beschikbaar_vanaf - v.startdatum).days
    return 1.0 if te_laat <= 0 else max(0.0, 1.0 - te_laat / BESCHIKBAARHEID_MARGE_DAGEN)


def beoordeel(p: Profiel, v: Vacatureprofiel, gewichten: Mapping[str, int]) -> Beoordeling:
    """Score one kandidaat for one vacature, with every component and the missing required skills."""
    km = afstand_km(p.lat, p.lon, v.lat, v.lon)
    onderdelen = {
        "vaardigheden": vaardigheden(p, v),
        "afstand": afstand(km, p.max_reisafstand_km),
        "uren": uren(p, v),
        "beroep": beroep(p, v),
        "instrumenten": instrumenten(p, v),
        "banenafspraak": banenafspraak(p, v),
        "beschikbaarheid": beschikbaarheid(p, v),
    }
    totaal = sum(gewichten.values())
    score = 100.0 * sum(gewichten[c] * onderdelen[c] for c in COMPONENTEN) / totaal
    return Beoordeling(score, onderdelen, km, tuple(sorted(v.vereiste_vaardigheden - p.vaardigheden)))
