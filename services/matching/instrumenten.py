"""Instruments per plaatsing: loonkostensubsidie, the other instruments and which may go together. Pure.

LKS (art. 10d Pw): (WML + vakantiebijslag) - (loonwaarde + pro-rata vakantiebijslag), that is
(WML + VB) x (1 - loonwaarde%), capped at 70% of (WML + VB), plus the werkgeverslasten vergoeding on
top. The WML is the monthly amount of art. 8 lid 1 b Wet minimumloon (the jeugdminimumloon under 21),
pro rata hours / 36 with the hours capped at the employer's full-time week. Without a loonwaardemeting
a flat 50% of (WML + VB) applies for at most the first 6 months (lid 5). A running LKS keeps the WML of
its start until 1 January and is re-set to the WML of each 1 January after that (lid 7), never on
1 July. Amounts are exact decimals, rounded half-up to cents once, at the end. End dates are inclusive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.contracts.matching import (
    DetacheringAfgesproken,
    Instrument,
    JobcoachingToegekend,
    LoonkostensubsidieHerzien,
    LoonkostensubsidieToegekend,
    NoRiskPolisToegekend,
    ProefplaatsAfgesproken,
)
from libs.events.errors import DomainError
from libs.events.registry import EventData

from .parameters import ARTIKEL_LKS, ARTIKEL_WML, WML, WmlParameters, minimumloon_aandeel, wml_op

NORMAAL_UREN = Decimal(36)
# Ziektewet art. 29b: dienstbetrekkingen from this date. Wsw-dienstbetrekkingen, also excluded, are never a
# plaatsing here (no contractvorm for them).
NO_RISK_VANAF = date(2015, 1, 1)  # art. 10d lid 4: pro rata to a 36-hour week
MAXIMUM_LKS = Decimal("0.70")
FORFAITAIR = Decimal("0.50")
FORFAITAIRE_PERIODE = relativedelta(months=6)
PROEFPLAATS_DUUR = relativedelta(months=2)  # art. 8a lid 2 d; an extension (to at most 6) is a later decision
PROEFPLAATS_MAXIMUM = relativedelta(months=6)


class InstrumentError(DomainError):
    """An instrument request that the rules refuse; the message says why."""

    status = 422
    title = "Instrumenten niet toegestaan"


@dataclass(frozen=True)
class LksBerekening:
    """A loonkostensubsidie amount with everything needed to explain and re-check it."""

    per_maand: Decimal
    wml_per_maand: Decimal
    minimumloon_aandeel: Decimal
    wml_plus_vakantiebijslag: Decimal
    subsidiepercentage: Decimal
    begrensd_op_70: bool
    forfaitair: bool
    uren_per_week: Decimal
    parameters: WmlParameters
    peildatum: date
    voorlopig: bool


def _centen(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def peildatum(maand: date, dienstverband_start: date) -> date:
    """The date whose WML sets a month's LKS: the start in its first year, then each 1 January (lid 7)."""
    return dienstverband_start if maand.year == dienstverband_start.year else date(maand.year, 1, 1)


def loonkostensubsidie(
    *,
    maand: date,
    uren_per_week: Decimal,
    voltijd_uren: Decimal,
    loonwaarde: Decimal | None,
    dienstverband_start: date,
    leeftijd: int,
) -> LksBerekening:
    """LKS for one month: `loonwaarde` a fraction (0.45), None when not measured; `leeftijd` on the peildatum."""
    if not Decimal(0) < uren_per_week <= Decimal(60):
        raise InstrumentError("uren per week moet tussen 0 en 60 liggen")
    if loonwaarde is not None and not Decimal(0) <= loonwaarde < Decimal(1):
        raise InstrumentError(
            "loonwaarde ligt van 0% tot onder 100% (wie volledig WML verdient hoort niet bij de doelgroep)"
        )
    peil = peildatum(maand, dienstverband_start)
    wml = wml_op(peil)
    p = wml.parameters
    aandeel = minimumloon_aandeel(leeftijd)
    minimumloon = p.wml_per_maand * aandeel
    uren = min(uren_per_week, voltijd_uren)
    basis = minimumloon * uren / NORMAAL_UREN * (1 + p.vakantiebijslag)
    if loonwaarde is None:
        if maand >= dienstverband_start + FORFAITAIRE_PERIODE:
            raise InstrumentError("na de eerste 6 maanden is een loonwaardemeting nodig (art. 10d lid 5)")
        percentage, begrensd, forfaitair = FORFAITAIR, False, True
    else:
        percentage = 1 - loonwaarde
        begrensd = percentage > MAXIMUM_LKS
        percentage, forfaitair = min(percentage, MAXIMUM_LKS), False
    bedrag = basis * percentage * (1 + p.werkgeverslasten)
    return LksBerekening(
        per_maand=_centen(bedrag),
        wml_per_maand=_centen(minimumloon),
        minimumloon_aandeel=aandeel,
        wml_plus_vakantiebijslag=_centen(basis),
        subsidiepercentage=percentage,
        begrensd_op_70=begrensd,
        forfaitair=forfaitair,
        uren_per_week=uren,
        parameters=p,
        peildatum=peil,
        voorlopig=wml.voorlopig,
    )


