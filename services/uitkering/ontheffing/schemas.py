"""Request and response bodies of the ontheffing slice: ontheffing, heronderzoek, verzuim, termijnen."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from libs.events.schemas import Invoer, Plandatum, Uitvoer

from ..schemas import (
    Tekst,
)


class OntheffingRequest(Invoer):
    """An ontheffing of the arbeidsplicht."""

    grond: Literal["9.2", "9a", "9.5"] = Field(
        description="9.2 dringende redenen, 9a alleenstaande ouder met kind onder 5, 9.5 volledig arbeidsongeschikt",
        examples=["9a"],
    )
    van: Plandatum = Field(examples=["2026-12-01"])
    tot: Plandatum = Field(examples=["2028-05-31"])
    jongste_kind_vijf_op: Plandatum | None = Field(default=None, description="For 9a: when the youngest turns 5")
    eerder_genoten_dagen: int = Field(default=0, ge=0, le=1830, description="For 9a: days in earlier gemeenten")
    reden: Tekst = Field(examples=["Zorg voor kind van 2 jaar"])


class OntheffingEindeRequest(Invoer):
    """End an ontheffing early."""

    per: Plandatum = Field(examples=["2027-03-01"])
    reden: Tekst = Field(examples=["Jongste kind naar school"])


class HeronderzoekRequest(Invoer):
    """A heronderzoek done."""

    selectie: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="How it was selected: periodiek, art. 9a lid 8, or the model and its version",
        examples=["periodiek"],
    )
    uitkomst: Literal["ongewijzigd", "gewijzigd", "beeindigd"] = Field(examples=["ongewijzigd"])


class VerzuimRequest(Invoer):
    """Suspend for missing information (art. 54 lid 1)."""

    reden: Tekst = Field(examples=["Bankafschriften niet aangeleverd"])
    herstel_uiterlijk: Plandatum = Field(description="At most 8 weeks from today", examples=["2026-12-20"])


class TermijnUit(Uitvoer):
    """A date on the worklist."""

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    soort: str = Field(
        description="heronderzoek, heroverweging, ontheffing (its end), plan_van_aanpak (art. 9a lid 7: until "
        "trajecten has the plan) or herstel (art. 54)"
    )
    datum: date
    toelichting: str
