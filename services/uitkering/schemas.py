"""Request and response bodies of the uitkering API (camelCase on the wire; never used in events or rules)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field, field_validator
from stdnum import iban as stdnum_iban

from libs.events.contracts.uitkering import Beeindigingsreden, Leefvorm, MedebewonerStatus
from libs.events.schemas import Geboortedatum, Gemeentecode, Invoer, Plandatum, Uitvoer

from .verordening import Verplichting

Bedrag = Annotated[Decimal, Field(ge=0, le=Decimal("10000000"), decimal_places=2, description="Euro, in cents")]
Tekst = Annotated[str, Field(min_length=1, max_length=2000)]
Periode = Annotated[
    str, Field(pattern=r"^20\d\d-(0[1-9]|1[0-2])$", description="A month, YYYY-MM", examples=["2026-12"])
]


def periode_datum(periode: str) -> date:
    """The first day of a `YYYY-MM` month."""
    return date.fromisoformat(f"{periode}-01")


class MedebewonerIn(Invoer):
    """Someone else with hoofdverblijf in the home (art. 19a)."""

    geboortedatum: Geboortedatum = Field(description="Birth date (stored encrypted)", examples=["1960-04-02"])
    status: MedebewonerStatus = Field(
        description="familie, commercieel (with contract) or student", examples=["familie"]
    )
    familie_eerste_of_tweede_graad: bool = Field(
        default=False, description="A 1st/2nd-degree relative: counts even with a commercial contract"
    )


class VermogenIn(Invoer):
    """A possession (positive) or a debt (negative)."""

    omschrijving: Annotated[str, Field(min_length=1, max_length=200)] = Field(examples=["spaarrekening"])
    bedrag: Annotated[Decimal, Field(ge=Decimal("-10000000"), le=Decimal("10000000"), decimal_places=2)] = Field(
        description="Euro; negative for a debt", examples=["2500.00"]
    )


class HuishoudenIn(Invoer):
    """The household the norm depends on."""

    leefvorm: Leefvorm = Field(description="alleenstaande, alleenstaande_ouder or gehuwd", examples=["alleenstaande"])
    geboortedatum: Geboortedatum = Field(
        description="Birth date of the aanvrager (stored encrypted)", examples=["1990-05-17"]
    )
    partner_geboortedatum: Geboortedatum | None = Field(default=None, description="With leefvorm gehuwd")
    partner_heeft_recht: bool = Field(default=True, description="False: art. 24 (partner without right)")
    kinderen: int = Field(default=0, ge=0, le=20, description="Children in the household")
    kind_onder_12: bool = Field(default=False, description="A child under 12 (art. 31 lid 2 r)")
    medebewoners: list[MedebewonerIn] = Field(default_factory=list, max_length=20)
    aangetoond: bool = Field(default=True, description="False: alleenstaand zijn or kostendelers not shown (53a.3)")
    medisch_urenbeperkt: bool = Field(default=False, description="Art. 6b (art. 31 lid 2 y)")
    overig_inkomen_per_maand: Bedrag = Field(default=Decimal(0), description="Net income not from work, per month")
    ouders_onderhoud_ontbreekt: bool = Field(
        default=False,
        description="Art. 20 lid 3 (from 1-1-2026): an alleenstaande (ouder) of 18-20 whose parents cannot provide "
        "(onderhoudsplicht not enforceable, or no means): the norm is raised, never above the art. 21 norm. With a "
        "partner, or before 2026, a 422 geen-norm",
    )
    inrichting: bool = Field(
        default=False, description="Art. 23 lid 1: staying in an inrichting (a couple: both); kostendelers do not apply"
    )
    inrichting_verhoging: bool = Field(default=False, description="Art. 23 lid 2: with the verhoging, as decided")


class AanvraagRequest(Invoer):
    """An aanvraag algemene bijstand."""

    klant_id: UUID = Field(description="The klant (from intake)")
    gemeente: Gemeentecode
    meldingsdatum: Plandatum = Field(description="Day of the melding (art. 44 lid 2)", examples=["2026-11-02"])
    aanvraagdatum: Plandatum = Field(description="Day the aanvraag was filed", examples=["2026-11-09"])
    huishouden: HuishoudenIn
    vermogen: list[VermogenIn] = Field(default_factory=list, max_length=50)
    woning_overwaarde: Bedrag = Field(default=Decimal(0), description="Equity in an own home")


class RekeningIn(Invoer):
    """A bank account and the name it is held in."""

    iban: str = Field(description="IBAN (checked)", examples=["NL91ABNA0417164300"])
    naam: Annotated[str, Field(min_length=1, max_length=70)] = Field(examples=["J. Jansen"])

    @field_validator("iban")
    @classmethod
    def _iban(cls, value: str) -> str:
        if not stdnum_iban.is_valid(value):
            raise ValueError("geen geldig IBAN")
        return str(stdnum_iban.compact(value))


class RekeningRequest(Invoer):
    """Where to pay; half to each partner unless both ask for one account (art. 45 lid 4)."""

    aanvrager: RekeningIn
    partner: RekeningIn | None = None
    uitbetaling: Literal["aanvrager", "partner", "verdeeld"] = Field(default="aanvrager", examples=["aanvrager"])


class VoorschotRequest(Invoer):
    """A voorschot for one month."""

    periode: Periode


class BesluitRequest(Invoer):
    """Decide on the aanvraag; toekenning or afwijzing follows from the rules."""

    ingangsdatum: Plandatum = Field(description="From when (art. 44)", examples=["2026-11-02"])
    motivering: Tekst = Field(examples=["Het inkomen ligt onder de norm en er is geen vermogen boven de grens."])
    reden_terugwerkende_kracht: Tekst | None = Field(default=None, description="Art. 44 lid 5: before the melding")


class InkomstenRequest(Invoer):
    """An inkomstenopgave for one month, from a payslip."""

    periode: Periode
    werkgever: Annotated[str, Field(min_length=1, max_length=200)] = Field(examples=["Stad Logistiek B.V."])
    uren: Annotated[Decimal, Field(ge=0, le=744, decimal_places=2)] = Field(examples=["64"])
    bruto: Bedrag = Field(examples=["1100.00"])
    netto: Bedrag = Field(examples=["950.00"])
    loonstrook_van: Plandatum = Field(examples=["2026-12-01"])
    loonstrook_tot: Plandatum = Field(examples=["2026-12-31"])
    van: Literal["aanvrager", "partner"] = Field(
        default="aanvrager",
        description="Whose income: the partner's only in a month with a partner; each earner has their own "
        "vrijlating (art. 31 lid 2 n by their own age and werkmaand)",
    )


class HuishoudenRequest(Invoer):
    """The household changed from a date."""

    per: Plandatum = Field(examples=["2026-10-01"])
    huishouden: HuishoudenIn
    reden: Tekst = Field(examples=["Zoon (28) woont weer thuis"])


class RedenRequest(Invoer):
    """A reason."""

    reden: Tekst = Field(examples=["Adres wijkt af van de BRP (art. 40)"])


class BeeindigingRequest(Invoer):
    """End the uitkering."""

    laatste_dag: Plandatum = Field(examples=["2026-12-31"])
    reden: Beeindigingsreden = Field(examples=["overig"])
    toelichting: Tekst = Field(examples=["Op eigen verzoek"])


class BetaalrunRequest(Invoer):
    """Start (or continue) the betaalrun of a gemeente for a month."""

    gemeente: Gemeentecode
    periode: Periode


class OnderdeelUit(Uitvoer):
    """One component of an amount."""

    artikel: str = Field(examples=["art. 21 onder a"])
    omschrijving: str = Field(examples=["alleenstaande(ouder)norm"])
    bedrag: Decimal = Field(description="Exact (signed); the total is rounded half-up once", examples=["1401.50"])


class BerekeningUit(Uitvoer):
    """A month's bijstand, explained."""

    periode: date
    regelset: str = Field(examples=["participatiewet-2026.3"])
    invoer: dict[str, str] = Field(description="The facts used")
    onderdelen: list[OnderdeelUit]
    norm: Decimal
    inkomen: Decimal
    bijstand: Decimal
    vakantietoeslag: Decimal = Field(
        description="Reserved of the bijstand (art. 19 lid 3): what remains after the "
        "monthly part, which is 95% of the bijstand half-up to cents"
    )
    uit_te_betalen: Decimal
    voorlopig: bool = Field(
        description="Past the last norm or vrijlating table carried: computed with the last one, and recalculated "
        "by itself (a herberekening) when the table arrives"
    )


