"""Re-integratievoorzieningen (Pw art. 7, 10, 10a) and their aanbieders: start, extension within the legal limits,
evaluatie, monthly cost, the premie of art. 31 lid 2 j, and the end with its outcome. Pure.

A voorziening's cost is committed on one budget line of the klant's gemeente when it starts (and when it is
extended), realised month by month from the aanbieder's invoices, and what is left of the commitment falls free
at the end. Dates are inclusive: `geplande_einddatum` is the last day.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.aggregate import GEEN_SLEUTELS, Aggregate, Sleutels
from libs.events.bedragen import centen
from libs.events.contracts.intake import Route
from libs.events.contracts.trajecten import (
    AanbiederGeregistreerd,
    Aanbiedersoort,
    Aanvrager,
    Inkoop,
    Kosten,
    KostenGerealiseerd,
    Kostenwijze,
    PremieToegekend,
    Uitkomst,
    VoorzieningBeeindigd,
    VoorzieningGeevalueerd,
    VoorzieningGestart,
    Voorzieningsoort,
    VoorzieningVerlengd,
)
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG

from ..catalogus import Catalogus, Catalogusitem

VOORZIENING = "voorziening"
AANBIEDER = "aanbieder"
PREMIEGRONDSLAG = "Participatiewet art. 31 lid 2 onder j (premie na zes maanden additionele werkzaamheden, art. 10a)"


class VoorzieningNietGevonden(NietGevonden):
    """No voorziening with this id in the caller's gemeenten."""

    title = "Voorziening niet gevonden"


class AanbiederNietGevonden(NietGevonden):
    """No aanbieder with this id working in the caller's gemeenten."""

    title = "Aanbieder niet gevonden"


class AanbiederBestaatAl(Conflict):
    """An aanbieder with this KvK number is already registered."""

    title = "Aanbieder bestaat al"


class OngeldigeVoorziening(DomainError):
    """A voorziening, extension, cost or premie that the law or the catalogue does not allow."""

    status = 422
    title = "Ongeldige voorziening"


class VoorzieningBeeindigdAl(Conflict):
    """The voorziening has ended: nothing more is booked on it."""

    title = "Voorziening beëindigd"


@dataclass(frozen=True)
class Aanbieder:
    """A provider of voorzieningen and the gemeenten it works for."""

    aanbieder_id: UUID
    naam: str
    soort: Aanbiedersoort
    gemeenten: tuple[str, ...]


@dataclass(frozen=True)
class Voorziening:
    """A voorziening as it stands."""

    gestart: VoorzieningGestart
    tot: date
    verlengingen: tuple[VoorzieningVerlengd, ...] = ()
    evaluaties: tuple[VoorzieningGeevalueerd, ...] = ()
    kosten: tuple[KostenGerealiseerd, ...] = ()
    premies: tuple[PremieToegekend, ...] = ()
    beeindigd: VoorzieningBeeindigd | None = None

    @property
    def voorziening_id(self) -> UUID:
        """Its id."""
        return self.gestart.voorziening_id

    @property
    def gemeente(self) -> str:
        """The klant's gemeente, which pays."""
        return self.gestart.gemeente

    @property
    def verplichting(self) -> Decimal:
        """Everything committed: the start and every extension."""
        return self.gestart.verplichting + sum((v.extra_verplichting for v in self.verlengingen), Decimal(0))

    @property
    def gerealiseerd(self) -> Decimal:
        """The invoiced cost so far (the premies are the klant's, booked apart)."""
        return sum((k.bedrag for k in self.kosten), Decimal(0))

    @property
    def uiterlijk_einde(self) -> date | None:
        """Without effect at its evaluatie, the last day it may run."""
        return next((e.uiterlijk_einde for e in reversed(self.evaluaties) if e.uiterlijk_einde), None)


@dataclass(frozen=True)
class RegistreerAanbieder:
    """Command: a provider joins the region for the gemeenten it works for."""

    aanbieder_id: UUID
    kvk_nummer: str
    naam: str
    soort: Aanbiedersoort
    gemeenten: tuple[str, ...]
    op: datetime = NU


@dataclass(frozen=True)
class KostenIn:
    """The price of a voorziening as the command gives it."""

    uren: Decimal | None
    uurtarief: Decimal | None
    vaste_prijs: Decimal | None


