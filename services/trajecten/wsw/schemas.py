"""Request and response bodies of the Wsw zittend bestand and its projection."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import Field

from libs.events.contracts.trajecten import Arbeidshandicap, Detacheringsoort, Uitstroomreden, Werkvorm
from libs.events.schemas import Gemeentecode, Invoer, Plandatum, Uitvoer


class MedewerkerRequest(Invoer):
    """A Wsw-medewerker of the zittend bestand; the birth date is read at intake, not typed."""

    klant_id: UUID = Field(description="Pseudonymous klant id (intake holds the person)")
    gemeente: Gemeentecode = Field(description="The betalende gemeente")
    indienst: date = Field(description="Start of the Wsw dienstbetrekking, at the latest 2014-12-31")
    arbeidshandicap: Arbeidshandicap = Field(description="matig or ernstig")
    werkvorm: Werkvorm = Field(description="How the medewerker works")
    uren_per_week: int = Field(ge=1, le=40, description="Contract hours per week")


class WerkvormRequest(Invoer):
    """Another werkvorm or number of hours from a date."""

    per: Plandatum = Field(description="From this day")
    werkvorm: Werkvorm = Field(description="How the medewerker works")
    uren_per_week: int = Field(ge=1, le=40, description="Contract hours per week")


class UitstroomRequest(Invoer):
    """Outflow before the AOW age."""

    per: Plandatum = Field(description="The first day no longer in the bestand")
    reden: Uitstroomreden = Field(description="Why")


class PeriodeUit(Uitvoer):
    """A werkvorm from a date."""

    per: date = Field(description="From")
    werkvorm: Werkvorm = Field(description="How the medewerker works")
    uren_per_week: int = Field(description="Contract hours per week")


class DetacheringUit(Uitvoer):
    """A detachering."""

    detachering_id: UUID = Field(description="Detachering id")
    werkgever_id: UUID = Field(description="The inlener")
    soort: Detacheringsoort = Field(description="individueel or groep")
    van: date = Field(description="First day")
    tot: date | None = Field(description="Last day, once ended")
    uren_per_week: int = Field(description="Hours per week")
    tarief_per_uur: Decimal = Field(description="The inleenvergoeding per hour")


class MedewerkerResponse(Uitvoer):
    """A Wsw-medewerker (no personal data: the birth date stays encrypted)."""

    medewerker_id: UUID = Field(description="Wsw-medewerker id")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="The betalende gemeente")
    indienst: date = Field(description="Start of the Wsw dienstbetrekking")
    arbeidshandicap: Arbeidshandicap = Field(description="matig or ernstig")
    perioden: list[PeriodeUit] = Field(description="Werkvorm and hours over time, oldest first")
    uitstroom_per: date | None = Field(description="Recorded outflow (the AOW age ends the indicatie by itself)")
    uitstroom_reden: Uitstroomreden | None = Field(description="Why")
    detacheringen: list[DetacheringUit] = Field(description="At inleners, oldest first")


class BestandResponse(Uitvoer):
    """A gemeente's zittend bestand on a day."""

    gemeente: str = Field(description="The betalende gemeente")
    peildatum: date = Field(description="The day counted")
    personen: int = Field(description="Medewerkers in the bestand (before the AOW age, no recorded outflow)")
    se: Decimal = Field(description="Their hours ÷ 36 (full time in the cao SW) on the day")
    per_werkvorm: dict[str, int] = Field(description="Persons per werkvorm")
    geboortedatum_gewist: int = Field(description="Counted without an AOW date: the birth date was erased")


