"""Ontheffing (art. 9, 9a), heronderzoek, and opschorting for verzuim (art. 54). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.contracts.uitkering import (
    Beeindigingsreden,
    BetalingOpgeschort,
    HeronderzoekUitgevoerd,
    Leefvorm,
    OntheffingBeeindigd,
    OntheffingVerleend,
)
from libs.events.errors import DomainError
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG

from ..aanvraag.domain import Beeindig, beeindig
from ..stand import (
    NietToegekend,
    OngeldigeOpgave,
    Status,
    Uitkering,
)
from ..verordening import verordening

ONTHEFFING_9A_MAX = relativedelta(years=5)  # art. 9a lid 1: at most 5 years in total


HERONDERZOEK_9A = relativedelta(months=6)  # art. 9a lid 8
PLAN_9A = relativedelta(months=6)  # art. 9a lid 7: a plan van aanpak within 6 months


HERSTEL_MAX = timedelta(weeks=8)  # art. 54 lid 1


@dataclass(frozen=True)
class VerleenOntheffing:
    """Command: an ontheffing of the arbeidsplicht."""

    ontheffing_id: UUID
    grond: str  # "9.2" dringende redenen, "9a" alleenstaande ouder met kind onder 5, "9.5" volledig arbeidsongeschikt
    van: date
    tot: date
    jongste_kind_vijf_op: date | None
    eerder_genoten_dagen: int
    reden: str
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


class OngeldigeOntheffing(DomainError):
    """An ontheffing the law does not allow (grounds, or the 5-year limit of art. 9a)."""

    status = 422
    title = "Ongeldige ontheffing"


ONTHEFFING_GRONDEN = {
    "9.2": "art. 9 lid 2 (dringende redenen)",
    "9a": "art. 9a (alleenstaande ouder met een kind onder 5 jaar)",
    "9.5": "art. 9 lid 5 (volledig en duurzaam arbeidsongeschikt)",
}


def verleen_ontheffing(state: Uitkering, command: VerleenOntheffing) -> list[EventData]:
    """An ontheffing within its grounds; art. 9a ends when the youngest turns 5 and at 5 years in total."""
    c = command
    if state.status is not Status.TOEGEKEND:
        raise NietToegekend("een ontheffing hoort bij een lopende uitkering")
    if c.grond not in ONTHEFFING_GRONDEN:
        raise OngeldigeOntheffing(f"grond is een van {', '.join(ONTHEFFING_GRONDEN)}")
    if c.tot <= c.van:
        raise OngeldigeOntheffing("een ontheffing eindigt na haar begin")
    if c.grond == "9a":
        if state.aanvraag.huishouden.leefvorm is not Leefvorm.ALLEENSTAANDE_OUDER or c.jongste_kind_vijf_op is None:
            raise OngeldigeOntheffing("art. 9a geldt voor een alleenstaande ouder met een kind onder 5 jaar")
        if c.tot > c.jongste_kind_vijf_op:
            raise OngeldigeOntheffing(
                f"de ontheffing eindigt uiterlijk als het jongste kind 5 wordt ({c.jongste_kind_vijf_op})"
            )
        # Days are counted inclusively: `tot` and a predecessor's last day belong to the ontheffing.
        genoten = c.eerder_genoten_dagen + sum(
            (min(o.tot, e - timedelta(days=1) if e else o.tot) - o.van).days + 1 for o, e in _ontheffingen_9a(state)
        )
        grens = c.van + ONTHEFFING_9A_MAX - timedelta(days=1 + genoten)
        if c.tot > grens:
            raise OngeldigeOntheffing(
                f"art. 9a: ten hoogste 5 jaar in totaal, eerdere gemeenten meegeteld: uiterlijk tot {grens.isoformat()}"
            )
    return [
        OntheffingVerleend(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            ontheffing_id=c.ontheffing_id,
            grond=ONTHEFFING_GRONDEN[c.grond],
            van=c.van,
            tot=c.tot,
            eerder_genoten_dagen=c.eerder_genoten_dagen,
            reden=c.reden,
            verleend_op=c.op,
        )
    ]


def _ontheffingen_9a(state: Uitkering) -> list[tuple[OntheffingVerleend, date | None]]:
    return [
        (o, state.ontheffing_einde.get(o.ontheffing_id)) for o in state.ontheffingen if o.grond.startswith("art. 9a")
    ]


@dataclass(frozen=True)
class BeeindigOntheffing:
    """Command: end an ontheffing early."""

    ontheffing_id: UUID
    per: date
    reden: str
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class VoerHeronderzoekUit:
    """Command: record a heronderzoek done today."""

    selectie: str
    uitkomst: str
    vandaag: date = VANDAAG
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class SchortOpVoorVerzuim:
    """Command: suspend for missing information with a term to repair (art. 54 lid 1)."""

    reden: str
    herstel_uiterlijk: date
    vandaag: date = VANDAAG
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


def beeindig_ontheffing(state: Uitkering, command: BeeindigOntheffing) -> list[EventData]:
    """End an ontheffing early (once)."""
    ontheffing_id, per, reden = command.ontheffing_id, command.per, command.reden
    if not any(o.ontheffing_id == ontheffing_id for o in state.ontheffingen):
        raise OngeldigeOntheffing(f"geen ontheffing {ontheffing_id}")
    if ontheffing_id in state.ontheffing_einde:
        return []
    return [
        OntheffingBeeindigd(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            ontheffing_id=ontheffing_id,
            per=per,
            reden=reden,
        )
    ]


def voer_heronderzoek_uit(state: Uitkering, command: VoerHeronderzoekUit, maanden: int) -> list[EventData]:
    """A heronderzoek today and the next one's date: 6 months under art. 9a, else the verordening's period."""
    datum, selectie, uitkomst, op = command.vandaag, command.selectie, command.uitkomst, command.op
    if state.status is not Status.TOEGEKEND:
        raise NietToegekend("een heronderzoek hoort bij een lopende uitkering")
    lopend_9a = any(
        o.van <= datum <= o.tot and o.ontheffing_id not in state.ontheffing_einde for o, _ in _ontheffingen_9a(state)
    )
    volgende = datum + (HERONDERZOEK_9A if lopend_9a else relativedelta(months=maanden))
    return [
        HeronderzoekUitgevoerd(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            datum=datum,
            selectie=selectie,
            uitkomst=uitkomst,
            volgende=volgende,
            uitgevoerd_op=op,
        )
    ]


def eerste_heronderzoek(gemeente: str, ingangsdatum: date) -> date:
    """The first periodic heronderzoek: the verordening's period after the ingangsdatum."""
    return ingangsdatum + relativedelta(months=verordening(gemeente, ingangsdatum).heronderzoek_maanden)


