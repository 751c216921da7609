"""Response bodies of the cijfers slice: the verordening as it applies, figures and budgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import Field

from libs.events.schemas import Uitvoer


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
