"""Events produced by trajecten (topic `trajecten.events`): the klantmanager's work between diagnose and plaatsing.

The plan van aanpak (Pw art. 44 lid 4, 44a) in versions and its evaluaties, re-integratievoorzieningen (art. 7,
10, 10a) with their aanbieder, cost and outcome, the premie of art. 31 lid 2 j, the tegenprestatie (art. 9 lid 1 c;
uitkering's ontheffingen of art. 9 lid 2, 5 and 9a hold for it), and the gemeente's re-integratie budget lines the
costs are booked against. Amounts are exact decimals (strings on the wire). No personal data: klanten are named by
id only.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..registry import EventData
from .intake import GEMEENTE_PATTERN, TEAM_PATTERN, Route

TOPIC = "trajecten.events"


class Voorzieningsoort(StrEnum):
    """The legal kinds of re-integratievoorziening; a gemeente's own labels map onto one of them."""

    SCHOLING = "scholing"  # art. 7 lid 1 a, 10a lid 5
    WERKERVARINGSPLAATS = "werkervaringsplaats"  # art. 10a: onbeloonde additionele werkzaamheden
    PROEFPLAATS = "proefplaats"  # art. 6 h, 8a lid 2 d
    JOBCOACH = "jobcoach"  # art. 10 lid 1 en 3: erkende deskundige
    INTERNE_WERKBEGELEIDING = "interne_werkbegeleiding"  # art. 10 lid 3
    SOCIALE_ACTIVERING = "sociale_activering"  # art. 6 c
    WERKVOORZIENING = "werkvoorziening"  # art. 8a lid 2 f, 10g, 10h
    BEGELEIDING_BESCHUT_WERK = "begeleiding_beschut_werk"  # art. 10b lid 7: what makes beschut werk possible


class Kostenwijze(StrEnum):
    """How the verordening prices a voorziening: hours at a tariff, or a fixed price."""

    UREN = "uren"
    VAST = "vast"


class Inkoop(StrEnum):
    """Who bought the voorziening; either way it is charged to the klant's gemeente."""

    GEMEENTE = "gemeente"
    REGIO = "regio"


class Aanvrager(StrEnum):
    """Who asked for the voorziening (art. 10 lid 5): the person, an employer, or the college itself."""

    PERSOON = "persoon"
    WERKGEVER = "werkgever"
    AMBTSHALVE = "ambtshalve"


class Uitkomst(StrEnum):
    """How a voorziening ended."""

    UITSTROOM_NAAR_WERK = "uitstroom_naar_werk"
    PLAATSING = "plaatsing"
    DOORSTROOM = "doorstroom"  # on to a next voorziening
    AFGEROND = "afgerond"  # completed without work (yet)
    UITVAL = "uitval"

    @property
    def werk(self) -> bool:
        """The outcome is work: the success the keuzes count."""
        return self in (Uitkomst.UITSTROOM_NAAR_WERK, Uitkomst.PLAATSING)


class Aanbiedersoort(StrEnum):
    """Who delivers voorzieningen."""

    REINTEGRATIEBEDRIJF = "reintegratiebedrijf"
    WERKBEDRIJF = "werkbedrijf"  # the region's own
    OPLEIDER = "opleider"
    ZORG_OF_WELZIJN = "zorg_of_welzijn"


class Kanaal(StrEnum):
    """The funding channel a budget line comes from (werk-naar-vermogen §1.7); the Rijk earmarks none of them."""

    CLUSTER_PARTICIPATIE = "cluster_participatie"  # algemene uitkering gemeentefonds
    IU_PARTICIPATIE = "iu_participatie"  # integratie-uitkering participatie
    EIGEN_MIDDELEN = "eigen_middelen"
    OVERIG = "overig"  # a subsidy (ESF+), a regional pot


class Afspraaksoort(StrEnum):
    """What an afspraak in the plan is (art. 44a lid 1)."""

    ONDERSTEUNING = "ondersteuning"  # a: the support the college gives
    ARBEIDSVERPLICHTING = "arbeidsverplichting"  # b: with the consequence of not complying


class Conclusie(StrEnum):
    """What an evaluatie of the plan concluded (art. 44a lid 2)."""

    VOORTZETTEN = "voortzetten"
    BIJSTELLEN = "bijstellen"
    AFSLUITEN = "afsluiten"