def laatste_dag(start: date, duur: relativedelta) -> date:
    """The inclusive last day of a period of `duur` from `start` (2 months from 1 March: 30 April)."""
    return start + duur - relativedelta(days=1)


def lks_van(events: Sequence[EventData]) -> tuple[LoonkostensubsidieToegekend | None, LoonkostensubsidieHerzien | None]:
    """A voorstel stream's LKS as granted and its latest re-set (each None when absent)."""
    toegekend = next((e for e in events if isinstance(e, LoonkostensubsidieToegekend)), None)
    laatste = next((e for e in reversed(events) if isinstance(e, LoonkostensubsidieHerzien)), None)
    return toegekend, laatste


def herzie_lks(
    toegekend: LoonkostensubsidieToegekend,
    laatste: LoonkostensubsidieHerzien | None,
    vandaag: date,
    versies: tuple[WmlParameters, ...] = WML,
    leeftijd: int | None = None,
) -> LoonkostensubsidieHerzien | None:
    """The LKS set again when its peildatum moved to a new 1 January or its parameters became definite; else None.

    Under 21 a re-set on a new 1 January needs the age on that day (`leeftijd`), which matching does not hold:
    without it nothing is guessed (None); a klantmanager states it (`POST .../loonkostensubsidie/herijking`).
    """
    if toegekend.einddatum is not None and toegekend.einddatum < vandaag:
        return None
    peil = peildatum(vandaag, toegekend.ingangsdatum)
    huidig_peil = laatste.peildatum if laatste else toegekend.peildatum
    huidige_parameters = laatste.parameters if laatste else toegekend.parameters
    huidig_voorlopig = laatste.voorlopig if laatste else toegekend.voorlopig
    wml = wml_op(peil, versies)
    if (peil, wml.parameters.bron, wml.voorlopig) == (huidig_peil, huidige_parameters, huidig_voorlopig):
        return None
    aandeel = toegekend.minimumloon_aandeel
    if aandeel < 1 and peil.year != toegekend.ingangsdatum.year:
        if leeftijd is None:
            return None
        aandeel = minimumloon_aandeel(leeftijd)
    p = wml.parameters
    minimumloon = p.wml_per_maand * aandeel
    basis = minimumloon * toegekend.uren_per_week / NORMAAL_UREN * (1 + p.vakantiebijslag)
    bedrag = basis * toegekend.subsidiepercentage * (1 + p.werkgeverslasten)
    return LoonkostensubsidieHerzien(
        plaatsing_id=toegekend.plaatsing_id,
        klant_id=toegekend.klant_id,
        werkgever_id=toegekend.werkgever_id,
        reden="herijking per 1 januari (art. 10d lid 7)" if peil != huidig_peil else "parameters definitief",
        peildatum=peil,
        wml_per_maand=_centen(minimumloon),
        wml_plus_vakantiebijslag_per_maand=_centen(basis),
        bedrag_per_maand=_centen(bedrag),
        parameters=p.bron,
        voorlopig=wml.voorlopig,
        artikelen=f"{ARTIKEL_LKS}; {ARTIKEL_WML}",
    )


def controleer_proefplaats(start: date, einde: date) -> None:
    """A proefplaats is agreed for at most 2 months (last day inclusive); an extension is its own later decision."""
    if einde < start:
        raise InstrumentError("een proefplaats eindigt niet voor de start")
    if einde > laatste_dag(start, PROEFPLAATS_DUUR):
        raise InstrumentError(
            "een proefplaats wordt voor hoogstens 2 maanden afgesproken; verlenging (tot 6 maanden) is een later "
            "besluit (art. 8a lid 2 onder d Pw)"
        )


