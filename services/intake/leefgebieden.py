"""The leefgebieden screening instrument, as versioned data, and its meervoudige-problematiek rule."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from libs.events.errors import DomainError


class OngeldigeScreening(DomainError):
    """Scores that do not fit the instrument (unknown or missing domain, score off the scale)."""

    status = 422
    title = "Ongeldige screening"


@dataclass(frozen=True)
class Instrument:
    """A screening instrument: its domains, scale and the rule that derives meervoudige problematiek.

    Rule: a domain with a score at or below `probleemgrens` is a probleemgebied; meervoudige
    problematiek means at least `meervoudig_vanaf` probleemgebieden. A domain may be left out
    (None) when it does not apply, e.g. kinderopvang without children.
    """

    versie: str
    leefgebieden: tuple[str, ...]
    schaal: Mapping[int, str]
    probleemgrens: int
    meervoudig_vanaf: int
    optioneel: frozenset[str]


@dataclass(frozen=True)
class Uitslag:
    """What a screening says beyond the raw scores."""

    probleemgebieden: tuple[str, ...]
    acuut: tuple[str, ...]
    meervoudige_problematiek: bool


# Scale after the Zelfredzaamheid-Matrix: 1 acute problems ... 5 fully self-reliant.
LEEFGEBIEDEN_2026_1 = Instrument(
    versie="leefgebieden-2026.1",
    leefgebieden=(
        "financien",
        "gezondheid",
        "huisvesting",
        "sociaal_netwerk",
        "dagbesteding",
        "taal",
        "vervoer",
        "kinderopvang",
    ),
    schaal={
        1: "acute problematiek",
        2: "niet zelfredzaam",
        3: "beperkt zelfredzaam",
        4: "voldoende zelfredzaam",
        5: "volledig zelfredzaam",
    },
    probleemgrens=2,
    meervoudig_vanaf=2,
    optioneel=frozenset({"kinderopvang"}),
)

INSTRUMENTEN: dict[str, Instrument] = {LEEFGEBIEDEN_2026_1.versie: LEEFGEBIEDEN_2026_1}
HUIDIG = LEEFGEBIEDEN_2026_1


def instrument(versie: str) -> Instrument:
    """The instrument with this version, or OngeldigeScreening."""
    try:
        return INSTRUMENTEN[versie]
    except KeyError:
        raise OngeldigeScreening(f"onbekende instrumentversie {versie!r}") from None


def beoordeel(instr: Instrument, scores: Mapping[str, int | None]) -> Uitslag:
    """Check the scores against the instrument and derive probleemgebieden and meervoudigheid."""
    onbekend = sorted(set(scores) - set(instr.leefgebieden))
    if onbekend:
        raise OngeldigeScreening(f"onbekende leefgebieden: {', '.join(onbekend)}")
    ontbrekend = [g for g in instr.leefgebieden if g not in scores and g not in instr.optioneel]
    if ontbrekend:
        raise OngeldigeScreening(f"scores ontbreken voor: {', '.join(ontbrekend)}")
    for gebied, score in scores.items():
        if score is None and gebied not in instr.optioneel:
            raise OngeldigeScreening(f"{gebied} is verplicht")
        if score is not None and score not in instr.schaal:
            raise OngeldigeScreening(
                f"{gebied}: score {score} valt buiten de schaal {min(instr.schaal)}-{max(instr.schaal)}"
            )
    gescoord = [(g, scores[g]) for g in instr.leefgebieden if scores.get(g) is not None]
    problemen = tuple(g for g, s in gescoord if s is not None and s <= instr.probleemgrens)
    acuut = tuple(g for g, s in gescoord if s == min(instr.schaal))
    return Uitslag(problemen, acuut, len(problemen) >= instr.meervoudig_vanaf)
