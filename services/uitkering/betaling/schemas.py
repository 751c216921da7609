"""Request and response bodies of the betaling slice: the betaalrun and its ledger."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import Field

from libs.events.schemas import Gemeentecode, Invoer, Uitvoer

from ..schemas import (
    Periode,
)


class BetaalrunRequest(Invoer):
    """Start (or continue) the betaalrun of a gemeente for a month."""

    gemeente: Gemeentecode
    periode: Periode


class WeigeringUit(Uitvoer):
    """One uitkering a betaalrun did not pay, and why."""

    uitkering_id: UUID
    reden: str = Field(examples=["keten gebroken: versie 4: de inhoud past niet bij de hash (gewijzigd)"])
    geweigerd_op: datetime = Field(description="When the run refused it")


class BetaalrunResponse(Uitvoer):
    """A betaalrun and its netto ledger totals."""

    betaalrun_id: UUID
    gemeente: str
    periode: date
    gestart_op: datetime
    afgerond_op: datetime | None
    betalingen: int | None = Field(description="Payments (months, voorschotten, VT) in the run")
    totaal: Decimal | None = Field(description="Netto total transferred")
    geweigerd: list[WeigeringUit] = Field(
        default_factory=list,
        description="Uitkeringen this run did not pay while it paid the rest: a broken hash chain, a klant whose "
        "data is gone, or a refusal of their own rules; each one an alert for beheer",
    )


class BetalingUit(Uitvoer):
    """A line of the netto payment ledger."""

    uitkering_id: UUID
    klant_id: UUID
    periode: date
    soort: str = Field(examples=["maand"])
    aan: str = Field(examples=["aanvrager"])
    netto: Decimal
    bijstand: Decimal | None
    vakantietoeslag: Decimal | None