@dataclass(frozen=True)
class StartVoorziening:
    """Command: a voorziening in the klant's plan, from the gemeente's catalogue, charged to a budget line."""

    voorziening_id: UUID
    plan_id: UUID
    code: str
    aanbieder_id: UUID
    aanvrager: Aanvrager
    inkoop: Inkoop
    startdatum: date
    geplande_einddatum: date
    kosten: KostenIn
    budgetregel_id: UUID
    op: datetime = NU
    door: str = ""


@dataclass(frozen=True)
class Verleng:
    """Command: extend within the legal limits; extra hours or an extra price are committed too."""

    tot: date
    andere_omgeving: bool
    extra_uren: Decimal | None
    extra_prijs: Decimal | None
    motivering: str
    op: datetime = NU
    voorziening_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class Evalueer:
    """Command: an evaluatie (for a werkervaringsplaats, after 9 months)."""

    evaluatiedatum: date
    effect: bool
    bevindingen: str
    vandaag: date = VANDAAG
    op: datetime = NU
    voorziening_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class BoekKosten:
    """Command: the aanbieder's invoice for a month."""

    kosten_id: UUID
    maand: date
    uren: Decimal | None
    bedrag: Decimal | None
    factuur: str
    op: datetime = NU
    voorziening_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class KenPremieToe:
    """Command: the premie after the `halfjaar`-th completed six months of a werkervaringsplaats."""

    halfjaar: int
    vandaag: date = VANDAAG
    op: datetime = NU
    voorziening_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class Beeindig:
    """Command: the end of a voorziening with its outcome."""

    einddatum: date
    uitkomst: Uitkomst
    reden_uitval: str | None
    toelichting: str | None
    op: datetime = NU
    voorziening_id: UUID = field(kw_only=True)


def registreer_aanbieder(command: RegistreerAanbieder) -> list[EventData]:
    """A provider working for at least one gemeente."""
    if not command.gemeenten:
        raise OngeldigeVoorziening("een aanbieder werkt voor minstens één gemeente", velden={"gemeenten": "vul in"})
    return [
        AanbiederGeregistreerd(
            aanbieder_id=command.aanbieder_id,
            kvk_nummer=command.kvk_nummer,
            naam=command.naam,
            soort=command.soort,
            gemeenten=sorted(set(command.gemeenten)),
            geregistreerd_op=command.op,
        )
    ]


def _laatste_dag(start: date, maanden: int) -> date:
    return start + relativedelta(months=maanden) - timedelta(days=1)


def _prijs(item: Catalogusitem, kosten: KostenIn) -> Kosten:
    if item.kostenwijze is Kostenwijze.UREN:
        if kosten.uren is None or kosten.uurtarief is None:
            ontbreekt = {
                k: "de verordening prijst dit per uur" for k in ("uren", "uurtarief") if not getattr(kosten, k)
            }
            raise OngeldigeVoorziening(
                f"{item.label}: uren en uurtarief", velden={f"kosten.{k}": v for k, v in ontbreekt.items()}
            )
        return Kosten(wijze=Kostenwijze.UREN, uren=kosten.uren, uurtarief=kosten.uurtarief)
    if kosten.vaste_prijs is None:
        raise OngeldigeVoorziening(
            f"{item.label}: een vaste prijs", velden={"kosten.vastePrijs": "de verordening prijst dit als vaste prijs"}
        )
    return Kosten(wijze=Kostenwijze.VAST, vaste_prijs=kosten.vaste_prijs)


def _bedrag(kosten: Kosten) -> Decimal:
    if kosten.wijze is Kostenwijze.UREN:
        assert kosten.uren is not None and kosten.uurtarief is not None
        return centen(kosten.uren * kosten.uurtarief)
    assert kosten.vaste_prijs is not None
    return centen(kosten.vaste_prijs)


