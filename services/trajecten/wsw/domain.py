"""The Wsw zittend bestand (Wet sociale werkvoorziening): the SW-bedrijf's administration for its gemeenten, and the
projection the seed documents draw from it. Pure.

No inflow since 1-1-2015: only a geïndiceerde with a Wsw dienstbetrekking on 31-12-2014 is registered. The
indicatie lapses on the day the person reaches the AOW age (Wsw art. 12 lid 2 a), so a medewerker leaves the bestand
on that day without anyone recording it; other outflow (death, own request, dismissal, two years sick, the cao's
early exit) is recorded. A gerealiseerd arbeidsjaar is a full-time dienstbetrekking for a whole year, counted as the
average of the 12 month-end stands (art. 1); full time is 36 hours a week in the cao SW (reference §3.4), and
1 SE = 1 arbeidsjaar unless a gemeente says otherwise (§3.3, ONZEKER).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.contracts.trajecten import (
    Arbeidshandicap,
    Detacheringsoort,
    Uitstroomreden,
    Werkvorm,
    WswDetacheringBeeindigd,
    WswDetacheringGestart,
    WswFinancieringVastgesteld,
    WswMedewerkerGeregistreerd,
    WswUitgestroomd,
    WswWerkvormGewijzigd,
)
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU

MEDEWERKER = "wswmedewerker"
LAATSTE_INDIENST = date(2014, 12, 31)  # Invoeringswet Participatiewet art. II: no Wsw inflow from 1-1-2015
VOLTIJD_UREN = 36  # cao SW: full time (reference §3.4)
WSW_LEAVERS_PER_PLEK = 3  # Alkmaar 2020 (reference §2.4): SZW assumes one beschut werkplek per three Wsw leavers


class MedewerkerNietGevonden(NietGevonden):
    """No Wsw-medewerker with this id in the caller's gemeenten."""

    title = "Wsw-medewerker niet gevonden"


class OngeldigeWsw(DomainError):
    """A registration or change the Wsw does not allow."""

    status = 422
    title = "Ongeldige Wsw-registratie"


@dataclass(frozen=True)
class Periode:
    """A werkvorm and hours from a date."""

    per: date
    werkvorm: Werkvorm
    uren_per_week: int


@dataclass(frozen=True)
class Detachering:
    """A detachering at an inlener, and its end once ended."""

    gestart: WswDetacheringGestart
    tot: date | None = None


@dataclass(frozen=True)
class Medewerker:
    """A Wsw-medewerker as the administration knows them."""

    geregistreerd: WswMedewerkerGeregistreerd
    perioden: tuple[Periode, ...]
    uitstroom: WswUitgestroomd | None = None
    detacheringen: tuple[Detachering, ...] = ()

    @property
    def gemeente(self) -> str:
        """The betalende gemeente."""
        return self.geregistreerd.gemeente


@dataclass(frozen=True)
class RegistreerMedewerker:
    """Command: a medewerker of the zittend bestand. `geboortedatum` is read at intake and stored encrypted."""

    medewerker_id: UUID
    klant_id: UUID
    gemeente: str
    indienst: date
    arbeidshandicap: Arbeidshandicap
    werkvorm: Werkvorm
    uren_per_week: int
    geboortedatum: date  # read at intake; only its encrypted form goes into the event
    persoonlijk: str = ""  # the birth date, encrypted by the handler
    op: datetime = NU


@dataclass(frozen=True)
class WijzigWerkvorm:
    """Command: another werkvorm or number of hours from `per`."""

    per: date
    werkvorm: Werkvorm
    uren_per_week: int
    op: datetime = NU
    medewerker_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class StroomUit:
    """Command: the medewerker left before the AOW age."""

    per: date
    reden: Uitstroomreden
    op: datetime = NU
    medewerker_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class StartDetachering:
    """Command: the medewerker works at an inlener for an inleenvergoeding per hour (Wsw art. 5)."""

    detachering_id: UUID
    werkgever_id: UUID
    soort: Detacheringsoort
    van: date
    uren_per_week: int
    tarief_per_uur: Decimal
    op: datetime = NU
    medewerker_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class BeeindigDetachering:
    """Command: a detachering ends on `tot` (its last day)."""

    detachering_id: UUID
    tot: date
    op: datetime = NU
    medewerker_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class Financiering:
    """A gemeente's Wsw money for a year, as entered."""

    gemeente: str
    jaar: int
    rijksbijdrage: Decimal
    rijksbijdrage_bron: str
    loonkosten_per_se: Decimal
    loonkosten_bron: str


