"""Werkgever and vacature aggregates: registration, social return, vacature lifecycle. Pure.

Invariants held by a unique index rather than by a stream: one employer per KvK number
(`werkgevers_overzicht.kvk_nummer`, migration werkgevers_0001); a concurrent second registration
fails on it and is answered as WerkgeverBestaatAl.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.werkgevers import (
    Contactpersoon,
    Contractvorm,
    SocialReturnAfgesproken,
    VacatureGeregistreerd,
    VacatureStatus,
    VacatureStatusGewijzigd,
    Vestiging,
    WerkgeverGeregistreerd,
)
from libs.events.errors import DomainError
from libs.events.registry import EventData
from libs.events.stamps import NU

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
    vestigingen: tuple[Vestiging, ...]
    social_return: tuple[SocialReturnAfgesproken, ...] = ()
    versie: int = 0

    @property
    def gemeenten(self) -> frozenset[str]:
        """Gemeenten of its locations: who may see and serve this employer."""
        return frozenset(v.gemeente for v in self.vestigingen)


@dataclass(frozen=True)
class Vacature:
    """State of a vacature: its registration and where it stands."""

    registratie: VacatureGeregistreerd
    status: VacatureStatus
    versie: int = 0

    @property
    def gemeente(self) -> str:
        """Gemeente of the workplace."""
        return self.registratie.gemeente


@dataclass(frozen=True)
class RegistreerWerkgever:
    """Command: an employer joins the one loket."""

    werkgever_id: UUID
    kvk_nummer: str
    naam: str
    vestigingen: tuple[Vestiging, ...]
    contactpersonen: tuple[Contactpersoon, ...]
    op: datetime = NU


@dataclass(frozen=True)
class SpreekSocialReturnAf:
    """Command: promise plaatsingen and/or hours over a period."""

    afspraak_id: UUID
    van: date
    tot: date
    plaatsingen: int
    uren: int
    op: datetime = NU
    werkgever_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class RegistreerVacature:
    """Command: a vacature at one of the employer's locations."""

    vacature_id: UUID
    titel: str
    isco08: str
    vereiste_vaardigheden: tuple[str, ...]
    gewenste_vaardigheden: tuple[str, ...]
    uren_per_week: int
    postcode: str
    gemeente: str
    startdatum: date
    contractvorm: Contractvorm
    banenafspraak: bool
    aanpassingen: tuple[str, ...]
    aantal_plaatsen: int
    op: datetime = NU
    werkgever_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class WijzigStatus:
    """Command: put a vacature on hold, open it again, or withdraw it."""

    naar: VacatureStatus
    reden: str | None
    op: datetime = NU
    vacature_id: UUID = field(kw_only=True)


def registreer_werkgever(command: RegistreerWerkgever) -> list[EventData]:
    """A new employer with at least one location."""
    if not command.vestigingen:
        raise OnbekendeVestiging("een werkgever heeft minstens één vestiging")
    return [
        WerkgeverGeregistreerd(
            werkgever_id=command.werkgever_id,
            kvk_nummer=command.kvk_nummer,
            naam=command.naam,
            vestigingen=list(command.vestigingen),
            contactpersonen=list(command.contactpersonen),
            geregistreerd_op=command.op,
        )
    ]


def spreek_social_return_af(state: Werkgever, command: SpreekSocialReturnAf) -> list[EventData]:
    """Record a commitment; it must promise something over a real period."""
    if command.tot <= command.van:
        raise OngeldigeAfspraak("de periode eindigt na de start")
    if command.plaatsingen == 0 and command.uren == 0:
        raise OngeldigeAfspraak("een afspraak belooft plaatsingen, uren of beide")
    return [
        SocialReturnAfgesproken(
            werkgever_id=state.werkgever_id,
            afspraak_id=command.afspraak_id,
            van=command.van,
            tot=command.tot,
            plaatsingen=command.plaatsingen,
            uren=command.uren,
            afgesproken_op=command.op,
        )
    ]


