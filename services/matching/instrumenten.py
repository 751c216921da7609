"""Instruments per plaatsing: loonkostensubsidie, the other instruments and which may go together. Pure.

LKS (art. 10d Pw): (WML + vakantiebijslag) - (loonwaarde + pro-rata vakantiebijslag), that is
(WML + VB) x (1 - loonwaarde%), capped at 70% of (WML + VB), pro rata to the contract hours (at most
the employer's full-time week), plus the werkgeverslasten vergoeding on top. Without a
loonwaardemeting a flat 50% of (WML + VB) applies for at most the first 6 months (lid 5).
Amounts are per month (52/12 weeks), rounded to cents once, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.contracts.matching import (
    DetacheringAfgesproken,
    Instrument,
    JobcoachingToegekend,
    LoonkostensubsidieToegekend,
    NoRiskPolisToegekend,
    ProefplaatsAfgesproken,
)
from libs.events.errors import DomainError
from libs.events.registry import EventData

from .parameters import WmlParameters, wml_op

WEKEN_PER_MAAND = Decimal(52) / Decimal(12)
MAXIMUM_LKS = Decimal("0.70")
FORFAITAIR = Decimal("0.50")
FORFAITAIRE_PERIODE = relativedelta(months=6)
PROEFPLAATS_DUUR = relativedelta(months=2)
PROEFPLAATS_MAXIMUM = relativedelta(months=6)  # 2 months, extendable by at most 4 (art. 8a lid 2 d)


class InstrumentError(DomainError):
    """An instrument request that the rules refuse; the message says why."""

    status = 422
    title = "Instrumenten niet toegestaan"


@dataclass(frozen=True)
class LksBerekening:
    """A loonkostensubsidie amount with everything needed to explain and re-check it."""

    per_maand: Decimal
    wml_plus_vakantiebijslag: Decimal
    subsidiepercentage: Decimal
    begrensd_op_70: bool
    forfaitair: bool
    uren_per_week: Decimal
    parameters: WmlParameters


def _centen(bedrag: Decimal) -> Decimal:
    return bedrag.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def loonkostensubsidie(
    *,
    maand: date,
    uren_per_week: Decimal,
    voltijd_uren: Decimal,
    loonwaarde: Decimal | None,
    dienstverband_start: date,
) -> LksBerekening:
    """LKS for one month. `loonwaarde` is a fraction (0.45 = 45%); None means not measured yet."""
    if not Decimal(0) < uren_per_week <= Decimal(60):
        raise InstrumentError("uren per week moet tussen 0 en 60 liggen")
    if loonwaarde is not None and not Decimal(0) <= loonwaarde < Decimal(1):
        raise InstrumentError(
            "loonwaarde ligt van 0% tot onder 100% (wie volledig WML verdient hoort niet bij de doelgroep)"
        )
    p = wml_op(maand)
    uren = min(uren_per_week, voltijd_uren)
    basis = p.wml_per_uur * uren * WEKEN_PER_MAAND * (1 + p.vakantiebijslag)
    if loonwaarde is None:
        if maand >= dienstverband_start + FORFAITAIRE_PERIODE:
            raise InstrumentError("na de eerste 6 maanden is een loonwaardemeting nodig (art. 10d lid 5)")
        percentage, begrensd, forfaitair = FORFAITAIR, False, True
    else:
        percentage = 1 - loonwaarde
        begrensd = percentage > MAXIMUM_LKS
        percentage, forfaitair = min(percentage, MAXIMUM_LKS), False
    bedrag = basis * percentage * (1 + p.werkgeverslasten)
    return LksBerekening(_centen(bedrag), _centen(basis), percentage, begrensd, forfaitair, uren, p)


def controleer_proefplaats(start: date, einde: date) -> None:
    """A proefplaats lasts 2 months and may be extended to at most 6 months in total."""
    if einde <= start:
        raise InstrumentError("een proefplaats eindigt na de start")
    if einde > start + PROEFPLAATS_MAXIMUM:
        raise InstrumentError("een proefplaats duurt hoogstens 6 maanden (2 maanden, verlengbaar met 4)")


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
    voltijd_uren: int = 36
    no_risk_polis: bool = False
    jobcoach_uren: int | None = None
    proefplaats_tot: date | None = None
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
    uren_per_week: int
    detachering_contract: bool
    doelgroep_banenafspraak: bool


def ken_instrumenten_toe(plaatsing: Plaatsingsgegevens, aanvraag: Instrumentaanvraag) -> list[EventData]:
    """The instrument events for a plaatsing, or InstrumentError naming the rule that refuses them."""
    gevraagd = aanvraag.instrumenten
    controleer_combinatie(gevraagd)
    if plaatsing.detachering_contract != (Instrument.DETACHERING in gevraagd):
        raise InstrumentError("contractvorm detachering en een detacheerder (naam en KvK) horen bij elkaar")
    if aanvraag.loonwaarde_procent is not None and not aanvraag.loonkostensubsidie:
        raise InstrumentError("een loonwaarde hoort bij een aanvraag voor loonkostensubsidie")
    events: list[EventData] = []
    start = plaatsing.startdatum
    if Instrument.PROEFPLAATS in gevraagd:
        assert aanvraag.proefplaats_tot is not None
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
        loonwaarde = None if aanvraag.loonwaarde_procent is None else Decimal(aanvraag.loonwaarde_procent) / 100
        lks = loonkostensubsidie(
            maand=start,
            uren_per_week=Decimal(plaatsing.uren_per_week),
            voltijd_uren=Decimal(aanvraag.voltijd_uren),
            loonwaarde=loonwaarde,
            dienstverband_start=start,
        )
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
                wml_plus_vakantiebijslag_per_maand=lks.wml_plus_vakantiebijslag,
                bedrag_per_maand=lks.per_maand,
                parameters=lks.parameters.bron,
                ingangsdatum=start,
                einddatum=start + FORFAITAIRE_PERIODE - relativedelta(days=1) if lks.forfaitair else None,
            )
        )
    if Instrument.NO_RISK_POLIS in gevraagd:
        if plaatsing.doelgroep_banenafspraak:
            grondslag = "doelgroepregister banenafspraak (Ziektewet art. 29b)"
        elif Instrument.LOONKOSTENSUBSIDIE in gevraagd:
            grondslag = "loonkostensubsidie-doelgroep (art. 10d Pw)"
        else:
            raise InstrumentError(
                "de no-risk polis geldt voor wie in het doelgroepregister staat of loonkostensubsidie krijgt"
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
