"""The uitkering aggregate: aanvraag, besluit, betaling, inkomsten, late facts. Pure `decide` and `evolve`.

One stream per uitkering (its id is the aanvraag's). Birth dates and bank accounts arrive encrypted with
the klant's key; the service decrypts them when it folds (`Geboortedata`), so the rules here never see
ciphertext and never do I/O. Every decision names the rule set, the articles and the inputs it used.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID, uuid5

from dateutil.relativedelta import relativedelta

from libs.events.aggregate import Aggregate
from libs.events.contracts.uitkering import (
    AanvraagAfgewezen,
    AanvraagIngediend,
    Beeindigingsreden,
    Berekening,
    BetaalrunAfgerond,
    BetaalrunGestart,
    BetalingGeweigerd,
    BetalingHervat,
    BetalingOpgeschort,
    BetalingVerricht,
    BijstandToegekend,
    Deelvordering,
    HerberekeningVastgesteld,
    HeronderzoekUitgevoerd,
    Huishouden,
    HuishoudenGewijzigd,
    InkomenBron,
    InkomstenOpgegeven,
    Leefvorm,
    Maandbedrag,
    Maandverlaging,
    MaatregelAfgezien,
    MaatregelHeroverwogen,
    MaatregelOpgelegd,
    MaatregelVoorgenomen,
    NabetalingVerricht,
    Onderdeel,
    OntheffingBeeindigd,
    OntheffingVerleend,
    Ontvanger,
    PlaatsingVerwerkt,
    RekeningVastgelegd,
    TaaleisVoldaan,
    TaalverlagingOpgelegd,
    UitkeringBeeindigd,
    VakantietoeslagUitbetaald,
    Vermogensbestanddeel,
    Verrekening,
    VoorschotUitbetaald,
    VoorschotVerleend,
    VorderingOpgelegd,
    WaarschuwingGegeven,
    ZienswijzeGegeven,
)
from libs.events.errors import Conflict, DomainError, NietGevonden
from libs.events.registry import EventData
from libs.termijnen import einde_termijn

from . import berekening, grootboek, maatregelen, termijnen
from .berekening import (
    REGELSET,
    Geboortedata,
    Huishoudfeit,
    Verlaging,
    Werkinkomen,
    centen,
    eerste_dag,
    laatste_dag,
    maanden,
    volgende_maand,
)
from .vermogen import Leefvorm as VermogenLeefvorm
from .vermogen import splits_vakantietoeslag, toets_vermogen
from .verordening import Afstemmingsverordening, Verplichting, beslagvrije_voet
from .vordering import GRONDEN

UITKERING = "uitkering"
BETAALRUN = "betaalrun"
BETAALWEIGERING = "betaalweigering"

ZOEKTERMIJN_TOT = 27  # art. 41 lid 4: only when everyone applying is under 27
BEZWAARTERMIJN = timedelta(weeks=6)  # Awb 6:7
TERUGWERKENDE_KRACHT = 3  # months before the melding at most (art. 44 lid 5)


class Status(StrEnum):
    """Where an uitkering stands."""

    AANGEVRAAGD = "aangevraagd"
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"
    BEEINDIGD = "beeindigd"


class UitkeringNietGevonden(NietGevonden):
    """No uitkering (or aanvraag) with this id in the caller's gemeenten."""

    title = "Uitkering niet gevonden"


class BetaalrunNietGevonden(NietGevonden):
    """No betaalrun with this id in the caller's gemeenten."""

    title = "Betaalrun niet gevonden"


class ZoektermijnLoopt(DomainError):
    """Art. 41 lid 4: a person under 27 files only after the zoektermijn of 4 weeks after the melding."""

    status = 422
    title = "Zoektermijn loopt nog"


class KlantOnbekend(DomainError):
    """Intake has not (yet) told this service about the klant, or not in this gemeente."""

    status = 422
    title = "Klant onbekend"


class OngeldigeAanvraag(DomainError):
    """An aanvraag whose facts do not fit together."""

    status = 422
    title = "Ongeldige aanvraag"


class OngeldigeIngangsdatum(DomainError):
    """Art. 44: not before the melding, or at most 3 months before it with individual reasons (lid 5)."""

    status = 422
    title = "Ongeldige ingangsdatum"


class AlBesloten(Conflict):
    """The aanvraag has its besluit already."""

    title = "Al besloten"


class NietToegekend(Conflict):
    """This needs a running uitkering."""

    title = "Geen lopende uitkering"


