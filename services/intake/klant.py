"""The klant aggregate: woongemeente, who is responsible, warme overdracht, e-dienstverlening. Pure.

Responsibility changes in exactly two ways: the receiving team accepts an overdracht, or an
e-dienstverlening period expires without work (escalation to the regional team). An offered,
refused or overdue overdracht leaves the sender responsible, so a klant always has one owner.
A move within the region (`verhuis`) changes the woongemeente at once; a local responsibility
follows only through a warme overdracht from the old gemeente's team to the new one's, which the
move offers. The klant is visible to the woongemeente and to every gemeente whose local team is
responsible or party to the open overdracht, so no gemeente loses sight of a klant it still owns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.intake import (
    EDienstverleningBeeindigd,
    EDienstverleningGestart,
    EDienstverleningVerlopen,
    KlantGeregistreerd,
    KlantVerhuisd,
    KlantVertrokkenUitRegio,
    OverdrachtAangeboden,
    OverdrachtGeaccepteerd,
    OverdrachtGeweigerd,
    OverdrachtVerlopen,
    PersoonsgegevensGewist,
    Richting,
    Route,
    Team,
    Wisgrond,
    WisverzoekIngediend,
    team_id,
)
from libs.events.errors import DomainError
from libs.events.registry import EventData

STREAM_TYPE = "klant"
E_DIENSTVERLENING_DUUR = relativedelta(months=3)


class KlantError(DomainError):
    """Base for the klant aggregate's refusals."""


class NietVerantwoordelijk(KlantError):
    """Only the responsible team may hand a klant over."""

    status = 403
    title = "Niet het verantwoordelijke team"


class OverdrachtLooptAl(KlantError):
    """There is already an open overdracht for this klant."""

    status = 409
    title = "Overdracht loopt al"


class GeenOpenOverdracht(KlantError):
    """No open overdracht with this id."""

    status = 409
    title = "Geen openstaande overdracht"


class NietDeOntvanger(KlantError):
    """Only the receiving team may accept or refuse."""

    status = 403
    title = "Niet het ontvangende team"


class OngeldigeOverdracht(KlantError):
    """The overdracht does not make sense (to the own team, or the wrong direction)."""

    status = 422
    title = "Ongeldige overdracht"


class KlantBuitenRegio(KlantError):
    """The klant moved out of the region: no new work is taken on here."""

    status = 422
    title = "Klant woont buiten de regio"


class EDienstverleningLooptNiet(KlantError):
    """There is no running e-dienstverlening period."""

    status = 409
    title = "Geen e-dienstverlening"


@dataclass(frozen=True)
class BiedOverdrachtAan:
    """Command: offer a warme overdracht to the regional team, or back to the local team."""

    naar: Team
    vervolgstap: str
    contactpersoon: str
    motivatie: str | None = None
    klant_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class BeantwoordOverdracht:
    """Command: the receiving team accepts an overdracht (`weigering` None) or refuses it with that reason."""

    overdracht_id: UUID
    weigering: str | None
    klant_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class RegistreerVerhuizing:
    """Command: a reported move, applied once the BRP confirms it."""

    naar_gemeente: str
    per: date
    klant_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class BeeindigEDienstverlening:
    """Command: end e-dienstverlening early (work found)."""

    reden: str
    klant_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class OpenOverdracht:
    """An overdracht waiting for the receiver's answer."""

    overdracht_id: UUID
    van_team: str
    naar_team: str
    reageren_voor: date
    verlopen: bool = False


@dataclass(frozen=True)
class Klant:
    """State of one klant, folded from the klant stream."""

    klant_id: UUID
    gemeente: str
    verantwoordelijk_team: str
    overdracht: OpenOverdracht | None = None
    e_dienstverlening_tot: date | None = None
    vertrokken_naar: str | None = None
    vertrokken_per: date | None = None
    gewist: bool = False
    # A gemeente the klant moved into whose local team has not accepted the klant yet: until then it sees
    # what the BRP says and what it records itself, not the history of the gemeente the klant came from.
    nieuw_in: str | None = None
    versie: int = 0


