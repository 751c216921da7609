"""How the command path sees a stream type: fold it, and tell whose gemeente it is. No I/O of its own."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar
from uuid import UUID

from .errors import DomainError
from .registry import EventData
from .shredding import ontsleutel
from .store import StreamHead

S = TypeVar("S")


@dataclass(frozen=True)
class Sleutels:
    """The klanten's keys a fold needs, read once per load by the unit of work; folds decrypt through it.

    `gegeven` stands in for decryption where the plain values are at hand (a decision folding the event it
    just made, a test): every token then reads as those values.
    """

    keys: Mapping[UUID, bytes | None] = field(default_factory=dict)
    gegeven: dict[str, Any] | None = None

    def ontsleutel(self, klant_id: UUID, token: str) -> dict[str, Any] | str:
        """The values in `token`, GEWIST when the klant's key is erased or was not read."""
        if self.gegeven is not None:
            return self.gegeven
        return ontsleutel(self.keys.get(klant_id), klant_id, token)

    def met(self, keys: Mapping[UUID, bytes | None]) -> Sleutels:
        """These keys and `keys` together."""
        return Sleutels({**self.keys, **keys}, self.gegeven)


GEEN_SLEUTELS: Final = Sleutels()


@dataclass(frozen=True)
class Aggregate(Generic[S]):
    """A stream type as the command path needs it: how to fold it and whose gemeente it belongs to."""

    stream_type: str
    # One signature for every aggregate: the state after one more event, decrypting through `Sleutels`.
    evolve: Callable[[S | None, EventData, Sleutels], S | None]
    gemeente: Callable[[S], str | None]
    not_found: type[DomainError]
    subject: Callable[[S], UUID] | None = None
    # Gemeenten whose callers may see the stream, when more than its own (an employer's locations).
    visible_in: Callable[[S], Collection[str]] | None = None
    # Need-to-know within a gemeente: only these subjects (token `sub`) may load the stream (an onderzoek).
    members: Callable[[S], Collection[str]] | None = None
    # Decides on money (a besluit, a payment, a terugvordering): folded only from an intact, signed chain.
    verified: bool = False
    # The klant whose key an event's encrypted fields need (None: nothing to decrypt); the unit of work
    # reads those keys once per load and hands them to every `evolve`.
    sleutel_van: Callable[[EventData], UUID | None] | None = None

    def fold(self, state: S | None, events: Iterable[EventData], sleutels: Sleutels = GEEN_SLEUTELS) -> S | None:
        """State after `events`, starting from `state`."""
        for event in events:
            state = self.evolve(state, event, sleutels)
        return state

    def klanten(self, events: Iterable[EventData]) -> set[UUID]:
        """The klanten whose keys folding `events` needs."""
        if self.sleutel_van is None:
            return set()
        return {k for k in map(self.sleutel_van, events) if k is not None}


@dataclass(frozen=True)
class Loaded(Generic[S]):
    """A stream as loaded (or just written) in this unit of work: state, head and events."""

    aggregate: Aggregate[S]
    stream_id: UUID
    state: S
    head: StreamHead
    events: tuple[EventData, ...]
    sleutels: Sleutels = field(default=GEEN_SLEUTELS, compare=False, repr=False)

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
