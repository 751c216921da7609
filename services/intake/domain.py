"""The aanmelding aggregate: registration, leefgebieden screening, primaire diagnose. Pure.

Commands in, events out, and a fold from events to state; no I/O. The klant aggregate
(responsibility, overdracht, e-dienstverlening) is in klant.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.intake import (
    AanmeldingOntvangen,
    DiagnoseVastgesteld,
    DiagnoseVoorgesteld,
    Hulpvraag,
    Kanaal,
    LeefgebiedenGescreend,
    Route,
    Urgentie,
    ZoektermijnGestart,
    ZoektermijnIngekort,
    ZoektermijnNietVanToepassing,
    ZoektermijnUitzondering,
)
from libs.events.errors import DomainError
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG

from . import leefgebieden, regels

STREAM_TYPE = "aanmelding"
ZOEKTERMIJN = timedelta(weeks=4)  # art. 41 lid 4 Pw
ZOEKTERMIJN_LEEFTIJD = 27
ZOEKTERMIJN_ARTIKELEN: dict[ZoektermijnUitzondering, str] = {
    ZoektermijnUitzondering.PARTNER_27_PLUS: "Participatiewet art. 41 lid 4 (niet iedere aanvrager is jonger dan 27)",
    ZoektermijnUitzondering.PRAKTIJKONDERWIJS_VSO: "Participatiewet art. 41 lid 4 onder a",
    ZoektermijnUitzondering.MEDISCH_OF_LKS: "Participatiewet art. 41 lid 4 onder b",
}


class IntakeError(DomainError):
    """Base for intake's domain errors."""


class GeenZoektermijn(IntakeError):
    """There is no running zoektermijn to shorten, or the new end lies after the old one."""

    status = 409
    title = "Geen zoektermijn om in te korten"


class GemeenteBuitenRegio(IntakeError):
    """The gemeente exists but is not part of the arbeidsmarktregio this deployment serves."""

    status = 422
    title = "Gemeente buiten de regio"


class DiagnoseAlVastgesteld(IntakeError):
    """The aanmelding already has a diagnose."""

    status = 409
    title = "Diagnose al vastgesteld"


class AanmeldingNietGevonden(IntakeError):
    """No aanmelding with this id is visible to the caller."""

    status = 404
    title = "Aanmelding niet gevonden"


class GeenVoorstel(IntakeError):
    """A diagnose is confirmed or overridden only after the rules made a proposal."""

    status = 409
    title = "Nog geen diagnosevoorstel"


class MotivatieVereist(IntakeError):
    """Deviating from the proposal needs a motivation."""

    status = 422
    title = "Motivatie vereist"


class AanmeldingStatus(StrEnum):
    """Where an aanmelding stands."""

    ONTVANGEN = "ontvangen"
    GESCREEND = "gescreend"
    VOORGESTELD = "voorgesteld"
    GEDIAGNOSTICEERD = "gediagnosticeerd"


@dataclass(frozen=True)
class Persoon:
    """Personal data as a command carries it to the source: never into an event in the clear."""

    bsn: str
    naam: str
    geboortedatum: date
    postcode: str | None = None
    straat: str | None = None
    huisnummer: str | None = None
    woonplaats: str | None = None
    telefoon: str | None = None
    email: str | None = None

    def als_json(self) -> dict[str, Any]:
        """Every field as JSON values: what is encrypted into the klant's event."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class Correctie:
    """Command: new values for some personal data fields, and why."""

    reden: str
    wijzigingen: tuple[tuple[str, Any], ...]
    klant_id: UUID = field(kw_only=True)

    def als_json(self) -> dict[str, Any]:
        """The corrected fields as JSON values (encrypted into the event)."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in self.wijzigingen}


@dataclass(frozen=True)
class RegistreerAanmelding:
    """Command from the front office: a question for help, with the person's data for the source."""

    gemeente: str
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None
    persoon: Persoon
    partner_geboortedatum: date | None = None
    zoektermijn_uitzondering: ZoektermijnUitzondering | None = None


