"""Maatregel (art. 18) through its Awb steps, and the taaleis (art. 18b). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from libs.events.contracts.uitkering import (
    Maandverlaging,
    MaatregelAfgezien,
    MaatregelHeroverwogen,
    MaatregelOpgelegd,
    MaatregelVoorgenomen,
    TaaleisVoldaan,
    TaalverlagingOpgelegd,
    ZienswijzeGegeven,
)
from libs.events.errors import Conflict, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG

from .. import maatregelen
from ..berekening import (
    eerste_dag,
    volgende_maand,
)
from ..stand import (
    AlBesloten,
    Maatregel,
    NietToegekend,
    OngeldigeOpgave,
    Status,
    Uitkering,
)
from ..verordening import Afstemmingsverordening, Verplichting


class HoorplichtLoopt(Conflict):
    """Awb 4:8: no besluit before the zienswijze came or its term passed."""

    title = "Zienswijzetermijn loopt"


class MaatregelNietGevonden(NietGevonden):
    """No maatregel with this id on the uitkering."""

    title = "Maatregel niet gevonden"


@dataclass(frozen=True)
class NeemMaatregelVoor:
    """Command: the intention to impose a maatregel for a breach on `feitdatum`."""

    maatregel_id: UUID
    verplichting: Verplichting
    feitdatum: date
    omschrijving: str
    vandaag: date = VANDAAG
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class GeefZienswijze:
    """Command: the klant's zienswijze, and the dringende redenen it shows, if any."""

    maatregel_id: UUID
    zienswijze: str
    dringende_redenen: str | None
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class BesluitMaatregel:
    """Command: decide. Without any verwijtbaarheid no maatregel (lid 9); `afgestemd_percentage` tailors (lid 10)."""

    maatregel_id: UUID
    verwijtbaar: bool
    spreiden_over: int
    afgestemd_percentage: Decimal | None
    motivering: str
    vandaag: date = VANDAAG
    op: datetime = NU
    door: str = ""
    uitkering_id: UUID = field(kw_only=True)


def neem_maatregel_voor(
    state: Uitkering, command: NeemMaatregelVoor, verordening: Afstemmingsverordening
) -> list[EventData]:
    """The voornemen with the zienswijze term of the verordening (hoorplicht)."""
    if state.status is not Status.TOEGEKEND:
        raise NietToegekend("een maatregel hoort bij een lopende uitkering")
    if command.maatregel_id in state.maatregelen:
        return []
    return [
        MaatregelVoorgenomen(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            maatregel_id=command.maatregel_id,
            verplichting=command.verplichting.value,
            feitdatum=command.feitdatum,
            omschrijving=command.omschrijving,
            zienswijze_uiterlijk=command.vandaag + timedelta(days=verordening.zienswijze_dagen),
            voorgenomen_op=command.op,
        )
    ]


def _maatregel(state: Uitkering, maatregel_id: UUID) -> Maatregel:
    try:
        return state.maatregelen[maatregel_id]
    except KeyError:
        raise MaatregelNietGevonden(f"maatregel {maatregel_id} niet gevonden") from None


def geef_zienswijze(state: Uitkering, command: GeefZienswijze) -> list[EventData]:
    """Record the zienswijze before the besluit."""
    maatregel = _maatregel(state, command.maatregel_id)
    if maatregel.besluit is not None:
        raise AlBesloten("over deze maatregel is al besloten")
    return [
        ZienswijzeGegeven(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            maatregel_id=command.maatregel_id,
            zienswijze=command.zienswijze,
            dringende_redenen=command.dringende_redenen,
            gegeven_op=command.op,
        )
    ]