class GeenVoorschot(DomainError):
    """Art. 52: no voorschot when the facts clearly give no right."""

    status = 422
    title = "Geen voorschot"


class NogGeenBesluit(Conflict):
    """There is no beschikking yet."""

    title = "Nog geen besluit"


class BetaalrunNietAfgerond(Conflict):
    """The betaalrun has not finished: its file is not complete."""

    title = "Betaalrun niet afgerond"


class RekeningOntbreekt(DomainError):
    """A payment without a (readable) bank account cannot go into the file."""

    status = 422
    title = "Rekening ontbreekt"


class NogNietBetaalbaar(DomainError):
    """Money for a month leaves only from its first betaaldag: no betaalrun or voorschot ahead of time."""

    status = 422
    title = "Maand nog niet betaalbaar"


def betaalbaar(periode: date, vandaag: date, eerste_betaaldag: date) -> None:
    """Refuse paying `periode` before its first betaaldag, naming that day."""
    if vandaag < eerste_betaaldag:
        raise NogNietBetaalbaar(
            f"{periode:%Y-%m} kan pas vanaf {eerste_betaaldag.isoformat()} betaald worden (vandaag is "
            f"{vandaag.isoformat()})"
        )


class OngeldigeOpgave(DomainError):
    """An inkomstenopgave that does not fit (period, amounts)."""

    status = 422
    title = "Ongeldige inkomstenopgave"


@dataclass(frozen=True)
class Maatregel:
    """A maatregel through its Awb steps: voornemen, zienswijze, then besluit or afzien."""

    voornemen: MaatregelVoorgenomen
    zienswijze: ZienswijzeGegeven | None = None
    besluit: MaatregelOpgelegd | MaatregelAfgezien | None = None
    heroverweging: MaatregelHeroverwogen | None = None


@dataclass(frozen=True)
class Uitkering:
    """State of one uitkering, from aanvraag to the last payment."""

    aanvraag: AanvraagIngediend
    feiten: tuple[Huishoudfeit, ...]
    status: Status = Status.AANGEVRAAGD
    besluit: BijstandToegekend | AanvraagAfgewezen | None = None
    inkomsten: dict[tuple[date, str, str], InkomstenOpgegeven] = field(default_factory=dict)  # (month, werkgever, van)
    plaatsingen: tuple[PlaatsingVerwerkt, ...] = ()
    betalingen: dict[date, BetalingVerricht] = field(default_factory=dict)
    vastgesteld: dict[date, Decimal] = field(default_factory=dict)  # per paid month, after herberekeningen
    herberekeningen: tuple[HerberekeningVastgesteld, ...] = ()
    voorschotten: tuple[VoorschotVerleend, ...] = ()
    voorschotten_betaald: tuple[VoorschotUitbetaald, ...] = ()
    voorschot_verrekend: Decimal = Decimal(0)
    ontvangen: dict[date, Decimal] = field(default_factory=dict)  # per paid month: monthly part, VT, nabetalingen
    vt_betaald: dict[date, Decimal] = field(default_factory=dict)  # per month whose VT was paid out
    voorlopig: frozenset[date] = frozenset()  # paid months vastgesteld past the last table carried
    opgeschort: BetalingOpgeschort | None = None
    rekening: RekeningVastgelegd | None = None
    einde: UitkeringBeeindigd | None = None
    maatregelen: dict[UUID, Maatregel] = field(default_factory=dict)
    taalverlagingen: tuple[TaalverlagingOpgelegd, ...] = ()
    taaleis_voldaan: TaaleisVoldaan | None = None
    waarschuwingen: tuple[WaarschuwingGegeven, ...] = ()
    ontheffingen: tuple[OntheffingVerleend, ...] = ()
    ontheffing_einde: dict[UUID, date] = field(default_factory=dict)
    heronderzoeken: tuple[HeronderzoekUitgevoerd, ...] = ()
    versie: int = 0

    @property
    def uitkering_id(self) -> UUID:
        """The stream id."""
        return self.aanvraag.uitkering_id

    @property
    def gemeente(self) -> str:
        """The gemeente that pays (woonplaats at the aanvraag, art. 40)."""
        return self.aanvraag.gemeente

    @property
    def ingangsdatum(self) -> date | None:
        """From when bijstand is granted."""
        return self.besluit.ingangsdatum if isinstance(self.besluit, BijstandToegekend) else None

    @property
    def laatste_dag(self) -> date | None:
        """The last day with bijstand, once ended."""
        return self.einde.laatste_dag if self.einde else None

    @property
    def voorschot_openstaand(self) -> Decimal:
        """Voorschotten paid and not yet set off against bijstand."""
        return sum((v.bedrag for v in self.voorschotten_betaald), Decimal(0)) - self.voorschot_verrekend


