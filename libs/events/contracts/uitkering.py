"""Events produced by uitkering (topic `uitkering.events`): aanvraag, besluit, betaling, inkomsten, herberekening.

Amounts are exact decimals (strings on the wire), never floats. Birth dates and bank accounts are
personal data: they travel only inside `persoonlijk`/`versleuteld`, encrypted with the klant's key, so
erasing the key erases them everywhere (crypto-shredding). What a decision used is named in plain
terms (ages, categories, amounts) so it can be explained after the key is gone.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..registry import EventData
from .betaling import Maandbedrag, NabetalingVerricht, Ontvanger, Verrekening
from .intake import GEMEENTE_PATTERN
from .maatregel import (
    Maandverlaging,
    MaatregelAfgezien,
    MaatregelHeroverwogen,
    MaatregelOpgelegd,
    MaatregelVoorgenomen,
    TaaleisVoldaan,
    TaalverlagingOpgelegd,
    ZienswijzeGegeven,
)
from .vordering import (
    AflossingOntvangen,
    AflossingsafspraakGemaakt,
    Deelvordering,
    VanVorderingAfgezien,
    VorderingGecorrigeerd,
    VorderingOpgelegd,
    WaarschuwingGegeven,
)

TOPIC = "uitkering.events"


class Leefvorm(StrEnum):
    """Leefvorm at the aanvraag (art. 4 Pw)."""

    ALLEENSTAANDE = "alleenstaande"
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder"
    GEHUWD = "gehuwd"  # gehuwd or samenwonend (gezamenlijke huishouding, art. 3)


class MedebewonerStatus(StrEnum):
    """Who a medebewoner is (art. 19a): decides whether they are a kostendeler."""

    FAMILIE = "familie"
    COMMERCIEEL = "commercieel"
    STUDENT = "student"


class Medebewoner(BaseModel):
    """Someone else living in the home; the birth date is in the event's encrypted `persoonlijk`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: MedebewonerStatus
    familie_eerste_of_tweede_graad: bool = False


class Vermogensbestanddeel(BaseModel):
    """A possession (positive) or a debt (negative) at the aanvraag."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    omschrijving: str
    bedrag: Decimal


class Huishouden(BaseModel):
    """The household facts the norm depends on, from `per`; birth dates are in `persoonlijk`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    leefvorm: Leefvorm
    kinderen: int = Field(ge=0)
    kind_onder_12: bool
    medebewoners: list[Medebewoner]
    partner_heeft_recht: bool
    aangetoond: bool = Field(description="False when alleenstaand zijn or the kostendelers cannot be shown (53a.3)")
    medisch_urenbeperkt: bool
    overig_inkomen_per_maand: Decimal = Field(description="Net income not from work (e.g. alimentatie) per month")
    ouders_onderhoud_ontbreekt: bool = Field(
        default=False,
        description="Art. 20 lid 3: an alleenstaande (ouder) of 18-20 whose parents cannot provide (their "
        "onderhoudsplicht cannot be enforced, or they lack the means); the norm is raised (from 1-1-2026)",
    )
    inrichting: bool = Field(
        default=False, description="Art. 23 lid 1: staying in an inrichting (a couple: both); art. 23's norm applies"
    )
    inrichting_verhoging: bool = Field(default=False, description="Art. 23 lid 2: the verhoging of the inrichtingsnorm")


class Onderdeel(BaseModel):
    """One component of a month's amount: article, what it is, and the exact amount (signed)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    artikel: str
    omschrijving: str
    bedrag: Decimal


class Berekening(BaseModel):
    """A month's bijstand, explained: the rule set, the inputs used and every component."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    periode: date = Field(description="First day of the month")
    regelset: str
    invoer: dict[str, str] = Field(description="The facts used, by name (ages, counts, amounts): no birth dates")
    onderdelen: list[Onderdeel]
    norm: Decimal
    inkomen: Decimal
    bijstand: Decimal = Field(description="Norm minus inkomen for the days with right, half-up to cents")
    vakantietoeslag: Decimal = Field(description="Reserved of the bijstand (art. 19 lid 3), paid in June")
    uit_te_betalen: Decimal
    voorlopig: bool = Field(
        default=False,
        description="Computed past the last norm or vrijlating table the platform carries (the last one used); "
        "recalculated by itself when the table arrives. Absent on months computed before this was said",
    )


