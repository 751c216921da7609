"""Handhaving's reactions: a break the audit store recorded becomes an alert event, once."""

from __future__ import annotations

from libs.events.commands import UnitOfWork
from libs.events.db import Sql
from libs.events.envelope import new_event_id
from libs.events.registry import EventData, Recorded

from . import domain

_OPEN = Sql(
    "SELECT topic, stream_id, streamversie, event_id, gemeente, reden FROM audit_breuken b WHERE event_id = :id "
    "AND NOT EXISTS (SELECT 1 FROM ketenbreuken k WHERE k.event_id = b.event_id)"
)


class KetenbreukMelden:
    """After the audit store (which runs first) recorded a break at this event, report it as an event."""

    name = "ketenbreuk-melden"

    async def react(self, uow: UnitOfWork, event: Recorded[EventData]) -> None:
        """Append `KetenbreukGemeld` for an unreported break at this event (idempotent: reported once)."""
        row = await _OPEN.fetchrow(uow.conn, id=event.envelope.id)
        if row is None:
            return
        topic, stream_id, versie, event_id, gemeente, reden = row
        breuk_id = new_event_id()
        command = domain.MeldKetenbreuk(breuk_id, gemeente, topic, stream_id, versie, event_id, reden, uow.now)
        await uow.start(domain.KETENBREUKEN, breuk_id, domain.meld(command), gemeente=gemeente)
