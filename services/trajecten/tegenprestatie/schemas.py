"""Request and response bodies of the tegenprestatie."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from libs.events.contracts.trajecten import Persoon
from libs.events.schemas import Invoer, Plandatum, Uitvoer


class OpdrachtRequest(Invoer):
    """A tegenprestatie asked of the klant or the klant's partner."""

    klant_id: UUID = Field(description="Pseudonymous klant id")
    persoon: Persoon = Field(default=Persoon.AANVRAGER, description="Each partner separately (art. 9 lid 3)")
    omschrijving: str = Field(
        description="What it is", min_length=1, max_length=2000, examples=["Voorlezen in de bibliotheek"]
    )
    uren_per_week: int = Field(description="Hours per week", ge=1, le=40, examples=[8])
    van: Plandatum = Field(description="First day")
    tot: Plandatum = Field(description="Last day (inclusive)")


class WeigeringRequest(Invoer):
    """The tegenprestatie was not done on a day."""

    datum: Plandatum = Field(description="The day it was not done")
    reden: str | None = Field(
        default=None,
        max_length=2000,
        description="The valid reason the college accepts; leave it out when there is none (then verwijtbaar)",
    )


class WeigeringUit(Uitvoer):
    """A refusal and whether it is verwijtbaar."""

    datum: date = Field(description="The day it was not done")
    reden: str | None = Field(description="The valid reason given, if any")
    ontheffing_id: UUID | None = Field(description="Uitkering's ontheffing of art. 9 that covered the day, if any")
    verwijtbaar: bool = Field(description="Without a reason and without ontheffing: uitkering starts a maatregel")


class OpdrachtResponse(Uitvoer):
    """A tegenprestatie with its refusals."""

    opdracht_id: UUID = Field(description="Tegenprestatie id")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="CBS code of the klant's gemeente, which pays")
    persoon: Persoon = Field(description="aanvrager or partner: each separately (art. 9 lid 3)")
    omschrijving: str = Field(description="What it is")
    uren_per_week: int = Field(description="Hours per week")
    van: date = Field(description="First day")
    tot: date = Field(description="Last day (inclusive)")
    weigeringen: list[WeigeringUit] = Field(description="Every refusal, oldest first")
