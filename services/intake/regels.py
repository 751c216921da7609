"""Primaire diagnose rules as versioned data: a rule set proposes route, uitkering and urgency with reasons.

Each decision is an ordered list of rules; the first rule whose conditions all hold decides and
its text becomes a reason. A condition names a fact and what it must be: a value, a list of
allowed values, or a bound (`{"min": 2}`). Changing policy means adding a new rule set version;
the version used is recorded in every DiagnoseVoorgesteld event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from libs.events.contracts.intake import Hulpvraag, Route, Urgentie


@dataclass(frozen=True)
class Feiten:
    """What the rules may look at."""

    hulpvraag: Hulpvraag
    leeftijd: int
    kan_direct_werken: bool
    gescreend: bool
    meervoudige_problematiek: bool
    aantal_probleemgebieden: int
    aantal_acute_leefgebieden: int
    financien_probleem: bool


@dataclass(frozen=True)
class Regel:
    """If every condition in `als` holds, the decision is `dan`, for the reason `waarom`."""

    code: str
    waarom: str
    als: Mapping[str, Any]
    dan: Any


@dataclass(frozen=True)
class Regelset:
    """One version of the primaire diagnose policy."""

    versie: str
    route: Sequence[Regel]
    uitkering: Sequence[Regel]
    urgentie: Sequence[Regel]


@dataclass(frozen=True)
class Voorstel:
    """The proposal and the reasons (rule code and text) behind each part of it."""

    regelset_versie: str
    route: Route
    uitkering_nodig: bool
    urgentie: Urgentie
    redenen: tuple[str, ...]


_FEITEN = {f.name for f in fields(Feiten)}

PRIMAIRE_DIAGNOSE_2026_1 = Regelset(
    versie="primaire-diagnose-2026.1",
    route=(
        Regel(
            "R1",
            "Meervoudige problematiek: eerst lokale, integrale hulp (participatie)",
            {"meervoudige_problematiek": True},
            Route.PARTICIPATIE,
        ),
        Regel(
            "R2",
            "Kan direct aan het werk: zelf zoeken met e-dienstverlening",
            {"kan_direct_werken": True, "aantal_probleemgebieden": {"max": 0}},
            Route.WERK,
        ),
        Regel(
            "R3",
            "Arbeidsvermogen om te ontwikkelen: leerwerktraject met klantmanager",
            {},
            Route.ONTWIKKELING,
        ),
    ),
    uitkering=(
        Regel("U1", "Vraagt om inkomen", {"hulpvraag": [Hulpvraag.INKOMEN, Hulpvraag.BEIDE]}, True),
        Regel("U2", "Vraagt alleen om werk", {}, False),
    ),
    urgentie=(
        Regel(
            "H1",
            "Acute problematiek op een leefgebied",
            {"aantal_acute_leefgebieden": {"min": 1}},
            Urgentie.HOOG,
        ),
        Regel(
            "H2",
            "Geldzorgen en vraagt om inkomen",
            {"financien_probleem": True, "hulpvraag": [Hulpvraag.INKOMEN, Hulpvraag.BEIDE]},
            Urgentie.HOOG,
        ),
        Regel("H3", "Geen acute signalen", {}, Urgentie.NORMAAL),
    ),
)

REGELSETS: dict[str, Regelset] = {PRIMAIRE_DIAGNOSE_2026_1.versie: PRIMAIRE_DIAGNOSE_2026_1}
HUIDIG = PRIMAIRE_DIAGNOSE_2026_1


def _geldt(voorwaarde: Any, waarde: Any) -> bool:
    if isinstance(voorwaarde, Mapping):
        return ("min" not in voorwaarde or waarde >= voorwaarde["min"]) and (
            "max" not in voorwaarde or waarde <= voorwaarde["max"]
        )
    if isinstance(voorwaarde, list | tuple | set | frozenset):
        return waarde in voorwaarde
    return bool(waarde == voorwaarde)


def _eerste(regels: Sequence[Regel], feiten: Feiten) -> Regel:
    for regel in regels:
        if all(_geldt(v, getattr(feiten, naam)) for naam, v in regel.als.items()):
            return regel
    raise ValueError("rule set has no fallback rule")


def valideer(regelset: Regelset) -> None:
    """Refuse a rule set that names unknown facts or lacks an unconditional last rule."""
    for regels in (regelset.route, regelset.uitkering, regelset.urgentie):
        for regel in regels:
            onbekend = set(regel.als) - _FEITEN
            if onbekend:
                raise ValueError(f"{regel.code}: unknown facts {sorted(onbekend)}")
        if not regels or regels[-1].als:
            raise ValueError(f"{regelset.versie}: the last rule of each decision must be unconditional")


def stel_voor(feiten: Feiten, regelset: Regelset = HUIDIG) -> Voorstel:
    """Apply a rule set to the facts."""
    route, uitkering, urgentie = (_eerste(r, feiten) for r in (regelset.route, regelset.uitkering, regelset.urgentie))
    return Voorstel(
        regelset_versie=regelset.versie,
        route=route.dan,
        uitkering_nodig=uitkering.dan,
        urgentie=urgentie.dan,
        redenen=tuple(f"{r.code}: {r.waarom}" for r in (route, uitkering, urgentie)),
    )


for _set in REGELSETS.values():
    valideer(_set)