_ONVERENIGBAAR: dict[frozenset[Instrument], str] = {
    frozenset(
        {Instrument.PROEFPLAATS, Instrument.LOONKOSTENSUBSIDIE}
    ): "loonkostensubsidie hoort bij een dienstbetrekking; een proefplaats is onbetaald met behoud van uitkering",
    frozenset(
        {Instrument.PROEFPLAATS, Instrument.NO_RISK_POLIS}
    ): "de no-risk polis dekt loon bij ziekte van een werknemer; een proefplaats is geen dienstbetrekking",
    frozenset(
        {Instrument.PROEFPLAATS, Instrument.DETACHERING}
    ): "een proefplaats kan niet via detachering: er is geen werkgever die detacheert",
}


def controleer_combinatie(instrumenten: set[Instrument], *, andere_loonkostensubsidie: bool = False) -> None:
    """Refuse combinations the rules do not allow, with the reason."""
    for paar, reden in _ONVERENIGBAAR.items():
        if paar <= instrumenten:
            raise InstrumentError(reden)
    if Instrument.LOONKOSTENSUBSIDIE in instrumenten and andere_loonkostensubsidie:
        raise InstrumentError("geen tweede loonkostensubsidie op dezelfde baan (art. 10d lid 9)")


# Regional practice, not law: jobcoach hours in the first year ("midden" profile of Rotterdam's nadere
# regels, shared/reference §2.9). A parameter for the region to set.
JOBCOACH_MAX_UREN_EERSTE_JAAR = 60


@dataclass(frozen=True)
class Instrumentaanvraag:
    """The instruments asked for one plaatsing, with what each needs."""

    loonkostensubsidie: bool = False
    loonwaarde_procent: int | None = None
    leeftijd: int | None = None
    voltijd_uren: int = 36
    no_risk_polis: bool = False
    jobcoach_uren: int | None = None
    proefplaats_tot: date | None = None
    proefplaats_toestemming: bool = False
    andere_loonkostensubsidie: bool = False
    detacheerder: str | None = None
    detacheerder_kvk: str | None = None

    @property
    def instrumenten(self) -> set[Instrument]:
        """The instruments this request asks for."""
        gevraagd = {
            Instrument.LOONKOSTENSUBSIDIE: self.loonkostensubsidie,
            Instrument.NO_RISK_POLIS: self.no_risk_polis,
            Instrument.JOBCOACH: self.jobcoach_uren is not None,
            Instrument.PROEFPLAATS: self.proefplaats_tot is not None,
            Instrument.DETACHERING: self.detacheerder is not None,
        }
        return {instrument for instrument, ja in gevraagd.items() if ja}


@dataclass(frozen=True)
class Plaatsingsgegevens:
    """What the instrument rules need to know of the plaatsing."""

    plaatsing_id: UUID
    klant_id: UUID
    werkgever_id: UUID
    startdatum: date
    einddatum: date | None
    uren_per_week: int
    detachering_contract: bool
    doelgroep_banenafspraak: bool


