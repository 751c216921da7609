"""Uitkering's facts about vorderingen (terugvordering art. 58, boete art. 18a): imposed, agreed, paid off,
corrected, waived, and the warning given instead of a boete. Published on uitkering's topic; registered through
`contracts.uitkering.CONTRACTS`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..registry import EventData
from .intake import GEMEENTE_PATTERN


class Deelvordering(BaseModel):
    """The part of a vordering that one month (or cause) accounts for."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    periode: date | None
    bedrag: Decimal
    omschrijving: str


class VorderingOpgelegd(EventData):
    """A vordering: terugvordering (art. 58) or bestuurlijke boete (art. 18a), with its parts and debtors."""

    event_type = "VorderingOpgelegd"

    vordering_id: UUID
    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    soort: str = Field(description="terugvordering or boete")
    grond: str = Field(description="The article: art. 58 lid 1, art. 58 lid 2 onder a-f, or art. 18a")
    deelvorderingen: list[Deelvordering]
    bedrag: Decimal
    debiteuren: list[str] = Field(description="Who is liable: aanvrager, and partner jointly (art. 59, 18a lid 9)")
    berekening: dict[str, str] = Field(description="For a boete: ladder step, recidive, category cap and source")
    opgelegd_op: datetime
    opgelegd_door: str


class AflossingsafspraakGemaakt(EventData):
    """How much is paid off (or kept by verrekening) per month from a date."""

    event_type = "AflossingsafspraakGemaakt"

    vordering_id: UUID
    klant_id: UUID
    bedrag_per_maand: Decimal
    vanaf: date
    gemaakt_op: datetime


class AflossingOntvangen(EventData):
    """A payment on the vordering: by verrekening in a betaalrun or paid by the debtor."""

    event_type = "AflossingOntvangen"

    vordering_id: UUID
    klant_id: UUID
    bedrag: Decimal
    wijze: str = Field(description="verrekening or betaling")
    datum: date
    betaalrun_id: UUID | None = None
    periode: date | None = None
    ontvangen_op: datetime


class VorderingGecorrigeerd(EventData):
    """A correction of the amount (up or down), with the reason; the earlier events stay."""

    event_type = "VorderingGecorrigeerd"

    vordering_id: UUID
    klant_id: UUID
    bedrag: Decimal = Field(description="Signed: positive raises the vordering")
    soort: str = Field(description="correctie, rente or kosten")
    reden: str
    gecorrigeerd_op: datetime


class VanVorderingAfgezien(EventData):
    """Art. 58 lid 7-8: the rest is waived (after 10 years, or a lump sum of at least 50%)."""

    event_type = "VanVorderingAfgezien"

    vordering_id: UUID
    klant_id: UUID
    bedrag: Decimal
    reden: str
    artikel: str
    afgezien_op: datetime


class WaarschuwingGegeven(EventData):
    """Art. 18a lid 4: a written warning instead of a boete."""

    event_type = "WaarschuwingGegeven"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    vordering_id: UUID = Field(description="The terugvordering whose benadeling it is about")
    benadelingsbedrag: Decimal
    gegeven_op: datetime
