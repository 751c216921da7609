"""How the command path sees a stream type: fold it, and tell whose gemeente it is. No I/O of its own."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar
from uuid import UUID

from .errors import DomainError
from .registry import EventData
from .store import StreamHead

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

S = TypeVar("S")


@dataclass(frozen=True)
class Aggregate(Generic[S]):
    """A stream type as the command path needs it: how to fold it and whose gemeente it belongs to."""

    stream_type: str
    evolve: Callable[[S | None, EventData], S | None]
    gemeente: Callable[[S], str | None]
    not_found: type[DomainError]
    subject: Callable[[S], UUID] | None = None
    # Gemeenten whose callers may see the stream, when more than its own (an employer's locations).
    visible_in: Callable[[S], Collection[str]] | None = None
    # Need-to-know within a gemeente: only these subjects (token `sub`) may load the stream (an onderzoek).
    members: Callable[[S], Collection[str]] | None = None
    # Decides on money (a besluit, a payment, a terugvordering): folded only from an intact, signed chain.
    verified: bool = False
    # Override when folding needs the database (decrypting a klant's data with its key).
    fold: Callable[[AsyncConnection, S | None, Sequence[EventData]], Awaitable[S | None]] | None = None

    async def fold_events(self, conn: AsyncConnection, state: S | None, events: Sequence[EventData]) -> S | None:
        """State after `events`, starting from `state`."""
        if self.fold is not None:
            return await self.fold(conn, state, events)
        for event in events:
            state = self.evolve(state, event)
        return state


@dataclass(frozen=True)
class Loaded(Generic[S]):
    """A stream as loaded (or just written) in this unit of work: state, head and events."""

    aggregate: Aggregate[S]
    stream_id: UUID
    state: S
    head: StreamHead
    events: tuple[EventData, ...]

    @property
    def gemeente(self) -> str | None:
        """The gemeente this stream belongs to."""
        return self.aggregate.gemeente(self.state)

    @property
    def gemeenten(self) -> frozenset[str]:
        """Gemeenten whose callers may see this stream."""
        if self.aggregate.visible_in is not None:
            return frozenset(self.aggregate.visible_in(self.state))
        return frozenset() if self.gemeente is None else frozenset({self.gemeente})