def ken_instrumenten_toe(plaatsing: Plaatsingsgegevens, aanvraag: Instrumentaanvraag) -> list[EventData]:
    """The instrument events for a plaatsing, or InstrumentError naming the rule that refuses them."""
    gevraagd = aanvraag.instrumenten
    controleer_combinatie(gevraagd, andere_loonkostensubsidie=aanvraag.andere_loonkostensubsidie)
    if plaatsing.detachering_contract != (Instrument.DETACHERING in gevraagd):
        raise InstrumentError("contractvorm detachering en een detacheerder (naam en KvK) horen bij elkaar")
    if aanvraag.loonwaarde_procent is not None and not aanvraag.loonkostensubsidie:
        raise InstrumentError("een loonwaarde hoort bij een aanvraag voor loonkostensubsidie")
    events: list[EventData] = []
    start = plaatsing.startdatum
    if Instrument.PROEFPLAATS in gevraagd:
        assert aanvraag.proefplaats_tot is not None
        if not aanvraag.proefplaats_toestemming:
            raise InstrumentError(
                "een proefplaats is er alleen voor wie algemene bijstand ontvangt, met toestemming van het college "
                "(art. 8a lid 2 onder d Pw): leg die toestemming vast"
            )
        controleer_proefplaats(start, aanvraag.proefplaats_tot)
        events.append(
            ProefplaatsAfgesproken(
                plaatsing_id=plaatsing.plaatsing_id,
                klant_id=plaatsing.klant_id,
                startdatum=start,
                einddatum=aanvraag.proefplaats_tot,
            )
        )
    if Instrument.LOONKOSTENSUBSIDIE in gevraagd:
        if aanvraag.leeftijd is None:
            raise InstrumentError("loonkostensubsidie vraagt de leeftijd op de startdatum (onder 21: jeugdminimumloon)")
        loonwaarde = None if aanvraag.loonwaarde_procent is None else Decimal(aanvraag.loonwaarde_procent) / 100
        lks = loonkostensubsidie(
            maand=start,
            uren_per_week=Decimal(plaatsing.uren_per_week),
            voltijd_uren=Decimal(aanvraag.voltijd_uren),
            loonwaarde=loonwaarde,
            dienstverband_start=start,
            leeftijd=aanvraag.leeftijd,
        )
        # The subsidy ends with the contract, and a flat one after its 6 months at the latest.
        eindes = [
            d for d in (plaatsing.einddatum, laatste_dag(start, FORFAITAIRE_PERIODE) if lks.forfaitair else None) if d
        ]
        events.append(
            LoonkostensubsidieToegekend(
                plaatsing_id=plaatsing.plaatsing_id,
                klant_id=plaatsing.klant_id,
                werkgever_id=plaatsing.werkgever_id,
                loonwaarde_procent=aanvraag.loonwaarde_procent,
                forfaitair=lks.forfaitair,
                subsidiepercentage=lks.subsidiepercentage,
                begrensd_op_70_procent=lks.begrensd_op_70,
                uren_per_week=lks.uren_per_week,
                wml_per_maand=lks.wml_per_maand,
                minimumloon_aandeel=lks.minimumloon_aandeel,
                wml_plus_vakantiebijslag_per_maand=lks.wml_plus_vakantiebijslag,
                bedrag_per_maand=lks.per_maand,
                parameters=lks.parameters.bron,
                peildatum=lks.peildatum,
                voorlopig=lks.voorlopig,
                artikelen=f"{ARTIKEL_LKS}; {ARTIKEL_WML}",
                ingangsdatum=start,
                einddatum=min(eindes) if eindes else None,
            )
        )
    if Instrument.NO_RISK_POLIS in gevraagd:
        if start < NO_RISK_VANAF:
            raise InstrumentError(
                "de no-risk polis geldt voor dienstbetrekkingen vanaf 1 januari 2015 (Ziektewet art. 29b)"
            )
        if plaatsing.doelgroep_banenafspraak:
            grondslag = "Ziektewet art. 29b (doelgroepregister banenafspraak)"
        elif Instrument.LOONKOSTENSUBSIDIE in gevraagd and aanvraag.loonwaarde_procent is not None:
            grondslag = "Ziektewet art. 29b lid 2 onder e (loonwaarde door het college vastgesteld, onder het WML)"
        else:
            raise InstrumentError(
                "de no-risk polis geldt voor wie in het doelgroepregister staat, of voor een werknemer met een door "
                "het college vastgestelde loonwaarde onder het WML (Ziektewet art. 29b lid 2 onder e); een "
                "forfaitaire loonkostensubsidie zonder loonwaardemeting is niet genoeg"
            )
        events.append(
            NoRiskPolisToegekend(
                plaatsing_id=plaatsing.plaatsing_id,
                klant_id=plaatsing.klant_id,
                werkgever_id=plaatsing.werkgever_id,
                grondslag=grondslag,
                ingangsdatum=start,
            )
        )
    if Instrument.JOBCOACH in gevraagd:
        assert aanvraag.jobcoach_uren is not None
        if not 1 <= aanvraag.jobcoach_uren <= JOBCOACH_MAX_UREN_EERSTE_JAAR:
            raise InstrumentError(f"jobcoaching is 1 tot {JOBCOACH_MAX_UREN_EERSTE_JAAR} uur in het eerste jaar")
        events.append(
            JobcoachingToegekend(
                plaatsing_id=plaatsing.plaatsing_id,
                klant_id=plaatsing.klant_id,
                uren_eerste_jaar=aanvraag.jobcoach_uren,
                ingangsdatum=start,
            )
        )
    if Instrument.DETACHERING in gevraagd:
        assert aanvraag.detacheerder is not None
        if aanvraag.detacheerder_kvk is None:
            raise InstrumentError("een detachering noemt de detacheerder met KvK-nummer")
        events.append(
            DetacheringAfgesproken(
                plaatsing_id=plaatsing.plaatsing_id,
                klant_id=plaatsing.klant_id,
                detacheerder=aanvraag.detacheerder,
                detacheerder_kvk=aanvraag.detacheerder_kvk,
            )
        )
    return events
