"""Aanvraag to besluit: zoektermijn, account, voorschot, toekenning or afwijzing, opschorting and einde. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta

from libs.events.contracts.uitkering import (
    AanvraagAfgewezen,
    AanvraagIngediend,
    Beeindigingsreden,
    BetalingHervat,
    BetalingOpgeschort,
    BijstandToegekend,
    Huishouden,
    Leefvorm,
    Onderdeel,
    PlanVerwijzing,
    RekeningVastgelegd,
    UitkeringBeeindigd,
    Vermogensbestanddeel,
    VoorschotVerleend,
)
from libs.events.errors import Conflict, DomainError
from libs.events.registry import EventData
from libs.events.stamps import NU, VANDAAG
from libs.termijnen import einde_termijn

from .. import termijnen
from ..berekening import (
    REGELSET,
    Geboortedata,
    eerste_dag,
)
from ..normen import leeftijd
from ..stand import (
    AlBesloten,
    NietToegekend,
    Status,
    Uitkering,
    evolve,
)
from ..termijnen import betaalbaar
from ..vermogen import Leefvorm as VermogenLeefvorm
from ..vermogen import toets_vermogen
from .recht import (
    OngeldigeAanvraag,
    bereken_maand,
    herberekeningen,
)

ZOEKTERMIJN_TOT = 27  # art. 41 lid 4: only when everyone applying is under 27


BEZWAARTERMIJN = timedelta(weeks=6)  # Awb 6:7


TERUGWERKENDE_KRACHT = 3  # months before the melding at most (art. 44 lid 5)


class ZoektermijnLoopt(DomainError):
    """Art. 41 lid 4: a person under 27 files only after the zoektermijn of 4 weeks after the melding."""

    status = 422
    title = "Zoektermijn loopt nog"


class KlantOnbekend(DomainError):
    """Intake has not (yet) told this service about the klant, or not in this gemeente."""

    status = 422
    title = "Klant onbekend"


class OngeldigeIngangsdatum(DomainError):
    """Art. 44: not before the melding, or at most 3 months before it with individual reasons (lid 5)."""

    status = 422
    title = "Ongeldige ingangsdatum"


class GeenVoorschot(DomainError):
    """Art. 52: no voorschot when the facts clearly give no right."""

    status = 422
    title = "Geen voorschot"


class NogGeenBesluit(Conflict):
    """There is no beschikking yet."""

    title = "Nog geen besluit"


class RekeningOntbreekt(DomainError):
    """A payment without a (readable) bank account cannot go into the file."""

    status = 422
    title = "Rekening ontbreekt"


@dataclass(frozen=True)
class KlantFeiten:
    """What intake told this service about the klant (read model), checked at the aanvraag."""

    gemeente: str
    zoektermijn_einde: date | None
    zoektermijn_uitzondering: str | None


@dataclass(frozen=True)
class DienAanvraagIn:
    """Command: file an aanvraag algemene bijstand."""

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    meldingsdatum: date
    aanvraagdatum: date
    huishouden: Huishouden
    geboortedata: Geboortedata
    persoonlijk: str  # the geboortedata encrypted with the klant's key (by the service)
    vermogen: tuple[Vermogensbestanddeel, ...]
    woning_overwaarde: Decimal
    op: datetime = NU


@dataclass(frozen=True)
class LegRekeningVast:
    """Command: the account(s) to pay to, encrypted by the service, and how to split (art. 45 lid 4)."""

    versleuteld: str
    uitbetaling: str
    heeft_partnerrekening: bool
    op: datetime = NU
    # The accounts as entered, for the handler to encrypt into `versleuteld`; never in an event.
    rekeningen: Mapping[str, Any] = field(default_factory=dict, kw_only=True)
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class VerleenVoorschot:
    """Command: a voorschot for a month while the right is not yet set (art. 52)."""

    periode: date
    vandaag: date = VANDAAG
    op: datetime = NU
    eerste_betaaldag: date = VANDAAG  # the gemeente's first betaaldag, filled in by the handler
    uitkering_id: UUID = field(kw_only=True)


PLAN_VERPLICHT_TOT = 27  # art. 44 lid 4: 18 to 27


class PlanVanAanpakOntbreekt(Conflict):
    """Art. 44 lid 4: the toekenning to someone of 18 to 27 needs the plan van aanpak as its bijlage."""

    title = "Plan van aanpak ontbreekt"


@dataclass(frozen=True)
class NeemBesluit:
    """Command: decide on the aanvraag (toekenning or afwijzing follows from the rules)."""

    ingangsdatum: date
    motivering: str
    reden_terugwerkende_kracht: str | None
    op: datetime = NU
    door: str = ""
    uitkering_id: UUID = field(kw_only=True)
    plan: PlanVerwijzing | None = field(default=None, kw_only=True)  # the klant's plan van aanpak, gathered


@dataclass(frozen=True)
class SchortOp:
    """Command: suspend payment (art. 40: woonplaats in doubt)."""

    reden: str
    artikel: str
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class Hervat:
    """Command: resume payment."""

    reden: str
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


@dataclass(frozen=True)
class Beeindig:
    """Command: end the uitkering after `laatste_dag`."""

    reden: Beeindigingsreden
    laatste_dag: date
    toelichting: str
    op: datetime = NU
    uitkering_id: UUID = field(kw_only=True)


def dien_aanvraag_in(command: DienAanvraagIn, klant: KlantFeiten | None) -> list[EventData]:
    """An aanvraag, refused while the zoektermijn of a person under 27 runs (art. 41 lid 4)."""
    c = command
    if klant is None or klant.gemeente != c.gemeente:
        # One answer for both: another gemeente's klant is never disclosed (DESIGN §5).
        raise KlantOnbekend(
            f"klant {c.klant_id} is volgens intake geen inwoner van {c.gemeente} (of nog niet bekend); de aanvraag "
            "hoort bij de woongemeente (art. 40)"
        )
    if c.aanvraagdatum < c.meldingsdatum:
        raise OngeldigeAanvraag("de aanvraagdatum ligt niet voor de meldingsdatum (art. 44 lid 2)")
    h, g = c.huishouden, c.geboortedata
    if (h.leefvorm is Leefvorm.GEHUWD) != (g.partner is not None):
        raise OngeldigeAanvraag("een partner met geboortedatum hoort bij leefvorm gehuwd, en alleen daarbij")
    if len(h.medebewoners) != len(g.medebewoners):
        raise OngeldigeAanvraag("geef van elke medebewoner de geboortedatum")
    if h.leefvorm is Leefvorm.ALLEENSTAANDE_OUDER and h.kinderen == 0:
        raise OngeldigeAanvraag("een alleenstaande ouder heeft ten minste één kind")
    jong = all(leeftijd(d, c.aanvraagdatum) < ZOEKTERMIJN_TOT for d in (g.aanvrager, g.partner) if d is not None)
    einde = klant.zoektermijn_einde
    if jong and klant.zoektermijn_uitzondering is None and einde is not None and c.aanvraagdatum <= einde:
        raise ZoektermijnLoopt(
            f"art. 41 lid 4 Participatiewet: de zoektermijn loopt tot en met {einde.isoformat()}; "
            f"de aanvraag kan vanaf {(einde + timedelta(days=1)).isoformat()} worden ingediend"
        )
    return [
        AanvraagIngediend(
            uitkering_id=c.uitkering_id,
            klant_id=c.klant_id,
            gemeente=c.gemeente,
            meldingsdatum=c.meldingsdatum,
            aanvraagdatum=c.aanvraagdatum,
            huishouden=h,
            persoonlijk=c.persoonlijk,
            vermogen=list(c.vermogen),
            woning_overwaarde=c.woning_overwaarde,
            beslistermijn=termijnen.beslistermijn(c.aanvraagdatum),
            voorschot_uiterlijk=termijnen.voorschot_uiterlijk(c.aanvraagdatum),
            ingediend_op=c.op,
        )
    ]


def leg_rekening_vast(state: Uitkering, command: LegRekeningVast) -> list[EventData]:
    """Record the account(s); half to each partner needs a partner's account (art. 45 lid 4)."""
    if state.status in (Status.AFGEWEZEN, Status.BEEINDIGD):
        raise NietToegekend(f"de uitkering is {state.status.value}")
    gehuwd = state.aanvraag.huishouden.leefvorm is Leefvorm.GEHUWD
    if command.uitbetaling != "aanvrager" and not (gehuwd and command.heeft_partnerrekening):
        raise OngeldigeAanvraag("betalen aan de partner of verdeeld kan alleen met een partner en diens rekening")
    return [
        RekeningVastgelegd(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            versleuteld=command.versleuteld,
            uitbetaling=command.uitbetaling,
            vastgelegd_op=command.op,
        )
    ]