@dataclass(frozen=True)
class StelFinancieringVast:
    """Command: the rijksbijdrage and the wage cost per SE of a gemeente for a year, with their sources."""

    gemeente: str
    jaar: int
    rijksbijdrage: Decimal
    rijksbijdrage_bron: str
    loonkosten_per_se: Decimal
    loonkosten_bron: str
    op: datetime = NU


def registreer(command: RegistreerMedewerker) -> list[EventData]:
    """Only the zittend bestand: a dienstbetrekking on 31-12-2014 at the latest."""
    c = command
    if c.indienst > LAATSTE_INDIENST:
        raise OngeldigeWsw(
            "sinds 1 januari 2015 is er geen instroom in de Wsw (Invoeringswet Participatiewet art. II)",
            velden={"indienst": f"uiterlijk {LAATSTE_INDIENST.isoformat()}"},
        )
    return [
        WswMedewerkerGeregistreerd(
            medewerker_id=c.medewerker_id,
            klant_id=c.klant_id,
            gemeente=c.gemeente,
            indienst=c.indienst,
            arbeidshandicap=c.arbeidshandicap,
            werkvorm=c.werkvorm,
            uren_per_week=c.uren_per_week,
            persoonlijk=c.persoonlijk,
            geregistreerd_op=c.op,
        )
    ]


def _in_bestand(state: Medewerker) -> None:
    if state.uitstroom is not None:
        raise Conflict(f"de medewerker is uitgestroomd per {state.uitstroom.per.isoformat()}")


def wijzig_werkvorm(state: Medewerker, command: WijzigWerkvorm) -> list[EventData]:
    """A change of werkvorm or hours; it is not an outflow (Regeling Statistiek Wsw)."""
    _in_bestand(state)
    if command.per < state.perioden[-1].per:
        raise OngeldigeWsw("een wijziging volgt de vorige", velden={"per": f"vanaf {state.perioden[-1].per}"})
    return [
        WswWerkvormGewijzigd(
            medewerker_id=state.geregistreerd.medewerker_id,
            klant_id=state.geregistreerd.klant_id,
            gemeente=state.gemeente,
            per=command.per,
            werkvorm=command.werkvorm,
            uren_per_week=command.uren_per_week,
            gewijzigd_op=command.op,
        )
    ]


def stroom_uit(state: Medewerker, command: StroomUit) -> list[EventData]:
    """Outflow before the AOW age, with its reason."""
    _in_bestand(state)
    if command.per <= state.geregistreerd.indienst:
        raise OngeldigeWsw("uitstroom volgt de indiensttreding", velden={"per": "na de indiensttreding"})
    return [
        WswUitgestroomd(
            medewerker_id=state.geregistreerd.medewerker_id,
            klant_id=state.geregistreerd.klant_id,
            gemeente=state.gemeente,
            per=command.per,
            reden=command.reden,
            uitgestroomd_op=command.op,
        )
    ]


def start_detachering(state: Medewerker, command: StartDetachering) -> list[EventData]:
    """A detachering while the medewerker is in the bestand; one per id."""
    _in_bestand(state)
    c = command
    if any(d.gestart.detachering_id == c.detachering_id for d in state.detacheringen):
        return []
    if c.van < state.geregistreerd.indienst:
        raise OngeldigeWsw("een detachering begint in dienst", velden={"van": "niet voor de indiensttreding"})
    return [
        WswDetacheringGestart(
            detachering_id=c.detachering_id,
            medewerker_id=state.geregistreerd.medewerker_id,
            klant_id=state.geregistreerd.klant_id,
            gemeente=state.gemeente,
            werkgever_id=c.werkgever_id,
            soort=c.soort,
            van=c.van,
            uren_per_week=c.uren_per_week,
            tarief_per_uur=c.tarief_per_uur,
            gestart_op=c.op,
        )
    ]


