"""From voorstel to plaatsing: the employer's answer, the plaatsing with its instruments, nazorg. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.contracts.matching import (
    Afwijsreden,
    Bevinding,
    Instrument,
    MatchAfgewezen,
    MatchGeaccepteerd,
    MatchVoorgesteld,
    NazorgGepland,
    NazorgVastgelegd,
    PlaatsingGerealiseerd,
)
from libs.events.contracts.werkgevers import Contractvorm
from libs.events.registry import EventData

from .domain import MatchingError
from .instrumenten import Instrumentaanvraag, Plaatsingsgegevens, ken_instrumenten_toe

VOORSTEL = "voorstel"
# Check-ins after the start of a plaatsing: first week, first month, the end of a usual trial period, half a year.
NAZORG_NA = (relativedelta(weeks=1), relativedelta(months=1), relativedelta(months=3), relativedelta(months=6))


class VoorstelStatus(StrEnum):
    """Where a voorstel stands."""

    VOORGESTELD = "voorgesteld"
    GEACCEPTEERD = "geaccepteerd"
    AFGEWEZEN = "afgewezen"
    GEPLAATST = "geplaatst"


class VoorstelNietGevonden(MatchingError):
    """No voorstel with this id."""

    status = 404
    title = "Voorstel niet gevonden"


class AlBeantwoord(MatchingError):
    """The employer already answered this voorstel."""

    status = 409
    title = "Al beantwoord"


class NietGeaccepteerd(MatchingError):
    """Only an accepted voorstel becomes a plaatsing, and only once."""

    status = 409
    title = "Voorstel niet geaccepteerd"


class OngeldigAntwoord(MatchingError):
    """An answer that misses what it needs (a rejection needs a reason and an explanation)."""

    status = 422
    title = "Ongeldig antwoord"


class OnbekendNazorgmoment(MatchingError):
    """No nazorg check-in was planned on that date, or there is no plaatsing yet."""

    status = 422
    title = "Onbekend nazorgmoment"


@dataclass(frozen=True)
class Voorstel:
    """State of one voorstel and, once placed, its plaatsing."""

    voorstel_id: UUID
    vacature_id: UUID
    werkgever_id: UUID
    klant_id: UUID
    gemeente_kandidaat: str
    gemeente_werkplek: str
    status: VoorstelStatus
    plaatsing_id: UUID | None = None
    nazorg: dict[date, Bevinding | None] = field(default_factory=dict)
    versie: int = 0


def beantwoord(
    state: Voorstel, *, geaccepteerd: bool, reden: Afwijsreden | None, toelichting: str | None, op: datetime
) -> list[EventData]:
    """Record the employer's answer; a rejection names a reason from the list and explains it."""
    if state.status is not VoorstelStatus.VOORGESTELD:
        raise AlBeantwoord(f"dit voorstel is al beantwoord ({state.status.value})")
    if geaccepteerd:
        return [
            MatchGeaccepteerd(
                voorstel_id=state.voorstel_id,
                vacature_id=state.vacature_id,
                klant_id=state.klant_id,
                toelichting=toelichting,
                beantwoord_op=op,
            )
        ]
    if reden is None or not toelichting:
        raise OngeldigAntwoord("een afwijzing heeft een reden uit de lijst en een toelichting")
    return [
        MatchAfgewezen(
            voorstel_id=state.voorstel_id,
            vacature_id=state.vacature_id,
            klant_id=state.klant_id,
            reden=reden,
            toelichting=toelichting,
            beantwoord_op=op,
        )
    ]


def plaats(
    state: Voorstel,
    *,
    plaatsing_id: UUID,
    startdatum: date,
    einddatum: date | None,
    contractvorm: Contractvorm,
    uren_per_week: int,
    aanvraag: Instrumentaanvraag,
    doelgroep_banenafspraak: bool,
    op: datetime,
) -> list[EventData]:
    """An accepted voorstel becomes a plaatsing with its instruments and planned nazorg."""
    if state.status is not VoorstelStatus.GEACCEPTEERD:
        raise NietGeaccepteerd(f"alleen een geaccepteerd voorstel wordt een plaatsing (nu {state.status.value})")
    if einddatum is not None and einddatum <= startdatum:
        raise OngeldigAntwoord("de einddatum ligt na de startdatum")
    instrumenten = ken_instrumenten_toe(
        Plaatsingsgegevens(
            plaatsing_id=plaatsing_id,
            klant_id=state.klant_id,
            werkgever_id=state.werkgever_id,
            startdatum=startdatum,
            uren_per_week=uren_per_week,
            detachering_contract=contractvorm is Contractvorm.DETACHERING,
            doelgroep_banenafspraak=doelgroep_banenafspraak,
        ),
        aanvraag,
    )
    return [
        PlaatsingGerealiseerd(
            plaatsing_id=plaatsing_id,
            voorstel_id=state.voorstel_id,
            vacature_id=state.vacature_id,
            werkgever_id=state.werkgever_id,
            klant_id=state.klant_id,
            gemeente_kandidaat=state.gemeente_kandidaat,
            gemeente_werkplek=state.gemeente_werkplek,
            startdatum=startdatum,
            einddatum=einddatum,
            contractvorm=contractvorm,
            uren_per_week=uren_per_week,
            instrumenten=sorted(aanvraag.instrumenten, key=list(Instrument).index),
            gerealiseerd_op=op,
        ),
        *instrumenten,
        NazorgGepland(
            plaatsing_id=plaatsing_id,
            klant_id=state.klant_id,
            momenten=[startdatum + na for na in NAZORG_NA],
        ),
    ]


def leg_nazorg_vast(
    state: Voorstel, *, moment: date, bevinding: Bevinding, verslag: str, op: datetime
) -> list[EventData]:
    """Record a planned check-in (again, if it needs correcting)."""
    if state.plaatsing_id is None or moment not in state.nazorg:
        raise OnbekendNazorgmoment(f"geen nazorgmoment gepland op {moment.isoformat()}")
    return [
        NazorgVastgelegd(
            plaatsing_id=state.plaatsing_id,
            klant_id=state.klant_id,
            moment=moment,
            bevinding=bevinding,
            verslag=verslag,
            vastgelegd_op=op,
        )
    ]


def evolve(state: Voorstel | None, event: EventData) -> Voorstel | None:
    """Apply one event of a voorstel stream."""
    match event:
        case MatchVoorgesteld():
            return Voorstel(
                event.voorstel_id,
                event.vacature_id,
                event.werkgever_id,
                event.klant_id,
                event.gemeente_kandidaat,
                event.gemeente_werkplek,
                VoorstelStatus.VOORGESTELD,
                versie=1,
            )
    if state is None:
        return None
    state = replace(state, versie=state.versie + 1)
    match event:
        case MatchGeaccepteerd():
            return replace(state, status=VoorstelStatus.GEACCEPTEERD)
        case MatchAfgewezen():
            return replace(state, status=VoorstelStatus.AFGEWEZEN)
        case PlaatsingGerealiseerd():
            return replace(state, status=VoorstelStatus.GEPLAATST, plaatsing_id=event.plaatsing_id)
        case NazorgGepland():
            return replace(state, nazorg={moment: None for moment in event.momenten})
        case NazorgVastgelegd():
            return replace(state, nazorg={**state.nazorg, event.moment: event.bevinding})
    return state


def fold(events: Iterable[EventData]) -> Voorstel | None:
    """State of a voorstel after its events."""
    state: Voorstel | None = None
    for event in events:
        state = evolve(state, event)
    return state
