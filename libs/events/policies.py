"""Policies: a service reacts to another service's events by appending its own, through the command path.

A policy runs in the consumer's batch transaction, with the consumed event's correlation id and
its id as causation id, acting as the service itself for the whole region. Replaying a topic into
read models (a rebuild) never runs policies: what they decided is already in the service's store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncConnection

from . import shredding
from .commands import UnitOfWork
from .contracts.intake import PersoonsgegevensGewist
from .observability import bind_correlation_id
from .registry import EventData, Recorded
from .store import EventContext
from .tracing import current_traceparent, follow

if TYPE_CHECKING:
    from .runtime import Runtime


class Policy(Protocol):
    """Reacts to one consumed event; may load and append streams of its own service through `uow`."""

    @property
    def name(self) -> str:
        """Name used in logs."""
        ...

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Decide and append what this event calls for (idempotently: events can come again)."""
        ...


class Selecting(Protocol):
    """A policy that picks the events of a batch it reacts to in one query (instead of one per event)."""

    async def select(
        self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]
    ) -> Sequence[Recorded[EventData]]:
        """The events of the batch this policy reacts to, in order."""
        ...


@runtime_checkable
class SelectingPolicy(Policy, Selecting, Protocol):
    """A policy with `select`."""


class PolicyRunner:
    """Feeds a policy from the consumer like a projection, one unit of work per event."""

    tables: Sequence[str] = ()

    def __init__(self, runtime: Runtime, policy: Policy) -> None:
        self.runtime = runtime
        self.policy = policy
        self.name = f"policy:{policy.name}"

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """React to each event in order, inside the batch's transaction."""
        service = self.runtime.definition.name
        if isinstance(self.policy, SelectingPolicy):
            events = await self.policy.select(conn, events)
        for recorded in events:
            envelope = recorded.envelope
            bind_correlation_id(envelope.correlationid)
            with follow(service, f"{self.name} {envelope.type}", envelope.traceparent):
                context = EventContext(
                    actor=self.runtime.systeem.sub,
                    correlation_id=envelope.correlationid,
                    causation_id=str(envelope.id),
                    traceparent=current_traceparent(),
                    roles=",".join(sorted(self.runtime.systeem.roles)) or None,
                )
                await self.policy.react(UnitOfWork(conn, self.runtime, self.runtime.systeem, context), recorded)


class Wissing:
    """The policy of every service that keeps encrypted personal data: on `PersoonsgegevensGewist` (intake's
    erasure) its own key for the klant is destroyed, so what it encrypted can never be read again."""

    name = "wissing"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Erase the key (idempotent: an erased key stays erased)."""
        if isinstance(event.data, PersoonsgegevensGewist):
            await shredding.wis_sleutel(uow.conn, event.data.klant_id)
