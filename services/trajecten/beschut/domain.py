"""Beschut werk (Pw art. 10b) from question to job, and the taakstelling it is measured against. Pure.

The college (or the person) asks UWV for an advies; UWV advises within 8 weeks (Besluit advisering beschut werk
art. 2); the college decides whether the person is aangewezen op beschut werk and follows the advies unless it
was not made with care; the person then works in a dienstbetrekking, at the SW-bedrijf or another employer, with
LKS on the loonwaarde and begeleiding as a voorziening. Per gemeente and year a taakstelling (art. 10b lid 4, or
higher by the raad's verordening, lid 5) is entered, never derived; the duty lapses once it is realised (lid 6).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from uuid import UUID

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.trajecten import (
    Adviesaanvrager,
    AdviesBeschutWerkAangevraagd,
    AdviesBeschutWerkUitgebracht,
    AdviesBeschutWerkVerzonden,
    BeschutteDienstbetrekkingBeeindigd,
    BeschutteDienstbetrekkingGestart,
    BeschutWerkVastgesteld,
    TaakstellingBeschutWerkVastgesteld,
)
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG

from .uwv import Advies

BESCHUT = "beschutwerk"
TAAKSTELLING = "taakstelling"
ADVIESTERMIJN = timedelta(weeks=8)  # Besluit advisering beschut werk art. 2 lid 1
_TAAKSTELLING = uuid.UUID("2a7e9d41-5c3b-4f08-b6e2-8d1f0a4c7e55")


class AanvraagNietGevonden(NietGevonden):
    """No advies beschut werk with this id in the caller's gemeenten."""

    title = "Adviesaanvraag niet gevonden"


class TaakstellingNietGevonden(NietGevonden):
    """No taakstelling for this gemeente and year."""

    title = "Taakstelling niet gevonden"


class NogGeenAdvies(Conflict):
    """The college decides after UWV's advies."""

    title = "Nog geen advies"


class NietAangewezen(Conflict):
    """A beschutte dienstbetrekking needs the college's decision that the person is aangewezen op beschut werk."""

    title = "Niet aangewezen op beschut werk"


class OngeldigBeschutWerk(DomainError):
    """A decision or dienstbetrekking that does not hold together."""

    status = 422
    title = "Ongeldig besluit beschut werk"


@dataclass(frozen=True)
class BeschutWerk:
    """One advies beschut werk and what followed from it."""

    aanvraag: AdviesBeschutWerkAangevraagd
    verzonden: AdviesBeschutWerkVerzonden | None = None
    advies: AdviesBeschutWerkUitgebracht | None = None
    vaststelling: BeschutWerkVastgesteld | None = None
    dienstbetrekking: BeschutteDienstbetrekkingGestart | None = None
    einde: BeschutteDienstbetrekkingBeeindigd | None = None

    @property
    def gemeente(self) -> str:
        """The klant's gemeente, whose college decides."""
        return self.aanvraag.gemeente

    @property
    def aanvraag_id(self) -> UUID:
        """Its id, also UWV's kenmerk."""
        return self.aanvraag.aanvraag_id


@dataclass(frozen=True)
class Taakstelling:
    """A gemeente's taakstelling for a year."""

    gemeente: str
    jaar: int
    aantal: int
    bron: str


@dataclass(frozen=True)
class VraagAdviesAan:
    """Command: ask UWV for an advies beschut werk. `bsn` is encrypted into the event by the handler."""

    aanvraag_id: UUID
    klant_id: UUID
    bsn: str
    aangevraagd_door: Adviesaanvrager
    aanleiding: str
    nieuwe_feiten: bool
    vandaag: date = VANDAAG
    op: datetime = NU
    versleuteld: str = ""  # the BSN with trajecten's key for the klant, filled by the handler


