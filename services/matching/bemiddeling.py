"""From voorstel to plaatsing: the employer's answer, the plaatsing with its instruments, nazorg. Pure.

Invariants held by unique indexes (matching_0002, matching_0003), because they span streams:
one voorstel per kandidaat and vacature (`voorstellen_paar`), and one plaatsing per kandidaat
(`plaatsingen_een_per_klant`). The checks below refuse the ordinary case with a clear reason; two
racing commands are stopped by the index, and the command path answers AlVoorgesteld / AlGeplaatst.
A vacature's last free position is given out once because a plaatsing locks the vacature's row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.matching import (
    Afwijsreden,
    Bevinding,
    Instrument,
    MatchAfgewezen,
    MatchGeaccepteerd,
    MatchVoorgesteld,
    NazorgGepland,
    NazorgVastgelegd,
    PlaatsingBeeindigd,
    PlaatsingGerealiseerd,
    ProefplaatsAfgesproken,
    ProefplaatsVerlengd,
    Uitvalreden,
)
from libs.events.contracts.werkgevers import Contractvorm
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG

from .domain import MatchingError
from .instrumenten import (
    PROEFPLAATS_MAXIMUM,
    Instrumentaanvraag,
    InstrumentError,
    Plaatsingsgegevens,
    ken_instrumenten_toe,
    laatste_dag,
)
from .scoring import Beoordeling

VOORSTEL = "voorstel"

# The unique indexes behind the invariants above, so the service can tell which one a race hit.
VOORSTEL_UNIEK = "voorstellen_paar"
PLAATSING_UNIEK = "plaatsingen_een_per_klant"
# Check-ins after the start of a plaatsing: first week, first month, the end of a usual trial period, half a year.
NAZORG_NA = (relativedelta(weeks=1), relativedelta(months=1), relativedelta(months=3), relativedelta(months=6))


class VoorstelStatus(StrEnum):
    """Where a voorstel stands."""

    VOORGESTELD = "voorgesteld"
    GEACCEPTEERD = "geaccepteerd"
    AFGEWEZEN = "afgewezen"
    GEPLAATST = "geplaatst"
    BEEINDIGD = "beeindigd"  # the plaatsing ended; the kandidaat is back in the pool


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


class VacatureNietGevonden(MatchingError):
    """No vacature with this id in your gemeenten (or not yet received from werkgevers)."""

    status = 404
    title = "Vacature niet gevonden"


class VacatureNietBeschikbaar(MatchingError):
    """The vacature is not open, or all its positions are filled."""

    status = 409
    title = "Vacature niet beschikbaar"


class GeenProfiel(MatchingError):
    """The kandidaat has no profile to match on yet."""

    status = 409
    title = "Geen profiel"


class AlVoorgesteld(MatchingError):
    """This kandidaat was already proposed for this vacature."""

    status = 409
    title = "Al voorgesteld"


class AlGeplaatst(MatchingError):
    """The kandidaat already has a plaatsing."""

    status = 409
    title = "Al geplaatst"


@dataclass(frozen=True)
class VacatureInPool:
    """A vacature as matching knows it from werkgevers' events, with the positions already taken."""

    vacature_id: UUID
    werkgever_id: UUID
    titel: str
    gemeente: str
    status: str
    aantal_plaatsen: int
    bezet: int

    def controleer_beschikbaar(self) -> None:
        """Open with a free position, or VacatureNietBeschikbaar."""
        if self.status != "open" or self.bezet >= self.aantal_plaatsen:
            raise VacatureNietBeschikbaar(
                f"de vacature is {self.status} met {self.bezet} van {self.aantal_plaatsen} plaatsen bezet"
            )


@dataclass(frozen=True)
class StelVoor:
    """Command: propose a kandidaat for a vacature, with the score and the weights used."""

    voorstel_id: UUID
    klant_id: UUID
    vacature_id: UUID
    toelichting: str | None
    op: datetime = NU


@dataclass(frozen=True)
class Weging:
    """The score weights in force and the name of that set, recorded with every voorstel."""

    gewichten: dict[str, int]
    versie: str