class UitkeringResponse(Uitvoer):
    """An aanvraag or uitkering as it now stands."""

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    status: str = Field(examples=["toegekend"])
    meldingsdatum: date
    aanvraagdatum: date
    beslistermijn: date = Field(description="Awb 4:13: 8 weeks after the aanvraag")
    voorschot_uiterlijk: date = Field(description="Art. 52: a voorschot is due by then without a besluit")
    ingangsdatum: date | None
    laatste_dag: date | None
    opgeschort: bool
    rekening_vastgelegd: bool
    besluit: str | None = Field(description="toekenning or afwijzing")
    betaalde_maanden: list[date]
    voorschotten: list[Decimal]
    maatregelen: list[MaatregelUit] = Field(default_factory=list)
    ontheffingen: list[OntheffingUit] = Field(default_factory=list)
    volgend_heronderzoek: date | None = Field(default=None, description="When the next heronderzoek is due")
    versie: int


class MaandResponse(Uitvoer):
    """A month: what the facts as now known give, what was paid, and the herberekeningen in between."""

    uitkering_id: UUID
    periode: date
    berekening: BerekeningUit = Field(description="From the facts as now known")
    betaald: BerekeningUit | None = Field(description="As paid in the betaalrun, unchanged")
    netto_betaald: Decimal | None
    voorschot_verrekend: Decimal | None
    herberekeningen: list[HerberekeningUit]
    rekening: MaandrekeningUit | None = Field(description="The month's money so far, once it was paid")