@dataclass(frozen=True)
class NeemAdviesOp:
    """Command (timer): UWV's advies came in."""

    advies: Advies
    op: datetime = NU
    aanvraag_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class StelBeschutWerkVast:
    """Command: the college's decision after the advies."""

    aangewezen: bool
    van: date
    tot: date | None
    motivering: str
    afwijking: str | None
    op: datetime = NU
    aanvraag_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class StartDienstbetrekking:
    """Command: the person starts in a beschutte dienstbetrekking."""

    dienstbetrekking_id: UUID
    werkgever: str
    startdatum: date
    uren_per_week: int
    plaatsing_id: UUID | None
    begeleiding_id: UUID | None
    op: datetime = NU
    aanvraag_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class BeeindigDienstbetrekking:
    """Command: the beschutte dienstbetrekking ends."""

    einddatum: date
    reden: str
    op: datetime = NU
    aanvraag_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class StelTaakstellingVast:
    """Command: the taakstelling of a gemeente for a year, as the regeling or the raad set it."""

    gemeente: str
    jaar: int
    aantal: int
    bron: str
    op: datetime = NU


def taakstelling_id(gemeente: str, jaar: int) -> UUID:
    """One stream per gemeente and year: entering it again replaces the number."""
    return uuid.uuid5(_TAAKSTELLING, f"{gemeente}:{jaar}")


def vraag_aan(command: VraagAdviesAan, gemeente: str) -> list[EventData]:
    """The request, with the end of UWV's 8 weeks."""
    c = command
    return [
        AdviesBeschutWerkAangevraagd(
            aanvraag_id=c.aanvraag_id,
            klant_id=c.klant_id,
            gemeente=gemeente,
            aangevraagd_door=c.aangevraagd_door,
            aanleiding=c.aanleiding,
            nieuwe_feiten=c.nieuwe_feiten,
            uiterlijk=c.vandaag + ADVIESTERMIJN,
            aangevraagd_op=c.op,
            versleuteld=c.versleuteld,
        )
    ]


def verzonden(state: BeschutWerk, op: datetime) -> list[EventData]:
    """UWV took the request (once)."""
    if state.verzonden is not None:
        return []
    return [
        AdviesBeschutWerkVerzonden(
            aanvraag_id=state.aanvraag_id, klant_id=state.aanvraag.klant_id, gemeente=state.gemeente, verzonden_op=op
        )
    ]


def neem_advies_op(state: BeschutWerk, command: NeemAdviesOp) -> list[EventData]:
    """UWV's advies, once, noting whether it came within its 8 weeks."""
    if state.advies is not None:
        return []
    a = command.advies
    return [
        AdviesBeschutWerkUitgebracht(
            aanvraag_id=state.aanvraag_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            aangewezen=a.aangewezen,
            redenen=list(a.redenen),
            uitgebracht_op=a.uitgebracht_op,
            binnen_termijn=a.uitgebracht_op <= state.aanvraag.uiterlijk,
            ontvangen_op=command.op,
        )
    ]


def stel_vast(state: BeschutWerk, command: StelBeschutWerkVast) -> list[EventData]:
    """The college's decision: after the advies, and following it unless a reason to deviate is given."""
    if state.advies is None:
        raise NogGeenAdvies("het college besluit na het advies van UWV (art. 10b lid 2)")
    if state.vaststelling is not None:
        raise Conflict("op dit advies is al besloten")
    c = command
    velden: dict[str, str] = {}
    if c.aangewezen != state.advies.aangewezen and not c.afwijking:
        velden["afwijking"] = "het college volgt het advies, tenzij het niet zorgvuldig tot stand kwam: zeg waarom"
    if c.tot is not None and c.tot < c.van:
        velden["tot"] = "niet voor van"
    if velden:
        raise OngeldigBeschutWerk("het besluit klopt niet", velden=velden)
    return [
        BeschutWerkVastgesteld(
            aanvraag_id=state.aanvraag_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            aangewezen=c.aangewezen,
            van=c.van,
            tot=c.tot if c.aangewezen else None,
            motivering=c.motivering,
            afwijking=c.afwijking if c.aangewezen != state.advies.aangewezen else None,
            doelgroepregister_tot=c.van if c.aangewezen else None,
            vastgesteld_op=c.op,
        )
    ]