class Persoon(StrEnum):
    """Which member of the household a tegenprestatie is for: each partner separately (art. 9 lid 3)."""

    AANVRAGER = "aanvrager"
    PARTNER = "partner"


class Afspraak(BaseModel):
    """One afspraak of a plan van aanpak."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    soort: Afspraaksoort
    omschrijving: str
    gevolg: str | None = Field(description="For an arbeidsverplichting: what not complying leads to (art. 44a lid 1 b)")


class Catalogusregel(BaseModel):
    """One voorziening of a gemeente's verordening: its label mapped to a legal kind, and how it is priced."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    label: str
    soort: Voorzieningsoort
    kostenwijze: Kostenwijze
    premie: Decimal | None = Field(default=None, description="Werkervaringsplaats: the premie per six months")


class CatalogusVastgesteld(EventData):
    """A gemeente's own catalogue of voorzieningen from a date (its verordening, art. 8a), with its source."""

    event_type = "CatalogusVastgesteld"

    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    geldig_vanaf: date
    bron: str
    regels: list[Catalogusregel]
    vastgesteld_op: datetime


class AanbiederGeregistreerd(EventData):
    """A provider of voorzieningen joined the region (one per KvK number), for the gemeenten it works for."""

    event_type = "AanbiederGeregistreerd"

    aanbieder_id: UUID
    kvk_nummer: str = Field(pattern=r"^\d{8}$")
    naam: str
    soort: Aanbiedersoort
    gemeenten: list[str]
    geregistreerd_op: datetime


class BudgetregelVastgesteld(EventData):
    """A gemeente's re-integratie budget line for a year, as the gemeente entered it (never derived)."""

    event_type = "BudgetregelVastgesteld"

    regel_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    jaar: int
    naam: str
    kanaal: Kanaal
    bedrag: Decimal
    bron: str = Field(description="Where the amount comes from (begroting, circulaire, subsidiebeschikking)")
    vastgesteld_op: datetime


class BudgetregelBijgesteld(EventData):
    """The amount of a budget line changed (a begrotingswijziging)."""

    event_type = "BudgetregelBijgesteld"

    regel_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    jaar: int
    van: Decimal
    naar: Decimal
    bron: str
    bijgesteld_op: datetime


class PlanVanAanpakVastgesteld(EventData):
    """A version of a klant's plan van aanpak, drawn up with the klant (art. 44a); version 1 is the first plan."""

    event_type = "PlanVanAanpakVastgesteld"

    plan_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    versie: int = Field(ge=1)
    doelen: list[str]
    afspraken: list[Afspraak]
    evaluatiemomenten: list[date]
    startkwalificatie: bool = Field(description="Whether the klant has a startkwalificatie (art. 10a lid 5)")
    besproken_op: date = Field(description="The day it was drawn up with the klant")
    instemming: bool = Field(description="Whether the klant agreed with this version")
    zienswijze_klant: str | None
    aanleiding: str | None = Field(description="Why a new version: an evaluatie, changed circumstances")
    team: str = Field(pattern=TEAM_PATTERN, description="The responsible team that wrote it")
    vastgesteld_op: datetime
    vastgesteld_door: str


class PlanVanAanpakGeevalueerd(EventData):
    """The plan was evaluated together with the klant (art. 44a lid 2)."""

    event_type = "PlanVanAanpakGeevalueerd"

    plan_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    versie: int
    evaluatiedatum: date
    met_klant: bool
    bevindingen: str
    conclusie: Conclusie
    volgende_evaluatie: date | None
    geevalueerd_op: datetime
    geevalueerd_door: str


class Kosten(BaseModel):
    """A voorziening's price as the verordening asks: hours at a tariff, or a fixed price."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    wijze: Kostenwijze
    uren: Decimal | None = None
    uurtarief: Decimal | None = None
    vaste_prijs: Decimal | None = None


class VoorzieningGestart(EventData):
    """A re-integratievoorziening started, in the klant's plan, its cost committed on one budget line."""

    event_type = "VoorzieningGestart"

    voorziening_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN, description="The klant's gemeente, which pays")
    plan_id: UUID
    plan_versie: int
    code: str = Field(description="The catalogue's label code")
    label: str
    soort: Voorzieningsoort
    grondslag: str
    catalogus: str = Field(description="The catalogue version the label and its limits came from")
    aanbieder_id: UUID
    aanvrager: Aanvrager
    inkoop: Inkoop
    startdatum: date
    geplande_einddatum: date = Field(description="Last day (inclusive)")
    kosten: Kosten
    verplichting: Decimal = Field(description="The cost committed at the start, to the cent")
    budgetregel_id: UUID
    route: Route | None = Field(description="The klant's diagnose route at the start, for the keuzes")
    gestart_op: datetime
    gestart_door: str


