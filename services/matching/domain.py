"""Matching domain: the regional candidate pool as a pure fold over intake's events, and profiles."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.intake import (
    AanmeldingOntvangen,
    DiagnoseVastgesteld,
    EDienstverleningVerlopen,
    KlantGeregistreerd,
    KlantVerhuisd,
    OverdrachtGeaccepteerd,
    Route,
    Team,
)
from libs.events.contracts.matching import KandidaatprofielVastgelegd, KlantmanagerToegewezen, KlantmanagerVastgelegd
from libs.events.errors import DomainError
from libs.events.registry import EventData
from libs.events.stamps import NU

# Routes whose klanten belong in the regional pool; participatie stays local.
POOL_ROUTES = frozenset({Route.WERK, Route.ONTWIKKELING})
REGIONAAL = Team.REGIONAAL.value
# The same rule as Kandidaat.in_pool, for the read model `kandidaten k`: one definition, two languages.
POOL_BASIS_SQL = (
    f"k.route IN ({', '.join(repr(r.value) for r in sorted(POOL_ROUTES))}) AND k.verantwoordelijk_team = '{REGIONAAL}'"
)
LOPENDE_PLAATSING_SQL = (
    "SELECT 1 FROM plaatsingen lopend WHERE lopend.klant_id = k.klant_id AND lopend.beeindigd_op IS NULL"
)
# A kandidaat with a running plaatsing is not in the active pool (nor suggested) until it ends.
IN_POOL_SQL = f"{POOL_BASIS_SQL} AND NOT EXISTS ({LOPENDE_PLAATSING_SQL})"
# On a klantmanager's caseload: the active pool, and who is placed while nazorg is still open.
OP_CASELOAD_SQL = (
    f"{POOL_BASIS_SQL} AND (NOT EXISTS ({LOPENDE_PLAATSING_SQL}) OR EXISTS ("
    "SELECT 1 FROM plaatsingen pl JOIN nazorg n USING (plaatsing_id) WHERE pl.klant_id = k.klant_id "
    "AND pl.beeindigd_op IS NULL AND n.bevinding IS NULL))"
)
# Who a kandidaat's klantmanager is: a later explicit assignment wins over the one who accepted the overdracht.
KLANTMANAGER_SQL = (
    "CASE WHEN t.toegewezen_op IS NOT NULL AND (k.klantmanager_sinds IS NULL OR t.toegewezen_op >= "
    "k.klantmanager_sinds) THEN t.klantmanager ELSE k.klantmanager END"
)
KANDIDAAT = "kandidaat"


class MatchingError(DomainError):
    """Base for matching's refusals."""


class KandidaatNietGevonden(MatchingError):
    """No kandidaat with this id is visible to the caller."""

    status = 404
    title = "Kandidaat niet gevonden"


class NietInPool(MatchingError):
    """The klant is known but not in the regional pool (route or responsible team)."""

    status = 409
    title = "Niet in de regionale pool"


class OngeldigProfiel(MatchingError):
    """A profile that contradicts itself."""

    status = 422
    title = "Ongeldig profiel"


@dataclass(frozen=True)
class Kandidaat:
    """What matching knows of a klant from intake: no personal data, only what the pool needs.

    Intake publishes a klant's own events and its aanmelding's events on different streams, so
    they may arrive in either order: every field is filled by whichever event brings it.
    """

    klant_id: UUID
    aanmelding_id: UUID | None = None
    gemeente: str | None = None
    aangemeld_op: datetime | None = None
    route: Route | None = None
    gediagnosticeerd_op: datetime | None = None
    verantwoordelijk_team: str | None = None
    klantmanager: str | None = None
    klantmanager_sinds: datetime | None = None

    @property
    def in_pool(self) -> bool:
        """Routed to werk or ontwikkeling and with the regional team."""
        return self.route in POOL_ROUTES and self.verantwoordelijk_team == REGIONAAL


def evolve(state: Kandidaat | None, event: EventData, actor: str) -> Kandidaat | None:
    """Apply one intake event (caused by `actor`) to a klant's kandidaat state; latest aanmelding wins."""
    match event:
        case AanmeldingOntvangen():
            base = state or Kandidaat(event.klant_id)
            if (
                base.aanmelding_id not in (None, event.aanmelding_id)
                and base.aangemeld_op is not None
                and base.aangemeld_op > event.ontvangen_op
            ):
                return state
            return replace(
                base,
                aanmelding_id=event.aanmelding_id,
                gemeente=event.gemeente,
                aangemeld_op=event.ontvangen_op,
                route=None if base.aanmelding_id != event.aanmelding_id else base.route,
                gediagnosticeerd_op=None if base.aanmelding_id != event.aanmelding_id else base.gediagnosticeerd_op,
            )
        case DiagnoseVastgesteld() if state is not None and state.aanmelding_id == event.aanmelding_id:
            return replace(state, route=event.route, gediagnosticeerd_op=event.vastgesteld_op)
        case KlantGeregistreerd():
            base = state or Kandidaat(event.klant_id, gemeente=event.gemeente)
            return replace(base, verantwoordelijk_team=event.verantwoordelijk_team)
        case OverdrachtGeaccepteerd():
            # The klantmanager who accepted the warme overdracht becomes the kandidaat's klantmanager.
            base = state or Kandidaat(event.klant_id, gemeente=event.gemeente)
            regionaal = event.door_team == REGIONAAL
            return replace(
                base,
                verantwoordelijk_team=event.door_team,
                klantmanager=actor if regionaal else None,
                klantmanager_sinds=event.geaccepteerd_op if regionaal else None,
            )
        case EDienstverleningVerlopen():
            base = state or Kandidaat(event.klant_id, gemeente=event.gemeente)
            return replace(base, verantwoordelijk_team=event.naar_team, klantmanager=None, klantmanager_sinds=None)
        case KlantVerhuisd() if state is not None:
            # The kandidaat belongs to the woongemeente; its aanmeldingen stay where they were made.
            return replace(state, gemeente=event.naar_gemeente)
    return state


