"""The month's right from the facts as now known: income, household, plaatsing, herberekeningen, valid time. Pure."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from libs.events.contracts.uitkering import (
    Beeindigingsreden,
    Berekening,
    BetalingVerricht,
    HerberekeningVastgesteld,
    Huishouden,
    HuishoudenGewijzigd,
    InkomenBron,
    InkomstenOpgegeven,
    Leefvorm,
    MaatregelOpgelegd,
    PlaatsingVerwerkt,
    UitkeringBeeindigd,
)
from libs.events.errors import DomainError
from libs.events.registry import EventData
from libs.events.stamps import NU

from .. import berekening
from ..berekening import (
    Geboortedata,
    Verlaging,
    Werkinkomen,
    eerste_dag,
    laatste_dag,
)
from ..stand import (
    NietToegekend,
    OngeldigeOpgave,
    Status,
    Uitkering,
    bekende_geboortedata,
    evolve,
)


class OngeldigeAanvraag(DomainError):
    """An aanvraag whose facts do not fit together."""

    status = 422
    title = "Ongeldige aanvraag"


@dataclass(frozen=True)
class GeefInkomstenOp:
    """Command: income from work in one month (a payslip)."""

    periode: date
    werkgever: str
    uren: Decimal
    bruto: Decimal
    netto: Decimal
    loonstrook_van: date
    loonstrook_tot: date
    bron: InkomenBron
    op: datetime = NU
    van: str = "aanvrager"  # or "partner": whose income it is (art. 31 lid 2 per earner)
    uitkering_id: UUID = field(kw_only=True)


AANVRAGER, PARTNER = "aanvrager", "partner"


@dataclass(frozen=True)
class WijzigHuishouden:
    """Command: the household changed from `per` (possibly in a month already paid)."""

    per: date
    huishouden: Huishouden
    geboortedata: Geboortedata
    persoonlijk: str
    reden: str
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class VerwerkPlaatsing:
    """Command (policy): matching placed the klant in a job."""

    plaatsing_id: UUID
    startdatum: date
    uren_per_week: int
    lks_doelgroep: bool
    op: datetime


def werkinkomen(state: Uitkering, periode: date) -> Werkinkomen:
    """Net income from work in the month (latest opgave per werkgever and earner), the partner's apart, and the
    LKS situation."""

    netto = {AANVRAGER: Decimal(0), PARTNER: Decimal(0)}
    eerste: dict[str, date] = {}
    for (p, _, wie), opgave in state.inkomsten.items():
        if p == periode:
            netto[wie] += opgave.netto
        if opgave.netto > 0 and (wie not in eerste or p < eerste[wie]):
            eerste[wie] = p
    lks = any(p.lks_doelgroep and p.startdatum <= laatste_dag(periode) for p in state.plaatsingen)
    return Werkinkomen(netto[AANVRAGER], eerste.get(AANVRAGER), lks, netto[PARTNER], eerste.get(PARTNER))


def bereken_maand(state: Uitkering, periode: date, ingangsdatum: date | None = None) -> Berekening:
    """The month's bijstand from the facts as known now (what `GET .../maanden/{periode}` explains)."""
    start = ingangsdatum or state.ingangsdatum or state.aanvraag.meldingsdatum
    return berekening.bereken(
        periode,
        feiten=state.feiten,
        ingangsdatum=start,
        einde=state.laatste_dag,
        werk=werkinkomen(state, periode),
        verlagingen=verlagingen(state, periode),
    )