class VoorzieningVerlengd(EventData):
    """A voorziening extended within its legal limits; the extra cost is committed on the same line."""

    event_type = "VoorzieningVerlengd"

    voorziening_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    budgetregel_id: UUID
    tot: date
    andere_omgeving: bool = Field(
        description="A werkervaringsplaats's second extension is in another environment (10a)"
    )
    extra_verplichting: Decimal
    motivering: str
    verlengd_op: datetime


class VoorzieningGeevalueerd(EventData):
    """A voorziening was evaluated (a werkervaringsplaats after 9 months, art. 10a)."""

    event_type = "VoorzieningGeevalueerd"

    voorziening_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    evaluatiedatum: date
    effect: bool = Field(description="Whether it brings work closer; without effect it ends within 12 months")
    bevindingen: str
    uiterlijk_einde: date | None = Field(description="Without effect: the last day it may run")
    geevalueerd_op: datetime


class KostenGerealiseerd(EventData):
    """What a voorziening cost in a month (the aanbieder's invoice), booked on its budget line."""

    event_type = "KostenGerealiseerd"

    kosten_id: UUID
    voorziening_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    budgetregel_id: UUID
    maand: date = Field(description="First day of the month")
    uren: Decimal | None
    bedrag: Decimal
    factuur: str
    geboekt_op: datetime


class PremieToegekend(EventData):
    """A premie arbeidsinschakeling (art. 31 lid 2 j) after six months of a werkervaringsplaats; uitkering pays it."""

    event_type = "PremieToegekend"

    premie_id: UUID
    voorziening_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    budgetregel_id: UUID
    periode_van: date
    periode_tot: date
    bedrag: Decimal
    grondslag: str
    toegekend_op: datetime


class VoorzieningBeeindigd(EventData):
    """A voorziening ended with its outcome; what was committed and not realised falls free."""

    event_type = "VoorzieningBeeindigd"

    voorziening_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    budgetregel_id: UUID
    einddatum: date = Field(description="Last day (inclusive)")
    uitkomst: Uitkomst
    reden_uitval: str | None
    toelichting: str | None
    vrijval: Decimal = Field(description="The committed cost no longer needed")
    beeindigd_op: datetime


class TegenprestatieOpgedragen(EventData):
    """The college asked a tegenprestatie (art. 9 lid 1 c): unpaid, socially useful, next to regular work."""

    event_type = "TegenprestatieOpgedragen"

    opdracht_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    persoon: Persoon
    omschrijving: str
    uren_per_week: int = Field(ge=1, le=40)
    van: date
    tot: date
    opgedragen_op: datetime


class TegenprestatieGeweigerd(EventData):
    """The person did not do the tegenprestatie; `verwijtbaar` when without a valid reason and without ontheffing."""

    event_type = "TegenprestatieGeweigerd"

    opdracht_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    persoon: Persoon
    datum: date
    reden: str | None
    ontheffing_id: UUID | None = Field(description="Uitkering's ontheffing (art. 9 lid 2, 5, 9a) covering the day")
    verwijtbaar: bool
    geweigerd_op: datetime


class Adviesaanvrager(StrEnum):
    """Who asked UWV for the advies beschut werk (Pw art. 10b lid 2-3)."""

    COLLEGE = "college"
    PERSOON = "persoon"