def stel_voor(
    command: StelVoor,
    vacature: VacatureInPool,
    *,
    gemeente_kandidaat: str,
    beoordeling: Beoordeling,
    weging: Weging,
    al_geplaatst: bool,
) -> list[EventData]:
    """A voorstel for an open vacature with a free position, for a kandidaat not yet placed."""
    vacature.controleer_beschikbaar()
    if al_geplaatst:
        raise AlGeplaatst("de kandidaat is al geplaatst")
    score, onderdelen = beoordeling.afgerond()
    return [
        MatchVoorgesteld(
            voorstel_id=command.voorstel_id,
            vacature_id=vacature.vacature_id,
            werkgever_id=vacature.werkgever_id,
            klant_id=command.klant_id,
            gemeente_kandidaat=gemeente_kandidaat,
            gemeente_werkplek=vacature.gemeente,
            score=score,
            onderdelen=onderdelen,
            afstand_m=round(beoordeling.afstand_km * 1000),
            ontbrekende_vaardigheden=list(beoordeling.ontbrekende_vaardigheden),
            gewichten=weging.gewichten,
            weging_versie=weging.versie,
            toelichting=command.toelichting,
            voorgesteld_op=command.op,
        )
    ]


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
    startdatum: date | None = None
    einddatum: date | None = None
    proefplaats_tot: date | None = None
    nazorg: dict[date, Bevinding | None] = field(default_factory=dict)
    versie: int = 0


@dataclass(frozen=True)
class Beantwoord:
    """Command: the employer's answer to a voorstel."""

    geaccepteerd: bool
    reden: Afwijsreden | None
    toelichting: str | None
    op: datetime = NU
    voorstel_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class Plaats:
    """Command: an accepted voorstel becomes a plaatsing, with the instruments asked for."""

    plaatsing_id: UUID
    startdatum: date
    einddatum: date | None
    contractvorm: Contractvorm
    uren_per_week: int
    aanvraag: Instrumentaanvraag
    op: datetime = NU
    voorstel_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class LegNazorgVast:
    """Command: what a planned nazorg check-in found."""

    moment: date
    bevinding: Bevinding
    verslag: str
    op: datetime = NU
    voorstel_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class HerijkLoonkostensubsidie:
    """Command: set a running LKS again with the kandidaat's age on its new peildatum (under 21)."""

    leeftijd: int
    vandaag: date = VANDAAG
    voorstel_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class VerlengProefplaats:
    """Command: the college extends a running proefplaats (a decision of its own, with a motivation)."""

    tot: date
    motivatie: str
    voorstel_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class BeeindigPlaatsing:
    """Command: the plaatsing ended (uitval), with a reason from the fixed list."""

    reden: Uitvalreden
    toelichting: str
    laatste_werkdag: date
    op: datetime = NU
    voorstel_id: UUID = field(kw_only=True)


class GeenLopendePlaatsing(MatchingError):
    """Only a running plaatsing can end, and not before it started."""

    status = 409
    title = "Geen lopende plaatsing"


def beantwoord(state: Voorstel, command: Beantwoord) -> list[EventData]:
    """Record the employer's answer; a rejection names a reason from the list and explains it."""
    geaccepteerd, reden, toelichting, op = command.geaccepteerd, command.reden, command.toelichting, command.op
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
        ontbreekt = {"reden": "kies een reden uit de lijst"} if reden is None else {}
        ontbreekt |= {} if toelichting else {"toelichting": "licht de afwijzing toe"}
        raise OngeldigAntwoord("een afwijzing heeft een reden uit de lijst en een toelichting", velden=ontbreekt)
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
    command: Plaats,
    *,
    doelgroep_banenafspraak: bool,
    vacature: VacatureInPool,
    al_geplaatst: bool,
) -> list[EventData]:
    """An accepted voorstel becomes a plaatsing with its instruments and planned nazorg."""
    plaatsing_id, startdatum, einddatum = command.plaatsing_id, command.startdatum, command.einddatum
    contractvorm, uren_per_week, aanvraag = command.contractvorm, command.uren_per_week, command.aanvraag
    op = command.op
    vacature.controleer_beschikbaar()
    if al_geplaatst:
        raise AlGeplaatst("de kandidaat is al geplaatst")
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
            einddatum=einddatum,
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
            # Nazorg lies within the plaatsing: no check-ins after the contract's last day.
            momenten=[startdatum + na for na in NAZORG_NA if einddatum is None or startdatum + na <= einddatum],
        ),
    ]


