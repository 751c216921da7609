"""Scherpe keuzes: what a gemeente's voorzieningen bought, per kind and per diagnose route. Pure.

The definitions (docs/trajecten.md#keuzes): the population is the voorzieningen that started in the year; `kosten`
is what they realised (invoices and premies) up to the peildatum; `succesvol` counts those that ended with work
(uitstroom naar werk or plaatsing); `werk binnen N maanden` counts, among those that ended at least N months before
the peildatum, the ones whose klant had work between the start and N months after the end: the voorziening's own
outcome, or a plaatsing through matching that started in that window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.bedragen import centen
from libs.events.contracts.trajecten import Uitkomst

from .domain import WERK_BINNEN

ZONDER_ROUTE = "geen diagnose"


@dataclass(frozen=True)
class Gestart:
    """One voorziening of the population, as the read model has it."""

    klant_id: UUID
    soort: str
    route: str | None
    startdatum: date
    einddatum: date | None
    uitkomst: str | None
    kosten: Decimal


def _werk_binnen(v: Gestart, maanden: int, werk: Sequence[date]) -> bool:
    assert v.einddatum is not None
    if v.uitkomst is not None and Uitkomst(v.uitkomst).werk:
        return True
    tot = v.einddatum + relativedelta(months=maanden)
    return any(v.startdatum <= start <= tot for start in werk)


def _aandeel(teller: int, noemer: int) -> Decimal | None:
    return (Decimal(teller) / noemer).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP) if noemer else None


def _rij(
    groep: str, waarde: str, leden: Sequence[Gestart], werk: Mapping[UUID, Sequence[date]], peil: date
) -> dict[str, Any]:
    kosten = sum((v.kosten for v in leden), Decimal(0))
    succes = sum(1 for v in leden if v.uitkomst is not None and Uitkomst(v.uitkomst).werk)
    rij: dict[str, Any] = {
        "groep": groep,
        "waarde": waarde,
        "gestart": len(leden),
        "kosten": kosten,
        "kosten_per_gestarte": centen(kosten / len(leden)) if leden else None,
        "succesvol": succes,
        "kosten_per_succes": centen(kosten / succes) if succes else None,
    }
    for n in WERK_BINNEN:
        rijp = [v for v in leden if v.einddatum is not None and v.einddatum + relativedelta(months=n) <= peil]
        met_werk = sum(1 for v in rijp if _werk_binnen(v, n, werk.get(v.klant_id, ())))
        rij |= {
            f"beeindigd_{n}": len(rijp),
            f"werk_binnen_{n}": met_werk,
            f"aandeel_werk_{n}": _aandeel(met_werk, len(rijp)),
        }
    return rij


def keuzes(
    populatie: Iterable[Gestart], werk: Mapping[UUID, Sequence[date]], peildatum: date
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows per kind and per route, each sorted by its value."""
    alle = list(populatie)
    per_soort: dict[str, list[Gestart]] = {}
    per_route: dict[str, list[Gestart]] = {}
    for v in alle:
        per_soort.setdefault(v.soort, []).append(v)
        per_route.setdefault(v.route or ZONDER_ROUTE, []).append(v)
    return (
        [_rij("soort", k, leden, werk, peildatum) for k, leden in sorted(per_soort.items())],
        [_rij("route", k, leden, werk, peildatum) for k, leden in sorted(per_route.items())],
    )
