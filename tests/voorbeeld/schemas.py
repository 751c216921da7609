"""Request and response bodies of the sample service."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from libs.events.schemas import Invoer, Uitvoer


class NotitieRequest(Invoer):
    """A note about a klant."""

    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(pattern=r"^GM\d{4}$", description="CBS code", examples=["GM0014"])
    tekst: str = Field(max_length=2000, description="The note", examples=["Belde terug"])


class NotitieResponse(Uitvoer):
    """A note as recorded."""

    notitie_id: UUID = Field(description="Note id")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="CBS code", examples=["GM0014"])
    tekst: str = Field(description="The note")