def verleng_proefplaats(state: Voorstel, command: VerlengProefplaats) -> list[EventData]:
    """Extend a proefplaats: later than its current end, and at most 6 months from its start in total."""
    if state.status is not VoorstelStatus.GEPLAATST or state.proefplaats_tot is None or state.startdatum is None:
        raise GeenLopendePlaatsing("er loopt geen proefplaats bij dit voorstel")
    if command.tot <= state.proefplaats_tot:
        raise InstrumentError("een verlenging eindigt na de huidige einddatum van de proefplaats")
    if command.tot > laatste_dag(state.startdatum, PROEFPLAATS_MAXIMUM):
        raise InstrumentError("een proefplaats duurt met verlenging hoogstens 6 maanden (art. 8a lid 2 onder d Pw)")
    assert state.plaatsing_id is not None
    return [
        ProefplaatsVerlengd(
            plaatsing_id=state.plaatsing_id, klant_id=state.klant_id, einddatum=command.tot, motivatie=command.motivatie
        )
    ]


def beeindig_plaatsing(state: Voorstel, command: BeeindigPlaatsing) -> list[EventData]:
    """A running plaatsing ends: the kandidaat returns to the pool, open nazorg after the last day lapses."""
    if state.status is not VoorstelStatus.GEPLAATST or state.plaatsing_id is None or state.startdatum is None:
        raise GeenLopendePlaatsing(f"er loopt geen plaatsing voor dit voorstel ({state.status.value})")
    if command.laatste_werkdag < state.startdatum:
        raise GeenLopendePlaatsing("de laatste werkdag ligt niet voor de startdatum van de plaatsing")
    return [
        PlaatsingBeeindigd(
            plaatsing_id=state.plaatsing_id,
            voorstel_id=state.voorstel_id,
            vacature_id=state.vacature_id,
            werkgever_id=state.werkgever_id,
            klant_id=state.klant_id,
            reden=command.reden,
            toelichting=command.toelichting,
            laatste_werkdag=command.laatste_werkdag,
            beeindigd_op=command.op,
        )
    ]


def leg_nazorg_vast(state: Voorstel, command: LegNazorgVast) -> list[EventData]:
    """Record a planned check-in (again, if it needs correcting)."""
    moment, bevinding, verslag, op = command.moment, command.bevinding, command.verslag, command.op
    if state.plaatsing_id is None or moment not in state.nazorg:
        raise OnbekendNazorgmoment(f"geen nazorgmoment gepland op {moment.isoformat()}")
    if state.startdatum is not None and op.date() < state.startdatum:
        raise OnbekendNazorgmoment(f"de plaatsing begint pas op {state.startdatum.isoformat()}: nog geen nazorg")
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


def evolve(state: Voorstel | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Voorstel | None:
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
            return replace(
                state,
                status=VoorstelStatus.GEPLAATST,
                plaatsing_id=event.plaatsing_id,
                startdatum=event.startdatum,
                einddatum=event.einddatum,
            )
        case ProefplaatsAfgesproken() | ProefplaatsVerlengd():
            return replace(state, proefplaats_tot=event.einddatum)
        case PlaatsingBeeindigd():
            open_na = {m: b for m, b in state.nazorg.items() if b is not None or m <= event.laatste_werkdag}
            return replace(state, status=VoorstelStatus.BEEINDIGD, einddatum=event.laatste_werkdag, nazorg=open_na)
        case NazorgGepland():
            return replace(state, nazorg={moment: None for moment in event.momenten})
        case NazorgVastgelegd():
            return replace(state, nazorg={**state.nazorg, event.moment: event.bevinding})
    return state


VOORSTELLEN: Aggregate[Voorstel] = Aggregate(
    VOORSTEL,
    evolve,
    gemeente=lambda v: v.gemeente_kandidaat,
    not_found=VoorstelNietGevonden,
    subject=lambda v: v.klant_id,
    visible_in=lambda v: {v.gemeente_kandidaat, v.gemeente_werkplek},
)