def vermogenstoets(state: Uitkering) -> tuple[bool, list[Onderdeel]]:
    """Art. 34 at the aanvraag: whether vermogen stands in the way, with the amounts used."""
    a = state.aanvraag
    leefvorm = {
        Leefvorm.ALLEENSTAANDE: VermogenLeefvorm.ALLEENSTAANDE,
        Leefvorm.ALLEENSTAANDE_OUDER: VermogenLeefvorm.ALLEENSTAANDE_OUDER,
        Leefvorm.GEHUWD: VermogenLeefvorm.GEHUWDEN,
    }[a.huishouden.leefvorm]
    bezittingen = sum((v.bedrag for v in a.vermogen if v.bedrag > 0), Decimal(0))
    schulden = -sum((v.bedrag for v in a.vermogen if v.bedrag < 0), Decimal(0))
    toets = toets_vermogen(leefvorm, bezittingen, schulden, a.woning_overwaarde, a.aanvraagdatum)
    onderdelen = [
        Onderdeel(artikel="art. 34 lid 1", omschrijving="bezittingen", bedrag=bezittingen),
        Onderdeel(artikel="art. 34 lid 1", omschrijving="schulden", bedrag=-schulden),
        Onderdeel(artikel="art. 34 lid 3", omschrijving=f"vermogensgrens ({toets.bron})", bedrag=toets.grens),
        Onderdeel(artikel="art. 34 lid 3", omschrijving="vermogen boven de grens", bedrag=toets.boven_grens),
        Onderdeel(
            artikel="art. 34 lid 2 onder d",
            omschrijving="overwaarde eigen woning boven de vrijlating",
            bedrag=toets.woning_overwaarde_boven_vrijlating,
        ),
    ]
    return toets.belemmert_bijstand, onderdelen