def start(
    command: StartVoorziening,
    *,
    klant_id: UUID,
    gemeente: str,
    plan_versie: int,
    catalogus: Catalogus,
    route: Route | None,
) -> list[EventData]:
    """A voorziening from the catalogue within its kind's first period, its cost committed."""
    c = command
    item = catalogus.item(c.code)
    if c.geplande_einddatum < c.startdatum:
        raise OngeldigeVoorziening("het einde ligt voor de start", velden={"geplandeEinddatum": "niet voor de start"})
    grens = item.grenzen.eerste_periode
    if grens is not None and c.geplande_einddatum > _laatste_dag(c.startdatum, grens):
        raise OngeldigeVoorziening(
            f"een {item.soort.value} duurt eerst ten hoogste {grens} maanden ({item.grondslag})",
            velden={"geplandeEinddatum": f"uiterlijk {_laatste_dag(c.startdatum, grens).isoformat()}"},
        )
    kosten = _prijs(item, c.kosten)
    return [
        VoorzieningGestart(
            voorziening_id=c.voorziening_id,
            klant_id=klant_id,
            gemeente=gemeente,
            plan_id=c.plan_id,
            plan_versie=plan_versie,
            code=item.code,
            label=item.label,
            soort=item.soort,
            grondslag=item.grondslag,
            catalogus=catalogus.versie,
            aanbieder_id=c.aanbieder_id,
            aanvrager=c.aanvrager,
            inkoop=c.inkoop,
            startdatum=c.startdatum,
            geplande_einddatum=c.geplande_einddatum,
            kosten=kosten,
            verplichting=_bedrag(kosten),
            budgetregel_id=c.budgetregel_id,
            route=route,
            gestart_op=c.op,
            gestart_door=c.door,
        )
    ]


def _lopend(state: Voorziening) -> None:
    if state.beeindigd is not None:
        raise VoorzieningBeeindigdAl(f"de voorziening is beëindigd per {state.beeindigd.einddatum.isoformat()}")


def verleng(state: Voorziening, command: Verleng, catalogus: Catalogus) -> list[EventData]:
    """An extension within the kind's limits: its length, how many, and (werkervaringsplaats) in another place."""
    _lopend(state)
    c = command
    item = catalogus.item(state.gestart.code)
    g = item.grenzen
    if c.tot <= state.tot:
        raise OngeldigeVoorziening("een verlenging eindigt later", velden={"tot": f"na {state.tot.isoformat()}"})
    if g.verlengingen is not None and len(state.verlengingen) >= g.verlengingen:
        raise OngeldigeVoorziening(f"een {item.soort.value} wordt ten hoogste {g.verlengingen} keer verlengd")
    if g.verlenging is not None and c.tot > _laatste_dag(state.tot + timedelta(days=1), g.verlenging):
        raise OngeldigeVoorziening(
            f"een verlenging duurt ten hoogste {g.verlenging} maanden ({item.grondslag})",
            velden={"tot": f"uiterlijk {_laatste_dag(state.tot + timedelta(days=1), g.verlenging).isoformat()}"},
        )
    if item.soort is Voorzieningsoort.WERKERVARINGSPLAATS:
        if state.uiterlijk_einde is not None and c.tot > state.uiterlijk_einde:
            raise OngeldigeVoorziening(
                "zonder effect bij de evaluatie eindigt de werkervaringsplaats binnen 12 maanden (art. 10a)",
                velden={"tot": f"uiterlijk {state.uiterlijk_einde.isoformat()}"},
            )
        if len(state.verlengingen) == 1 and not c.andere_omgeving:
            raise OngeldigeVoorziening(
                "de tweede verlenging van een werkervaringsplaats is in een andere omgeving (art. 10a)",
                velden={"andereOmgeving": "alleen in een andere omgeving"},
            )
    kosten = state.gestart.kosten
    if kosten.wijze is Kostenwijze.UREN:
        if c.extra_uren is None:
            raise OngeldigeVoorziening("hoeveel uren komen erbij", velden={"extraUren": "vul in (0 mag)"})
        assert kosten.uurtarief is not None
        extra = centen(c.extra_uren * kosten.uurtarief)
    else:
        if c.extra_prijs is None:
            raise OngeldigeVoorziening("wat kost de verlenging", velden={"extraPrijs": "vul in (0 mag)"})
        extra = centen(c.extra_prijs)
    return [
        VoorzieningVerlengd(
            voorziening_id=state.voorziening_id,
            klant_id=state.gestart.klant_id,
            gemeente=state.gemeente,
            budgetregel_id=state.gestart.budgetregel_id,
            tot=c.tot,
            andere_omgeving=c.andere_omgeving,
            extra_verplichting=extra,
            motivering=c.motivering,
            verlengd_op=c.op,
        )
    ]