@dataclass(frozen=True)
class Screen:
    """Command: the leefgebieden scores on one version of the instrument."""

    instrument_versie: str
    scores: tuple[tuple[str, int | None], ...]
    aanmelding_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class VraagVoorstel:
    """Command: let the rules propose a diagnose, with the front office's observation."""

    kan_direct_werken: bool
    vandaag: date = VANDAAG  # stamped by the command path (the age the rules see)
    aanmelding_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class MeldAan:
    """Command: register a question for help."""

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None
    ontvangen_op: datetime
    geboortedatum: date
    partner_geboortedatum: date | None = None
    zoektermijn_uitzondering: ZoektermijnUitzondering | None = None


@dataclass(frozen=True)
class KortZoektermijnIn:
    """Command: the college lets the aanvraag in before the zoektermijn ends (art. 41 lid 11)."""

    per: date
    motivatie: str
    aanmelding_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class StelDiagnoseVast:
    """Command: confirm the proposal (route and uitkering as proposed) or override it with a motivation."""

    route: Route
    uitkering_nodig: bool
    motivatie: str | None
    toelichting: str | None
    vastgesteld_op: datetime = NU  # stamped by the command path
    vandaag: date = VANDAAG  # stamped too: route werk starts e-dienstverlening today
    aanmelding_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class Screening:
    """What the aanmelding knows of its latest screening."""

    instrument_versie: str
    meervoudige_problematiek: bool
    probleemgebieden: tuple[str, ...]
    acuut: tuple[str, ...]


@dataclass(frozen=True)
class Aanmelding:
    """State of one aanmelding, folded from its events."""

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str
    kanaal: Kanaal
    hulpvraag: Hulpvraag
    kanaal_referentie: str | None
    ontvangen_op: datetime
    status: AanmeldingStatus = AanmeldingStatus.ONTVANGEN
    screening: Screening | None = None
    voorstel: DiagnoseVoorgesteld | None = None
    route: Route | None = None
    uitkering_nodig: bool | None = None
    urgentie: Urgentie | None = None
    voorstel_gevolgd: bool | None = None
    motivatie: str | None = None
    toelichting: str | None = None
    diagnose_op: datetime | None = None
    zoektermijn_tot: date | None = None
    zoektermijn_niet_van_toepassing: ZoektermijnUitzondering | None = None
    versie: int = 0


def leeftijd_op(geboortedatum: date, dag: date) -> int:
    """Age in whole years on `dag`."""
    return dag.year - geboortedatum.year - ((dag.month, dag.day) < (geboortedatum.month, geboortedatum.day))


def meld_aan(command: MeldAan, regio_gemeenten: frozenset[str]) -> list[EventData]:
    """Accept an aanmelding for a gemeente of the served region; under 27 asking income starts the zoektermijn."""
    if command.gemeente not in regio_gemeenten:
        raise GemeenteBuitenRegio(f"gemeente {command.gemeente} hoort niet bij de arbeidsmarktregio van deze omgeving")
    events: list[EventData] = [
        AanmeldingOntvangen(
            aanmelding_id=command.aanmelding_id,
            klant_id=command.klant_id,
            gemeente=command.gemeente,
            kanaal=command.kanaal,
            hulpvraag=command.hulpvraag,
            kanaal_referentie=command.kanaal_referentie,
            ontvangen_op=command.ontvangen_op,
        )
    ]
    meldingsdatum = command.ontvangen_op.date()
    jong = leeftijd_op(command.geboortedatum, meldingsdatum) < ZOEKTERMIJN_LEEFTIJD
    if command.hulpvraag in (Hulpvraag.INKOMEN, Hulpvraag.BEIDE) and jong:
        events.append(_zoektermijn(command, meldingsdatum))
    return events