def zichtbaar_in(state: Klant) -> frozenset[str]:
    """Gemeenten whose callers may see the klant: the woongemeente and every local team still involved."""
    teams = {state.verantwoordelijk_team}
    if state.overdracht is not None:
        teams |= {state.overdracht.van_team, state.overdracht.naar_team}
    lokaal = {gemeente_van_team(t) for t in teams if t.startswith("lokaal:")}
    return frozenset({state.gemeente, *lokaal})


def volle_historie(state: Klant) -> frozenset[str]:
    """Gemeenten whose callers see the klant's whole history: every one that sees it but a newly arrived one."""
    zichtbaar = zichtbaar_in(state)
    if state.nieuw_in is None or state.verantwoordelijk_team == team_id(Team.LOKAAL, state.nieuw_in):
        return zichtbaar
    return zichtbaar - {state.nieuw_in}


def in_regio(state: Klant) -> None:
    """New work only for a klant who lives in the region: KlantBuitenRegio otherwise."""
    if state.vertrokken_naar is not None:
        per = state.vertrokken_per.isoformat() if state.vertrokken_per else "onbekend"
        raise KlantBuitenRegio(f"de klant woont sinds {per} in {state.vertrokken_naar}, buiten deze regio")


def vertrek(state: Klant, *, naar_gemeente: str, per: date) -> list[EventData]:
    """A move out of the region: recorded; the history stays with the gemeente that had the klant."""
    in_regio(state)
    return [
        KlantVertrokkenUitRegio(
            klant_id=state.klant_id, van_gemeente=state.gemeente, naar_gemeente=naar_gemeente, per=per
        )
    ]


def verhuis(
    state: Klant,
    *,
    naar_gemeente: str,
    per: date,
    aanleiding: str,
    overdracht_id: UUID,
    reageren_voor: date,
    op: datetime,
) -> list[EventData]:
    """A move within the region: the new woongemeente; a local responsibility is offered to the new local team.

    A klant who had left the region and comes back (a new aanmelding) lives here again.
    """
    if naar_gemeente == state.gemeente and state.vertrokken_naar is None:
        return []
    events: list[EventData] = [
        KlantVerhuisd(
            klant_id=state.klant_id,
            van_gemeente=state.gemeente,
            naar_gemeente=naar_gemeente,
            per=per,
            aanleiding=aanleiding,
        )
    ]
    oud_team = team_id(Team.LOKAAL, state.gemeente)
    if state.verantwoordelijk_team == oud_team and state.overdracht is None:
        events.append(
            OverdrachtAangeboden(
                overdracht_id=overdracht_id,
                klant_id=state.klant_id,
                gemeente=naar_gemeente,
                richting=Richting.LOKAAL_NAAR_LOKAAL,
                van_team=oud_team,
                naar_team=team_id(Team.LOKAAL, naar_gemeente),
                route=None,
                meervoudige_problematiek=None,
                vervolgstap="Verhuisd: de klant woont nu in uw gemeente; neem contact op met het vorige team",
                contactpersoon=f"Lokaal team {state.gemeente}",
                reageren_voor=reageren_voor,
                aangeboden_op=op,
            )
        )
    return events


def registreer(klant_id: UUID, gemeente: str, team: str, op: datetime) -> list[EventData]:
    """A new klant; the registering team is responsible."""
    return [KlantGeregistreerd(klant_id=klant_id, gemeente=gemeente, verantwoordelijk_team=team, geregistreerd_op=op)]


def richting_van(van_team: str, naar_team: str) -> Richting:
    """Direction of an overdracht between two teams; local to local or to itself is not an overdracht."""
    regionaal = Team.REGIONAAL.value
    if van_team != regionaal and naar_team == regionaal:
        return Richting.LOKAAL_NAAR_REGIONAAL
    if van_team == regionaal and naar_team != regionaal:
        return Richting.REGIONAAL_NAAR_LOKAAL
    raise OngeldigeOverdracht(f"een overdracht gaat tussen lokaal en regionaal, niet van {van_team} naar {naar_team}")


