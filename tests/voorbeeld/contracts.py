"""The sample service's event contract (a real service puts it in libs/events/contracts/<name>.py)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from libs.events.contracts import registry
from libs.events.registry import EventData


class NotitieVastgelegd(EventData):
    """A note about a klant was recorded."""

    event_type = "NotitieVastgelegd"

    notitie_id: UUID
    klant_id: UUID
    gemeente: str
    tekst: str
    vastgelegd_op: datetime


if "NotitieVastgelegd" not in registry:
    registry.register(NotitieVastgelegd)
