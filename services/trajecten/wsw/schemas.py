"""Request and response bodies of the Wsw zittend bestand and its projection."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from libs.events.contracts.trajecten import Arbeidshandicap, Uitstroomreden, Werkvorm
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


class ProjectieResponse(Uitvoer):
    """The zittend bestand projected per year until it is gone, under stated assumptions."""

    gemeenten: list[str] = Field(description="The betalende gemeenten counted")
    van: int = Field(description="First year")
    tot: int = Field(description="Last year")
    aannames: list[str] = Field(description="What the projection assumes, with its source")
    jaren: list[ProjectiejaarUit] = Field(description="One row per year")
