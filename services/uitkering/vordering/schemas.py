"""Request and response bodies of the vordering slice: terugvordering, boete and the ledger."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from uuid import UUID

from pydantic import Field

from libs.events.schemas import Invoer, Plandatum, Uitvoer

from ..schemas import (
    Bedrag,
    Tekst,
)


class TerugvorderingRequest(Invoer):
    """Claim back what was paid too much (art. 58)."""

    grond: Literal["58.1", "58.2.a", "58.2.d", "58.2.e", "58.2.f"] = Field(
        description="58.1: after a breach of art. 17 (mandatory); 58.2 a-f: the optional cases", examples=["58.1"]
    )
    aflossing_per_maand: Bedrag | None = Field(default=None, description="An aflossingsafspraak from today")


class BoeteRequest(Invoer):
    """A bestuurlijke boete for the benadeling of this terugvordering, or a written warning instead."""

    verwijtbaarheid: Literal["opzet", "grove_schuld", "normaal", "verminderd"] = Field(examples=["normaal"])
    waarschuwing: bool = Field(default=False, description="A warning instead of a boete (art. 18a lid 4)")


class AfspraakRequest(Invoer):
    """An aflossingsafspraak."""

    bedrag_per_maand: Bedrag = Field(examples=["50.00"])
    vanaf: Plandatum = Field(examples=["2026-12-01"])


class AflossingRequest(Invoer):
    """A payment by the debtor."""

    bedrag: Bedrag = Field(examples=["100.00"])
    datum: Plandatum = Field(examples=["2026-12-01"])


class CorrectieRequest(Invoer):
    """A correction, interest or costs."""

    bedrag: Annotated[Decimal, Field(ge=Decimal("-10000000"), le=Decimal("10000000"), decimal_places=2)] = Field(
        examples=["15.00"]
    )
    soort: Literal["correctie", "rente", "kosten"] = Field(examples=["kosten"])
    reden: Tekst = Field(examples=["Incassokosten"])


class AfzienRequest(Invoer):
    """Waive the rest after ten years (art. 58 lid 7 a-c)."""

    reden: Tekst = Field(examples=["Tien jaar na het besluit, geen vooruitzicht op betaling"])


class DeelvorderingUit(Uitvoer):
    """A part of the vordering."""

    periode: date | None
    bedrag: Decimal
    omschrijving: str


class MutatieUit(Uitvoer):
    """A line of the vordering's ledger after the vordering itself."""

    datum: date
    soort: str = Field(examples=["aflossing"])
    bedrag: Decimal = Field(description="Signed: negative lowers the saldo")
    omschrijving: str


class VorderingResponse(Uitvoer):
    """A vordering with its ledger and its saldo (on `op`, or now)."""

    vordering_id: UUID
    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    soort: str = Field(examples=["terugvordering"])
    grond: str
    debiteuren: list[str] = Field(description="Jointly liable (art. 59, art. 18a lid 9)")
    bedrag: Decimal
    deelvorderingen: list[DeelvorderingUit]
    berekening: dict[str, str] = Field(description="For a boete: how the amount was set")
    aflossing_per_maand: Decimal | None
    mutaties: list[MutatieUit]
    saldo: Decimal
    saldo_op: date | None = Field(description="The date the saldo is for; null: now")
    opgelegd_op: datetime


class BoeteResponse(Uitvoer):
    """A boete, or the warning given instead."""

    waarschuwing: bool
    boete: VorderingResponse | None


class VorderingRegel(Uitvoer):
    """A vordering of an uitkering with its saldo now."""

    vordering_id: UUID
    soort: str
    grond: str
    bedrag: Decimal
    saldo: Decimal
    aflossing_per_maand: Decimal | None
    opgelegd_op: datetime