class MaandrekeningUit(Uitvoer):
    """What a paid month owes and received: the vakantietoeslag ledger and the verschil still to settle."""

    vastgesteld: Decimal = Field(description="The bijstand of the month as now vastgesteld")
    ontvangen: Decimal = Field(description="Received for the month in all: monthly part, vakantietoeslag, nabetaling")
    vakantietoeslag_betaald: Decimal | None = Field(description="Paid out for this month; null while reserved")
    vakantietoeslag_gereserveerd: Decimal = Field(description="Reserved and not yet paid (0 once paid)")
    teruggevorderd: Decimal = Field(description="What vorderingen claim back of this month")
    verschil: Decimal = Field(
        description="Owed now minus kept: positive is paid by the next betaalrun (nabetaling), negative can be "
        "claimed back (POST .../terugvorderingen)"
    )


class HerberekeningUit(Uitvoer):
    """A paid month recalculated after a late fact."""

    aanleiding: str
    eerder_vastgesteld: Decimal
    nu_vastgesteld: Decimal
    verschil: Decimal
    soort: str
    vastgesteld_op: datetime


class Status(StrEnum):
    """Where an aanvraag or uitkering stands."""

    AANGEVRAAGD = "aangevraagd"
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"
    BEEINDIGD = "beeindigd"


class AanvraagSamenvatting(Uitvoer):
    """An aanvraag on the worklist."""

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    status: Status = Field(description="Always aangevraagd here: the worklist holds aanvragen without a besluit")
    aanvraagdatum: date
    beslistermijn: date
    voorschot_uiterlijk: date
    voorschot_verleend: bool
    voorschot_nodig: bool = Field(description="No besluit and no voorschot while its date has come")
    termijn_overschreden: bool = Field(description="No besluit after the beslistermijn")


class UitkeringSamenvatting(Uitvoer):
    """An aanvraag or uitkering in the list, with where it stands."""

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    status: Status
    opgeschort: bool = Field(description="Payment suspended (art. 54), while the status stays toegekend")
    aanvraagdatum: date
    ingangsdatum: date | None = Field(description="From when bijstand is granted")
    laatste_dag: date | None = Field(description="The last day of an uitkering that ended")


class WeigeringUit(Uitvoer):
    """One uitkering a betaalrun did not pay, and why."""

    uitkering_id: UUID
    reden: str = Field(examples=["keten gebroken: versie 4: de inhoud past niet bij de hash (gewijzigd)"])
    geweigerd_op: datetime = Field(description="When the run refused it")


