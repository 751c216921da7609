"""Werkgever and vacature aggregates: registration, social return, vacature lifecycle. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from uuid import UUID

from libs.events.contracts.werkgevers import (
    SocialReturnAfgesproken,
    VacatureGeregistreerd,
    VacatureStatus,
    VacatureStatusGewijzigd,
    WerkgeverGeregistreerd,
)
from libs.events.errors import DomainError
from libs.events.registry import EventData

WERKGEVER = "werkgever"
VACATURE = "vacature"

# Manual lifecycle moves; `gevuld` follows from plaatsingen (matching), not from a button.
_OVERGANGEN: dict[VacatureStatus, frozenset[VacatureStatus]] = {
    VacatureStatus.OPEN: frozenset({VacatureStatus.ON_HOLD, VacatureStatus.INGETROKKEN}),
    VacatureStatus.ON_HOLD: frozenset({VacatureStatus.OPEN, VacatureStatus.INGETROKKEN}),
    VacatureStatus.GEVULD: frozenset(),
    VacatureStatus.INGETROKKEN: frozenset(),
}


class WerkgeversError(DomainError):
    """Base for the werkgevers domain's refusals."""


class WerkgeverNietGevonden(WerkgeversError):
    """No employer with this id."""

    status = 404
    title = "Werkgever niet gevonden"


class VacatureNietGevonden(WerkgeversError):
    """No vacature with this id."""

    status = 404
    title = "Vacature niet gevonden"


class WerkgeverBestaatAl(WerkgeversError):
    """An employer with this KvK number is already registered."""

    status = 409
    title = "Werkgever bestaat al"


class OngeldigeStatusovergang(WerkgeversError):
    """The vacature cannot move from its current status to the requested one."""

    status = 422
    title = "Ongeldige statusovergang"


class OngeldigeAfspraak(WerkgeversError):
    """A social return commitment that does not make sense."""

    status = 422
    title = "Ongeldige afspraak"


class OnbekendeVestiging(WerkgeversError):
    """The vacature names a location the employer does not have."""

    status = 422
    title = "Onbekende vestiging"


@dataclass(frozen=True)
class Werkgever:
    """State of an employer."""

    werkgever_id: UUID
    kvk_nummer: str
    naam: str
    vestigingen: tuple[tuple[str, str, str], ...]  # (naam, postcode, gemeente)
    social_return: tuple[SocialReturnAfgesproken, ...] = ()
    versie: int = 0


@dataclass(frozen=True)
class Vacature:
    """State of a vacature."""

    vacature_id: UUID
    werkgever_id: UUID
    gemeente: str
    status: VacatureStatus
    aantal_plaatsen: int
    versie: int = 0


def spreek_social_return_af(
    state: Werkgever, *, afspraak_id: UUID, van: date, tot: date, plaatsingen: int, uren: int, op: datetime
) -> list[EventData]:
    """Record a commitment; it must promise something over a real period."""
    if tot <= van:
        raise OngeldigeAfspraak("de periode eindigt na de start")
    if plaatsingen == 0 and uren == 0:
        raise OngeldigeAfspraak("een afspraak belooft plaatsingen, uren of beide")
    return [
        SocialReturnAfgesproken(
            werkgever_id=state.werkgever_id,
            afspraak_id=afspraak_id,
            van=van,
            tot=tot,
            plaatsingen=plaatsingen,
            uren=uren,
            afgesproken_op=op,
        )
    ]


def registreer_vacature(state: Werkgever, vacature: VacatureGeregistreerd) -> list[EventData]:
    """A vacature at one of the employer's locations."""
    if (vacature.postcode, vacature.gemeente) not in {(p, g) for _, p, g in state.vestigingen}:
        raise OnbekendeVestiging("de vacature hoort bij een vestiging van deze werkgever (postcode en gemeente)")
    return [vacature]


def wijzig_status(state: Vacature, *, naar: VacatureStatus, reden: str | None, op: datetime) -> list[EventData]:
    """Move the vacature along its lifecycle, or refuse."""
    if naar not in _OVERGANGEN[state.status]:
        raise OngeldigeStatusovergang(f"van {state.status.value} kan niet naar {naar.value}")
    return [
        VacatureStatusGewijzigd(
            vacature_id=state.vacature_id,
            werkgever_id=state.werkgever_id,
            van_status=state.status,
            naar_status=naar,
            reden=reden,
            gewijzigd_op=op,
        )
    ]


def fold_werkgever(events: Iterable[EventData]) -> Werkgever | None:
    """State of an employer after its events."""
    state: Werkgever | None = None
    for event in events:
        if isinstance(event, WerkgeverGeregistreerd):
            state = Werkgever(
                event.werkgever_id,
                event.kvk_nummer,
                event.naam,
                tuple((v.naam, v.postcode, v.gemeente) for v in event.vestigingen),
                versie=1,
            )
        elif state is not None and isinstance(event, SocialReturnAfgesproken):
            state = replace(state, social_return=(*state.social_return, event), versie=state.versie + 1)
    return state


def fold_vacature(events: Iterable[EventData]) -> Vacature | None:
    """State of a vacature after its events."""
    state: Vacature | None = None
    for event in events:
        if isinstance(event, VacatureGeregistreerd):
            state = Vacature(
                event.vacature_id,
                event.werkgever_id,
                event.gemeente,
                VacatureStatus.OPEN,
                event.aantal_plaatsen,
                versie=1,
            )
        elif state is not None and isinstance(event, VacatureStatusGewijzigd):
            state = replace(state, status=event.naar_status, versie=state.versie + 1)
    return state


def registreer_bezetting(state: Vacature, *, bezet: int, op: datetime) -> list[EventData]:
    """After a plaatsing: the vacature is gevuld once all its positions are taken (from open or on hold)."""
    if bezet < state.aantal_plaatsen or state.status not in (VacatureStatus.OPEN, VacatureStatus.ON_HOLD):
        return []
    return [
        VacatureStatusGewijzigd(
            vacature_id=state.vacature_id,
            werkgever_id=state.werkgever_id,
            van_status=state.status,
            naar_status=VacatureStatus.GEVULD,
            reden=f"alle {state.aantal_plaatsen} plaatsen bezet",
            gewijzigd_op=op,
        )
    ]
