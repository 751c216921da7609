"""Betaling: the monthly payment, nabetaling, vakantietoeslag, terugvordering's basis, verrekening, the run. Pure."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID, uuid5

from dateutil.relativedelta import relativedelta

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.bedragen import centen
from libs.events.contracts.uitkering import (
    AanvraagAfgewezen,
    Berekening,
    BetaalrunAfgerond,
    BetaalrunGestart,
    BetalingGeweigerd,
    BetalingVerricht,
    BijstandToegekend,
    Maandbedrag,
    NabetalingVerricht,
    Ontvanger,
    PremieOpgenomen,
    PremieUitbetaald,
    UitkeringBeeindigd,
    VakantietoeslagUitbetaald,
    Verrekening,
    VoorschotUitbetaald,
    VoorschotVerleend,
)
from libs.events.errors import Conflict, NietGevonden
from libs.events.registry import EventData

from .. import berekening, vrijlatingen
from ..aanvraag.recht import (
    bereken_maand,
)
from ..berekening import (
    GegevensGewist,
    eerste_dag,
    laatste_dag,
    maanden,
)
from ..normen import GeenNorm, leeftijd
from ..stand import (
    OngeldigeOpgave,
    Status,
    Uitkering,
    evolve,
)
from ..termijnen import betaalbaar
from ..verordening import beslagvrije_voet
from . import grootboek

BETAALRUN = "betaalrun"


BETAALWEIGERING = "betaalweigering"


class BetaalrunNietGevonden(NietGevonden):
    """No betaalrun with this id in the caller's gemeenten."""

    title = "Betaalrun niet gevonden"


class BetaalrunNietAfgerond(Conflict):
    """The betaalrun has not finished: its file is not complete."""

    title = "Betaalrun niet afgerond"


@dataclass(frozen=True)
class Betaal:
    """Command (betaalrun): pay every month due up to `periode`, voorschotten and vakantietoeslag."""

    betaalrun_id: UUID
    periode: date
    op: datetime


def _verdeel(state: Uitkering, bedrag: Decimal) -> list[Ontvanger]:
    """Art. 45 lid 4: half to each partner (the odd cent to the aanvrager), or all to one on joint request."""
    wijze = state.rekening.uitbetaling if state.rekening else "aanvrager"
    if wijze == "verdeeld":
        helft = centen(bedrag / 2)
        return [Ontvanger(aan="aanvrager", bedrag=helft), Ontvanger(aan="partner", bedrag=bedrag - helft)]
    return [Ontvanger(aan=wijze, bedrag=bedrag)]


def betaal(
    state: Uitkering,
    command: Betaal,
    vorderingen: Sequence[OpenVordering] = (),
    gevorderd: Mapping[date, Decimal] | None = None,
) -> list[EventData]:
    """Everything due up to `periode`, once: voorschotten, unpaid months (held back ones too), nabetaling, VT.

    Idempotent per (uitkering, periode): a month already paid is never paid again, so a rerun after
    a crash pays exactly what the first run did not. Open vorderingen are set off above the beslagvrije
    voet (art. 60 lid 3); each `Verrekening` is booked on its vordering by the caller. `gevorderd` is what
    vorderingen already claim per month, so a month claimed back and raised again is paid (grootboek).
    """
    open_ = list(vorderingen)
    c = command
    events: list[EventData] = []
    betaald = {v.periode for v in state.voorschotten_betaald}
    for voorschot in state.voorschotten:
        if state.status is Status.AANGEVRAAGD and voorschot.periode <= c.periode and voorschot.periode not in betaald:
            events.append(
                VoorschotUitbetaald(
                    uitkering_id=state.uitkering_id,
                    klant_id=state.aanvraag.klant_id,
                    gemeente=state.gemeente,
                    betaalrun_id=c.betaalrun_id,
                    periode=voorschot.periode,
                    bedrag=voorschot.bedrag,
                    ontvangers=_verdeel(state, voorschot.bedrag),
                    betaald_op=c.op,
                )
            )
    if state.opgeschort is not None or state.ingangsdatum is None:
        return events
    laatste = min(laatste_dag(c.periode), state.laatste_dag) if state.laatste_dag else laatste_dag(c.periode)
    current = state
    for periode in maanden(state.ingangsdatum, laatste):
        if periode in current.betalingen:
            continue
        maand = bereken_maand(current, periode)
        verrekend = min(current.voorschot_openstaand, maand.uit_te_betalen)
        verrekeningen: list[Verrekening] = []
        if open_:
            ruimte, voet, bron = ruimte_boven_voet(maand, maand.uit_te_betalen)
            verrekeningen = verreken(min(ruimte, maand.uit_te_betalen - verrekend), voet, bron, open_)
            open_ = _na_verrekening(open_, verrekeningen)
        netto = maand.uit_te_betalen - verrekend - sum((v.bedrag for v in verrekeningen), Decimal(0))
        betaling = BetalingVerricht(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            betaalrun_id=c.betaalrun_id,
            periode=periode,
            berekening=maand,
            voorschot_verrekend=verrekend,
            verrekeningen=verrekeningen,
            netto=netto,
            ontvangers=_verdeel(current, netto) if netto > 0 else [],
            betaald_op=c.op,
        )
        events.append(betaling)
        current = _evolved(current, betaling)
    for event in (_nabetaling(current, c, gevorderd or {}), _vakantietoeslag(current, c, open_)):
        if event is not None:
            events.append(event)
            current = _evolved(current, event)
    events.extend(_premies(current, c))
    return events