def bied_aan(
    state: Klant,
    *,
    overdracht_id: UUID,
    teams: frozenset[str],
    naar_team: str,
    route: Route | None,
    meervoudige_problematiek: bool | None,
    vervolgstap: str,
    contactpersoon: str,
    reageren_voor: date,
    op: datetime,
    motivatie: str | None = None,
) -> list[EventData]:
    """Offer the klant to the other side, on behalf of the responsible team (one of the caller's `teams`).

    Regionaal -> lokaal goes to the woongemeente's team. A klant whose route is participatie is the local
    team's; handing one to the regional team needs a motivation.
    """
    in_regio(state)
    door_team = _verantwoordelijk(state, teams)
    if state.overdracht is not None:
        raise OverdrachtLooptAl(f"overdracht {state.overdracht.overdracht_id} wacht nog op antwoord")
    richting = richting_van(door_team, naar_team)
    if richting is Richting.REGIONAAL_NAAR_LOKAAL and naar_team != team_id(Team.LOKAAL, state.gemeente):
        raise OngeldigeOverdracht(f"terugverwijzen gaat naar het lokale team van de woongemeente {state.gemeente}")
    if richting is Richting.LOKAAL_NAAR_REGIONAAL and route is Route.PARTICIPATIE and not motivatie:
        raise OngeldigeOverdracht(
            "een klant met route participatie hoort bij het lokale team: motiveer waarom het regionale team hem krijgt"
        )
    return [
        OverdrachtAangeboden(
            overdracht_id=overdracht_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            richting=richting,
            van_team=door_team,
            naar_team=naar_team,
            route=route,
            meervoudige_problematiek=meervoudige_problematiek,
            vervolgstap=vervolgstap,
            contactpersoon=contactpersoon,
            reageren_voor=reageren_voor,
            aangeboden_op=op,
            motivatie=motivatie,
        )
    ]


def _verantwoordelijk(state: Klant, teams: frozenset[str]) -> str:
    if state.verantwoordelijk_team not in teams:
        raise NietVerantwoordelijk(f"u handelt niet namens {state.verantwoordelijk_team}, dat verantwoordelijk is")
    return state.verantwoordelijk_team


def _open(state: Klant, overdracht_id: UUID, teams: frozenset[str]) -> str:
    """The receiving team of the open overdracht, which must be one of the caller's teams."""
    open_ = state.overdracht
    if open_ is None or open_.overdracht_id != overdracht_id:
        raise GeenOpenOverdracht(f"geen openstaande overdracht {overdracht_id}")
    if open_.naar_team not in teams:
        raise NietDeOntvanger(f"alleen {open_.naar_team} kan deze overdracht beantwoorden")
    return open_.naar_team


def accepteer(state: Klant, *, overdracht_id: UUID, teams: frozenset[str], op: datetime) -> list[EventData]:
    """The receiver accepts and becomes responsible; the regional team's help ends e-dienstverlening."""
    door_team = _open(state, overdracht_id, teams)
    events: list[EventData] = [
        OverdrachtGeaccepteerd(
            overdracht_id=overdracht_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            door_team=door_team,
            geaccepteerd_op=op,
        )
    ]
    if door_team == Team.REGIONAAL.value and state.e_dienstverlening_tot is not None:
        events.append(
            EDienstverleningBeeindigd(
                klant_id=state.klant_id,
                gemeente=state.gemeente,
                reden="het regionale team begeleidt de klant",
                beeindigd_op=op,
            )
        )
    return events


def weiger(state: Klant, *, overdracht_id: UUID, teams: frozenset[str], reden: str, op: datetime) -> list[EventData]:
    """The receiver refuses with a reason; the sender remains responsible."""
    door_team = _open(state, overdracht_id, teams)
    return [
        OverdrachtGeweigerd(
            overdracht_id=overdracht_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            door_team=door_team,
            reden=reden,
            geweigerd_op=op,
        )
    ]