# --- commands ---------------------------------------------------------------------------------------


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
    op: datetime


@dataclass(frozen=True)
class LegRekeningVast:
    """Command: the account(s) to pay to, encrypted by the service, and how to split (art. 45 lid 4)."""

    versleuteld: str
    uitbetaling: str
    heeft_partnerrekening: bool
    op: datetime


@dataclass(frozen=True)
class VerleenVoorschot:
    """Command: a voorschot for a month while the right is not yet set (art. 52)."""

    periode: date
    vandaag: date
    op: datetime
    eerste_betaaldag: date


@dataclass(frozen=True)
class NeemBesluit:
    """Command: decide on the aanvraag (toekenning or afwijzing follows from the rules)."""

    ingangsdatum: date
    motivering: str
    reden_terugwerkende_kracht: str | None
    op: datetime
    door: str


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
    op: datetime
    van: str = "aanvrager"  # or "partner": whose income it is (art. 31 lid 2 per earner)


AANVRAGER, PARTNER = "aanvrager", "partner"


@dataclass(frozen=True)
class WijzigHuishouden:
    """Command: the household changed from `per` (possibly in a month already paid)."""

    per: date
    huishouden: Huishouden
    geboortedata: Geboortedata
    persoonlijk: str
    reden: str
    op: datetime


@dataclass(frozen=True)
class VerwerkPlaatsing:
    """Command (policy): matching placed the klant in a job."""

    plaatsing_id: UUID
    startdatum: date
    uren_per_week: int
    lks_doelgroep: bool
    op: datetime


@dataclass(frozen=True)
class Betaal:
    """Command (betaalrun): pay every month due up to `periode`, voorschotten and vakantietoeslag."""

    betaalrun_id: UUID
    periode: date
    op: datetime


@dataclass(frozen=True)
class SchortOp:
    """Command: suspend payment (art. 40: woonplaats in doubt)."""

    reden: str
    artikel: str
    op: datetime


@dataclass(frozen=True)
class Hervat:
    """Command: resume payment."""

    reden: str
    op: datetime


@dataclass(frozen=True)
class Beeindig:
    """Command: end the uitkering after `laatste_dag`."""

    reden: Beeindigingsreden
    laatste_dag: date
    toelichting: str
    op: datetime


# --- decide -----------------------------------------------------------------------------------------


def _leeftijd(geboren: date, dag: date) -> int:
    return dag.year - geboren.year - ((dag.month, dag.day) < (geboren.month, geboren.day))


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
    jong = all(_leeftijd(d, c.aanvraagdatum) < ZOEKTERMIJN_TOT for d in (g.aanvrager, g.partner) if d is not None)
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
        )
    ]


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
    after = evolve(state, wijziging, lambda _: c.geboortedata)
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
    for event in (_nabetaling(current, c, gevorderd or {}), _vakantietoeslag(current, c, open_, gevorderd or {})):
        if event is not None:
            events.append(event)
            current = _evolved(current, event)
    return events


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


def _vakantietoeslag(
    state: Uitkering, c: Betaal, open_: list[OpenVordering], gevorderd: Mapping[date, Decimal]
) -> VakantietoeslagUitbetaald | None:
    """VT reserved and not yet paid: from June the months before that June, after the end all (art. 45 lid 1).

    The VT of a month follows its bijstand as now vastgesteld, so a herberekening before it is paid lowers or
    raises the reserve itself. Paid in the run's month, it counts as that month's money for verrekening.
    """
    na_einde = state.laatste_dag is not None and state.laatste_dag < c.periode
    vervallen = [
        p
        for p in state.vastgesteld
        if p not in state.vt_betaald and (na_einde or grootboek.vt_betaalmaand(p) <= c.periode)
    ]
    if not vervallen:
        return None
    per_maand = grootboek.open_vakantietoeslag(rekeningen(state, gevorderd, vervallen), c.periode, na_einde)
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


# --- maatregel (art. 18), taaleis (art. 18b) -----------------------------------------------------------


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
    vandaag: date
    op: datetime