def besluit_maatregel(
    state: Uitkering, command: BesluitMaatregel, verordening: Afstemmingsverordening
) -> list[EventData]:
    """The besluit on a voornemen: afzien without verwijtbaarheid, else the size the law and verordening give."""
    c = command
    maatregel = _maatregel(state, c.maatregel_id)
    v = maatregel.voornemen
    if maatregel.besluit is not None:
        raise AlBesloten("over deze maatregel is al besloten")
    if maatregel.zienswijze is None and c.vandaag <= v.zienswijze_uiterlijk:
        raise HoorplichtLoopt(
            f"de klant kan tot en met {v.zienswijze_uiterlijk.isoformat()} een zienswijze geven (Awb 4:8)"
        )
    if not c.verwijtbaar:
        return [
            MaatregelAfgezien(
                uitkering_id=state.uitkering_id,
                klant_id=state.aanvraag.klant_id,
                maatregel_id=c.maatregel_id,
                reden="elke vorm van verwijtbaarheid ontbreekt",
                artikel="art. 18 lid 9",
                besloten_op=c.op,
            )
        ]
    verplichting = Verplichting(v.verplichting)
    eerdere = [
        m.besluit.feitdatum
        for m in state.maatregelen.values()
        if isinstance(m.besluit, MaatregelOpgelegd) and Verplichting(m.besluit.verplichting).geuniformeerd
    ]
    uitkomst = maatregelen.omvang(verplichting, v.feitdatum, eerdere if verplichting.geuniformeerd else [], verordening)
    afgestemd = None
    if c.afgestemd_percentage is not None:
        if not 0 <= c.afgestemd_percentage < uitkomst.percentage:
            raise OngeldigeOpgave("afstemming verlaagt het percentage (art. 18 lid 10)")
        redenen = maatregel.zienswijze.dringende_redenen if maatregel.zienswijze else None
        afgestemd = (
            f"dringende redenen: {redenen or c.motivering}; "
            f"{uitkomst.percentage * 100:.0f}% wordt {c.afgestemd_percentage * 100:.0f}%"
        )
        uitkomst = replace(uitkomst, percentage=c.afgestemd_percentage)
    # The reduction starts in the first month not yet paid: the month of the besluit or later.
    eerste = eerste_dag(c.vandaag)
    while eerste in state.betalingen:
        eerste = volgende_maand(eerste)
    over = c.spreiden_over if verplichting.geuniformeerd else uitkomst.maanden
    spreiding = maatregelen.spreid(uitkomst, eerste, over)
    return [
        MaatregelOpgelegd(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            maatregel_id=c.maatregel_id,
            verplichting=v.verplichting,
            feitdatum=v.feitdatum,
            percentage=uitkomst.percentage,
            maanden=uitkomst.maanden,
            recidive=uitkomst.recidive,
            verlagingen=[Maandverlaging(periode=m.periode, percentage=m.percentage) for m in spreiding],
            afgestemd=afgestemd,
            artikelen=uitkomst.artikelen,
            verordening=verordening.bron,
            heroverweging_uiterlijk=maatregelen.heroverweging_uiterlijk(c.vandaag),
            motivering=c.motivering,
            besloten_op=c.op,
            besloten_door=c.door,
        )
    ]


@dataclass(frozen=True)
class HeroverweegMaatregel:
    """Command: maintain a maatregel or end it (art. 18 lid 3 and 11)."""

    maatregel_id: UUID
    gehandhaafd: bool
    motivering: str
    vandaag: date = VANDAAG
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


def heroverweeg_maatregel(state: Uitkering, command: HeroverweegMaatregel) -> list[EventData]:
    """Art. 18 lid 3 (within 3 months) and lid 11: maintain it, or end it from the first month not yet paid."""
    maatregel_id, gehandhaafd, motivering = command.maatregel_id, command.gehandhaafd, command.motivering
    vandaag, op = command.vandaag, command.op
    maatregel = _maatregel(state, maatregel_id)
    if not isinstance(maatregel.besluit, MaatregelOpgelegd):
        raise OngeldigeOpgave("alleen een opgelegde maatregel wordt heroverwogen")
    if maatregel.heroverweging is not None:
        return []
    per = eerste_dag(vandaag)
    while per in state.betalingen:
        per = volgende_maand(per)
    return [
        MaatregelHeroverwogen(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            maatregel_id=maatregel_id,
            gehandhaafd=gehandhaafd,
            per=per,
            motivering=motivering,
            heroverwogen_op=op,
        )
    ]


@dataclass(frozen=True)
class NeemTaaltoetsAf:
    """Command: the result of a taaltoets (art. 18b): 1F met, or not, and whether for lack of effort."""

    toetsdatum: date
    voldaan: bool
    verwijtbaar: bool
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


def neem_taaltoets_af(state: Uitkering, command: NeemTaaltoetsAf) -> list[EventData]:
    """Met: a running reduction stops next month. Not met by lack of effort: the next step, after the last ended."""
    c = command
    volgend = volgende_maand(c.toetsdatum)
    if c.voldaan:
        if not state.taalverlagingen or state.taaleis_voldaan is not None:
            return []
        return [
            TaaleisVoldaan(
                uitkering_id=state.uitkering_id,
                klant_id=state.aanvraag.klant_id,
                per=volgend,
                toetsdatum=c.toetsdatum,
            )
        ]
    if not c.verwijtbaar:
        return []
    if state.status is not Status.TOEGEKEND:
        raise NietToegekend("de taaleis hoort bij een lopende uitkering")
    stap = len(state.taalverlagingen)
    if state.taalverlagingen:
        vorige = state.taalverlagingen[-1]
        if vorige.tot is None or c.toetsdatum <= vorige.tot:
            raise OngeldigeOpgave("de volgende stap volgt op een toets na afloop van de vorige (art. 18b lid 3-4)")
    percentage, tot = maatregelen.taalverlaging(stap, volgend)
    return [
        TaalverlagingOpgelegd(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            stap=stap,
            percentage=percentage,
            van=volgend,
            tot=tot,
            toetsdatum=c.toetsdatum,
            artikel="art. 18b lid 2" if stap == 0 else "art. 18b lid 3" if stap == 1 else "art. 18b lid 4",
            besloten_op=c.op,
        )
    ]
