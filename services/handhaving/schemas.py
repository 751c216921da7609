"""Response bodies of the handhaving API (camelCase on the wire)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import Field

from libs.events.schemas import Uitvoer


class TijdlijnRegel(Uitvoer):
    """One event about the klant, as a readable Dutch line with everything it rests on."""

    event_id: UUID
    tijd: datetime = Field(description="When it was recorded (registration time)")
    dienst: str = Field(examples=["uitkering"])
    type: str = Field(examples=["BijstandToegekend"])
    regel: str = Field(description="What happened, who did it, for which gemeente", examples=["bijstand toegekend"])
    door: str = Field(description="The actor (a user's sub or a service)", examples=["consulent-0014"])
    regelset: str | None = Field(description="The rule set version the event names, if any")
    oorzaak: str | None = Field(description="The id of the event that caused it (causation), if any")
    gegevens: dict[str, Any] = Field(description="The event's data; encrypted fields show as [versleuteld]")
    keten_intact: bool = Field(description="False at the first bad link of the stream's hash chain")


class KetenbreukUit(Uitvoer):
    """A hash-chain break found on ingest: the first bad link of a stream."""

    breuk_id: UUID
    topic: str = Field(examples=["uitkering.events"])
    stream_id: str
    streamversie: int
    event_id: UUID
    reden: str
    gemeld_op: datetime