def verlagingen(state: Uitkering, periode: date) -> list[Verlaging]:
    """The maatregelen and taaleis steps that lower this month, each with its article."""
    uit = []
    for maatregel in state.maatregelen.values():
        besluit = maatregel.besluit
        h = maatregel.heroverweging
        vervallen = h is not None and not h.gehandhaafd and periode >= h.per
        if isinstance(besluit, MaatregelOpgelegd) and not vervallen:
            for v in besluit.verlagingen:
                if v.periode == periode:
                    omschrijving = (
                        f"maatregel {besluit.verplichting} ({besluit.feitdatum:%d-%m-%Y}): "
                        f"{v.percentage * 100:.2f}% van de norm"
                    )
                    uit.append(Verlaging(besluit.artikelen, omschrijving, v.percentage))
    voldaan = state.taaleis_voldaan.per if state.taaleis_voldaan else None
    for stap in state.taalverlagingen:
        loopt = stap.van <= periode and (stap.tot is None or stap.tot >= periode)
        if loopt and (voldaan is None or voldaan > periode):
            omschrijving = f"taaleis, stap {stap.stap + 1}: {stap.percentage * 100:.0f}% van de norm"
            uit.append(Verlaging(stap.artikel, omschrijving, stap.percentage))
    return uit


def herberekeningen(
    before: Uitkering, after: Uitkering, aanleiding: str, op: datetime, alleen: Collection[date] | None = None
) -> list[EventData]:
    """One event per paid month whose amount differs under the facts as now known (late facts), or that was
    voorlopig and now is not (or the reverse)."""
    events: list[EventData] = []
    for periode in sorted(after.betalingen if alleen is None else alleen):
        nu = bereken_maand(after, periode)
        eerder = before.vastgesteld[periode]
        verschil = nu.bijstand - eerder
        if verschil == 0 and nu.voorlopig == (periode in before.voorlopig):
            continue
        events.append(
            HerberekeningVastgesteld(
                uitkering_id=after.uitkering_id,
                klant_id=after.aanvraag.klant_id,
                gemeente=after.gemeente,
                periode=periode,
                aanleiding=aanleiding,
                eerder_vastgesteld=eerder,
                nu_vastgesteld=nu.bijstand,
                verschil=verschil,
                soort="te_weinig_betaald" if verschil > 0 else "te_veel_betaald" if verschil < 0 else "ongewijzigd",
                berekening=nu,
                vastgesteld_op=op,
            )
        )
    return events


NORMTABEL = "Normtabel"  # the aanleiding of a herberekening because a table the month waited for arrived


def stel_voorlopige_maanden_vast(state: Uitkering, op: datetime) -> list[EventData]:
    """Recalculate the paid months that were voorlopig, now that a newer table covers them (point 5, art. 38)."""
    return herberekeningen(state, state, NORMTABEL, op, alleen=state.voorlopig)


def geef_inkomsten_op(state: Uitkering, command: GeefInkomstenOp) -> list[EventData]:
    """Record a month's income; recalculate paid months; end the uitkering when work income covers the norm."""
    c = command
    if state.status is Status.AANGEVRAAGD or state.status is Status.AFGEWEZEN:
        raise NietToegekend("inkomsten worden opgegeven bij een toegekende uitkering")
    if c.periode != eerste_dag(c.periode):
        raise OngeldigeOpgave("de periode is de eerste dag van een maand")
    if c.loonstrook_tot < c.loonstrook_van or c.netto > c.bruto:
        raise OngeldigeOpgave("de loonstrook eindigt niet voor haar begin en netto is niet meer dan bruto")
    if c.van not in (AANVRAGER, PARTNER):
        raise OngeldigeOpgave("van is aanvrager of partner")
    if (
        c.van == PARTNER
        and berekening.huishouden_op(state.feiten, c.periode).huishouden.leefvorm is not Leefvorm.GEHUWD
    ):
        raise OngeldigeOpgave("inkomsten van de partner horen bij een maand waarin het huishouden een partner heeft")
    opgave = InkomstenOpgegeven(
        uitkering_id=state.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        periode=c.periode,
        werkgever=c.werkgever,
        uren=c.uren,
        bruto=c.bruto,
        netto=c.netto,
        loonstrook_van=c.loonstrook_van,
        loonstrook_tot=c.loonstrook_tot,
        bron=c.bron,
        opgegeven_op=c.op,
        van=c.van,
    )
    after = evolve(state, opgave)
    assert after is not None
    events: list[EventData] = [opgave, *herberekeningen(state, after, opgave.event_type, c.op)]
    if state.status is Status.TOEGEKEND and c.netto > 0:
        maand = bereken_maand(after, c.periode)
        if maand.bijstand == 0 and maand.norm > 0:
            events.append(
                UitkeringBeeindigd(
                    uitkering_id=state.uitkering_id,
                    klant_id=state.aanvraag.klant_id,
                    gemeente=state.gemeente,
                    reden=Beeindigingsreden.WERK,
                    laatste_dag=c.periode - timedelta(days=1),
                    toelichting=f"het inkomen uit arbeid over {c.periode:%m-%Y} dekt de norm",
                    beeindigd_op=c.op,
                )
            )
    return events