@dataclass(frozen=True)
class LegProfielVast:
    """Command: record (or replace) a kandidaat's profile."""

    vaardigheden: tuple[str, ...]
    gewenste_beroepen: tuple[str, ...]
    uren_min: int
    uren_max: int
    max_reisafstand_km: int
    postcodegebied: str | None
    beschikbaar_vanaf: date
    loonwaarde_indicatie: int | None
    doelgroep_banenafspraak: bool
    op: datetime = NU
    klant_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class WijsKlantmanagerToe:
    """Command: give a kandidaat (another) klantmanager."""

    klantmanager: str
    reden: str
    op: datetime = NU
    klant_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class LegKlantmanagerVast:
    """Command: a klantmanager's team, appointment and the gemeenten they serve."""

    klantmanager: str
    naam: str
    team: str
    fte_procent: int
    gemeenten: frozenset[str]
    op: datetime = NU


@dataclass(frozen=True)
class Klantmanager:
    """State of a klantmanager as registered for caseload: who may manage them is decided by `gemeenten`."""

    klantmanager: str
    gemeenten: frozenset[str]


class KlantmanagerNietGevonden(MatchingError):
    """No klantmanager with this subject is registered in your gemeenten."""

    status = 404
    title = "Klantmanager niet gevonden"


def _in_pool(kandidaat: Kandidaat, waarvoor: str) -> None:
    if not kandidaat.in_pool:
        raise NietInPool(f"alleen klanten met route werk of ontwikkeling bij het regionale team {waarvoor}")


def leg_profiel_vast(kandidaat: Kandidaat, command: LegProfielVast) -> list[EventData]:
    """A profile for a kandidaat in the regional pool."""
    _in_pool(kandidaat, "krijgen een profiel")
    if command.uren_min > command.uren_max:
        raise OngeldigProfiel(
            "het minimum aantal uren is hoogstens het maximum",
            velden={"urenMin": f"hoogstens het maximum van {command.uren_max} uur"},
        )
    return [
        KandidaatprofielVastgelegd(
            klant_id=kandidaat.klant_id,
            vaardigheden=list(command.vaardigheden),
            gewenste_beroepen=list(command.gewenste_beroepen),
            uren_min=command.uren_min,
            uren_max=command.uren_max,
            max_reisafstand_km=command.max_reisafstand_km,
            postcodegebied=command.postcodegebied,
            beschikbaar_vanaf=command.beschikbaar_vanaf,
            loonwaarde_indicatie=command.loonwaarde_indicatie,
            doelgroep_banenafspraak=command.doelgroep_banenafspraak,
            vastgelegd_op=command.op,
        )
    ]


def wijs_klantmanager_toe(kandidaat: Kandidaat, command: WijsKlantmanagerToe) -> list[EventData]:
    """Give a kandidaat in the pool (another) klantmanager."""
    _in_pool(kandidaat, "krijgen hier een klantmanager")
    return [
        KlantmanagerToegewezen(
            klant_id=kandidaat.klant_id,
            klantmanager=command.klantmanager,
            reden=command.reden,
            toegewezen_op=command.op,
        )
    ]


def leg_klantmanager_vast(command: LegKlantmanagerVast) -> list[EventData]:
    """Record a klantmanager for caseload norms; they serve at least one gemeente."""
    if not command.gemeenten:
        raise OngeldigProfiel("een klantmanager werkt voor minstens één gemeente")
    return [
        KlantmanagerVastgelegd(
            klantmanager=command.klantmanager,
            naam=command.naam,
            team=command.team,
            fte_procent=command.fte_procent,
            gemeenten=sorted(command.gemeenten),
            vastgelegd_op=command.op,
        )
    ]


def evolve_klantmanager(
    state: Klantmanager | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS
) -> Klantmanager | None:
    """A klantmanager after one more event."""
    if isinstance(event, KlantmanagerVastgelegd):
        return Klantmanager(event.klantmanager, frozenset(event.gemeenten))
    return state


KLANTMANAGERS: Aggregate[Klantmanager] = Aggregate(
    "klantmanager",
    evolve_klantmanager,
    gemeente=lambda k: min(k.gemeenten, default=None),
    not_found=KlantmanagerNietGevonden,
    visible_in=lambda k: k.gemeenten,
)