def verleen_voorschot(state: Uitkering, command: VerleenVoorschot) -> list[EventData]:
    """Art. 52: at least 95% of the expected bijstand, unless the facts clearly give no right."""
    if state.status is not Status.AANGEVRAAGD:
        raise AlBesloten("op deze aanvraag is al besloten; een voorschot is niet meer aan de orde")
    if any(v.periode == command.periode for v in state.voorschotten):
        return []
    betaalbaar(command.periode, command.vandaag, command.eerste_betaaldag)
    if command.vandaag < state.aanvraag.voorschot_uiterlijk - timedelta(days=7):
        raise GeenVoorschot(
            f"een voorschot is aan de orde als het recht 4 weken na de aanvraag niet vaststaat "
            f"(uiterlijk {state.aanvraag.voorschot_uiterlijk.isoformat()}, art. 52 lid 1)"
        )
    belemmert, _ = vermogenstoets(state)
    if belemmert:
        raise GeenVoorschot("het vermogen ligt boven de grens: er is duidelijk geen recht (art. 52 lid 1, art. 34)")
    verwacht = bereken_maand(state, command.periode)
    if verwacht.uit_te_betalen <= 0:
        raise GeenVoorschot("het inkomen dekt de norm: er is duidelijk geen recht (art. 52 lid 1)")
    return [
        VoorschotVerleend(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            periode=command.periode,
            verwachte_bijstand=verwacht.uit_te_betalen,
            bedrag=termijnen.minimum_voorschot(verwacht.uit_te_betalen),
            artikel="art. 52 lid 1",
            regelset=REGELSET,
            verleend_op=command.op,
        )
    ]


GRONDSLAGEN_TOEKENNING = [
    "Participatiewet art. 11 (recht op bijstand)",
    "Participatiewet art. 19 (recht = norm − inkomen)",
    "Participatiewet art. 20-22a (normen en kostendelersnorm)",
    "Participatiewet art. 31-34 (inkomen en vermogen)",
    "Participatiewet art. 44 (ingangsdatum) en art. 45 (betaling per kalendermaand)",
]