class ProjectiejaarUit(Uitvoer):
    """One year of the projection."""

    jaar: int = Field(description="Year")
    bestand_ultimo: int = Field(description="Medewerkers in the bestand on 31 December")
    arbeidsjaren: Decimal = Field(description="Average of the 12 month-end stands of hours ÷ 36 (Wsw art. 1)")
    uitstroom: int = Field(description="Leaving in the year")
    uitstroom_cumulatief: int = Field(description="Leaving since the first year of the projection")
    beschut_plaatsen_nodig: int = Field(description="Beschut werk places to keep the total: one per three leavers")
    rijksbijdrage: Decimal | None = Field(description="arbeidsjaren × rijksbijdrage per arbeidsjaar (assumed)")
    loonkosten: Decimal | None = Field(description="arbeidsjaren × wage cost per SE (assumed)")
    subsidietekort: Decimal | None = Field(description="loonkosten − rijksbijdrage; none without money entered")


class ProjectieResponse(Uitvoer):
    """The zittend bestand projected per year until it is gone, under stated assumptions."""

    gemeenten: list[str] = Field(description="The betalende gemeenten counted")
    van: int = Field(description="First year")
    tot: int = Field(description="Last year")
    aannames: list[str] = Field(description="What the projection assumes, with its source")
    jaren: list[ProjectiejaarUit] = Field(description="One row per year")


class DetacheringRequest(Invoer):
    """A detachering at an inlener."""

    werkgever_id: UUID = Field(description="The inlener: a werkgever of the region (werkgevers)")
    soort: Detacheringsoort = Field(description="individueel or groep")
    van: Plandatum = Field(description="First day")
    uren_per_week: int = Field(ge=1, le=40, description="Hours per week at the inlener")
    tarief_per_uur: Annotated[Decimal, Field(ge=0, le=Decimal("1000"), decimal_places=2)] = Field(
        description="The inleenvergoeding per hour (Wsw art. 5)", examples=["24.50"]
    )


class DetacheringEindeRequest(Invoer):
    """The end of a detachering."""

    tot: Plandatum = Field(description="Last day")


class FinancieringRequest(Invoer):
    """A gemeente's Wsw money for a year."""

    rijksbijdrage: Annotated[Decimal, Field(ge=0, le=Decimal("1000000000"), decimal_places=2)] = Field(
        description="The year's rijksbijdrage Wsw, from the circulaire", examples=["4500000.00"]
    )
    rijksbijdrage_bron: str = Field(min_length=1, max_length=500, description="Which circulaire")
    loonkosten_per_se: Annotated[Decimal, Field(ge=0, le=Decimal("1000000"), decimal_places=2)] = Field(
        description="Wage cost per SE per year, from the cao SW tables", examples=["31500.00"]
    )
    loonkosten_bron: str = Field(min_length=1, max_length=500, description="Which cao SW table")


class MaandgeldUit(Uitvoer):
    """One month's Wsw money."""

    maand: date = Field(description="First day of the month")
    se: Decimal = Field(description="Month-end stand of hours ÷ 36")
    loonkosten: Decimal = Field(description="SE × wage cost per SE ÷ 12")
    rijksbijdrage: Decimal = Field(description="The year's rijksbijdrage ÷ 12 (December takes the rounding)")
    inleenvergoedingen: Decimal = Field(description="What the inleners are billed for the month")
    subsidietekort: Decimal = Field(description="loonkosten − rijksbijdrage − inleenvergoedingen")


class GeldResponse(Uitvoer):
    """A gemeente's Wsw money for a year, per month, with each figure's source."""

    gemeente: str = Field(description="The betalende gemeente")
    jaar: int = Field(description="Year")
    maanden: list[MaandgeldUit] = Field(description="January to December")
    arbeidsjaren: Decimal = Field(description="The year's gerealiseerde arbeidsjaren (average of the month-ends)")
    loonkosten: Decimal = Field(description="Sum of the months")
    rijksbijdrage: Decimal = Field(description="Sum of the months (the amount entered)")
    inleenvergoedingen: Decimal = Field(description="Sum of the months")
    subsidietekort: Decimal = Field(description="Sum of the months")
    bronnen: dict[str, str] = Field(description="Each figure's source")
