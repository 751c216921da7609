"""A small event type for backbone tests, registered next to the real contracts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from libs.events import ondertekening
from libs.events.contracts import registry
from libs.events.envelope import bron
from libs.events.registry import EventData, Recorded
from libs.events.store import EventContext, EventStore


class Geteld(EventData):
    """Test event: one step of a counter stream."""

    event_type = "TestGeteld"
    schema_version = 1

    n: int
    poison: bool = False


if "TestGeteld" not in registry:
    registry.register(Geteld)

CONTEXT = EventContext(actor="tester", correlation_id="corr-test")


def store() -> EventStore:
    """Store writing test events, signed as a service signs them."""
    return EventStore(bron("test"), registry, ondertekening.Sleutel(ondertekening.dev_sleutel("test")))


class CountingProjection:
    """Counts every application per stream (non-idempotent on purpose: shows double effects)."""

    name = "tellingen"
    tables = ("test_tellingen",)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Insert one row per event; a poison event fails."""
        for event in events:
            assert isinstance(event.data, Geteld)
            if event.data.poison:
                raise ValueError("poison event cannot be applied")
            await conn.execute(
                text("INSERT INTO test_tellingen (stream_id, version, n) VALUES (:s, :v, :n)"),
                {"s": event.envelope.streamid, "v": event.envelope.streamversion, "n": event.data.n},
            )


async def create_counting_table(conn: AsyncConnection) -> None:
    """Table for CountingProjection (no unique key: a double application would show)."""
    await conn.execute(text("CREATE TABLE IF NOT EXISTS test_tellingen (stream_id text, version int, n int)"))