def registreer_vacature(state: Werkgever, command: RegistreerVacature) -> list[EventData]:
    """A vacature at one of the employer's locations."""
    if (command.postcode, command.gemeente) not in {(v.postcode, v.gemeente) for v in state.vestigingen}:
        raise OnbekendeVestiging("de vacature hoort bij een vestiging van deze werkgever (postcode en gemeente)")
    return [
        VacatureGeregistreerd(
            vacature_id=command.vacature_id,
            werkgever_id=state.werkgever_id,
            titel=command.titel,
            isco08=command.isco08,
            vereiste_vaardigheden=list(command.vereiste_vaardigheden),
            gewenste_vaardigheden=list(command.gewenste_vaardigheden),
            uren_per_week=command.uren_per_week,
            postcode=command.postcode,
            gemeente=command.gemeente,
            startdatum=command.startdatum,
            contractvorm=command.contractvorm,
            banenafspraak=command.banenafspraak,
            aanpassingen=list(command.aanpassingen),
            aantal_plaatsen=command.aantal_plaatsen,
            geregistreerd_op=command.op,
        )
    ]


def wijzig_status(state: Vacature, command: WijzigStatus) -> list[EventData]:
    """Move the vacature along its lifecycle, or refuse."""
    if command.naar not in _OVERGANGEN[state.status]:
        raise OngeldigeStatusovergang(f"van {state.status.value} kan niet naar {command.naar.value}")
    return [_status(state, command.naar, command.reden, command.op)]


def registreer_bezetting(state: Vacature, *, bezet: int, op: datetime) -> list[EventData]:
    """After a plaatsing or its end: gevuld once all positions are taken, open again when uitval frees one."""
    plaatsen = state.registratie.aantal_plaatsen
    if bezet >= plaatsen and state.status in (VacatureStatus.OPEN, VacatureStatus.ON_HOLD):
        return [_status(state, VacatureStatus.GEVULD, f"alle {plaatsen} plaatsen bezet", op)]
    if bezet < plaatsen and state.status is VacatureStatus.GEVULD:
        return [_status(state, VacatureStatus.OPEN, f"{plaatsen - bezet} van {plaatsen} plaatsen vrij na uitval", op)]
    return []


def _status(state: Vacature, naar: VacatureStatus, reden: str | None, op: datetime) -> VacatureStatusGewijzigd:
    return VacatureStatusGewijzigd(
        vacature_id=state.registratie.vacature_id,
        werkgever_id=state.registratie.werkgever_id,
        van_status=state.status,
        naar_status=naar,
        reden=reden,
        gewijzigd_op=op,
    )


def evolve_werkgever(state: Werkgever | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Werkgever | None:
    """An employer after one more event."""
    if isinstance(event, WerkgeverGeregistreerd):
        return Werkgever(event.werkgever_id, event.kvk_nummer, event.naam, tuple(event.vestigingen), versie=1)
    if state is not None and isinstance(event, SocialReturnAfgesproken):
        return replace(state, social_return=(*state.social_return, event), versie=state.versie + 1)
    return state


def evolve_vacature(state: Vacature | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Vacature | None:
    """A vacature after one more event."""
    if isinstance(event, VacatureGeregistreerd):
        return Vacature(event, VacatureStatus.OPEN, versie=1)
    if state is not None and isinstance(event, VacatureStatusGewijzigd):
        return replace(state, status=event.naar_status, versie=state.versie + 1)
    return state


WERKGEVERS: Aggregate[Werkgever] = Aggregate(
    WERKGEVER,
    evolve_werkgever,
    gemeente=lambda w: w.vestigingen[0].gemeente,
    not_found=WerkgeverNietGevonden,
    visible_in=lambda w: w.gemeenten,
)
VACATURES: Aggregate[Vacature] = Aggregate(
    VACATURE, evolve_vacature, gemeente=lambda v: v.gemeente, not_found=VacatureNietGevonden
)
