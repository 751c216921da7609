"""Bodies of the aanvraag slice: aanvraag, besluit, voorschot, inkomsten, household, accounts, months."""

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

from ..schemas import (
    Bedrag,
    BerekeningUit,
    Periode,
    Tekst,
)


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


MaandResponse.model_rebuild()
