"""Due checks (overdracht terms, e-dienstverlening periods) that survive restarts and never fire twice.

Timers are rows derived from events (see projections). A due timer is taken with FOR UPDATE SKIP
LOCKED, the klant's stream decides whether anything is still due, the escalation is appended and
the timer marked fired, all in one transaction: two instances or a crash cannot fire it twice.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy import text

from libs.events.auth import Principal
from libs.events.db import transaction
from libs.events.envelope import utcnow
from libs.events.observability import get_logger, sleep_unless_stopped
from libs.events.runtime import Runtime
from libs.events.store import StreamHead

from . import klant
from .projections import TIMER_E_DIENSTVERLENING, TIMER_OVERDRACHT
from .service import append_events

log = get_logger(__name__)

SYSTEEM = Principal(sub="intake-tijdbewaking", roles=frozenset(), gemeenten=frozenset())

_DUE = text(
    "SELECT timer_id, soort, klant_id, ref FROM timers WHERE fired_at IS NULL AND due <= :vandaag "
    "ORDER BY due, timer_id LIMIT :limit FOR UPDATE SKIP LOCKED"
)


class TimerScheduler:
    """Fires due timers; `run` checks every `interval` seconds, `fire_due` can be called directly."""

    def __init__(self, runtime: Runtime, interval: float) -> None:
        self.runtime = runtime
        self.interval = interval
        self.status: dict[str, Any] = {"ok": True, "fired": 0, "escalations": 0, "last_error": None}

    async def fire_due(self, vandaag: date | None = None, batch: int = 100) -> int:
        """Handle every timer due on `vandaag` (default: today); return how many escalations it appended."""
        vandaag = vandaag or date.today()
        escalations = 0
        while True:
            async with transaction(self.runtime.engine) as conn:
                rows = (await conn.execute(_DUE, {"vandaag": vandaag, "limit": batch})).all()
                for timer_id, soort, klant_id, ref in rows:
                    recorded = await self.runtime.store.load(conn, str(klant_id))
                    state = klant.fold(r.data for r in recorded)
                    events = []
                    if state is not None and soort == TIMER_OVERDRACHT:
                        events = klant.controleer_termijn(state, overdracht_id=ref, vandaag=vandaag, op=utcnow())
                    elif state is not None and soort == TIMER_E_DIENSTVERLENING:
                        events = klant.controleer_e_dienstverlening(state, vandaag=vandaag, op=utcnow())
                    if events and state is not None:
                        await append_events(
                            conn,
                            self.runtime,
                            SYSTEEM,
                            stream_type=klant.STREAM_TYPE,
                            stream_id=klant_id,
                            head=StreamHead.of(recorded),
                            events=events,
                            subject=klant_id,
                            gemeente=state.gemeente,
                        )
                        escalations += len(events)
                        log.info("timer.escalated", timer_id=timer_id, events=[e.event_type for e in events])
                    await conn.execute(
                        text("UPDATE timers SET fired_at = now() WHERE timer_id = :id"), {"id": timer_id}
                    )
            self.status["fired"] += len(rows)
            if len(rows) < batch:
                break
        self.status["escalations"] += escalations
        return escalations

    async def run(self, stop: asyncio.Event) -> None:
        """Check for due timers until `stop` is set."""
        while not stop.is_set():
            try:
                await self.fire_due()
                self.status.update(ok=True, last_error=None)
            except Exception as exc:
                self.status.update(ok=False, last_error=repr(exc))
                log.warning("timer.round_failed", error=repr(exc))
            await sleep_unless_stopped(stop, self.interval)
