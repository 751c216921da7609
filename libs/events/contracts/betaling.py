"""Uitkering's money parts shared by its payments: receivers, verrekeningen, per-month amounts, and the
nabetaling of months found paid too little. Registered through `contracts.uitkering.CONTRACTS`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..registry import EventData
from .intake import GEMEENTE_PATTERN


class Ontvanger(BaseModel):
    """Who receives part of a payment (art. 45 lid 4)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    aan: str = Field(description="aanvrager or partner")
    bedrag: Decimal


class Verrekening(BaseModel):
    """Part of a month's bijstand kept to pay off a vordering (art. 60 lid 3), above the beslagvrije voet."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    vordering_id: UUID
    bedrag: Decimal
    beslagvrije_voet: Decimal
    bron: str


class Maandbedrag(BaseModel):
    """An amount that belongs to one month of bijstand."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    periode: date = Field(description="First day of the month the amount belongs to")
    bedrag: Decimal


class NabetalingVerricht(EventData):
    """Months paid too little under the facts as now known, paid in a betaalrun (at most once per run)."""

    event_type = "NabetalingVerricht"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    betaalrun_id: UUID
    periode: date = Field(description="The run's month")
    per_maand: list[Maandbedrag] = Field(
        description="Per month paid too little: the difference between what is vastgesteld now and what the klant "
        "kept of it (paid, minus what was claimed back), vakantietoeslag included once it was paid"
    )
    bedrag: Decimal
    ontvangers: list[Ontvanger]
    betaald_op: datetime
