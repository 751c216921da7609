"""What a consumer feeds: a projection (a read model fed by events) and several fed as one, with an optional gate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

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
