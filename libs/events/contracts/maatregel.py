"""Uitkering's facts about maatregelen (art. 18 with the Awb's hoorplicht) and the taaleis reduction (art. 18b).
Published on uitkering's topic; registered through `contracts.uitkering.CONTRACTS`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from ..registry import EventData
from .intake import GEMEENTE_PATTERN


class MaatregelVoorgenomen(EventData):
    """Awb 4:8: the intention to impose a maatregel, with the term for a zienswijze (hoorplicht)."""

    event_type = "MaatregelVoorgenomen"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    maatregel_id: UUID
    verplichting: str = Field(description="Art. 18 lid 4 a-h, or the verordening's licht/zwaar")
    feitdatum: date
    omschrijving: str
    zienswijze_uiterlijk: date
    voorgenomen_op: datetime


class ZienswijzeGegeven(EventData):
    """What the klant said (or that nothing came), and whether there are dringende redenen (lid 10)."""

    event_type = "ZienswijzeGegeven"

    uitkering_id: UUID
    klant_id: UUID
    maatregel_id: UUID
    zienswijze: str
    dringende_redenen: str | None
    gegeven_op: datetime


class Maandverlaging(BaseModel):
    """The share of one month's norm a maatregel takes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    periode: date
    percentage: Decimal


class MaatregelOpgelegd(EventData):
    """The besluit: the reduction per month, why this size (recidive, articles), and when to reconsider."""

    event_type = "MaatregelOpgelegd"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    maatregel_id: UUID
    verplichting: str
    feitdatum: date
    percentage: Decimal
    maanden: int
    recidive: int
    verlagingen: list[Maandverlaging]
    afgestemd: str | None = Field(description="How dringende redenen tailored it (art. 18 lid 10), if they did")
    artikelen: str
    verordening: str
    heroverweging_uiterlijk: date
    motivering: str
    besloten_op: datetime
    besloten_door: str


class MaatregelHeroverwogen(EventData):
    """Art. 18 lid 3 and 11: the maatregel reconsidered; not maintained, it no longer lowers months from `per`."""

    event_type = "MaatregelHeroverwogen"

    uitkering_id: UUID
    klant_id: UUID
    maatregel_id: UUID
    gehandhaafd: bool
    per: date
    motivering: str
    heroverwogen_op: datetime


class MaatregelAfgezien(EventData):
    """No maatregel, with the reason (e.g. no verwijtbaarheid at all, art. 18 lid 9)."""

    event_type = "MaatregelAfgezien"

    uitkering_id: UUID
    klant_id: UUID
    maatregel_id: UUID
    reden: str
    artikel: str
    besloten_op: datetime


class TaalverlagingOpgelegd(EventData):
    """Art. 18b: a step of the taaleis reduction after a toets (20%, 40%, then 100%)."""

    event_type = "TaalverlagingOpgelegd"

    uitkering_id: UUID
    klant_id: UUID
    gemeente: str = Field(pattern=GEMEENTE_PATTERN)
    stap: int
    percentage: Decimal
    van: date
    tot: date | None
    toetsdatum: date
    artikel: str
    besloten_op: datetime


class TaaleisVoldaan(EventData):
    """The taaleis is met: a running reduction stops from `per`."""

    event_type = "TaaleisVoldaan"

    uitkering_id: UUID
    klant_id: UUID
    per: date
    toetsdatum: date
