"""Instruments per plaatsing: loonkostensubsidie and which instruments may go together. Pure.

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
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from .parameters import WmlParameters, wml_op

WEKEN_PER_MAAND = Decimal(52) / Decimal(12)
MAXIMUM_LKS = Decimal("0.70")
FORFAITAIR = Decimal("0.50")
FORFAITAIRE_PERIODE = relativedelta(months=6)
PROEFPLAATS_DUUR = relativedelta(months=2)
PROEFPLAATS_MAXIMUM = relativedelta(months=6)  # 2 months, extendable by at most 4 (art. 8a lid 2 d)


class Instrument(StrEnum):
    """Instruments a plaatsing can carry."""

    LOONKOSTENSUBSIDIE = "loonkostensubsidie"
    NO_RISK_POLIS = "no_risk_polis"
    JOBCOACH = "jobcoach"
    PROEFPLAATS = "proefplaats"
    DETACHERING = "detachering"


class InstrumentError(ValueError):
    """An instrument request that the rules refuse; the message says why."""


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