class BetaalrunResponse(Uitvoer):
    """A betaalrun and its netto ledger totals."""

    betaalrun_id: UUID
    gemeente: str
    periode: date
    gestart_op: datetime
    afgerond_op: datetime | None
    betalingen: int | None = Field(description="Payments (months, voorschotten, VT) in the run")
    totaal: Decimal | None = Field(description="Netto total transferred")
    geweigerd: list[WeigeringUit] = Field(
        default_factory=list,
        description="Uitkeringen this run did not pay while it paid the rest: a broken hash chain, a klant whose "
        "data is gone, or a refusal of their own rules; each one an alert for beheer",
    )


class BetalingUit(Uitvoer):
    """A line of the netto payment ledger."""

    uitkering_id: UUID
    klant_id: UUID
    periode: date
    soort: str = Field(examples=["maand"])
    aan: str = Field(examples=["aanvrager"])
    netto: Decimal
    bijstand: Decimal | None
    vakantietoeslag: Decimal | None


MaandResponse.model_rebuild()


class MaatregelUit(Uitvoer):
    """A maatregel and where it stands."""

    maatregel_id: UUID
    verplichting: str = Field(examples=["18.4.a"])
    status: str = Field(description="voorgenomen, opgelegd or afgezien", examples=["opgelegd"])
    feitdatum: date
    zienswijze_uiterlijk: date
    zienswijze: bool = Field(description="A zienswijze was given")
    percentage: Decimal | None = Field(description="Share of the norm per month of the maatregel")
    maanden: int | None
    verlagingen: list[MaandverlagingUit] = Field(description="The share of each month's norm it takes")
    heroverweging_uiterlijk: date | None = Field(description="Art. 18 lid 3: reconsider by then")
    gehandhaafd: bool | None = Field(default=None, description="The heroverweging's outcome; null before it")
    artikelen: str | None


class MaandverlagingUit(Uitvoer):
    """The share of one month's norm."""

    periode: date
    percentage: Decimal


class MaatregelRequest(Invoer):
    """The intention to impose a maatregel (Awb 4:8: the klant is heard first)."""

    verplichting: Verplichting = Field(
        description="Art. 18 lid 4 a-h (geüniformeerd), or the verordening's licht/zwaar", examples=["18.4.a"]
    )
    feitdatum: Plandatum = Field(description="When the obligation was not met", examples=["2026-11-16"])
    omschrijving: Tekst = Field(examples=["Aangeboden werk als orderpicker geweigerd"])


class ZienswijzeRequest(Invoer):
    """The klant's zienswijze."""

    zienswijze: Tekst = Field(examples=["Ik had die dag een afspraak bij de huisarts."])
    dringende_redenen: Tekst | None = Field(default=None, description="Art. 18 lid 10")


class MaatregelBesluitRequest(Invoer):
    """Decide on the maatregel."""

    verwijtbaar: bool = Field(description="False: no maatregel (art. 18 lid 9)", examples=[True])
    spreiden_over: int = Field(default=1, ge=1, le=3, description="Months to spread over (art. 18 lid 5)")
    afgestemd_percentage: Annotated[Decimal, Field(ge=0, le=1, decimal_places=4)] | None = Field(
        default=None, description="Lower percentage for dringende redenen (art. 18 lid 10)"
    )
    motivering: Tekst = Field(examples=["Geen zienswijze die de weigering rechtvaardigt."])


class HeroverwegingRequest(Invoer):
    """Reconsider the maatregel (art. 18 lid 3 within 3 months; lid 11 on request once the obligation is met)."""

    gehandhaafd: bool = Field(description="False: the maatregel no longer lowers months not yet paid", examples=[True])
    motivering: Tekst = Field(examples=["Geen nieuwe feiten"])


class TaaltoetsRequest(Invoer):
    """A taaltoets result (art. 18b)."""

    toetsdatum: Plandatum = Field(examples=["2026-11-20"])
    voldaan: bool = Field(description="Referentieniveau 1F reached", examples=[False])
    verwijtbaar: bool = Field(default=False, description="Not met for lack of effort", examples=[True])


class TerugvorderingRequest(Invoer):
    """Claim back what was paid too much (art. 58)."""

    grond: Literal["58.1", "58.2.a", "58.2.d", "58.2.e", "58.2.f"] = Field(
        description="58.1: after a breach of art. 17 (mandatory); 58.2 a-f: the optional cases", examples=["58.1"]
    )
    aflossing_per_maand: Bedrag | None = Field(default=None, description="An aflossingsafspraak from today")