def _premies(state: Uitkering, c: Betaal) -> list[PremieUitbetaald]:
    """Premies taken up and not yet paid, as one transfer: the klant's own, to the aanvrager (no verrekening)."""
    open_ = [p for p in state.premies if p.bedrag > 0 and p.premie_id not in state.premies_betaald]
    if not open_ or c.periode in state.premie_perioden:  # a premie taken up after this month's run: the next run
        return []
    bedrag = sum((p.bedrag for p in open_), Decimal(0))
    return [
        PremieUitbetaald(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            betaalrun_id=c.betaalrun_id,
            periode=c.periode,
            premie_ids=[p.premie_id for p in open_],
            bedrag=bedrag,
            ontvangers=[Ontvanger(aan="aanvrager", bedrag=bedrag)],
            betaald_op=c.op,
        )
    ]


def neem_premie_op(state: Uitkering, premie_id: UUID, toegekend: Decimal, dag: date, op: datetime) -> list[EventData]:
    """Take up a premie of art. 31 lid 2 j for the next run: within the calendar year's maximum, and nothing for
    someone under 27 outside the LKS-doelgroep (the reason is recorded). Once per premie."""
    if state.status is not Status.TOEGEKEND or any(p.premie_id == premie_id for p in state.premies):
        return []
    geboortedata = state.feiten[-1].geboortedata
    if geboortedata is None:
        raise GegevensGewist("de geboortedatum van de aanvrager is gewist; de premie kan niet worden getoetst")
    al = sum((p.bedrag for p in state.premies if p.jaar == dag.year), Decimal(0))
    lks = any(p.lks_doelgroep for p in state.plaatsingen)
    try:
        uit = vrijlatingen.premie(toegekend, al, dag, leeftijd(geboortedata.aanvrager, dag), lks)
    except GeenNorm as exc:
        uit = vrijlatingen.Premie(Decimal(0), str(exc), "Participatiewet art. 31 lid 2 onder j")
    return [
        PremieOpgenomen(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            premie_id=premie_id,
            toegekend=toegekend,
            bedrag=centen(uit.bedrag),
            jaar=dag.year,
            reden=uit.reden,
            bron=uit.bron,
            opgenomen_op=op,
        )
    ]


def _evolved(state: Uitkering, event: EventData) -> Uitkering:
    after = evolve(state, event)
    assert after is not None
    return after


def _na_verrekening(open_: list[OpenVordering], verrekeningen: Sequence[Verrekening]) -> list[OpenVordering]:
    for v in verrekeningen:
        open_ = [replace(o, saldo=o.saldo - v.bedrag) if o.vordering_id == v.vordering_id else o for o in open_]
    return open_


def rekeningen(
    state: Uitkering, gevorderd: Mapping[date, Decimal], maanden: Collection[date] | None = None
) -> list[grootboek.Maandrekening]:
    """Every paid month's account (or those of `maanden`): vastgesteld now, received, VT paid, and claimed."""
    vastgesteld = state.vastgesteld if maanden is None else {p: state.vastgesteld[p] for p in maanden}
    return grootboek.maandrekeningen(vastgesteld, state.ontvangen, state.vt_betaald, gevorderd)