def _zoektermijn(command: MeldAan, meldingsdatum: date) -> EventData:
    """The zoektermijn runs only when every applicant is under 27 and no exception of lid 4 applies."""
    partner = command.partner_geboortedatum
    uitzondering = command.zoektermijn_uitzondering
    if partner is not None and leeftijd_op(partner, meldingsdatum) >= ZOEKTERMIJN_LEEFTIJD:
        uitzondering = ZoektermijnUitzondering.PARTNER_27_PLUS
    if uitzondering is not None:
        return ZoektermijnNietVanToepassing(
            aanmelding_id=command.aanmelding_id,
            klant_id=command.klant_id,
            gemeente=command.gemeente,
            reden=uitzondering,
            artikel=ZOEKTERMIJN_ARTIKELEN[uitzondering],
            vastgesteld_op=meldingsdatum,
        )
    return ZoektermijnGestart(
        aanmelding_id=command.aanmelding_id,
        klant_id=command.klant_id,
        gemeente=command.gemeente,
        meldingsdatum=meldingsdatum,
        einddatum=meldingsdatum + ZOEKTERMIJN,
    )


def kort_zoektermijn_in(state: Aanmelding, command: KortZoektermijnIn) -> list[EventData]:
    """Art. 41 lid 11: the college may let the aanvraag in earlier; only a running zoektermijn, never longer."""
    if state.zoektermijn_tot is None:
        raise GeenZoektermijn("voor deze aanmelding loopt geen zoektermijn")
    if command.per > state.zoektermijn_tot:
        raise GeenZoektermijn("inkorten maakt de zoektermijn niet langer")
    return [
        ZoektermijnIngekort(
            aanmelding_id=state.aanmelding_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            einddatum=command.per,
            motivatie=command.motivatie,
            artikel="Participatiewet art. 41 lid 11",
        )
    ]


def _niet_afgerond(state: Aanmelding) -> None:
    if state.status is AanmeldingStatus.GEDIAGNOSTICEERD:
        raise DiagnoseAlVastgesteld(f"aanmelding {state.aanmelding_id} heeft al een diagnose")


def screen(
    state: Aanmelding, versleutelde_scores: str, scores: Mapping[str, int | None], versie: str, op: datetime
) -> list[EventData]:
    """Record a leefgebieden screening (scores already encrypted for the event by the caller)."""
    _niet_afgerond(state)
    uitslag = leefgebieden.beoordeel(leefgebieden.instrument(versie), scores)
    return [
        LeefgebiedenGescreend(
            aanmelding_id=state.aanmelding_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            instrument_versie=versie,
            meervoudige_problematiek=uitslag.meervoudige_problematiek,
            aantal_probleemgebieden=len(uitslag.probleemgebieden),
            versleutelde_scores=versleutelde_scores,
            gescreend_op=op,
        )
    ]


def feiten(state: Aanmelding, *, leeftijd: int, kan_direct_werken: bool) -> regels.Feiten:
    """The facts the diagnose rules look at."""
    s = state.screening
    return regels.Feiten(
        hulpvraag=state.hulpvraag,
        leeftijd=leeftijd,
        kan_direct_werken=kan_direct_werken,
        gescreend=s is not None,
        meervoudige_problematiek=bool(s and s.meervoudige_problematiek),
        aantal_probleemgebieden=len(s.probleemgebieden) if s else 0,
        aantal_acute_leefgebieden=len(s.acuut) if s else 0,
        financien_probleem=bool(s and "financien" in s.probleemgebieden),
    )


def stel_voor(state: Aanmelding, voorstel: regels.Voorstel, op: datetime) -> list[EventData]:
    """Record the rules' proposal."""
    _niet_afgerond(state)
    return [
        DiagnoseVoorgesteld(
            aanmelding_id=state.aanmelding_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            regelset_versie=voorstel.regelset_versie,
            route=voorstel.route,
            uitkering_nodig=voorstel.uitkering_nodig,
            urgentie=voorstel.urgentie,
            redenen=list(voorstel.redenen),
            voorgesteld_op=op,
        )
    ]


