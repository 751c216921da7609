"""Steekproeven for heronderzoek and audit: a-select by default, stratified only on declared variables.

Rotterdam stopped its risk-scoring model over bias through proxy variables (participatiewet.md §2.4), so
no score is computed here and stratification may use only the variables in `VARIABELEN`, each with its
definition. The draw is reproducible by anyone, in any language: order the population (or each stratum)
by SHA-256 of `"<seed>:<uitkering id>"` and take the first n. The method's name and version, the seed,
the strata and the hash of the population are recorded with the sample (SteekproefGetrokken).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from dateutil.relativedelta import relativedelta

A_SELECT = "a-select/1"
GESTRATIFICEERD = "gestratificeerd/1"

# Declared stratification variables: fixed facts of the uitkering, never a score or a proxy for origin.
VARIABELEN: Mapping[str, str] = {
    "leefvorm": "De leefvorm bij de toekenning (art. 21-22 Pw): alleenstaande, alleenstaande ouder of gehuwden.",
    "looptijd": "Hoe lang de uitkering op de peildatum loopt: korter dan 1 jaar, 1 tot 3 jaar, 3 jaar of langer.",
}


@dataclass(frozen=True)
class Eenheid:
    """One running uitkering in the population, with the values of the declared variables."""

    uitkering_id: UUID
    leefvorm: str
    ingangsdatum: date

    def waarde(self, variabele: str, peildatum: date) -> str:
        """The value of a declared variable on the peildatum."""
        if variabele == "leefvorm":
            return self.leefvorm
        jaren = relativedelta(peildatum, self.ingangsdatum).years
        return "<1 jaar" if jaren < 1 else "1-3 jaar" if jaren < 3 else ">=3 jaar"


class OnbekendeVariabele(ValueError):
    """A stratification variable that is not declared."""


def populatie_hash(populatie: Sequence[Eenheid], strata: Sequence[str], peildatum: date) -> str:
    """SHA-256 over the sorted population, one line per uitkering with its strata values."""
    regels = sorted(
        "|".join([str(e.uitkering_id), *(f"{v}={e.waarde(v, peildatum)}" for v in strata)]) for e in populatie
    )
    return hashlib.sha256("\n".join(regels).encode()).hexdigest()


def _volgorde(seed: int, eenheden: Sequence[Eenheid]) -> list[Eenheid]:
    return sorted(eenheden, key=lambda e: hashlib.sha256(f"{seed}:{e.uitkering_id}".encode()).digest())


def trek(populatie: Sequence[Eenheid], omvang: int, seed: int, strata: Sequence[str], peildatum: date) -> list[UUID]:
    """The sample: a-select without strata; with strata, proportional to each stratum (largest remainder)."""
    onbekend = [v for v in strata if v not in VARIABELEN]
    if onbekend:
        raise OnbekendeVariabele(f"niet gedeclareerde variabele(n): {', '.join(onbekend)}")
    omvang = min(omvang, len(populatie))
    if not strata:
        return sorted(e.uitkering_id for e in _volgorde(seed, populatie)[:omvang])
    lagen: dict[tuple[str, ...], list[Eenheid]] = {}
    for e in populatie:
        lagen.setdefault(tuple(e.waarde(v, peildatum) for v in strata), []).append(e)
    quota = {laag: omvang * len(leden) / len(populatie) for laag, leden in lagen.items()}
    aantal = {laag: int(q) for laag, q in quota.items()}
    # The seats left go to the largest remainders; ties by the stratum's name, so the draw is one.
    rest = sorted(lagen, key=lambda laag: (-(quota[laag] - aantal[laag]), laag))
    for laag in rest[: omvang - sum(aantal.values())]:
        aantal[laag] += 1
    gekozen = [e.uitkering_id for laag in sorted(lagen) for e in _volgorde(seed, lagen[laag])[: aantal[laag]]]
    return sorted(gekozen)
