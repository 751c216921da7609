"""Request and response bodies of voorzieningen, aanbieders and the catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from pydantic import Field

from libs.events.contracts.intake import Route
from libs.events.contracts.trajecten import (
    Aanbiedersoort,
    Aanvrager,
    Inkoop,
    Kostenwijze,
    Uitkomst,
    Voorzieningsoort,
)
from libs.events.schemas import Gemeentecode, Invoer, Plandatum, Uitvoer

Bedrag = Annotated[Decimal, Field(ge=0, le=Decimal("10000000"), decimal_places=2, description="Euro")]
Uren = Annotated[Decimal, Field(ge=0, le=Decimal("10000"), decimal_places=2, description="Hours")]


class AanbiederRequest(Invoer):
    """A provider of voorzieningen."""

    kvk_nummer: str = Field(description="KvK number (8 digits)", pattern=r"^\d{8}$", examples=["34567890"])
    naam: str = Field(description="Trade name", min_length=1, max_length=200, examples=["Werkfit Noord B.V."])
    soort: Aanbiedersoort = Field(description="Kind of aanbieder")
    gemeenten: list[Gemeentecode] = Field(min_length=1, max_length=100, description="The gemeenten it works for")


class AanbiederResponse(Uitvoer):
    """A provider."""

    aanbieder_id: UUID = Field(description="Aanbieder id")
    naam: str = Field(description="Trade name")
    soort: Aanbiedersoort = Field(description="Kind of aanbieder")
    gemeenten: list[str] = Field(description="CBS codes of the gemeenten it works for")


class KostenRequest(Invoer):
    """The contract price: hours at a tariff, or a fixed price, as the catalogue prices the voorziening."""

    uren: Uren | None = Field(default=None, description="Hours")
    uurtarief: Bedrag | None = Field(default=None, description="Price per hour, euro")
    vaste_prijs: Bedrag | None = Field(default=None, description="Fixed price, euro")


class VoorzieningRequest(Invoer):
    """A voorziening in the klant's plan."""

    plan_id: UUID = Field(description="The klant's plan van aanpak")
    code: str = Field(min_length=1, max_length=40, description="A code of the gemeente's catalogue", examples=["WEP"])
    aanbieder_id: UUID = Field(description="Aanbieder id")
    aanvrager: Aanvrager = Field(default=Aanvrager.AMBTSHALVE, description="Who asked for it (art. 10 lid 5)")
    inkoop: Inkoop = Field(default=Inkoop.GEMEENTE, description="Bought by the gemeente or by the region")
    startdatum: Plandatum = Field(description="First day")
    geplande_einddatum: Plandatum = Field(description="Last day (inclusive)")
    kosten: KostenRequest = Field(description="The price: hours at a tariff, or a fixed price")
    budgetregel_id: UUID = Field(description="A line of the klant's gemeente for the year of the start")


class VerlengingRequest(Invoer):
    """An extension."""

    tot: Plandatum = Field(description="New last day (inclusive)")
    andere_omgeving: bool = Field(default=False, description="Werkervaringsplaats: the second extension is elsewhere")
    extra_uren: Uren | None = Field(default=None, description="For a voorziening paid by the hour")
    extra_prijs: Bedrag | None = Field(default=None, description="For a voorziening at a fixed price")
    motivering: str = Field(description="Why", min_length=1, max_length=2000)


class VoorzieningEvaluatieRequest(Invoer):
    """An evaluatie of the voorziening."""

    evaluatiedatum: Plandatum = Field(description="The day of the evaluatie")
    effect: bool = Field(description="Whether it brings work closer")
    bevindingen: str = Field(description="What the evaluatie found", min_length=1, max_length=4000)


class KostenBoekingRequest(Invoer):
    """The aanbieder's invoice for a month."""

    maand: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM", examples=["2026-03"])
    uren: Uren | None = Field(default=None, description="For a voorziening paid by the hour")
    bedrag: Bedrag | None = Field(default=None, description="For a voorziening at a fixed price")
    factuur: str = Field(min_length=1, max_length=100, description="The invoice's number", examples=["WF-2026-0311"])


class PremieRequest(Invoer):
    """The premie after a completed period of six months."""

    halfjaar: int = Field(ge=1, le=8, description="1: the first six months, 2: the next six, …")


class BeeindigingRequest(Invoer):
    """The end of a voorziening."""

    einddatum: Plandatum = Field(description="Last day (inclusive)")
    uitkomst: Uitkomst = Field(description="How it ended")
    reden_uitval: str | None = Field(default=None, max_length=1000, description="Required for uitval")
    toelichting: str | None = Field(default=None, max_length=2000)


class KostenUit(Uitvoer):
    """The price."""

    wijze: Kostenwijze = Field(description="uren or vast")
    uren: Decimal | None = Field(description="Hours")
    uurtarief: Decimal | None = Field(description="Price per hour, euro")
    vaste_prijs: Decimal | None = Field(description="Fixed price, euro")


class BoekingUit(Uitvoer):
    """One invoice booked."""

    maand: date = Field(description="First day of the month")
    uren: Decimal | None = Field(description="Hours")
    bedrag: Decimal = Field(description="Amount in euro")
    factuur: str = Field(description="The invoice's number")


class PremieUit(Uitvoer):
    """One premie granted."""

    premie_id: UUID = Field(description="Premie id (follows from the voorziening and the period)")
    periode_van: date = Field(description="First day of the six months")
    periode_tot: date = Field(description="Last day of the six months")
    bedrag: Decimal = Field(description="Amount in euro")


class VoorzieningEvaluatieUit(Uitvoer):
    """One evaluatie."""

    evaluatiedatum: date = Field(description="The day of the evaluatie")
    effect: bool = Field(description="Whether it brings work closer")
    bevindingen: str = Field(description="What the evaluatie found")
    uiterlijk_einde: date | None = Field(description="Without effect: the last day it may run (art. 10a)")


