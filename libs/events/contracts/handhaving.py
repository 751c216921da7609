"""Events produced by handhaving (topic `handhaving.events`): what the audit store found wrong on ingest."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import Field

from ..registry import EventData
from .intake import GEMEENTE_PATTERN

TOPIC = "handhaving.events"


class KetenbreukGemeld(EventData):
    """A stream's hash chain did not hold when its event reached the audit store: the first bad link.

    Never repaired: the event is stored as it came, and this alert says where the chain broke and why.
    """

    event_type = "KetenbreukGemeld"

    breuk_id: UUID
    gemeente: str | None = Field(pattern=GEMEENTE_PATTERN, description="The gemeente of the broken stream")
    topic: str
    stream_id: str
    streamversie: int
    event_id: UUID
    reden: str
    gemeld_op: datetime


CONTRACTS: tuple[type[EventData], ...] = (KetenbreukGemeld,)
