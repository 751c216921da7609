"""Request and response bodies of the werkgevers API."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator
from pydantic.alias_generators import to_camel
from stdnum.nl import postcode as stdnum_postcode

from libs.events.contracts.werkgevers import ISCO08_PATTERN, Contractvorm, VacatureStatus
from libs.events.schemas import Gemeentecode, Invoer, Plandatum, Uitvoer

Tekst = Annotated[str, Field(min_length=1, max_length=200)]


def _postcode(value: str) -> str:
    if not stdnum_postcode.is_valid(value):
        raise ValueError("geen geldige postcode (vorm 1234AB)")
    return str(stdnum_postcode.compact(value))


class VestigingIn(Invoer):
    """A location of the employer."""

    naam: Tekst = Field(description="Name of the location", examples=["Hoofdvestiging"])
    postcode: str = Field(description="Postcode, stored as 1234AB", examples=["9723ZS"])
    gemeente: Gemeentecode = Field(description="CBS code of the location's gemeente", examples=["GM0014"])

    _v_postcode = field_validator("postcode")(_postcode)


class VestigingUit(Uitvoer):
    """A location of the employer, as recorded."""

    naam: str = Field(description="Name of the location", examples=["Hoofdvestiging"])
    postcode: str = Field(description="Postcode (1234AB)", examples=["9723ZS"])
    gemeente: str = Field(description="CBS code of the location's gemeente", examples=["GM0014"])


class ContactpersoonIn(Invoer):
    """Someone at the employer the werkgeversadviseur deals with."""

    naam: Tekst = Field(description="Name", examples=["P. de Boer"])
    functie: Tekst | None = Field(default=None, description="Role at the employer", examples=["HR-manager"])
    email: EmailStr | None = Field(default=None, description="E-mail address", examples=["hr@bedrijf.nl"])
    telefoon: str | None = Field(default=None, max_length=20, description="Phone", examples=["050 765 4321"])


class WerkgeverRequest(Invoer):
    """Register an employer at the regional werkgeversservicepunt."""

    kvk_nummer: str = Field(pattern=r"^\d{8}$", description="KvK number, 8 digits", examples=["12345678"])
    naam: Tekst = Field(description="Trade name", examples=["Groningen Logistiek B.V."])
    vestigingen: list[VestigingIn] = Field(min_length=1, description="At least one location")
    contactpersonen: list[ContactpersoonIn] = Field(default_factory=list, description="Contacts at the employer")


class WerkgeverResponse(Uitvoer):
    """An employer with its locations and commitments."""

    werkgever_id: UUID = Field(description="Employer id")
    kvk_nummer: str = Field(description="KvK number", examples=["12345678"])
    naam: str = Field(description="Trade name", examples=["Groningen Logistiek B.V."])
    vestigingen: list[VestigingUit] = Field(description="Locations")
    social_return: list[SocialReturnResponse] = Field(description="Social return commitments")
    versie: int = Field(description="Stream version", examples=[1])


class SocialReturnRequest(Invoer):
    """Promise placements and/or hours over a period."""

    van: Plandatum = Field(description="First day (2000-2100)", examples=["2027-01-01"])
    tot: Plandatum = Field(description="Day after the last day (2000-2100)", examples=["2028-01-01"])
    plaatsingen: int = Field(ge=0, le=10_000, description="Placements promised", examples=[4])
    uren: int = Field(ge=0, le=1_000_000, description="Hours promised", examples=[2000])


class SocialReturnResponse(Uitvoer):
    """A commitment as recorded."""

    afspraak_id: UUID = Field(description="Commitment id")
    van: date = Field(description="First day")
    tot: date = Field(description="Day after the last day")
    plaatsingen: int = Field(description="Placements promised")
    uren: int = Field(description="Hours promised")
    gerealiseerd_plaatsingen: int = Field(description="Plaatsingen at this employer that started in the period")
    gerealiseerd_uren: int = Field(
        description="Contract hours worked in the period so far: hours per week times whole weeks, up to today"
    )


class VacatureVelden(BaseModel):
    """What a vacature says, shared by the request and the response."""

    model_config = ConfigDict(alias_generator=to_camel)

    titel: Tekst = Field(description="Job title", examples=["Orderpicker"])
    isco08: str = Field(pattern=ISCO08_PATTERN, description="ISCO-08 unit group (4 digits)", examples=["9321"])
    vereiste_vaardigheden: list[Tekst] = Field(
        default_factory=list,
        max_length=50,
        description="Required skills: ESCO skill URIs or labels",
        examples=[["heftruck besturen"]],
    )
    gewenste_vaardigheden: list[Tekst] = Field(
        default_factory=list,
        max_length=50,
        description="Wished skills: ESCO skill URIs or labels",
        examples=[["Nederlands spreken"]],
    )
    uren_per_week: int = Field(ge=1, le=60, description="Hours per week", examples=[32])
    postcode: str = Field(
        description="Postcode of the workplace (one of the employer's locations)", examples=["9723ZS"]
    )
    gemeente: Gemeentecode = Field(description="CBS code of the workplace", examples=["GM0014"])
    startdatum: Plandatum = Field(description="Start date (2000-2100)", examples=["2027-02-01"])
    contractvorm: Contractvorm = Field(description="Kind of contract", examples=["bepaalde_tijd"])
    banenafspraak: bool = Field(description="Counts for the banenafspraak", examples=[True])
    aanpassingen: list[Tekst] = Field(
        default_factory=list,
        max_length=20,
        description="Accommodations the employer can offer",
        examples=[["aangepaste werktijden", "vaste werkplek"]],
    )
    aantal_plaatsen: int = Field(default=1, ge=1, le=500, description="Positions to fill", examples=[2])


class VacatureRequest(Invoer, VacatureVelden):
    """A vacature, with what matching needs to find candidates from the whole region."""

    _v_postcode = field_validator("postcode")(_postcode)


class VacatureResponse(Uitvoer, VacatureVelden):
    """A vacature and where it stands."""

    model_config = ConfigDict(extra="ignore", validate_by_name=True, serialize_by_alias=True)

    vacature_id: UUID = Field(description="Vacature id")
    werkgever_id: UUID = Field(description="Employer id")
    status: VacatureStatus = Field(description="open, on_hold, gevuld or ingetrokken", examples=["open"])
    bezet: int = Field(default=0, description="Positions taken by running plaatsingen", examples=[1])
    vrij: int = Field(default=0, description="Positions still free", examples=[1])


class StatusRequest(Invoer):
    """Move a vacature: on_hold, open again, or ingetrokken (gevuld follows from plaatsingen)."""

    status: VacatureStatus = Field(description="New status", examples=["on_hold"])
    reden: str | None = Field(default=None, max_length=500, description="Why", examples=["Reorganisatie"])


class VacatureSamenvatting(Uitvoer):
    """A vacature in a list."""

    vacature_id: UUID = Field(description="Vacature id")
    werkgever_id: UUID = Field(description="Employer id")
    titel: str = Field(description="Job title", examples=["Orderpicker"])
    isco08: str = Field(description="ISCO-08 unit group", examples=["9321"])
    status: VacatureStatus = Field(description="Lifecycle status", examples=["open"])
    gemeente: str = Field(description="CBS code of the workplace", examples=["GM0014"])
    uren_per_week: int = Field(description="Hours per week", examples=[32])
    startdatum: date = Field(description="Start date", examples=["2027-02-01"])
    banenafspraak: bool = Field(description="Counts for the banenafspraak", examples=[True])
    aantal_plaatsen: int = Field(description="Positions to fill", examples=[2])
    bezet: int = Field(default=0, description="Positions taken by running plaatsingen", examples=[1])
    vrij: int = Field(default=0, description="Positions still free", examples=[1])


WerkgeverResponse.model_rebuild()
