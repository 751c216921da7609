"""Events produced by werkgevers (topic `werkgevers.events`): employers, their vacatures and commitments."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..registry import EventData
from .intake import GEMEENTE_PATTERN

TOPIC = "werkgevers.events"
ISCO08_PATTERN = r"^\d{4}$"


class Contractvorm(StrEnum):
    """Kind of contract a vacature offers."""

    ONBEPAALDE_TIJD = "onbepaalde_tijd"
    BEPAALDE_TIJD = "bepaalde_tijd"
    UITZENDEN = "uitzenden"
    DETACHERING = "detachering"
    LEERWERK = "leerwerk"


class VacatureStatus(StrEnum):
    """Lifecycle of a vacature."""

    OPEN = "open"
    ON_HOLD = "on_hold"
    GEVULD = "gevuld"
    INGETROKKEN = "ingetrokken"


class Vestiging(BaseModel):
    """A location of the employer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    naam: str
    postcode: str
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)


class Contactpersoon(BaseModel):
    """A contact at the employer (business contact data)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    naam: str
    functie: str | None = None
    email: str | None = None
    telefoon: str | None = None


class WerkgeverGeregistreerd(EventData):
    """An employer joined the region's one loket."""

    event_type = "WerkgeverGeregistreerd"

    werkgever_id: UUID
    kvk_nummer: str = Field(pattern=r"^\d{8}$")
    naam: str
    vestigingen: list[Vestiging]
    contactpersonen: list[Contactpersoon]
    geregistreerd_op: datetime


class SocialReturnAfgesproken(EventData):
    """A social return commitment: placements and/or hours promised over a period."""

    event_type = "SocialReturnAfgesproken"

    werkgever_id: UUID
    afspraak_id: UUID
    van: date
    tot: date
    plaatsingen: int = Field(ge=0)
    uren: int = Field(ge=0)
    afgesproken_op: datetime


class VacatureGeregistreerd(EventData):
    """A vacature, with what matching needs to find candidates for it."""

    event_type = "VacatureGeregistreerd"

    vacature_id: UUID
    werkgever_id: UUID
    titel: str
    isco08: str = Field(pattern=ISCO08_PATTERN)
    vereiste_vaardigheden: list[str]
    gewenste_vaardigheden: list[str]
    uren_per_week: int = Field(ge=1, le=60)
    postcode: str
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    startdatum: date
    contractvorm: Contractvorm
    banenafspraak: bool
    aanpassingen: list[str]
    aantal_plaatsen: int = Field(ge=1)
    geregistreerd_op: datetime


class VacatureStatusGewijzigd(EventData):
    """A vacature moved in its lifecycle."""

    event_type = "VacatureStatusGewijzigd"

    vacature_id: UUID
    werkgever_id: UUID
    van_status: VacatureStatus
    naar_status: VacatureStatus
    reden: str | None
    gewijzigd_op: datetime


CONTRACTS: tuple[type[EventData], ...] = (
    WerkgeverGeregistreerd,
    SocialReturnAfgesproken,
    VacatureGeregistreerd,
    VacatureStatusGewijzigd,
)
