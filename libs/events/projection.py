"""What a consumer feeds: a projection (a read model fed by events) and several fed as one, with an optional gate."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from .registry import EventData, Recorded


class Projection(Protocol):
    """A read model fed by events. `apply` runs inside the batch's transaction."""

    @property
    def name(self) -> str:
        """Name used in logs."""
        ...

    @property
    def tables(self) -> Sequence[str]:
        """Tables a rebuild empties first."""
        ...

    async def apply(
        self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]
    ) -> Sequence[Recorded[EventData]] | None:
        """Apply events (in stream order) to the read model; a gate returns the events it passes on."""
        ...


class Projections:
    """Several projections fed as one, in the order given (read models first, then policies)."""

    def __init__(self, name: str, projections: Sequence[Projection]) -> None:
        self.name = name
        self.projections = list(projections)
        self.tables = tuple(t for p in self.projections for t in p.tables)
        # An audit store sees every copy that arrives: an event after a gap (the missing link is what it reports)
        # and a second event for a version already applied (a rival, perhaps forged, which must not displace the
        # genuine one). It tells a redelivery apart itself, by id and hash, and passes on only what is new.
        self.gate = next((p for p in self.projections if getattr(p, "gate", False)), None)

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply the batch to each projection in turn; after a gate, only what the gate passed on."""
        for projection in self.projections:
            passed = await projection.apply(conn, events)
            if projection is self.gate and passed is not None:
                events = passed


B = TypeVar("B")
# A handler: (connection, the event's data, the recorded event, the batch state).
Handler = Callable[[AsyncConnection, Any, Recorded[EventData], B], Awaitable[None]]


class PerEvent(Generic[B]):
    """A projection's handlers, one small one per event type (`@handlers.on(EventType)`), with a batch state `B`
    for what a whole batch writes at once (one statement for many rows). A projection has no rules: a handler
    stores what the event says, or what the domain decided and the event carries."""

    def __init__(self) -> None:
        self._handlers: dict[type[EventData], Handler[B]] = {}

    def on(self, *soorten: type[EventData]) -> Callable[[Handler[B]], Handler[B]]:
        """Register the decorated handler for these event types (one handler per type)."""

        def registreer(handler: Handler[B]) -> Handler[B]:
            for soort in soorten:
                if soort in self._handlers:
                    raise ValueError(f"{soort.__name__} has a handler already")
                self._handlers[soort] = handler
            return handler

        return registreer

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]], batch: B) -> None:
        """Run each event's handler in stream order; events without one are not this projection's."""
        for recorded in events:
            handler = self._handlers.get(type(recorded.data))
            if handler is not None:
                await handler(conn, recorded.data, recorded, batch)