@dataclass(frozen=True)
class GeefZienswijze:
    """Command: the klant's zienswijze, and the dringende redenen it shows, if any."""

    maatregel_id: UUID
    zienswijze: str
    dringende_redenen: str | None
    op: datetime


@dataclass(frozen=True)
class BesluitMaatregel:
    """Command: decide. Without any verwijtbaarheid no maatregel (lid 9); `afgestemd_percentage` tailors (lid 10)."""

    maatregel_id: UUID
    verwijtbaar: bool
    spreiden_over: int
    afgestemd_percentage: Decimal | None
    motivering: str
    vandaag: date
    op: datetime
    door: str


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


def heroverweeg_maatregel(
    state: Uitkering, maatregel_id: UUID, gehandhaafd: bool, motivering: str, vandaag: date, op: datetime
) -> list[EventData]:
    """Art. 18 lid 3 (within 3 months) and lid 11: maintain it, or end it from the first month not yet paid."""
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
    op: datetime


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


# --- valid time -----------------------------------------------------------------------------------------


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


# --- terugvordering and verrekening -------------------------------------------------------------------


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


# --- evolve -----------------------------------------------------------------------------------------

Ontsleutel = Callable[[str], Geboortedata | None]


def _geen(_: str) -> Geboortedata | None:
    return None


def evolve(state: Uitkering | None, event: EventData, ontsleutel: Ontsleutel = _geen) -> Uitkering | None:
    """The uitkering after one more event; `ontsleutel` turns `persoonlijk` into birth dates (None: erased)."""
    if isinstance(event, AanvraagIngediend):
        feit = Huishoudfeit(event.meldingsdatum, event.huishouden, ontsleutel(event.persoonlijk))
        return Uitkering(aanvraag=event, feiten=(feit,), versie=1)
    if state is None:
        return None
    s = state
    v = state.versie + 1  # one replace per event: folding is on the betaalrun's hot path
    if isinstance(event, BijstandToegekend):
        return replace(s, versie=v, status=Status.TOEGEKEND, besluit=event)
    if isinstance(event, AanvraagAfgewezen):
        return replace(s, versie=v, status=Status.AFGEWEZEN, besluit=event)
    if isinstance(event, RekeningVastgelegd):
        return replace(s, versie=v, rekening=event)
    if isinstance(event, VoorschotVerleend):
        return replace(s, versie=v, voorschotten=(*s.voorschotten, event))
    if isinstance(event, VoorschotUitbetaald):
        return replace(s, versie=v, voorschotten_betaald=(*s.voorschotten_betaald, event))
    if isinstance(event, InkomstenOpgegeven):
        sleutel = (event.periode, event.werkgever, event.van)
        return replace(s, versie=v, inkomsten={**s.inkomsten, sleutel: event})
    if isinstance(event, HuishoudenGewijzigd):
        feit = Huishoudfeit(event.per, event.huishouden, ontsleutel(event.persoonlijk))
        return replace(s, versie=v, feiten=tuple(sorted((*s.feiten, feit), key=lambda f: f.per)))
    if isinstance(event, PlaatsingVerwerkt):
        return replace(s, versie=v, plaatsingen=(*s.plaatsingen, event))
    if isinstance(event, BetalingVerricht):
        return replace(
            s,
            versie=v,
            betalingen={**s.betalingen, event.periode: event},
            vastgesteld={**s.vastgesteld, event.periode: event.berekening.bijstand},
            voorschot_verrekend=s.voorschot_verrekend + event.voorschot_verrekend,
            ontvangen={**s.ontvangen, event.periode: event.berekening.uit_te_betalen},
            voorlopig=_voorlopig(s.voorlopig, event.periode, event.berekening.voorlopig),
        )
    if isinstance(event, VakantietoeslagUitbetaald):
        per_maand = _vt_per_maand(s, event)
        return replace(
            s,
            versie=v,
            vt_betaald={**s.vt_betaald, **per_maand},
            ontvangen={**s.ontvangen, **{p: s.ontvangen.get(p, Decimal(0)) + b for p, b in per_maand.items()}},
        )
    if isinstance(event, NabetalingVerricht):
        extra = {d.periode: s.ontvangen.get(d.periode, Decimal(0)) + d.bedrag for d in event.per_maand}
        return replace(s, versie=v, ontvangen={**s.ontvangen, **extra})
    if isinstance(event, HerberekeningVastgesteld):
        return replace(
            s,
            versie=v,
            vastgesteld={**s.vastgesteld, event.periode: event.nu_vastgesteld},
            herberekeningen=(*s.herberekeningen, event),
            voorlopig=_voorlopig(s.voorlopig, event.periode, event.berekening.voorlopig),
        )
    if isinstance(event, BetalingOpgeschort):
        return replace(s, versie=v, opgeschort=event)
    if isinstance(event, BetalingHervat):
        return replace(s, versie=v, opgeschort=None)
    if isinstance(event, MaatregelVoorgenomen):
        return replace(s, versie=v, maatregelen={**s.maatregelen, event.maatregel_id: Maatregel(event)})
    if isinstance(event, ZienswijzeGegeven):
        m = replace(s.maatregelen[event.maatregel_id], zienswijze=event)
        return replace(s, versie=v, maatregelen={**s.maatregelen, event.maatregel_id: m})
    if isinstance(event, MaatregelHeroverwogen):
        m = replace(s.maatregelen[event.maatregel_id], heroverweging=event)
        return replace(s, versie=v, maatregelen={**s.maatregelen, event.maatregel_id: m})
    if isinstance(event, MaatregelOpgelegd | MaatregelAfgezien):
        m = replace(s.maatregelen[event.maatregel_id], besluit=event)
        return replace(s, versie=v, maatregelen={**s.maatregelen, event.maatregel_id: m})
    if isinstance(event, TaalverlagingOpgelegd):
        return replace(s, versie=v, taalverlagingen=(*s.taalverlagingen, event), taaleis_voldaan=None)
    if isinstance(event, TaaleisVoldaan):
        return replace(s, versie=v, taaleis_voldaan=event)
    if isinstance(event, WaarschuwingGegeven):
        return replace(s, versie=v, waarschuwingen=(*s.waarschuwingen, event))
    if isinstance(event, OntheffingVerleend):
        return replace(s, versie=v, ontheffingen=(*s.ontheffingen, event))
    if isinstance(event, OntheffingBeeindigd):
        return replace(s, versie=v, ontheffing_einde={**s.ontheffing_einde, event.ontheffing_id: event.per})
    if isinstance(event, HeronderzoekUitgevoerd):
        return replace(s, versie=v, heronderzoeken=(*s.heronderzoeken, event))
    if isinstance(event, UitkeringBeeindigd):
        return replace(s, versie=v, status=Status.BEEINDIGD, einde=event)
    return replace(s, versie=v)