def heronderzoek_volgens_verordening(state: Uitkering, command: VoerHeronderzoekUit) -> list[EventData]:
    """`voer_heronderzoek_uit` with the period of the gemeente's verordening in force today."""
    return voer_heronderzoek_uit(state, command, verordening(state.gemeente, command.vandaag).heronderzoek_maanden)


def schort_op_voor_verzuim(state: Uitkering, command: SchortOpVoorVerzuim) -> list[EventData]:
    """Art. 54 lid 1: suspend for missing information, with a term to repair of at most 8 weeks."""
    reden, herstel_uiterlijk, vandaag, op = command.reden, command.herstel_uiterlijk, command.vandaag, command.op
    if herstel_uiterlijk > vandaag + HERSTEL_MAX or herstel_uiterlijk < vandaag:
        raise OngeldigeOpgave(
            f"de hersteltermijn is ten hoogste 8 weken: uiterlijk {(vandaag + HERSTEL_MAX).isoformat()}"
        )
    if state.status is not Status.TOEGEKEND:
        raise NietToegekend(f"de uitkering is {state.status.value}")
    if state.opgeschort is not None:
        return []
    return [
        BetalingOpgeschort(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            reden=reden,
            artikel="art. 54 lid 1",
            herstel_uiterlijk=herstel_uiterlijk,
            opgeschort_op=op,
        )
    ]


def herstel_verstreken(state: Uitkering, vandaag: date, op: datetime) -> list[EventData]:
    """Art. 54 lid 4: not repaired in time, the right is withdrawn from the day of the opschorting."""
    o = state.opgeschort
    if (
        o is None
        or o.herstel_uiterlijk is None
        or vandaag <= o.herstel_uiterlijk
        or state.status is not Status.TOEGEKEND
    ):
        return []
    ingang = state.ingangsdatum
    assert ingang is not None
    laatste = max(o.opgeschort_op.date() - timedelta(days=1), ingang - timedelta(days=1))
    return beeindig(
        state,
        Beeindig(
            Beeindigingsreden.OVERIG,
            laatste,
            f"verzuim niet hersteld voor {o.herstel_uiterlijk} (art. 54 lid 4)",
            op,
            uitkering_id=state.uitkering_id,
        ),
    )
