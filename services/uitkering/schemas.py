"""Request and response bodies of the uitkering API (camelCase on the wire; never used in events or rules).

Here what every slice shares: the uitkering as commands answer it, a month's calculation, amounts and
months; each slice has its own bodies in its `schemas.py`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import Field

from libs.events.schemas import Uitvoer

Bedrag = Annotated[Decimal, Field(ge=0, le=Decimal("10000000"), decimal_places=2, description="Euro, in cents")]


Tekst = Annotated[str, Field(min_length=1, max_length=2000)]


Periode = Annotated[
    str, Field(pattern=r"^20\d\d-(0[1-9]|1[0-2])$", description="A month, YYYY-MM", examples=["2026-12"])
]


def periode_datum(periode: str) -> date:
    """The first day of a `YYYY-MM` month."""
    return date.fromisoformat(f"{periode}-01")


class OnderdeelUit(Uitvoer):
    """One component of an amount."""

    artikel: str = Field(examples=["art. 21 onder a"])
    omschrijving: str = Field(examples=["alleenstaande(ouder)norm"])
    bedrag: Decimal = Field(description="Exact (signed); the total is rounded half-up once", examples=["1401.50"])


class BerekeningUit(Uitvoer):
    """A month's bijstand, explained."""

    periode: date
    regelset: str = Field(examples=["participatiewet-2026.3"])
    invoer: dict[str, str] = Field(description="The facts used")
    onderdelen: list[OnderdeelUit]
    norm: Decimal
    inkomen: Decimal
    bijstand: Decimal
    vakantietoeslag: Decimal = Field(
        description="Reserved of the bijstand (art. 19 lid 3): what remains after the "
        "monthly part, which is 95% of the bijstand half-up to cents"
    )
    uit_te_betalen: Decimal
    voorlopig: bool = Field(
        description="Past the last norm or vrijlating table carried: computed with the last one, and recalculated "
        "by itself (a herberekening) when the table arrives"
    )


class MaandverlagingUit(Uitvoer):
    """The share of one month's norm."""

    periode: date
    percentage: Decimal


class MaatregelUit(Uitvoer):
    """A maatregel and where it stands."""

    maatregel_id: UUID
    verplichting: str = Field(examples=["18.4.a"])
    status: str = Field(description="voorgenomen, opgelegd or afgezien", examples=["opgelegd"])
    feitdatum: date
    zienswijze_uiterlijk: date
    zienswijze: bool = Field(description="A zienswijze was given")
    percentage: Decimal | None = Field(description="Share of the norm per month of the maatregel")
    maanden: int | None
    verlagingen: list[MaandverlagingUit] = Field(description="The share of each month's norm it takes")
    heroverweging_uiterlijk: date | None = Field(description="Art. 18 lid 3: reconsider by then")
    gehandhaafd: bool | None = Field(default=None, description="The heroverweging's outcome; null before it")
    artikelen: str | None


class OntheffingUit(Uitvoer):
    """An ontheffing of the arbeidsplicht."""

    ontheffing_id: UUID
    grond: str
    van: date
    tot: date
    beeindigd_per: date | None


class PremieUit(Uitvoer):
    """A premie arbeidsinschakeling (art. 31 lid 2 j) granted by trajecten and taken up here."""

    premie_id: UUID = Field(description="Premie id (as trajecten granted it)")
    toegekend: Decimal = Field(description="What trajecten granted")
    bedrag: Decimal = Field(description="What is paid: within the yearly maximum, 0 under 27 outside the LKS-doelgroep")
    reden: str | None = Field(description="Why less than granted is paid")
    betaald: bool = Field(description="Paid with a betaalrun")


class PlanUit(Uitvoer):
    """The plan van aanpak version the toekenning has as bijlage (art. 44 lid 4)."""

    plan_id: UUID = Field(description="Plan van aanpak id (trajecten)")
    versie: int = Field(description="The version the besluit refers to")
    besproken_op: date = Field(description="The day that version was drawn up with the klant")


class UitkeringResponse(Uitvoer):
    """An aanvraag or uitkering as it now stands."""

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str
    status: str = Field(examples=["toegekend"])
    meldingsdatum: date
    aanvraagdatum: date
    beslistermijn: date = Field(description="Awb 4:13: 8 weeks after the aanvraag")
    voorschot_uiterlijk: date = Field(description="Art. 52: a voorschot is due by then without a besluit")
    ingangsdatum: date | None
    laatste_dag: date | None
    opgeschort: bool
    rekening_vastgelegd: bool
    besluit: str | None = Field(description="toekenning or afwijzing")
    betaalde_maanden: list[date]
    voorschotten: list[Decimal]
    maatregelen: list[MaatregelUit] = Field(default_factory=list)
    ontheffingen: list[OntheffingUit] = Field(default_factory=list)
    volgend_heronderzoek: date | None = Field(default=None, description="When the next heronderzoek is due")
    plan_van_aanpak: PlanUit | None = Field(default=None, description="The bijlage of the toekenning (art. 44 lid 4)")
    lks_doelgroep: bool = Field(
        default=False, description="A plaatsing with LKS puts the klant in the LKS-doelgroep (art. 31 lid 2 j, z)"
    )
    premies: list[PremieUit] = Field(default_factory=list, description="Premies arbeidsinschakeling taken up")
    versie: int


MaatregelUit.model_rebuild()
UitkeringResponse.model_rebuild()