class AanvraagIngediend(EventData):
    """An aanvraag algemene bijstand, with the household and means as stated, and its terms."""

    event_type = "AanvraagIngediend"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    meldingsdatum: date
    aanvraagdatum: date
    huishouden: Huishouden
    persoonlijk: str = Field(description="AES-GCM (klant key) over the birth dates of everyone in the household")
    vermogen: list[Vermogensbestanddeel]
    woning_overwaarde: Decimal
    beslistermijn: date = Field(description="Last day to decide (Awb 4:13, 8 weeks)")
    voorschot_uiterlijk: date = Field(description="A voorschot is due by this day if no besluit (art. 52)")
    ingediend_op: datetime


class RekeningVastgelegd(EventData):
    """Where the bijstand goes: IBAN(s) and name(s), encrypted with the klant's key; and how it is split."""

    event_type = "RekeningVastgelegd"

    uitkering_id: UUID
    klant_id: UUID
    versleuteld: str = Field(description="AES-GCM over the IBAN and name of the aanvrager (and partner)")
    uitbetaling: str = Field(description="verdeeld (half each, art. 45 lid 4), aanvrager or partner")
    vastgelegd_op: datetime


class VoorschotVerleend(EventData):
    """A voorschot (art. 52): an interest-free advance of at least 95% of the expected bijstand."""

    event_type = "VoorschotVerleend"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    periode: date
    verwachte_bijstand: Decimal
    bedrag: Decimal
    artikel: str
    regelset: str
    verleend_op: datetime


class VoorschotUitbetaald(EventData):
    """A voorschot paid in a betaalrun; it is set off against the first months paid after the besluit."""

    event_type = "VoorschotUitbetaald"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    betaalrun_id: UUID
    periode: date
    bedrag: Decimal
    ontvangers: list[Ontvanger]
    betaald_op: datetime


class BetaalrunGestart(EventData):
    """A monthly betaalrun for one gemeente; a rerun of the same periode continues the same run."""

    event_type = "BetaalrunGestart"

    betaalrun_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    periode: date
    gestart_op: datetime


class BetaalrunAfgerond(EventData):
    """Every uitkering of the gemeente was handled for the periode."""

    event_type = "BetaalrunAfgerond"

    betaalrun_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    periode: date
    betalingen: int
    totaal: Decimal
    afgerond_op: datetime


class BetalingGeweigerd(EventData):
    """A betaalrun did not pay this one uitkering and paid the rest: its chain is broken, or its klant's data is
    gone, or its own rules refused. Reported by name, with why, for beheer to resolve."""

    event_type = "BetalingGeweigerd"

    betaalrun_id: UUID
    uitkering_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    periode: date
    reden: str = Field(max_length=1000)
    geweigerd_op: datetime