def beeindig_detachering(state: Medewerker, command: BeeindigDetachering) -> list[EventData]:
    """The end of a running detachering."""
    d = next((d for d in state.detacheringen if d.gestart.detachering_id == command.detachering_id), None)
    if d is None or d.tot is not None:
        raise Conflict("deze detachering loopt niet")
    if command.tot < d.gestart.van:
        raise OngeldigeWsw("het einde ligt niet voor de start", velden={"tot": "niet voor de start"})
    return [
        WswDetacheringBeeindigd(
            detachering_id=command.detachering_id,
            medewerker_id=state.geregistreerd.medewerker_id,
            klant_id=state.geregistreerd.klant_id,
            gemeente=state.gemeente,
            tot=command.tot,
            beeindigd_op=command.op,
        )
    ]


def stel_financiering_vast(state: Financiering | None, command: StelFinancieringVast) -> list[EventData]:
    """The year's figures with their sources; the same again changes nothing."""
    c = command
    nieuw = Financiering(
        c.gemeente, c.jaar, c.rijksbijdrage, c.rijksbijdrage_bron, c.loonkosten_per_se, c.loonkosten_bron
    )
    if state == nieuw:
        return []
    return [
        WswFinancieringVastgesteld(
            gemeente=c.gemeente,
            jaar=c.jaar,
            rijksbijdrage=c.rijksbijdrage,
            rijksbijdrage_bron=c.rijksbijdrage_bron,
            loonkosten_per_se=c.loonkosten_per_se,
            loonkosten_bron=c.loonkosten_bron,
            vastgesteld_op=c.op,
        )
    ]


def evolve_financiering(
    state: Financiering | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS
) -> Financiering | None:
    """A year's Wsw money after one more event."""
    if isinstance(event, WswFinancieringVastgesteld):
        e = event
        return Financiering(
            e.gemeente, e.jaar, e.rijksbijdrage, e.rijksbijdrage_bron, e.loonkosten_per_se, e.loonkosten_bron
        )
    return state