def evalueer(state: Voorziening, command: Evalueer) -> list[EventData]:
    """An evaluatie; a werkervaringsplaats is evaluated after 9 months, and without effect ends by 12 months."""
    _lopend(state)
    c = command
    start_ = state.gestart.startdatum
    if c.evaluatiedatum > c.vandaag or c.evaluatiedatum < start_:
        raise OngeldigeVoorziening(
            "een evaluatie ligt tussen de start en vandaag", velden={"evaluatiedatum": "tussen start en vandaag"}
        )
    uiterlijk: date | None = None
    if state.gestart.soort is Voorzieningsoort.WERKERVARINGSPLAATS:
        na = start_ + relativedelta(months=9)
        if c.evaluatiedatum < na:
            raise OngeldigeVoorziening(
                "een werkervaringsplaats wordt na 9 maanden geëvalueerd (art. 10a)",
                velden={"evaluatiedatum": f"vanaf {na.isoformat()}"},
            )
        if not c.effect:
            uiterlijk = min(state.tot, _laatste_dag(start_, 12))
    return [
        VoorzieningGeevalueerd(
            voorziening_id=state.voorziening_id,
            klant_id=state.gestart.klant_id,
            gemeente=state.gemeente,
            evaluatiedatum=c.evaluatiedatum,
            effect=c.effect,
            bevindingen=c.bevindingen,
            uiterlijk_einde=uiterlijk,
            geevalueerd_op=c.op,
        )
    ]


def boek_kosten(state: Voorziening, command: BoekKosten) -> list[EventData]:
    """An invoice for a month the voorziening ran, within what was committed."""
    _lopend(state)
    c = command
    if any(k.kosten_id == c.kosten_id for k in state.kosten):
        return []
    eerste = state.gestart.startdatum.replace(day=1)
    if not eerste <= c.maand <= state.tot:
        raise OngeldigeVoorziening(
            "kosten horen bij een maand waarin de voorziening liep",
            velden={"maand": f"van {eerste:%Y-%m} tot {state.tot:%Y-%m}"},
        )
    kosten = state.gestart.kosten
    if kosten.wijze is Kostenwijze.UREN:
        if c.uren is None:
            raise OngeldigeVoorziening("deze voorziening wordt per uur betaald", velden={"uren": "vul in"})
        assert kosten.uurtarief is not None
        bedrag = centen(c.uren * kosten.uurtarief)
    else:
        if c.bedrag is None:
            raise OngeldigeVoorziening("deze voorziening heeft een vaste prijs", velden={"bedrag": "vul in"})
        bedrag = centen(c.bedrag)
    over = state.verplichting - state.gerealiseerd
    if bedrag > over:
        raise OngeldigeVoorziening(
            f"meer dan nog vastgelegd ({over}): verleng de voorziening of stel haar bij",
            velden={"uren" if c.uren is not None else "bedrag": f"ten hoogste {over} euro"},
        )
    return [
        KostenGerealiseerd(
            kosten_id=c.kosten_id,
            voorziening_id=state.voorziening_id,
            klant_id=state.gestart.klant_id,
            gemeente=state.gemeente,
            budgetregel_id=state.gestart.budgetregel_id,
            maand=c.maand,
            uren=c.uren if kosten.wijze is Kostenwijze.UREN else None,
            bedrag=bedrag,
            factuur=c.factuur,
            geboekt_op=c.op,
        )
    ]


_PREMIE = uuid.UUID("b5e1c7a2-88e4-4f1e-9d2c-7c5a8f3e6b90")


def premie_id(voorziening_id: UUID, halfjaar: int) -> UUID:
    """One premie per completed six months: its id follows from the voorziening and the period."""
    return uuid.uuid5(_PREMIE, f"{voorziening_id}:{halfjaar}")