class AdviesBeschutWerkAangevraagd(EventData):
    """An advies beschut werk asked of UWV (Pw art. 10b lid 2, 3); UWV advises within 8 weeks (Besluit advisering
    beschut werk art. 2). The BSN UWV needs travels only inside `versleuteld`, with trajecten's key for the klant
    (erased with the klant: crypto-shredding); it is sent to UWV by trajecten's timer (`AdviesBeschutWerkVerzonden`)."""

    event_type = "AdviesBeschutWerkAangevraagd"

    aanvraag_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    aangevraagd_door: Adviesaanvrager
    aanleiding: str = Field(description="What led to it: the diagnose, the plan van aanpak")
    nieuwe_feiten: bool = Field(description="New facts or changed circumstances since an earlier advies (art. 3 lid 6)")
    uiterlijk: date = Field(description="The last day of UWV's 8 weeks")
    aangevraagd_op: datetime
    versleuteld: str = Field(description="AES-GCM over the JSON of the BSN, for the message to UWV")


class AdviesBeschutWerkVerzonden(EventData):
    """UWV took the request (the exchange answered; a request sent again is the same one, by its kenmerk)."""

    event_type = "AdviesBeschutWerkVerzonden"

    aanvraag_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    verzonden_op: datetime


class AdviesBeschutWerkUitgebracht(EventData):
    """UWV's advies as it came in: whether the person is aangewezen op beschut werk, with its reasons."""

    event_type = "AdviesBeschutWerkUitgebracht"

    aanvraag_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    aangewezen: bool
    redenen: list[str]
    uitgebracht_op: date
    binnen_termijn: bool = Field(description="Within the 8 weeks of the Besluit advisering beschut werk art. 2")
    ontvangen_op: datetime


class BeschutWerkVastgesteld(EventData):
    """The college's decision (Pw art. 10b lid 1): aangewezen op beschut werk or not; it follows UWV's advies unless
    the advies was not made with care (then `afwijking` says why)."""

    event_type = "BeschutWerkVastgesteld"

    aanvraag_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    aangewezen: bool
    van: date
    tot: date | None = Field(description="Last day of the indicatie (inclusive); none: no end")
    motivering: str
    afwijking: str | None = Field(description="Why the college does not follow the advies")
    doelgroepregister_tot: date | None = Field(
        description="Besluit SUWI art. 3.2 lid 3: the registration in the doelgroepregister ends the day after this"
    )
    vastgesteld_op: datetime


class BeschutteDienstbetrekkingGestart(EventData):
    """The person works in a beschutte dienstbetrekking (Pw art. 10b lid 1), at the SW-bedrijf or another employer."""

    event_type = "BeschutteDienstbetrekkingGestart"

    dienstbetrekking_id: UUID
    aanvraag_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    werkgever: str
    startdatum: date
    uren_per_week: int = Field(ge=1, le=40)
    plaatsing_id: UUID | None = Field(
        description="Matching's plaatsing, with the LKS on the loonwaarde (art. 10b lid 9)"
    )
    begeleiding_id: UUID | None = Field(description="The voorziening that pays for the begeleiding (art. 10b lid 7)")
    gestart_op: datetime


class BeschutteDienstbetrekkingBeeindigd(EventData):
    """A beschutte dienstbetrekking ended."""

    event_type = "BeschutteDienstbetrekkingBeeindigd"

    dienstbetrekking_id: UUID
    aanvraag_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    einddatum: date
    reden: str
    beeindigd_op: datetime


class TaakstellingBeschutWerkVastgesteld(EventData):
    """The number of beschut werk dienstbetrekkingen a gemeente realises at least, ultimo a year (Pw art. 10b lid 4, 5),
    as entered from the regeling or the raad's verordening (never derived)."""

    event_type = "TaakstellingBeschutWerkVastgesteld"

    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    jaar: int
    aantal: int = Field(ge=0)
    bron: str
    vastgesteld_op: datetime


class Werkvorm(StrEnum):
    """How a Wsw-medewerker works (Statistiek Wsw: detachering none, individual, group; begeleid werken, art. 7)."""

    BESCHUT_BINNEN = "beschut_binnen"
    GROEPSDETACHERING = "groepsdetachering"
    INDIVIDUELE_DETACHERING = "individuele_detachering"
    BEGELEID_WERKEN = "begeleid_werken"


class Arbeidshandicap(StrEnum):
    """The category UWV placed the geïndiceerde in (Besluit uitvoering Wsw art. 4 lid 1)."""

    MATIG = "matig"
    ERNSTIG = "ernstig"