def _nabetaling(state: Uitkering, c: Betaal, gevorderd: Mapping[date, Decimal]) -> NabetalingVerricht | None:
    """Months paid too little under the facts as now known, paid with this run (no verrekening on it).

    Only a recalculated month can differ: a month paid as computed owes exactly what it received (the run's
    hot path over long histories looks at those alone; `test_jaren`'s property holds it to the full account).
    """
    herberekend = {h.periode for h in state.herberekeningen}
    delen = grootboek.te_weinig(rekeningen(state, gevorderd, herberekend)) if herberekend else []
    if not delen:
        return None
    bedrag = sum((b for _, b in delen), Decimal(0))
    return NabetalingVerricht(
        uitkering_id=state.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        gemeente=state.gemeente,
        betaalrun_id=c.betaalrun_id,
        periode=c.periode,
        per_maand=[Maandbedrag(periode=p, bedrag=b) for p, b in delen],
        bedrag=bedrag,
        ontvangers=_verdeel(state, bedrag),
        betaald_op=c.op,
    )


def _vakantietoeslag(state: Uitkering, c: Betaal, open_: list[OpenVordering]) -> VakantietoeslagUitbetaald | None:
    """VT reserved and not yet paid: from June the months before that June, after the end all (art. 45 lid 1).

    The VT of a month follows its bijstand as now vastgesteld, so a herberekening before it is paid lowers or
    raises the reserve itself. Paid in the run's month, it counts as that month's money for verrekening.
    """
    na_einde = state.laatste_dag is not None and state.laatste_dag < c.periode
    per_maand = grootboek.open_vakantietoeslag(state.vastgesteld, state.vt_betaald, c.periode, na_einde)
    bedrag = sum(per_maand.values(), Decimal(0))
    if bedrag <= 0:
        return None
    verrekeningen: list[Verrekening] = []
    maand = state.betalingen.get(c.periode)
    if maand is not None and not na_einde and open_:
        ruimte, voet, bron = ruimte_boven_voet(maand.berekening, maand.berekening.uit_te_betalen + bedrag)
        al = {v.vordering_id: v.bedrag for v in maand.verrekeningen}
        al_samen = sum(al.values(), Decimal(0))
        verrekeningen = verreken(min(ruimte - al_samen, bedrag), voet, bron, open_, al)
    netto = bedrag - sum((v.bedrag for v in verrekeningen), Decimal(0))
    return VakantietoeslagUitbetaald(
        uitkering_id=state.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        gemeente=state.gemeente,
        betaalrun_id=c.betaalrun_id,
        periode=c.periode,
        over_maanden=sorted(per_maand),
        bedrag=bedrag,
        ontvangers=_verdeel(state, netto) if netto > 0 else [],
        reden=(
            "binnen 3 maanden na het einde van de bijstand (art. 45 lid 1)"
            if na_einde
            else "jaarlijkse betaling in juni over de maanden ervoor (art. 45 lid 1)"
        ),
        betaald_op=c.op,
        per_maand=[Maandbedrag(periode=p, bedrag=b) for p, b in sorted(per_maand.items())],
        verrekeningen=verrekeningen,
    )


def te_veel_betaald(state: Uitkering, al_gevorderd: Mapping[date, Decimal]) -> list[tuple[date, Decimal]]:
    """Per paid month: what the klant kept above what is owed now (VT included once paid), not yet claimed."""
    return grootboek.te_veel(rekeningen(state, al_gevorderd))


@dataclass(frozen=True)
class OpenVordering:
    """What the betaalrun needs of a vordering to set it off: id, saldo, and the agreed monthly amount."""

    vordering_id: UUID
    saldo: Decimal
    per_maand: Decimal | None


def ruimte_boven_voet(maand: Berekening, ontvangen: Decimal) -> tuple[Decimal, Decimal, str]:
    """Art. 60 lid 3 with Rv art. 475da: what the klant has this month above the beslagvrije voet, down to cents.

    What the klant has is the bijstand received in the month (`ontvangen`: the monthly part; with the
    vakantietoeslag in the month it is paid) plus their own net income before any vrijlating. The
    vakantietoeslag still reserved for June is not this month's money.
    """
    if maand.norm <= 0:
        return Decimal(0), Decimal(0), ""
    voet, bron = beslagvrije_voet(maand.norm, maand.periode)
    ruimte = grootboek.naar_beneden(max(Decimal(0), ontvangen + berekening.eigen_inkomen(maand) - voet))
    return ruimte, voet, bron


def verreken(
    ruimte: Decimal,
    voet: Decimal,
    bron: str,
    vorderingen: Sequence[OpenVordering],
    al: Mapping[UUID, Decimal] | None = None,
) -> list[Verrekening]:
    """Keep `ruimte` for the vorderingen, oldest first, within each saldo and each afspraak's monthly amount
    (less what `al` already kept for it this month)."""
    uit = []
    for v in vorderingen:
        if ruimte <= 0:
            break
        afspraak = v.per_maand - (al or {}).get(v.vordering_id, Decimal(0)) if v.per_maand is not None else ruimte
        bedrag = min(ruimte, v.saldo, afspraak)
        if bedrag > 0:
            uit.append(
                Verrekening(vordering_id=v.vordering_id, bedrag=bedrag, beslagvrije_voet=centen(voet), bron=bron)
            )
            ruimte -= bedrag
    return uit