class BoeteRequest(Invoer):
    """A bestuurlijke boete for the benadeling of this terugvordering, or a written warning instead."""

    verwijtbaarheid: Literal["opzet", "grove_schuld", "normaal", "verminderd"] = Field(examples=["normaal"])
    waarschuwing: bool = Field(default=False, description="A warning instead of a boete (art. 18a lid 4)")


class AfspraakRequest(Invoer):
    """An aflossingsafspraak."""

    bedrag_per_maand: Bedrag = Field(examples=["50.00"])
    vanaf: Plandatum = Field(examples=["2026-12-01"])


class AflossingRequest(Invoer):
    """A payment by the debtor."""

    bedrag: Bedrag = Field(examples=["100.00"])
    datum: Plandatum = Field(examples=["2026-12-01"])


class CorrectieRequest(Invoer):
    """A correction, interest or costs."""

    bedrag: Annotated[Decimal, Field(ge=Decimal("-10000000"), le=Decimal("10000000"), decimal_places=2)] = Field(
        examples=["15.00"]
    )
    soort: Literal["correctie", "rente", "kosten"] = Field(examples=["kosten"])
    reden: Tekst = Field(examples=["Incassokosten"])


class AfzienRequest(Invoer):
    """Waive the rest after ten years (art. 58 lid 7 a-c)."""

    reden: Tekst = Field(examples=["Tien jaar na het besluit, geen vooruitzicht op betaling"])


class DeelvorderingUit(Uitvoer):
    """A part of the vordering."""

    periode: date | None
    bedrag: Decimal
    omschrijving: str


class MutatieUit(Uitvoer):
    """A line of the vordering's ledger after the vordering itself."""

    datum: date
    soort: str = Field(examples=["aflossing"])
    bedrag: Decimal = Field(description="Signed: negative lowers the saldo")
    omschrijving: str


class VorderingResponse(Uitvoer):
    """A vordering with its ledger and its saldo (on `op`, or now)."""

    vordering_id: UUID
    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    soort: str = Field(examples=["terugvordering"])
    grond: str
    debiteuren: list[str] = Field(description="Jointly liable (art. 59, art. 18a lid 9)")
    bedrag: Decimal
    deelvorderingen: list[DeelvorderingUit]
    berekening: dict[str, str] = Field(description="For a boete: how the amount was set")
    aflossing_per_maand: Decimal | None
    mutaties: list[MutatieUit]
    saldo: Decimal
    saldo_op: date | None = Field(description="The date the saldo is for; null: now")
    opgelegd_op: datetime


class BoeteResponse(Uitvoer):
    """A boete, or the warning given instead."""

    waarschuwing: bool
    boete: VorderingResponse | None


class VerordeningResponse(Uitvoer):
    """What a gemeente chose within art. 18 and 18a, as it applies on a date."""

    gemeente: str
    eigen: bool = Field(description="False: the platform's default applies")
    geldig_vanaf: date
    bron: str
    eerste_maanden: int = Field(description="Art. 18 lid 5: months of 100% for a first breach of lid 4")
    overige: dict[str, str] = Field(description="Other obligations: percentage for months")
    zienswijze_dagen: int
    boeteladder: dict[str, Decimal]
    waarschuwing_tot: Decimal
    heronderzoek_maanden: int


MaatregelUit.model_rebuild()


class OntheffingRequest(Invoer):
    """An ontheffing of the arbeidsplicht."""

    grond: Literal["9.2", "9a", "9.5"] = Field(
        description="9.2 dringende redenen, 9a alleenstaande ouder met kind onder 5, 9.5 volledig arbeidsongeschikt",
        examples=["9a"],
    )
    van: Plandatum = Field(examples=["2026-12-01"])
    tot: Plandatum = Field(examples=["2028-05-31"])
    jongste_kind_vijf_op: Plandatum | None = Field(default=None, description="For 9a: when the youngest turns 5")
    eerder_genoten_dagen: int = Field(default=0, ge=0, le=1830, description="For 9a: days in earlier gemeenten")
    reden: Tekst = Field(examples=["Zorg voor kind van 2 jaar"])


class OntheffingEindeRequest(Invoer):
    """End an ontheffing early."""

    per: Plandatum = Field(examples=["2027-03-01"])
    reden: Tekst = Field(examples=["Jongste kind naar school"])


