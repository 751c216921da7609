"""Request bodies of the maatregel slice: voornemen, zienswijze, besluit, heroverweging, taaltoets."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import Field

from libs.events.schemas import Invoer, Plandatum

from ..schemas import (
    Tekst,
)
from ..verordening import Verplichting


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