def controleer_termijn(state: Klant, *, overdracht_id: UUID, vandaag: date, op: datetime) -> list[EventData]:
    """Timer: escalate an overdracht still unanswered after its term (once)."""
    open_ = state.overdracht
    if open_ is None or open_.overdracht_id != overdracht_id or open_.verlopen or vandaag <= open_.reageren_voor:
        return []
    return [
        OverdrachtVerlopen(
            overdracht_id=overdracht_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            naar_team=open_.naar_team,
            verlopen_op=op,
        )
    ]


def start_e_dienstverlening(state: Klant, *, startdatum: date) -> list[EventData]:
    """Route werk: a 3-month e-dienstverlening period (restarting one that runs is refused)."""
    in_regio(state)
    if state.e_dienstverlening_tot is not None:
        return []
    return [
        EDienstverleningGestart(
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            startdatum=startdatum,
            einddatum=startdatum + E_DIENSTVERLENING_DUUR,
        )
    ]


def beeindig_e_dienstverlening(state: Klant, *, teams: frozenset[str], reden: str, op: datetime) -> list[EventData]:
    """The klant found work before the period ended (on behalf of the responsible team)."""
    _verantwoordelijk(state, teams)
    if state.e_dienstverlening_tot is None:
        raise EDienstverleningLooptNiet("er loopt geen periode e-dienstverlening")
    return [EDienstverleningBeeindigd(klant_id=state.klant_id, gemeente=state.gemeente, reden=reden, beeindigd_op=op)]


def controleer_e_dienstverlening(state: Klant, *, vandaag: date, op: datetime) -> list[EventData]:
    """Timer: when the period ran out without work, escalate to the regional team (once)."""
    if state.e_dienstverlening_tot is None or vandaag < state.e_dienstverlening_tot:
        return []
    return [
        EDienstverleningVerlopen(
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            van_team=state.verantwoordelijk_team,
            naar_team=Team.REGIONAAL.value,
            verlopen_op=op,
        )
    ]