@dataclass(frozen=True)
class Betaalrun:
    """State of a betaalrun: which gemeente and month, and whether it finished."""

    gestart: BetaalrunGestart
    afgerond: BetaalrunAfgerond | None = None
    versie: int = 0


def start_betaalrun(
    betaalrun_id: UUID, gemeente: str, periode: date, op: datetime, vandaag: date, eerste_betaaldag: date
) -> list[EventData]:
    """A new betaalrun for the gemeente and month, not before the month's first betaaldag."""
    if periode != eerste_dag(periode):
        raise OngeldigeOpgave("een betaalrun is voor een kalendermaand: de periode is de eerste dag ervan")
    betaalbaar(periode, vandaag, eerste_betaaldag)
    return [BetaalrunGestart(betaalrun_id=betaalrun_id, gemeente=gemeente, periode=periode, gestart_op=op)]


def rond_betaalrun_af(state: Betaalrun, betalingen: int, totaal: Decimal, op: datetime) -> list[EventData]:
    """Mark the run finished (once)."""
    if state.afgerond is not None:
        return []
    g = state.gestart
    return [
        BetaalrunAfgerond(
            betaalrun_id=g.betaalrun_id,
            gemeente=g.gemeente,
            periode=g.periode,
            betalingen=betalingen,
            totaal=totaal,
            afgerond_op=op,
        )
    ]


def evolve_betaalrun(state: Betaalrun | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Betaalrun | None:
    """A betaalrun after one more event."""
    if isinstance(event, BetaalrunGestart):
        return Betaalrun(event, versie=1)
    if state is not None and isinstance(event, BetaalrunAfgerond):
        return replace(state, afgerond=event, versie=state.versie + 1)
    return state


BETAALRUNS: Aggregate[Betaalrun] = Aggregate(
    BETAALRUN,
    evolve_betaalrun,
    gemeente=lambda b: b.gestart.gemeente,
    not_found=BetaalrunNietGevonden,
    verified=True,
)


def weigeringsid(betaalrun_id: UUID, uitkering_id: UUID) -> UUID:
    """The one stream of a run's refusal of one uitkering: a rerun that refuses again finds it."""
    return uuid5(betaalrun_id, str(uitkering_id))


def weiger_betaling(
    betaalrun_id: UUID, periode: date, uitkering_id: UUID, gemeente: str, reden: str, op: datetime
) -> list[EventData]:
    """This run pays this uitkering not, and says why; the rest of the run goes on."""
    return [
        BetalingGeweigerd(
            betaalrun_id=betaalrun_id,
            uitkering_id=uitkering_id,
            gemeente=gemeente,
            periode=periode,
            reden=reden[:1000],
            geweigerd_op=op,
        )
    ]


BETAALWEIGERINGEN: Aggregate[BetalingGeweigerd] = Aggregate(
    BETAALWEIGERING,
    lambda state, event, _: event if isinstance(event, BetalingGeweigerd) else state,
    gemeente=lambda w: w.gemeente,
    not_found=BetaalrunNietGevonden,
    subject=lambda w: w.uitkering_id,
)


# --- which runs visit an uitkering -------------------------------------------------------------------------

VT_NA_EINDE = relativedelta(months=3)  # art. 45 lid 1: the vakantietoeslag within 3 months after the end


@dataclass(frozen=True)
class Betaalvenster:
    """Which betaalruns may have something to pay for an uitkering: none, or those up to `tot` (None: no end)."""

    open: bool
    tot: date | None = None


def betaalvenster(event: EventData) -> Betaalvenster | None:
    """How an event changes which runs visit the uitkering (None: it does not); the run's selection stores this.

    A voorschot granted is paid by the next run (art. 52); a toekenning is paid every month; after the end the
    runs of 3 months more pay the vakantietoeslag still reserved (art. 45 lid 1). `betaal` decides what is due.
    """
    if isinstance(event, VoorschotVerleend | BijstandToegekend):
        return Betaalvenster(True)
    if isinstance(event, VoorschotUitbetaald | AanvraagAfgewezen):
        return Betaalvenster(False)
    if isinstance(event, UitkeringBeeindigd):
        return Betaalvenster(True, berekening.eerste_dag(event.laatste_dag) + VT_NA_EINDE)
    return None
