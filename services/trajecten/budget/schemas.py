"""Request and response bodies of budget lines, their ledger and the keuzes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import Field

from libs.events.contracts.trajecten import Kanaal
from libs.events.schemas import Gemeentecode, Invoer, Uitvoer

Bedrag = Annotated[Decimal, Field(ge=0, le=Decimal("1000000000"), decimal_places=2, description="Euro")]


class BudgetregelRequest(Invoer):
    """A line of the gemeente's re-integratie budget for a year."""

    gemeente: Gemeentecode = Field(description="CBS code of the gemeente whose budget it is")
    jaar: int = Field(description="Year", ge=2015, le=2100, examples=[2026])
    naam: str = Field(
        description="The line's name, unique per gemeente and year",
        min_length=1,
        max_length=200,
        examples=["Re-integratie algemeen"],
    )
    kanaal: Kanaal = Field(description="The funding channel (werk-naar-vermogen §1.7)")
    bedrag: Bedrag = Field(description="Amount in euro", examples=["250000.00"])
    bron: str = Field(
        description="Where the amount comes from",
        min_length=1,
        max_length=500,
        examples=["Begroting 2026, programma Werk en inkomen"],
    )


class BudgetBijstellingRequest(Invoer):
    """A begrotingswijziging of one line."""

    bedrag: Bedrag = Field(description="Amount in euro")
    bron: str = Field(
        description="Where the amount comes from",
        min_length=1,
        max_length=500,
        examples=["Eerste begrotingswijziging 2026"],
    )


class MaandUit(Uitvoer):
    """What a line booked in a month."""

    maand: date = Field(description="First day of the month")
    vastgelegd: Decimal = Field(description="Committed by voorzieningen started or extended")
    gerealiseerd: Decimal = Field(description="Invoiced by aanbieders")
    premies: Decimal = Field(description="Premies arbeidsinschakeling (art. 31 lid 2 j)")
    vrijgevallen: Decimal = Field(description="Committed and no longer needed at a voorziening's end")


class BudgetregelResponse(Uitvoer):
    """A budget line and where it stands."""

    regel_id: UUID = Field(description="Budget line id")
    gemeente: str = Field(description="CBS code of the gemeente")
    jaar: int = Field(description="Year")
    naam: str = Field(description="The line's name, unique per gemeente and year")
    kanaal: Kanaal = Field(description="Funding channel (werk-naar-vermogen §1.7)")
    bedrag: Decimal = Field(description="The budget, as entered")
    bron: str = Field(description="Where the amount comes from")
    vastgelegd: Decimal = Field(description="Committed by voorzieningen started or extended, euro")
    gerealiseerd: Decimal = Field(description="Invoices and premies together")
    open_verplichting: Decimal = Field(description="Committed, not yet invoiced and not fallen free")
    resterend: Decimal = Field(description="bedrag − gerealiseerd − openVerplichting; negative is an overrun")
    maanden: list[MaandUit] = Field(description="Per month, oldest first; empty in lists")


class KeuzeUit(Uitvoer):
    """What one kind of voorziening, or one diagnose route, bought (definitions: docs/trajecten.md#keuzes)."""

    groep: str = Field(description="soort or route")
    waarde: str = Field(description="The kind of voorziening, or the route")
    gestart: int = Field(description="Voorzieningen started in the year")
    kosten: Decimal = Field(description="Invoiced and premies of the voorzieningen started, up to the peildatum")
    kosten_per_gestarte: Decimal | None = Field(description="kosten ÷ gestart, half-up to cents")
    succesvol: int = Field(description="Ended with work (uitstroom naar werk or plaatsing)")
    kosten_per_succes: Decimal | None = Field(description="kosten ÷ succesvol, half-up to cents")
    beeindigd_6: int = Field(description="Ended at least 6 months before the peildatum")
    werk_binnen_6: int = Field(description="Of beeindigd6: with work within 6 months of the end")
    aandeel_werk_6: Decimal | None = Field(description="Share with work within 6 months of the end, 4 decimals")
    beeindigd_12: int = Field(description="Ended at least 12 months before the peildatum")
    werk_binnen_12: int = Field(description="Of beeindigd12: with work within 12 months of the end")
    aandeel_werk_12: Decimal | None = Field(description="werkBinnen12 ÷ beeindigd12, 4 decimals")


class KeuzesResponse(Uitvoer):
    """A gemeente's voorzieningen started in a year: what its money bought, per kind and per route."""

    gemeente: str = Field(description="CBS code of the gemeente")
    jaar: int = Field(description="Year")
    peildatum: date = Field(description="The day the figures are as known on")
    per_soort: list[KeuzeUit] = Field(description="One row per kind of voorziening")
    per_route: list[KeuzeUit] = Field(description="One row per diagnose route")