def ken_premie_toe(state: Voorziening, command: KenPremieToe, catalogus: Catalogus) -> list[EventData]:
    """The premie of art. 31 lid 2 j after six completed months of a werkervaringsplaats, at the catalogue's amount."""
    c = command
    item = catalogus.item(state.gestart.code)
    per = item.grenzen.premie_na
    if per is None or item.premie is None:
        raise OngeldigeVoorziening(f"bij een {item.label.lower()} hoort geen premie (art. 31 lid 2 j, art. 10a)")
    van = state.gestart.startdatum + relativedelta(months=per * (c.halfjaar - 1))
    tot = _laatste_dag(state.gestart.startdatum, per * c.halfjaar)
    einde = state.beeindigd.einddatum if state.beeindigd else state.tot
    if tot >= c.vandaag or tot > einde:
        raise OngeldigeVoorziening(
            f"de premie volgt na {per} volle maanden: periode {c.halfjaar} loopt tot en met {tot.isoformat()}",
            velden={"halfjaar": "een periode die voorbij is en waarin de werkervaringsplaats liep"},
        )
    pid = premie_id(state.voorziening_id, c.halfjaar)
    if any(p.premie_id == pid for p in state.premies):
        return []
    return [
        PremieToegekend(
            premie_id=pid,
            voorziening_id=state.voorziening_id,
            klant_id=state.gestart.klant_id,
            gemeente=state.gemeente,
            budgetregel_id=state.gestart.budgetregel_id,
            periode_van=van,
            periode_tot=tot,
            bedrag=centen(item.premie),
            grondslag=PREMIEGRONDSLAG,
            toegekend_op=c.op,
        )
    ]


def beeindig(state: Voorziening, command: Beeindig) -> list[EventData]:
    """The end and its outcome; the commitment not realised falls free."""
    _lopend(state)
    c = command
    if c.einddatum < state.gestart.startdatum:
        raise OngeldigeVoorziening("het einde ligt niet voor de start", velden={"einddatum": "niet voor de start"})
    if c.uitkomst is Uitkomst.UITVAL and not c.reden_uitval:
        raise OngeldigeVoorziening("bij uitval hoort een reden", velden={"redenUitval": "vul in"})
    return [
        VoorzieningBeeindigd(
            voorziening_id=state.voorziening_id,
            klant_id=state.gestart.klant_id,
            gemeente=state.gemeente,
            budgetregel_id=state.gestart.budgetregel_id,
            einddatum=c.einddatum,
            uitkomst=c.uitkomst,
            reden_uitval=c.reden_uitval if c.uitkomst is Uitkomst.UITVAL else None,
            toelichting=c.toelichting,
            vrijval=max(Decimal(0), state.verplichting - state.gerealiseerd),
            beeindigd_op=c.op,
        )
    ]


def evolve(state: Voorziening | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Voorziening | None:
    """The voorziening after one more event."""
    if isinstance(event, VoorzieningGestart):
        return Voorziening(event, event.geplande_einddatum)
    if state is None:
        return None
    if isinstance(event, VoorzieningVerlengd):
        return replace(state, tot=event.tot, verlengingen=(*state.verlengingen, event))
    if isinstance(event, VoorzieningGeevalueerd):
        return replace(state, evaluaties=(*state.evaluaties, event))
    if isinstance(event, KostenGerealiseerd):
        return replace(state, kosten=(*state.kosten, event))
    if isinstance(event, PremieToegekend):
        return replace(state, premies=(*state.premies, event))
    if isinstance(event, VoorzieningBeeindigd):
        return replace(state, beeindigd=event, tot=event.einddatum)
    return state


def evolve_aanbieder(state: Aanbieder | None, event: EventData, sleutels: Sleutels = GEEN_SLEUTELS) -> Aanbieder | None:
    """An aanbieder after one more event."""
    if isinstance(event, AanbiederGeregistreerd):
        return Aanbieder(event.aanbieder_id, event.naam, event.soort, tuple(event.gemeenten))
    return state


VOORZIENINGEN: Aggregate[Voorziening] = Aggregate(
    VOORZIENING,
    evolve,
    gemeente=lambda v: v.gemeente,
    not_found=VoorzieningNietGevonden,
    subject=lambda v: v.gestart.klant_id,  # a klant's tijdlijn in the audit store shows its voorzieningen
)
AANBIEDERS: Aggregate[Aanbieder] = Aggregate(
    AANBIEDER,
    evolve_aanbieder,
    gemeente=lambda a: a.gemeenten[0],
    not_found=AanbiederNietGevonden,
    visible_in=lambda a: a.gemeenten,
)