def evolve(state: Medewerker | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Medewerker | None:
    """A medewerker after one more event."""
    if isinstance(event, WswMedewerkerGeregistreerd):
        return Medewerker(event, (Periode(event.indienst, event.werkvorm, event.uren_per_week),))
    if state is None:
        return None
    if isinstance(event, WswWerkvormGewijzigd):
        return replace(state, perioden=(*state.perioden, Periode(event.per, event.werkvorm, event.uren_per_week)))
    if isinstance(event, WswUitgestroomd):
        return replace(state, uitstroom=event)
    if isinstance(event, WswDetacheringGestart):
        return replace(state, detacheringen=(*state.detacheringen, Detachering(event)))
    if isinstance(event, WswDetacheringBeeindigd):
        eind = event.tot
        return replace(
            state,
            detacheringen=tuple(
                replace(d, tot=eind) if d.gestart.detachering_id == event.detachering_id else d
                for d in state.detacheringen
            ),
        )
    return state


FINANCIERING = "wswfinanciering"
_FINANCIERING = uuid.UUID("9c4b1e27-3f6a-4d82-a0b5-6e8f2c1d7a44")


def financiering_id(gemeente: str, jaar: int) -> UUID:
    """One stream per gemeente and year."""
    return uuid.uuid5(_FINANCIERING, f"{gemeente}:{jaar}")


FINANCIERINGEN: Aggregate[Financiering] = Aggregate(
    FINANCIERING, evolve_financiering, gemeente=lambda f: f.gemeente, not_found=MedewerkerNietGevonden
)
MEDEWERKERS: Aggregate[Medewerker] = Aggregate(
    MEDEWERKER,
    evolve,
    gemeente=lambda m: m.gemeente,
    not_found=MedewerkerNietGevonden,
    subject=lambda m: m.geregistreerd.klant_id,
)


# The bestand and its projection: what is known of each medewerker, and the rules above. --------------------------


@dataclass(frozen=True)
class Stand:
    """One medewerker for counting: in from `indienst`, out on `einde` (AOW date or recorded outflow; the first day
    no longer in), with the werkvorm periods."""

    indienst: date
    einde: date | None  # None: the birth date was erased and no outflow recorded
    perioden: tuple[Periode, ...]

    def in_bestand(self, dag: date) -> bool:
        """Whether in the bestand on `dag`."""
        return self.indienst <= dag and (self.einde is None or dag < self.einde)

    def periode(self, dag: date) -> Periode:
        """The werkvorm and hours on `dag`."""
        return [p for p in self.perioden if p.per <= dag][-1]


def einde(aow: date | None, uitstroom: date | None, vervroegd_jaren: int = 0) -> date | None:
    """The first day out: the earliest of the recorded outflow and the AOW date (brought forward by an assumed early
    exit of `vervroegd_jaren`, the cao's RVU: 2 years)."""
    kandidaten = [d for d in (uitstroom, aow - relativedelta(years=vervroegd_jaren) if aow else None) if d]
    return min(kandidaten) if kandidaten else None


def arbeidsjaren(standen: Iterable[Stand], jaar: int) -> Decimal:
    """Gerealiseerde arbeidsjaren of a year: the average of the 12 month-end stands of hours ÷ full time (art. 1)."""
    lijst = list(standen)
    totaal = Decimal(0)
    for maand in range(1, 13):
        ultimo = date(jaar, maand, 1) + relativedelta(months=1) - timedelta(days=1)
        totaal += sum(
            (Decimal(s.periode(ultimo).uren_per_week) / VOLTIJD_UREN for s in lijst if s.in_bestand(ultimo)),
            Decimal(0),
        )
    return (totaal / 12).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Projectiejaar:
    """One year of the projection."""

    jaar: int
    bestand_ultimo: int
    arbeidsjaren: Decimal
    uitstroom: int
    uitstroom_cumulatief: int
    beschut_plaatsen_nodig: int


def projectie(standen: Sequence[Stand], van: int, tot: int) -> list[Projectiejaar]:
    """Per year from `van` to `tot`: the bestand at year end, its arbeidsjaren, who leaves, and the beschut werk
    places needed to keep the total at the old Wsw's level (one per three leavers since `van`, rounded up)."""
    uit: list[Projectiejaar] = []
    cumulatief = 0
    for jaar in range(van, tot + 1):
        vorig, ultimo = date(jaar - 1, 12, 31), date(jaar, 12, 31)
        # No inflow: who leaves in a year is who was in at the end of the last one and is not at the end of this one.
        weg = sum(1 for s in standen if s.in_bestand(vorig) and not s.in_bestand(ultimo))
        cumulatief += weg
        uit.append(
            Projectiejaar(
                jaar=jaar,
                bestand_ultimo=sum(1 for s in standen if s.in_bestand(ultimo)),
                arbeidsjaren=arbeidsjaren(standen, jaar),
                uitstroom=weg,
                uitstroom_cumulatief=cumulatief,
                beschut_plaatsen_nodig=math.ceil(cumulatief / WSW_LEAVERS_PER_PLEK),
            )
        )
    return uit


@dataclass(frozen=True)
class Tarieven:
    """What a gemeente's Wsw costs and brings per arbeidsjaar, from the latest year entered."""

    jaar: int
    rijksbijdrage_per_se: Decimal
    loonkosten_per_se: Decimal


def tarieven(financiering: Financiering, arbeidsjaren_dat_jaar: Decimal) -> Tarieven | None:
    """The rijksbijdrage per arbeidsjaar of the year entered (its amount ÷ that year's realised arbeidsjaren) and
    the wage cost per SE as entered; None without arbeidsjaren to divide by."""
    if arbeidsjaren_dat_jaar <= 0:
        return None
    return Tarieven(
        financiering.jaar, financiering.rijksbijdrage / arbeidsjaren_dat_jaar, financiering.loonkosten_per_se
    )


@dataclass(frozen=True)
class Projectiegeld:
    """A projected year's money under the tarieven held constant."""

    rijksbijdrage: Decimal
    loonkosten: Decimal
    subsidietekort: Decimal


def projectiegeld(arbeidsjaren_jaar: Decimal, t: Tarieven) -> Projectiegeld:
    """arbeidsjaren × each tarief, half-up to cents; subsidietekort = loonkosten − rijksbijdrage."""
    rijk = (arbeidsjaren_jaar * t.rijksbijdrage_per_se).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    loon = (arbeidsjaren_jaar * t.loonkosten_per_se).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Projectiegeld(rijk, loon, loon - rijk)