class PlanVerwijzing(BaseModel):
    """A version of the klant's plan van aanpak (trajecten), as a besluit refers to it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    plan_id: UUID
    versie: int
    besproken_op: date


class BijstandToegekend(EventData):
    """Beschikking: bijstand granted from `ingangsdatum` (art. 44), with grounds and the bezwaar term."""

    event_type = "BijstandToegekend"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    ingangsdatum: date
    regelset: str
    berekening: Berekening = Field(description="The first month's amount as decided")
    vermogenstoets: list[Onderdeel]
    grondslagen: list[str]
    motivering: str
    bezwaartermijn_einde: date = Field(description="Last day to object (Awb 6:7: 6 weeks)")
    besloten_op: datetime
    besloten_door: str
    plan_van_aanpak: PlanVerwijzing | None = Field(
        default=None, description="The plan van aanpak version that is its bijlage (art. 44 lid 4; 18 to 27)"
    )


class AanvraagAfgewezen(EventData):
    """Beschikking: the aanvraag refused, with grounds and the bezwaar term."""

    event_type = "AanvraagAfgewezen"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    regelset: str
    reden: str
    grondslagen: list[str]
    motivering: str
    vermogenstoets: list[Onderdeel]
    bezwaartermijn_einde: date
    besloten_op: datetime
    besloten_door: str


class InkomenBron(StrEnum):
    """Where an income fact came from."""

    OPGAVE = "opgave"  # the klant's inkomstenopgave with a payslip
    PLAATSING = "plaatsing"  # a plaatsing through matching, before the first payslip
    ONDERZOEK = "onderzoek"  # income the klant did not report, found by the sociale recherche


class InkomstenOpgegeven(EventData):
    """Income from work in one month, from an inkomstenopgave; a later one for the same month and werkgever
    replaces it (a correction)."""

    event_type = "InkomstenOpgegeven"

    uitkering_id: UUID
    klant_id: UUID
    periode: date = Field(description="The month the income is about (first day)")
    werkgever: str
    uren: Decimal
    bruto: Decimal
    netto: Decimal
    loonstrook_van: date
    loonstrook_tot: date
    bron: InkomenBron
    opgegeven_op: datetime
    van: str = Field(
        default="aanvrager", description="Whose income it is: aanvrager or partner (each has their own vrijlating)"
    )


class HuishoudenGewijzigd(EventData):
    """The household changed from `per` (a fact that may arrive late)."""

    event_type = "HuishoudenGewijzigd"

    uitkering_id: UUID
    klant_id: UUID
    per: date
    huishouden: Huishouden
    persoonlijk: str
    reden: str
    gewijzigd_op: datetime


class PlaatsingVerwerkt(EventData):
    """Matching placed the klant: income from work is expected from `startdatum`; LKS makes art. 31.2 z apply."""

    event_type = "PlaatsingVerwerkt"

    uitkering_id: UUID
    klant_id: UUID
    plaatsing_id: UUID
    startdatum: date
    uren_per_week: int
    lks_doelgroep: bool
    verwerkt_op: datetime


class BetalingVerricht(EventData):
    """A month paid in a betaalrun: once per uitkering and periode, with its full explanation."""

    event_type = "BetalingVerricht"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    betaalrun_id: UUID
    periode: date
    berekening: Berekening
    voorschot_verrekend: Decimal
    verrekeningen: list[Verrekening] = Field(default_factory=list)
    netto: Decimal = Field(description="What is transferred this month")
    ontvangers: list[Ontvanger]
    betaald_op: datetime


class VakantietoeslagUitbetaald(EventData):
    """The reserved vakantietoeslag paid out: in June, or after the uitkering ended (art. 45 lid 1)."""

    event_type = "VakantietoeslagUitbetaald"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    betaalrun_id: UUID
    periode: date
    over_maanden: list[date] = Field(description="The months whose reserved vakantietoeslag this pays")
    bedrag: Decimal
    ontvangers: list[Ontvanger]
    reden: str
    betaald_op: datetime
    per_maand: list[Maandbedrag] = Field(
        default_factory=list,
        description="The vakantietoeslag of each month in `overMaanden` (absent on payments made before it was said)",
    )
    verrekeningen: list[Verrekening] = Field(
        default_factory=list, description="Kept above the beslagvrije voet of the month it is paid in (art. 60 lid 3)"
    )


class PremieOpgenomen(EventData):
    """A premie arbeidsinschakeling granted by trajecten (art. 31 lid 2 j), taken up for the next betaalrun: within
    the yearly maximum, and not for someone under 27 outside the LKS-doelgroep (then `bedrag` is 0, with the reason)."""

    event_type = "PremieOpgenomen"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    premie_id: UUID
    toegekend: Decimal = Field(description="What trajecten granted")
    bedrag: Decimal = Field(description="What will be paid")
    jaar: int = Field(description="The calendar year whose maximum it counts against")
    reden: str | None = Field(description="Why less than granted is paid")
    bron: str
    opgenomen_op: datetime


class PremieUitbetaald(EventData):
    """The premies arbeidsinschakeling taken up since the last run, paid with this one as one transfer."""

    event_type = "PremieUitbetaald"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    betaalrun_id: UUID
    periode: date
    premie_ids: list[UUID]
    bedrag: Decimal
    ontvangers: list[Ontvanger]
    betaald_op: datetime


class HerberekeningVastgesteld(EventData):
    """A paid month recalculated from the facts as now known; the original payment stays as it was."""

    event_type = "HerberekeningVastgesteld"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    periode: date
    aanleiding: str = Field(description="The event type that brought the late fact")
    eerder_vastgesteld: Decimal
    nu_vastgesteld: Decimal
    verschil: Decimal = Field(description="Positive: te weinig betaald; negative: te veel betaald")
    soort: str = Field(
        description="te_veel_betaald, te_weinig_betaald, or ongewijzigd (a voorlopig month now set by its table)"
    )
    berekening: Berekening
    vastgesteld_op: datetime


class BetalingOpgeschort(EventData):
    """Payment suspended, e.g. while the woonplaats is in doubt (art. 40 lid 2-5)."""

    event_type = "BetalingOpgeschort"

    uitkering_id: UUID
    klant_id: UUID
    reden: str
    artikel: str
    herstel_uiterlijk: date | None = Field(
        default=None, description="Art. 54 lid 1: the term to repair the verzuim (at most 8 weeks); then intrekking"
    )
    opgeschort_op: datetime


class BetalingHervat(EventData):
    """Payment resumes; months held back are paid in the next betaalrun."""

    event_type = "BetalingHervat"

    uitkering_id: UUID
    klant_id: UUID
    reden: str
    hervat_op: datetime


class Beeindigingsreden(StrEnum):
    """Why an uitkering ended (reporting reads `werk`)."""

    WERK = "werk"
    VERHUIZING = "verhuizing"
    OVERIG = "overig"


class UitkeringBeeindigd(EventData):
    """The uitkering ends after `laatste_dag`; `werk` when income from work covers the norm."""

    event_type = "UitkeringBeeindigd"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    reden: Beeindigingsreden
    laatste_dag: date
    toelichting: str
    beeindigd_op: datetime


class OntheffingVerleend(EventData):
    """An ontheffing of the arbeidsplicht: dringende redenen (art. 9 lid 2) or a single parent with a child
    under 5 (art. 9a, at most 5 years in total, earlier gemeenten included)."""

    event_type = "OntheffingVerleend"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    ontheffing_id: UUID
    grond: str
    van: date
    tot: date
    eerder_genoten_dagen: int = Field(ge=0, description="Days of art. 9a ontheffing in earlier gemeenten")
    reden: str
    verleend_op: datetime


class OntheffingBeeindigd(EventData):
    """An ontheffing ends before its date (e.g. the youngest child turned 5, or on request)."""

    event_type = "OntheffingBeeindigd"

    uitkering_id: UUID
    klant_id: UUID
    ontheffing_id: UUID
    per: date
    reden: str


class HeronderzoekUitgevoerd(EventData):
    """A heronderzoek done: how it was selected (auditable) and what came of it."""

    event_type = "HeronderzoekUitgevoerd"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    datum: date
    selectie: str = Field(description="periodiek, art. 9a lid 8, or the model and version that selected it")
    uitkomst: str = Field(description="ongewijzigd, gewijzigd or beeindigd")
    volgende: date = Field(description="When the next periodic heronderzoek is due")
    uitgevoerd_op: datetime


CONTRACTS: tuple[type[EventData], ...] = (
    AanvraagIngediend,
    RekeningVastgelegd,
    VoorschotVerleend,
    VoorschotUitbetaald,
    BetaalrunGestart,
    BetaalrunAfgerond,
    BetalingGeweigerd,
    BijstandToegekend,
    AanvraagAfgewezen,
    InkomstenOpgegeven,
    HuishoudenGewijzigd,
    PlaatsingVerwerkt,
    BetalingVerricht,
    VakantietoeslagUitbetaald,
    NabetalingVerricht,
    HerberekeningVastgesteld,
    BetalingOpgeschort,
    BetalingHervat,
    UitkeringBeeindigd,
    MaatregelVoorgenomen,
    ZienswijzeGegeven,
    MaatregelOpgelegd,
    MaatregelAfgezien,
    MaatregelHeroverwogen,
    TaalverlagingOpgelegd,
    TaaleisVoldaan,
    WaarschuwingGegeven,
    VorderingOpgelegd,
    AflossingsafspraakGemaakt,
    AflossingOntvangen,
    VorderingGecorrigeerd,
    VanVorderingAfgezien,
    OntheffingVerleend,
    OntheffingBeeindigd,
    HeronderzoekUitgevoerd,
    PremieOpgenomen,
    PremieUitbetaald,
)

# The vorderingen, the maatregelen and the money parts are uitkering's facts too (on its topic): .vordering,
# .maatregel and .betaling.
__all__ = [
    "CONTRACTS",
    "AflossingOntvangen",
    "AflossingsafspraakGemaakt",
    "Deelvordering",
    "Maandbedrag",
    "Maandverlaging",
    "MaatregelAfgezien",
    "MaatregelHeroverwogen",
    "MaatregelOpgelegd",
    "MaatregelVoorgenomen",
    "NabetalingVerricht",
    "Ontvanger",
    "TaaleisVoldaan",
    "TaalverlagingOpgelegd",
    "VanVorderingAfgezien",
    "Verrekening",
    "VorderingGecorrigeerd",
    "VorderingOpgelegd",
    "WaarschuwingGegeven",
    "ZienswijzeGegeven",
]