def start_dienstbetrekking(state: BeschutWerk, command: StartDienstbetrekking) -> list[EventData]:
    """A dienstbetrekking for someone the college found aangewezen op beschut werk, within the indicatie."""
    v = state.vaststelling
    if v is None or not v.aangewezen:
        raise NietAangewezen("eerst besluit het college dat de persoon is aangewezen op beschut werk (art. 10b lid 1)")
    if state.dienstbetrekking is not None and state.einde is None:
        raise Conflict("er loopt al een beschutte dienstbetrekking")
    c = command
    if c.startdatum < v.van or (v.tot is not None and c.startdatum > v.tot):
        raise OngeldigBeschutWerk(
            "de dienstbetrekking begint binnen de indicatie", velden={"startdatum": f"vanaf {v.van.isoformat()}"}
        )
    return [
        BeschutteDienstbetrekkingGestart(
            dienstbetrekking_id=c.dienstbetrekking_id,
            aanvraag_id=state.aanvraag_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            werkgever=c.werkgever,
            startdatum=c.startdatum,
            uren_per_week=c.uren_per_week,
            plaatsing_id=c.plaatsing_id,
            begeleiding_id=c.begeleiding_id,
            gestart_op=c.op,
        )
    ]


def beeindig_dienstbetrekking(state: BeschutWerk, command: BeeindigDienstbetrekking) -> list[EventData]:
    """The end of the running dienstbetrekking."""
    d = state.dienstbetrekking
    if d is None or state.einde is not None:
        raise Conflict("er loopt geen beschutte dienstbetrekking")
    if command.einddatum < d.startdatum:
        raise OngeldigBeschutWerk("het einde ligt niet voor de start", velden={"einddatum": "niet voor de start"})
    return [
        BeschutteDienstbetrekkingBeeindigd(
            dienstbetrekking_id=d.dienstbetrekking_id,
            aanvraag_id=state.aanvraag_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            einddatum=command.einddatum,
            reden=command.reden,
            beeindigd_op=command.op,
        )
    ]


def stel_taakstelling_vast(state: Taakstelling | None, command: StelTaakstellingVast) -> list[EventData]:
    """The number and its source; entering the same again changes nothing."""
    c = command
    if state is not None and (state.aantal, state.bron) == (c.aantal, c.bron):
        return []
    return [
        TaakstellingBeschutWerkVastgesteld(
            gemeente=c.gemeente, jaar=c.jaar, aantal=c.aantal, bron=c.bron, vastgesteld_op=c.op
        )
    ]


def evolve(state: BeschutWerk | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> BeschutWerk | None:
    """An advies beschut werk after one more event."""
    if isinstance(event, AdviesBeschutWerkAangevraagd):
        return BeschutWerk(event)
    if state is None:
        return None
    if isinstance(event, AdviesBeschutWerkVerzonden):
        return replace(state, verzonden=event)
    if isinstance(event, AdviesBeschutWerkUitgebracht):
        return replace(state, advies=event)
    if isinstance(event, BeschutWerkVastgesteld):
        return replace(state, vaststelling=event)
    if isinstance(event, BeschutteDienstbetrekkingGestart):
        return replace(state, dienstbetrekking=event, einde=None)
    if isinstance(event, BeschutteDienstbetrekkingBeeindigd):
        return replace(state, einde=event)
    return state


def evolve_taakstelling(
    state: Taakstelling | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS
) -> Taakstelling | None:
    """A taakstelling after one more event."""
    if isinstance(event, TaakstellingBeschutWerkVastgesteld):
        return Taakstelling(event.gemeente, event.jaar, event.aantal, event.bron)
    return state


BESCHUT_WERK: Aggregate[BeschutWerk] = Aggregate(
    BESCHUT,
    evolve,
    gemeente=lambda b: b.gemeente,
    not_found=AanvraagNietGevonden,
    subject=lambda b: b.aanvraag.klant_id,
)
TAAKSTELLINGEN: Aggregate[Taakstelling] = Aggregate(
    TAAKSTELLING, evolve_taakstelling, gemeente=lambda t: t.gemeente, not_found=TaakstellingNietGevonden
)
