"""Request and response bodies of the plan van aanpak."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import Field

from libs.events.contracts.trajecten import Afspraaksoort, Conclusie
from libs.events.schemas import Invoer, Plandatum, Uitvoer


class AfspraakIn(Invoer):
    """One afspraak: support the college gives, or an arbeidsverplichting with its consequence."""

    soort: Afspraaksoort = Field(description="support or arbeidsverplichting")
    omschrijving: str = Field(
        description="What it is", min_length=1, max_length=1000, examples=["Solliciteert twee keer per week"]
    )
    gevolg: str | None = Field(
        default=None,
        max_length=1000,
        description="Required for an arbeidsverplichting: what not complying leads to (art. 44a lid 1 b)",
        examples=["Een maatregel volgens de afstemmingsverordening"],
    )


class PlanInhoud(Invoer):
    """What a version of the plan says, as drawn up with the klant."""

    doelen: list[str] = Field(
        description="What the klant works towards",
        max_length=20,
        examples=[["Binnen een jaar betaald werk in de logistiek"]],
    )
    afspraken: list[AfspraakIn] = Field(description="Support and arbeidsverplichtingen (art. 44a lid 1)", max_length=40)
    evaluatiemomenten: list[Plandatum] = Field(max_length=20, description="When it is evaluated with the klant")
    startkwalificatie: bool = Field(description="Whether the klant has a startkwalificatie (art. 10a lid 5)")
    besproken_op: Plandatum = Field(description="The day it was drawn up with the klant")
    instemming: bool = Field(description="Whether the klant agrees with this version")
    zienswijze_klant: str | None = Field(default=None, max_length=2000, description="What the klant said about it")


class PlanRequest(PlanInhoud):
    """The first plan van aanpak of a klant."""

    klant_id: UUID = Field(description="Pseudonymous klant id")


class PlanBijstellingRequest(PlanInhoud):
    """A new version of the plan."""

    aanleiding: str = Field(
        description="Why this version: an evaluatie, changed circumstances",
        min_length=1,
        max_length=1000,
        examples=["Evaluatie: eerst scholing"],
    )


class EvaluatieRequest(Invoer):
    """An evaluatie of the plan with the klant."""

    evaluatiedatum: Plandatum = Field(description="The day of the evaluatie")
    met_klant: bool = Field(default=True, description="Whether the klant took part (art. 44a lid 2)")
    bevindingen: str = Field(description="What the evaluatie found", min_length=1, max_length=4000)
    conclusie: Conclusie = Field(description="voortzetten, bijstellen or afsluiten")
    volgende_evaluatie: Plandatum | None = Field(default=None, description="Required unless the plan is closed")


class AfspraakUit(Uitvoer):
    """One afspraak."""

    soort: Afspraaksoort = Field(description="support or arbeidsverplichting")
    omschrijving: str = Field(description="What it is")
    gevolg: str | None = Field(description="What not complying leads to (art. 44a lid 1 b)")


class VersieUit(Uitvoer):
    """One version of the plan."""

    versie: int = Field(description="Version number of the plan (1 is the first)")
    doelen: list[str] = Field(description="What the klant works towards")
    afspraken: list[AfspraakUit] = Field(description="Support and arbeidsverplichtingen (art. 44a lid 1)")
    evaluatiemomenten: list[date] = Field(description="When it is evaluated with the klant")
    startkwalificatie: bool = Field(description="Whether the klant has a startkwalificatie (art. 10a lid 5)")
    besproken_op: date = Field(description="The day it was drawn up with the klant")
    instemming: bool = Field(description="Whether the klant agreed with it")
    zienswijze_klant: str | None = Field(description="What the klant said about it")
    aanleiding: str | None = Field(description="Why this version: an evaluatie, changed circumstances")
    team: str = Field(description="The responsible team that wrote it: regionaal or lokaal:<gemeente>")
    vastgesteld_op: datetime = Field(description="When it was recorded (UTC)")


class EvaluatieUit(Uitvoer):
    """One evaluatie."""

    versie: int = Field(description="The plan version it evaluated")
    evaluatiedatum: date = Field(description="The day of the evaluatie")
    met_klant: bool = Field(description="Whether the klant took part")
    bevindingen: str = Field(description="What the evaluatie found")
    conclusie: Conclusie = Field(description="voortzetten, bijstellen or afsluiten")
    volgende_evaluatie: date | None = Field(description="The next evaluatie; none once closed")


class PlanResponse(Uitvoer):
    """A klant's plan van aanpak: every version, newest last, and every evaluatie."""

    plan_id: UUID = Field(description="Plan van aanpak id")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="CBS code of the klant's gemeente, which pays")
    versie: int = Field(description="The version in force")
    versies: list[VersieUit] = Field(description="Every version, oldest first")
    evaluaties: list[EvaluatieUit] = Field(description="Every evaluatie, oldest first")


class PlanSamenvatting(Uitvoer):
    """A plan in a list."""

    plan_id: UUID = Field(description="Plan van aanpak id")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="CBS code of the klant's gemeente, which pays")
    versie: int = Field(description="Version number of the plan (1 is the first)")
    besproken_op: date = Field(description="The day it was drawn up with the klant")
    instemming: bool = Field(description="Whether the klant agreed with it")
    volgende_evaluatie: date | None = Field(description="The next evaluatie; none once closed")
    team: str = Field(description="The responsible team: regionaal or lokaal:<gemeente>")