def neem_besluit(state: Uitkering, command: NeemBesluit) -> list[EventData]:
    """Toekenning when vermogen and inkomen leave a right, otherwise afwijzing, with grounds and bezwaar term."""
    if state.status is not Status.AANGEVRAAGD:
        raise AlBesloten(f"op deze aanvraag is al besloten ({state.status.value})")
    a = state.aanvraag
    vroegst = a.meldingsdatum - relativedelta(months=TERUGWERKENDE_KRACHT)
    if command.ingangsdatum < a.meldingsdatum:
        if command.reden_terugwerkende_kracht is None:
            raise OngeldigeIngangsdatum(
                f"de ingangsdatum ligt niet voor de meldingsdatum {a.meldingsdatum.isoformat()} (art. 44 lid 1), "
                "tenzij individuele omstandigheden dat vragen: geef dan redenTerugwerkendeKracht (art. 44 lid 5)"
            )
        if command.ingangsdatum < vroegst:
            raise OngeldigeIngangsdatum(
                f"ten hoogste 3 maanden voor de melding: niet voor {vroegst.isoformat()} (art. 44 lid 5)"
            )
    bezwaar = einde_termijn(command.op.date() + BEZWAARTERMIJN)
    belemmert, toets = vermogenstoets(state)
    eerste = bereken_maand(state, eerste_dag(command.ingangsdatum), command.ingangsdatum)
    if belemmert or eerste.bijstand <= 0:
        reden, grond = (
            ("vermogen boven de vermogensgrens", "Participatiewet art. 34 lid 3")
            if belemmert
            else ("het inkomen is niet lager dan de norm", "Participatiewet art. 19 lid 1 en art. 31-32")
        )
        return [
            AanvraagAfgewezen(
                uitkering_id=state.uitkering_id,
                klant_id=a.klant_id,
                gemeente=state.gemeente,
                regelset=REGELSET,
                reden=reden,
                grondslagen=["Participatiewet art. 11", grond],
                motivering=command.motivering,
                vermogenstoets=toets,
                bezwaartermijn_einde=bezwaar,
                besloten_op=command.op,
                besloten_door=command.door,
            )
        ]
    grondslagen = list(GRONDSLAGEN_TOEKENNING)
    plan = _plan_van_aanpak(state, command)
    if plan is not None:
        grondslagen.append(f"Participatiewet art. 44 lid 4: plan van aanpak versie {plan.versie} als bijlage")
    if command.ingangsdatum < a.meldingsdatum:
        grondslagen.append(f"Participatiewet art. 44 lid 5: {command.reden_terugwerkende_kracht}")
    return [
        BijstandToegekend(
            uitkering_id=state.uitkering_id,
            klant_id=a.klant_id,
            gemeente=state.gemeente,
            ingangsdatum=command.ingangsdatum,
            regelset=REGELSET,
            berekening=eerste,
            vermogenstoets=toets,
            grondslagen=grondslagen,
            motivering=command.motivering,
            bezwaartermijn_einde=bezwaar,
            besloten_op=command.op,
            besloten_door=command.door,
            plan_van_aanpak=plan,
        )
    ]


def _plan_van_aanpak(state: Uitkering, command: NeemBesluit) -> PlanVerwijzing | None:
    """Art. 44 lid 4: a toekenning to someone of 18 to 27 has the plan van aanpak as bijlage; for others the plan,
    where one exists, is referred to as well."""
    geboortedata = state.feiten[0].geboortedata
    jong = geboortedata is not None and leeftijd(geboortedata.aanvrager, command.ingangsdatum) < PLAN_VERPLICHT_TOT
    if jong and command.plan is None:
        raise PlanVanAanpakOntbreekt(
            "een toekenning aan iemand van 18 tot 27 jaar heeft het plan van aanpak als bijlage (art. 44 lid 4): "
            "stel het eerst op met de klant (trajecten, POST /plannen)"
        )
    return command.plan


def schort_op(state: Uitkering, command: SchortOp) -> list[EventData]:
    """Suspend payment of a running uitkering (again: nothing new)."""
    if state.status is not Status.TOEGEKEND:
        raise NietToegekend(f"de uitkering is {state.status.value}")
    if state.opgeschort is not None:
        return []
    return [
        BetalingOpgeschort(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            reden=command.reden,
            artikel=command.artikel,
            opgeschort_op=command.op,
        )
    ]


def hervat(state: Uitkering, command: Hervat) -> list[EventData]:
    """Resume payment; the months held back are paid by the next betaalrun."""
    if state.opgeschort is None:
        return []
    return [
        BetalingHervat(
            uitkering_id=state.uitkering_id, klant_id=state.aanvraag.klant_id, reden=command.reden, hervat_op=command.op
        )
    ]


def beeindig(state: Uitkering, command: Beeindig) -> list[EventData]:
    """End a running uitkering after `laatste_dag`; paid months after it are recalculated (te veel betaald)."""
    if state.status is not Status.TOEGEKEND:
        return []
    ingang = state.ingangsdatum
    assert ingang is not None
    if command.laatste_dag < ingang - timedelta(days=1):
        raise OngeldigeIngangsdatum("de laatste dag ligt niet voor de ingangsdatum")
    einde = UitkeringBeeindigd(
        uitkering_id=state.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        gemeente=state.gemeente,
        reden=command.reden,
        laatste_dag=command.laatste_dag,
        toelichting=command.toelichting,
        beeindigd_op=command.op,
    )
    after = evolve(state, einde)
    assert after is not None
    return [einde, *herberekeningen(state, after, einde.event_type, command.op)]