class Uitstroomreden(StrEnum):
    """Why someone left the zittend bestand before the AOW age (which ends the indicatie by itself, Wsw art. 12)."""

    OVERLIJDEN = "overlijden"
    EIGEN_VERZOEK = "eigen_verzoek"
    ONTSLAG = "ontslag"  # Wsw art. 6
    TWEE_JAAR_ZIEK = "twee_jaar_ziek"
    RVU = "rvu"  # the cao's voluntary exit before the AOW age


class WswMedewerkerGeregistreerd(EventData):
    """A geïndiceerde with a Wsw dienstbetrekking on 31-12-2014 (no inflow since), in the SW-bedrijf's administration
    for the gemeente that pays. The birth date (from intake, for the AOW age) travels only inside `persoonlijk`."""

    event_type = "WswMedewerkerGeregistreerd"

    medewerker_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN, description="The betalende gemeente")
    indienst: date
    arbeidshandicap: Arbeidshandicap
    werkvorm: Werkvorm
    uren_per_week: int = Field(ge=1, le=40)
    persoonlijk: str = Field(description="AES-GCM over the JSON of the birth date, with trajecten's key for the klant")
    geregistreerd_op: datetime


class WswWerkvormGewijzigd(EventData):
    """From `per` on the medewerker works in another werkvorm or number of hours (not an outflow)."""

    event_type = "WswWerkvormGewijzigd"

    medewerker_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    per: date
    werkvorm: Werkvorm
    uren_per_week: int = Field(ge=1, le=40)
    gewijzigd_op: datetime


class WswUitgestroomd(EventData):
    """The medewerker left the zittend bestand on `per` (the first day no longer in it)."""

    event_type = "WswUitgestroomd"

    medewerker_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    per: date
    reden: Uitstroomreden
    uitgestroomd_op: datetime


class Detacheringsoort(StrEnum):
    """Statistiek Wsw: a Wsw-medewerker detached on their own or with a group."""

    INDIVIDUEEL = "individueel"
    GROEP = "groep"


class WswDetacheringGestart(EventData):
    """A Wsw-medewerker works at an inlener (a werkgever of the region) who pays an inleenvergoeding per hour that
    does not distort competition (Wsw art. 5)."""

    event_type = "WswDetacheringGestart"

    detachering_id: UUID
    medewerker_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    werkgever_id: UUID
    soort: Detacheringsoort
    van: date
    uren_per_week: int = Field(ge=1, le=40)
    tarief_per_uur: Decimal
    gestart_op: datetime


class WswDetacheringBeeindigd(EventData):
    """A detachering ended on `tot` (the last day)."""

    event_type = "WswDetacheringBeeindigd"

    detachering_id: UUID
    medewerker_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    tot: date
    beeindigd_op: datetime


class WswFinancieringVastgesteld(EventData):
    """A gemeente's Wsw money for a year, as entered with its sources: the rijksbijdrage (from the circulaire) and the
    wage cost per SE (from the cao SW tables). Never derived."""

    event_type = "WswFinancieringVastgesteld"

    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    jaar: int
    rijksbijdrage: Decimal
    rijksbijdrage_bron: str
    loonkosten_per_se: Decimal
    loonkosten_bron: str
    vastgesteld_op: datetime


CONTRACTS: tuple[type[EventData], ...] = (
    CatalogusVastgesteld,
    AanbiederGeregistreerd,
    BudgetregelVastgesteld,
    BudgetregelBijgesteld,
    PlanVanAanpakVastgesteld,
    PlanVanAanpakGeevalueerd,
    VoorzieningGestart,
    VoorzieningVerlengd,
    VoorzieningGeevalueerd,
    KostenGerealiseerd,
    PremieToegekend,
    VoorzieningBeeindigd,
    TegenprestatieOpgedragen,
    TegenprestatieGeweigerd,
    AdviesBeschutWerkAangevraagd,
    AdviesBeschutWerkVerzonden,
    AdviesBeschutWerkUitgebracht,
    BeschutWerkVastgesteld,
    BeschutteDienstbetrekkingGestart,
    BeschutteDienstbetrekkingBeeindigd,
    TaakstellingBeschutWerkVastgesteld,
    WswMedewerkerGeregistreerd,
    WswWerkvormGewijzigd,
    WswUitgestroomd,
    WswDetacheringGestart,
    WswDetacheringBeeindigd,
    WswFinancieringVastgesteld,
)
