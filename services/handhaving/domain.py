"""Ketenbreuk: a hash-chain break found on ingest, reported once. Pure.

The audit store itself is a read model of every topic (projections.AuditStore): rebuildable, append-only.
What it finds wrong is reported as an event of handhaving's own, so the alert has a history too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from libs.events.aggregate import Aggregate
from libs.events.contracts.handhaving import KetenbreukGemeld
from libs.events.errors import NietGevonden
from libs.events.registry import EventData

KETENBREUK = "ketenbreuk"


class KetenbreukNietGevonden(NietGevonden):
    """No such ketenbreuk in the caller's gemeenten."""

    title = "Ketenbreuk niet gevonden"


@dataclass(frozen=True)
class Ketenbreuk:
    """A reported break."""

    melding: KetenbreukGemeld


@dataclass(frozen=True)
class MeldKetenbreuk:
    """Command (policy): report the first bad link of a stream."""

    breuk_id: UUID
    gemeente: str | None
    topic: str
    stream_id: str
    streamversie: int
    event_id: UUID
    reden: str
    op: datetime


def meld(command: MeldKetenbreuk) -> list[EventData]:
    """The alert for a break."""
    c = command
    return [
        KetenbreukGemeld(
            breuk_id=c.breuk_id,
            gemeente=c.gemeente,
            topic=c.topic,
            stream_id=c.stream_id,
            streamversie=c.streamversie,
            event_id=c.event_id,
            reden=c.reden,
            gemeld_op=c.op,
        )
    ]


def evolve(state: Ketenbreuk | None, event: EventData) -> Ketenbreuk | None:
    """A ketenbreuk after one more event."""
    if isinstance(event, KetenbreukGemeld):
        return Ketenbreuk(event)
    return state


KETENBREUKEN: Aggregate[Ketenbreuk] = Aggregate(
    KETENBREUK, evolve, gemeente=lambda k: k.melding.gemeente, not_found=KetenbreukNietGevonden
)