def stel_diagnose_vast(state: Aanmelding, command: StelDiagnoseVast) -> list[EventData]:
    """Confirm or override the proposal; overriding needs a motivation."""
    _niet_afgerond(state)
    voorstel = state.voorstel
    if voorstel is None:
        raise GeenVoorstel("vraag eerst een diagnosevoorstel op (POST .../diagnosevoorstel)")
    gevolgd = (command.route, command.uitkering_nodig) == (voorstel.route, voorstel.uitkering_nodig)
    if not gevolgd and not (command.motivatie and command.motivatie.strip()):
        raise MotivatieVereist("wie afwijkt van het voorstel, motiveert dat (veld motivatie)")
    return [
        DiagnoseVastgesteld(
            aanmelding_id=state.aanmelding_id,
            klant_id=state.klant_id,
            gemeente=state.gemeente,
            route=command.route,
            uitkering_nodig=command.uitkering_nodig,
            urgentie=voorstel.urgentie,
            regelset_versie=voorstel.regelset_versie,
            voorstel_gevolgd=gevolgd,
            motivatie=command.motivatie,
            toelichting=command.toelichting,
            vastgesteld_op=command.vastgesteld_op,
        )
    ]


def screening_van(event: LeefgebiedenGescreend, sleutels: Sleutels) -> Screening:
    """A screening with its scores decrypted and judged by its instrument (empty once the key is erased)."""
    scores = sleutels.ontsleutel(event.klant_id, event.versleutelde_scores)
    if not isinstance(scores, dict):
        return Screening(event.instrument_versie, event.meervoudige_problematiek, (), ())
    uitslag = leefgebieden.beoordeel(leefgebieden.instrument(event.instrument_versie), scores)
    return Screening(event.instrument_versie, uitslag.meervoudige_problematiek, uitslag.probleemgebieden, uitslag.acuut)


def evolve(state: Aanmelding | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Aanmelding | None:
    """Apply one event to the state; a screening's scores are decrypted through `sleutels`."""
    if isinstance(event, AanmeldingOntvangen):
        return Aanmelding(
            aanmelding_id=event.aanmelding_id,
            klant_id=event.klant_id,
            gemeente=event.gemeente,
            kanaal=event.kanaal,
            hulpvraag=event.hulpvraag,
            kanaal_referentie=event.kanaal_referentie,
            ontvangen_op=event.ontvangen_op,
            versie=1,
        )
    if state is None:
        return None
    state = replace(state, versie=state.versie + 1)
    match event:
        case ZoektermijnGestart() | ZoektermijnIngekort():
            return replace(state, zoektermijn_tot=event.einddatum)
        case ZoektermijnNietVanToepassing():
            return replace(state, zoektermijn_niet_van_toepassing=event.reden)
        case LeefgebiedenGescreend():
            screening = screening_van(event, sleutels)
            return replace(state, status=AanmeldingStatus.GESCREEND, screening=screening, voorstel=None)
        case DiagnoseVoorgesteld():
            return replace(state, status=AanmeldingStatus.VOORGESTELD, voorstel=event, urgentie=event.urgentie)
        case DiagnoseVastgesteld():
            return replace(
                state,
                status=AanmeldingStatus.GEDIAGNOSTICEERD,
                route=event.route,
                uitkering_nodig=event.uitkering_nodig,
                urgentie=event.urgentie,
                voorstel_gevolgd=event.voorstel_gevolgd,
                motivatie=event.motivatie,
                toelichting=event.toelichting,
                diagnose_op=event.vastgesteld_op,
            )
    return state


def fold(events: Iterable[EventData], sleutels: Sleutels = GEEN_SLEUTELS) -> Aanmelding | None:
    """State after all events."""
    return AANMELDINGEN.fold(None, events, sleutels)


def _klant_met_sleutel(event: EventData) -> UUID | None:
    return event.klant_id if isinstance(event, LeefgebiedenGescreend) else None


AANMELDINGEN: Aggregate[Aanmelding] = Aggregate(
    STREAM_TYPE,
    evolve,
    gemeente=lambda a: a.gemeente,
    not_found=AanmeldingNietGevonden,
    subject=lambda a: a.klant_id,
    sleutel_van=_klant_met_sleutel,
)