def wijzig_huishouden(state: Uitkering, command: WijzigHuishouden) -> list[EventData]:
    """A household change from `per`; paid months from then on are recalculated."""
    if state.status in (Status.AFGEWEZEN,):
        raise NietToegekend("de aanvraag is afgewezen")
    c = command
    if (c.huishouden.leefvorm is Leefvorm.GEHUWD) != (c.geboortedata.partner is not None):
        raise OngeldigeAanvraag("een partner met geboortedatum hoort bij leefvorm gehuwd, en alleen daarbij")
    if len(c.huishouden.medebewoners) != len(c.geboortedata.medebewoners):
        raise OngeldigeAanvraag("geef van elke medebewoner de geboortedatum")
    wijziging = HuishoudenGewijzigd(
        uitkering_id=state.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        per=c.per,
        huishouden=c.huishouden,
        persoonlijk=c.persoonlijk,
        reden=c.reden,
        gewijzigd_op=c.op,
    )
    after = evolve(state, wijziging, bekende_geboortedata(c.geboortedata))
    assert after is not None
    return [wijziging, *herberekeningen(state, after, wijziging.event_type, c.op)]


def verwerk_plaatsing(state: Uitkering, command: VerwerkPlaatsing) -> list[EventData]:
    """Note a plaatsing once (matching's topic may come again); only for a running uitkering."""
    if state.status is not Status.TOEGEKEND or any(p.plaatsing_id == command.plaatsing_id for p in state.plaatsingen):
        return []
    return [
        PlaatsingVerwerkt(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            plaatsing_id=command.plaatsing_id,
            startdatum=command.startdatum,
            uren_per_week=command.uren_per_week,
            lks_doelgroep=command.lks_doelgroep,
            verwerkt_op=command.op,
        )
    ]


@dataclass(frozen=True)
class Geldig:
    """What applied on one day (valid time), from a state as it was known: the household, the month's income,
    what was paid for the month and what is established for it after herberekeningen."""

    dag: date
    status: str
    huishouden: Huishouden | None
    inkomsten: tuple[InkomstenOpgegeven, ...]
    betaald: BetalingVerricht | None
    vastgesteld: Decimal | None
    herberekeningen: tuple[HerberekeningVastgesteld, ...]


def geldig_op(state: Uitkering, dag: date) -> Geldig:
    """The facts about `dag` and its month in this state; no rule is applied, only selected by their date."""
    periode = eerste_dag(dag)
    feiten = [f for f in state.feiten if f.per <= dag]
    ingang = state.ingangsdatum
    if ingang is None or dag < ingang:
        status = "geen bijstand"
    elif state.laatste_dag is not None and dag > state.laatste_dag:
        status = "beeindigd"
    elif state.opgeschort is not None and state.opgeschort.opgeschort_op.date() <= dag:
        status = "opgeschort"
    else:
        status = "bijstand"
    return Geldig(
        dag=dag,
        status=status,
        huishouden=feiten[-1].huishouden if feiten else None,
        inkomsten=tuple(v for (p, _, _), v in sorted(state.inkomsten.items()) if p == periode),
        betaald=state.betalingen.get(periode),
        vastgesteld=state.vastgesteld.get(periode),
        herberekeningen=tuple(h for h in state.herberekeningen if h.periode == periode),
    )