def _voorlopig(maanden: frozenset[date], periode: date, voorlopig: bool) -> frozenset[date]:
    return maanden | {periode} if voorlopig else maanden - {periode}


def _vt_per_maand(state: Uitkering, event: VakantietoeslagUitbetaald) -> dict[date, Decimal]:
    """The VT paid per month; a payment from before `perMaand` was recorded is spread as it was computed then
    (each month's share of its bijstand as vastgesteld, the odd cents on the last month)."""
    if event.per_maand:
        return {d.periode: d.bedrag for d in event.per_maand}
    uit = {
        p: splits_vakantietoeslag(state.vastgesteld.get(p, Decimal(0)), p).vakantietoeslag for p in event.over_maanden
    }
    if uit:
        laatste = max(uit)
        uit[laatste] += event.bedrag - sum(uit.values(), Decimal(0))
    return uit


# --- betaalrun --------------------------------------------------------------------------------------


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


def evolve_betaalrun(state: Betaalrun | None, event: EventData) -> Betaalrun | None:
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
    lambda state, event: event if isinstance(event, BetalingGeweigerd) else state,
    gemeente=lambda w: w.gemeente,
    not_found=BetaalrunNietGevonden,
    subject=lambda w: w.uitkering_id,
)


# --- bestuurlijke boete (art. 18a) --------------------------------------------------------------------


@dataclass(frozen=True)
class Beboet:
    """Command: a boete (or a written warning instead) for the benadeling of a terugvordering."""

    boete_id: UUID
    verwijtbaarheid: str
    waarschuwing: bool
    vandaag: date
    op: datetime
    door: str


class GeenWaarschuwing(DomainError):
    """Art. 18a lid 4: no warning above the limit, or within 2 years of an earlier one."""

    status = 422
    title = "Geen waarschuwing mogelijk"