class VoorzieningResponse(Uitvoer):
    """A voorziening with its limits, cost and outcome."""

    voorziening_id: UUID = Field(description="Voorziening id")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="CBS code of the klant's gemeente, which pays")
    plan_id: UUID = Field(description="Plan van aanpak id")
    plan_versie: int = Field(description="The plan's version when it started")
    code: str = Field(description="The catalogue's code of the voorziening")
    label: str = Field(description="The gemeente's name for it")
    soort: Voorzieningsoort = Field(description="The legal kind it maps to")
    grondslag: str = Field(description="The article it rests on")
    aanbieder_id: UUID = Field(description="Aanbieder id")
    aanvrager: Aanvrager = Field(description="Who asked for it (art. 10 lid 5)")
    inkoop: Inkoop = Field(description="Bought by the gemeente or by the region")
    startdatum: date = Field(description="First day")
    tot: date = Field(description="Last day as it stands (planned, extended, or the actual end)")
    kosten: KostenUit = Field(description="The price: hours at a tariff, or a fixed price")
    budgetregel_id: UUID = Field(description="The budget line its cost is booked on")
    verplichting: Decimal = Field(description="Committed: the start and every extension")
    gerealiseerd: Decimal = Field(description="Invoiced so far (premies apart)")
    verlengingen: int = Field(description="How many times it was extended")
    evaluaties: list[VoorzieningEvaluatieUit] = Field(description="Every evaluatie, oldest first")
    boekingen: list[BoekingUit] = Field(description="The invoices booked, per month")
    premies: list[PremieUit] = Field(description="Premies arbeidsinschakeling granted")
    uitkomst: Uitkomst | None = Field(description="How it ended; none while it runs")
    reden_uitval: str | None = Field(description="Why it ended in uitval")
    vrijval: Decimal | None = Field(description="At the end: what was committed and not needed")


class VoorzieningSamenvatting(Uitvoer):
    """A voorziening in a list."""

    voorziening_id: UUID = Field(description="Voorziening id")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    plan_id: UUID = Field(description="Plan van aanpak id")
    gemeente: str = Field(description="CBS code of the klant's gemeente, which pays")
    code: str = Field(description="The catalogue's code of the voorziening")
    label: str = Field(description="The gemeente's name for it")
    soort: Voorzieningsoort = Field(description="The legal kind it maps to")
    route: Route | None = Field(description="The klant's diagnose route at the start")
    aanbieder_id: UUID = Field(description="Aanbieder id")
    startdatum: date = Field(description="First day")
    tot: date = Field(description="Last day (inclusive)")
    uitkomst: Uitkomst | None = Field(description="How it ended; none while it runs")
    verplichting: Decimal = Field(description="Committed, euro")
    gerealiseerd: Decimal = Field(description="Invoiced, euro")


class CatalogusregelIn(Invoer):
    """One voorziening of the gemeente's verordening."""

    code: str = Field(min_length=1, max_length=40, pattern=r"^[A-Z0-9_]+$", description="The code", examples=["WEP"])
    label: str = Field(min_length=1, max_length=200, description="The name it has", examples=["Uitstroombaan"])
    soort: Voorzieningsoort = Field(description="The legal kind it maps to")
    kostenwijze: Kostenwijze = Field(description="How the verordening prices it: uren or vast")
    premie: Bedrag | None = Field(default=None, description="Werkervaringsplaats: the premie per six months")


class CatalogusRequest(Invoer):
    """A version of the gemeente's own catalogue."""

    geldig_vanaf: Plandatum = Field(description="The first day it applies")
    bron: str = Field(min_length=1, max_length=500, description="The verordening and its date")
    regels: list[CatalogusregelIn] = Field(min_length=1, max_length=100, description="Its voorzieningen")


class CatalogusitemUit(Uitvoer):
    """A voorziening of the catalogue."""

    code: str = Field(description="The catalogue's code of the voorziening")
    label: str = Field(description="The gemeente's name for it")
    soort: Voorzieningsoort = Field(description="The legal kind it maps to")
    grondslag: str = Field(description="The article it rests on")
    kostenwijze: Kostenwijze = Field(description="How the verordening prices it: uren or vast")
    premie: Decimal | None = Field(description="Per completed six months (werkervaringsplaats, art. 31 lid 2 j)")
    eerste_periode_maanden: int | None = Field(description="Legal maximum of the first period")
    verlenging_maanden: int | None = Field(description="Legal maximum of one extension, months")
    verlengingen: int | None = Field(description="Legal maximum number of extensions")


class CatalogusResponse(Uitvoer):
    """The voorzieningen a gemeente offers on a day."""

    gemeente: str = Field(description="CBS code of the gemeente")
    versie: str = Field(description="The catalogue: the gemeente (or standaard) and the date it applies from")
    eigen: bool = Field(description="False where the platform's default applies")
    bron: str = Field(description="Where the amount comes from")
    items: list[CatalogusitemUit] = Field(description="Its voorzieningen")


class TermijnUit(Uitvoer):
    """Something the law asks of a traject by a date."""

    soort: str = Field(
        description="evaluatie_plan, evaluatie_wep (after 9 months), einde_zonder_effect, einde, premie, scholing",
    )
    datum: date = Field(description="The day it is due")
    klant_id: UUID = Field(description="Pseudonymous klant id")
    gemeente: str = Field(description="CBS code of the klant's gemeente")
    plan_id: UUID = Field(description="Plan van aanpak id")
    voorziening_id: UUID | None = Field(description="Voorziening id; none for the plan's evaluatie")
    toelichting: str = Field(description="What is due, with its article")