def evolve(state: Klant | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Klant | None:
    """Apply one event to the klant's state."""
    if isinstance(event, KlantGeregistreerd):
        return Klant(event.klant_id, event.gemeente, event.verantwoordelijk_team, versie=1)
    if state is None:
        return None
    state = replace(state, versie=state.versie + 1)
    match event:
        case OverdrachtAangeboden():
            return replace(
                state,
                overdracht=OpenOverdracht(event.overdracht_id, event.van_team, event.naar_team, event.reageren_voor),
            )
        case OverdrachtGeaccepteerd():
            aangekomen = state.nieuw_in is not None and event.door_team == team_id(Team.LOKAAL, state.nieuw_in)
            nieuw_in = None if aangekomen else state.nieuw_in
            return replace(state, verantwoordelijk_team=event.door_team, overdracht=None, nieuw_in=nieuw_in)
        case OverdrachtGeweigerd():
            return replace(state, overdracht=None)
        case OverdrachtVerlopen() if state.overdracht is not None:
            return replace(state, overdracht=replace(state.overdracht, verlopen=True))
        case EDienstverleningGestart():
            return replace(state, e_dienstverlening_tot=event.einddatum)
        case EDienstverleningBeeindigd():
            return replace(state, e_dienstverlening_tot=None)
        case EDienstverleningVerlopen():
            return replace(state, e_dienstverlening_tot=None, verantwoordelijk_team=event.naar_team)
        case KlantVerhuisd():
            return replace(
                state,
                gemeente=event.naar_gemeente,
                vertrokken_naar=None,
                vertrokken_per=None,
                nieuw_in=event.naar_gemeente,
            )
        case KlantVertrokkenUitRegio():
            return replace(state, vertrokken_naar=event.naar_gemeente, vertrokken_per=event.per)
        case PersoonsgegevensGewist():
            return replace(state, gewist=True)
    return state


class AlGewist(KlantError):
    """The klant's personal data was erased already."""

    status = 409
    title = "Al gewist"


@dataclass(frozen=True)
class VraagWissingAan:
    """Command: ask to erase the klant's personal data (handhaving decides)."""

    verzoek_id: UUID
    grond: Wisgrond
    klant_id: UUID = field(kw_only=True)


def vraag_wissing(state: Klant, verzoek_id: UUID, grond: Wisgrond, op: datetime) -> list[EventData]:
    """Ask to erase the klant's personal data: handhaving decides against its holds, intake erases after."""
    if state.gewist:
        raise AlGewist(f"de persoonsgegevens van klant {state.klant_id} zijn al gewist")
    return [
        WisverzoekIngediend(
            verzoek_id=verzoek_id, klant_id=state.klant_id, gemeente=state.gemeente, grond=grond, ingediend_op=op
        )
    ]


def wis(state: Klant, grond: Wisgrond, op: datetime) -> list[EventData]:
    """Erase the klant's personal data (crypto-shredding), as handhaving allowed; once."""
    if state.gewist:
        return []
    return [PersoonsgegevensGewist(klant_id=state.klant_id, grond=grond, gewist_op=op)]


@dataclass(frozen=True)
class Overdrachtverloop:
    """One warme overdracht from offer to answer (or expiry), for the klant's history."""

    overdracht_id: UUID
    van_team: str
    naar_team: str
    vervolgstap: str
    aangeboden_op: datetime
    uitkomst: str = "open"
    afgehandeld_op: datetime | None = None
    reden: str | None = None


def overdrachten(events: Iterable[EventData]) -> list[Overdrachtverloop]:
    """Every overdracht of a klant stream, oldest first, with how it ended."""
    verloop: dict[UUID, Overdrachtverloop] = {}
    for event in events:
        match event:
            case OverdrachtAangeboden():
                verloop[event.overdracht_id] = Overdrachtverloop(
                    event.overdracht_id, event.van_team, event.naar_team, event.vervolgstap, event.aangeboden_op
                )
            case OverdrachtGeaccepteerd() if event.overdracht_id in verloop:
                verloop[event.overdracht_id] = replace(
                    verloop[event.overdracht_id], uitkomst="geaccepteerd", afgehandeld_op=event.geaccepteerd_op
                )
            case OverdrachtGeweigerd() if event.overdracht_id in verloop:
                verloop[event.overdracht_id] = replace(
                    verloop[event.overdracht_id],
                    uitkomst="geweigerd",
                    afgehandeld_op=event.geweigerd_op,
                    reden=event.reden,
                )
            case OverdrachtVerlopen() if event.overdracht_id in verloop:
                verloop[event.overdracht_id] = replace(
                    verloop[event.overdracht_id], uitkomst="verlopen", afgehandeld_op=event.verlopen_op
                )
    return sorted(verloop.values(), key=lambda o: o.aangeboden_op)


def fold(events: Iterable[EventData]) -> Klant | None:
    """State after all events of a klant stream."""
    state: Klant | None = None
    for event in events:
        state = evolve(state, event)
    return state


class KlantNietGevonden(DomainError):
    """No klant with this id is visible to the caller."""

    status = 404
    title = "Klant niet gevonden"


KLANTEN: Aggregate[Klant] = Aggregate(
    STREAM_TYPE,
    evolve,
    gemeente=lambda k: k.gemeente,
    not_found=KlantNietGevonden,
    visible_in=zichtbaar_in,
)


def overdracht_verloopt_op(aanbod: OverdrachtAangeboden) -> date:
    """The day an unanswered overdracht escalates: the day after its term (`reageren_voor`)."""
    return aanbod.reageren_voor + timedelta(days=1)


def gemeente_van_team(team: str) -> str:
    """The gemeente of a local team (`lokaal:<gemeente>`)."""
    return team.removeprefix("lokaal:")