class HeronderzoekRequest(Invoer):
    """A heronderzoek done."""

    selectie: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="How it was selected: periodiek, art. 9a lid 8, or the model and its version",
        examples=["periodiek"],
    )
    uitkomst: Literal["ongewijzigd", "gewijzigd", "beeindigd"] = Field(examples=["ongewijzigd"])


class VerzuimRequest(Invoer):
    """Suspend for missing information (art. 54 lid 1)."""

    reden: Tekst = Field(examples=["Bankafschriften niet aangeleverd"])
    herstel_uiterlijk: Plandatum = Field(description="At most 8 weeks from today", examples=["2026-12-20"])


class TermijnUit(Uitvoer):
    """A date on the worklist."""

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    soort: str = Field(description="heronderzoek, heroverweging, ontheffing (its end) or herstel (art. 54)")
    datum: date
    toelichting: str


class OntheffingUit(Uitvoer):
    """An ontheffing of the arbeidsplicht."""

    ontheffing_id: UUID
    grond: str
    van: date
    tot: date
    beeindigd_per: date | None


UitkeringResponse.model_rebuild()


class CijfersUit(Uitvoer):
    """The figures of a gemeente for one month (computed from events; a rebuild gives the same)."""

    gemeente: str
    periode: str = Field(examples=["2026-11"])
    bestand: int = Field(description="Uitkeringen running at month end")
    instroom: int = Field(description="Uitkeringen starting in the month")
    uitstroom: int = Field(description="Uitkeringen ending in the month")
    uitstroom_naar_werk: int = Field(description="Of which ended for work")
    duur_korter_dan_1_jaar: int
    duur_1_tot_3_jaar: int
    duur_3_tot_5_jaar: int
    duur_5_jaar_of_langer: int
    besluiten: int = Field(description="Besluiten on aanvragen in the month")
    doorlooptijd_gemiddeld_dagen: Decimal | None = Field(description="Melding to besluit, in days")
    besluiten_binnen_8_weken: int = Field(description="Besluiten within the beslistermijn (Awb 4:13)")
    maatregelen: int
    maatregelen_per_1000: Decimal | None = Field(description="Per 1,000 uitkeringen of the bestand")
    boetes: int
    boetes_per_1000: Decimal | None = Field(description="Per 1,000 uitkeringen of the bestand")
    ontheffingen: int = Field(description="Ontheffingen running at month end")
    lks_lopend: int = Field(description="LKS running at month end for klanten living in the gemeente")
    lks_loonwaarde_gemiddeld: Decimal | None = Field(description="Their average loonwaarde, %")
    bijstandsdichtheid_per_1000: Decimal | None = Field(
        description="Bestand per 1,000 inhabitants of 15-64 (CBS KWB 1-1-2024, estimate; BRONNEN.md §6)"
    )
    cbs_dichtheid_2021_per_1000: Decimal | None = Field(
        description="For a plausibility check: CBS's bijstand count 31-12-2021 per 1,000 inhabitants of 15-64 (2021)"
    )


class BudgetregelUit(Uitvoer):
    """A line of a budget ledger: what a gemeente paid in a month, and from which read model of events."""

    budget: str = Field(description="BUIG or participatie")
    periode: date
    soort: str = Field(examples=["maand"])
    bedrag: Decimal = Field(description="Netto; recovered amounts are negative")
    aantal: int = Field(description="Payments or instruments in the line")
    bron: str = Field(description="The read model whose rows (each with its event id) make up the line")


class BudgetResponse(Uitvoer):
    """The BUIG and participatie ledgers of a gemeente for a year, and its share of the region."""

    gemeente: str
    jaar: int
    regels: list[BudgetregelUit]
    totaal_buig: Decimal
    totaal_participatie: Decimal
    regio_bijstand_betaald: Decimal = Field(description="Bijstand paid in the whole region in the year")
    aandeel_in_regio: Decimal | None = Field(description="This gemeente's share of it")
    jobcoach_uurtarief: Decimal | None = Field(description="From the verordening; null: hours are not priced")


class VorderingRegel(Uitvoer):
    """A vordering of an uitkering with its saldo now."""

    vordering_id: UUID
    soort: str
    grond: str
    bedrag: Decimal
    saldo: Decimal
    aflossing_per_maand: Decimal | None
    opgelegd_op: datetime