def beboet(
    state: Uitkering,
    terugvordering: VorderingOpgelegd,
    command: Beboet,
    *,
    eerdere_boetes: Sequence[date],
    eerdere_waarschuwingen: Sequence[date],
    verordening: Afstemmingsverordening,
) -> tuple[list[EventData], list[EventData]]:
    """The events for the uitkering (a warning) and for a new boete vordering (the boete), one of the two."""
    c = command
    if terugvordering.grond != GRONDEN["58.1"]:
        raise OngeldigeOpgave("een boete volgt op een schending van de inlichtingenplicht (art. 58 lid 1, art. 18a)")
    benadeling = terugvordering.bedrag
    if c.waarschuwing:
        if not maatregelen.waarschuwing_mogelijk(
            benadeling, c.vandaag, eerdere_waarschuwingen, verordening.waarschuwing_tot
        ):
            raise GeenWaarschuwing(
                f"een waarschuwing kan tot een benadeling van {verordening.waarschuwing_tot} en niet binnen twee jaar "
                "na een eerdere (art. 18a lid 4)"
            )
        waarschuwing = WaarschuwingGegeven(
            uitkering_id=state.uitkering_id,
            klant_id=state.aanvraag.klant_id,
            gemeente=state.gemeente,
            vordering_id=terugvordering.vordering_id,
            benadelingsbedrag=benadeling,
            gegeven_op=c.op,
        )
        return [waarschuwing], []
    if c.verwijtbaarheid not in verordening.ladder:
        raise OngeldigeOpgave(f"verwijtbaarheid is een van {', '.join(verordening.ladder)}")
    uitkomst = maatregelen.boete(
        benadeling, c.verwijtbaarheid, dag=c.vandaag, eerdere_boetes=eerdere_boetes, verordening=verordening
    )
    berekening = {
        "benadelingsbedrag": str(uitkomst.benadelingsbedrag),
        "verwijtbaarheid": c.verwijtbaarheid,
        "percentage": str(uitkomst.percentage),
        "recidive binnen 5 jaar": "ja (x 1,5, art. 18a lid 5)" if uitkomst.recidive else "nee",
        "categorie": f"{uitkomst.categorie}e categorie art. 23 Sr",
        "maximum": str(uitkomst.maximum),
        "bron": uitkomst.bron,
        "beleid": verordening.bron,
    }
    debiteuren = ["aanvrager", "partner"] if state.aanvraag.huishouden.leefvorm is Leefvorm.GEHUWD else ["aanvrager"]
    boete = VorderingOpgelegd(
        vordering_id=c.boete_id,
        uitkering_id=state.uitkering_id,
        klant_id=state.aanvraag.klant_id,
        gemeente=state.gemeente,
        soort="boete",
        grond="art. 18a lid 1" + (" en lid 5" if uitkomst.recidive else ""),
        deelvorderingen=[
            Deelvordering(
                periode=None, bedrag=uitkomst.bedrag, omschrijving=f"boete over vordering {terugvordering.vordering_id}"
            )
        ],
        bedrag=uitkomst.bedrag,
        debiteuren=debiteuren,
        berekening=berekening,
        opgelegd_op=c.op,
        opgelegd_door=c.door,
    )
    if uitkomst.bedrag <= 0:
        raise OngeldigeOpgave(
            "zonder benadeling geen boete van een bedrag (art. 18a lid 3: ten hoogste de 2e categorie)"
        )
    return [], [boete]


# --- ontheffing, heronderzoek, opschorting for verzuim (art. 9, 9a, 54) --------------------------------

ONTHEFFING_9A_MAX = relativedelta(years=5)  # art. 9a lid 1: at most 5 years in total
HERONDERZOEK_9A = relativedelta(months=6)  # art. 9a lid 8
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
    op: datetime


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


def beeindig_ontheffing(state: Uitkering, ontheffing_id: UUID, per: date, reden: str) -> list[EventData]:
    """End an ontheffing early (once)."""
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


def voer_heronderzoek_uit(
    state: Uitkering, datum: date, selectie: str, uitkomst: str, maanden: int, op: datetime
) -> list[EventData]:
    """A heronderzoek and the next one's date: 6 months under art. 9a, else the verordening's period."""
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


def schort_op_voor_verzuim(
    state: Uitkering, reden: str, herstel_uiterlijk: date, vandaag: date, op: datetime
) -> list[EventData]:
    """Art. 54 lid 1: suspend for missing information, with a term to repair of at most 8 weeks."""
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
            Beeindigingsreden.OVERIG, laatste, f"verzuim niet hersteld voor {o.herstel_uiterlijk} (art. 54 lid 4)", op
        ),
    )
