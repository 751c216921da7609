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

from libs.events.commands import Answer, UnitOfWork, execute
from libs.events.observability import bind_correlation_id, every_round, get_logger, new_correlation_id
from libs.events.runtime import Runtime, Timer

from . import klant
from .brp_volger import BrpVolger
from .klant import KLANTEN
from .projections import TIMER_E_DIENSTVERLENING, TIMER_OVERDRACHT
from .settings import Settings

log = get_logger(__name__)

_DUE = text(
    "SELECT timer_id, soort, klant_id, ref FROM timers WHERE fired_at IS NULL AND due <= :vandaag "
    "ORDER BY due, timer_id LIMIT :limit FOR UPDATE SKIP LOCKED"
)
_FIRED = text("UPDATE timers SET fired_at = now() WHERE timer_id = :id")


class TimerScheduler:
    """Fires due timers; `run` checks every `interval` seconds, `fire_due` can be called directly."""

    def __init__(self, runtime: Runtime, interval: float) -> None:
        self.runtime = runtime
        self.interval = interval
        self.status: dict[str, Any] = {"ok": True, "fired": 0, "escalations": 0, "last_error": None}

    async def fire_due(self, vandaag: date | None = None, batch: int = 100) -> int:
        """Handle every timer due on `vandaag` (default: today); return how many escalations it appended."""
        dag = vandaag or date.today()
        escalations = 0
        while True:
            bind_correlation_id(new_correlation_id())

            async def action(uow: UnitOfWork) -> Answer:
                rows = (await uow.conn.execute(_DUE, {"vandaag": dag, "limit": batch})).all()
                appended = 0
                for timer_id, soort, klant_id, ref in rows:
                    loaded = await uow.find(KLANTEN, klant_id)
                    events = []
                    if loaded is not None and soort == TIMER_OVERDRACHT:
                        events = klant.controleer_termijn(loaded.state, overdracht_id=ref, vandaag=dag, op=uow.now)
                    elif loaded is not None and soort == TIMER_E_DIENSTVERLENING:
                        events = klant.controleer_e_dienstverlening(loaded.state, vandaag=dag, op=uow.now)
                    if events and loaded is not None:
                        await uow.append(loaded, events)
                        appended += len(events)
                        log.info("timer.escalated", timer_id=timer_id, events=[e.event_type for e in events])
                    await uow.conn.execute(_FIRED, {"id": timer_id})
                return Answer({"timers": len(rows), "escalaties": appended})

            fired: dict[str, int] = (await execute(self.runtime, self.runtime.systeem, action)).body
            escalations += fired["escalaties"]
            self.status["fired"] += fired["timers"]
            if fired["timers"] < batch:
                break
        self.status["escalations"] += escalations
        return escalations

    async def run(self, stop: asyncio.Event) -> None:
        """Check for due timers until `stop` is set."""
        await every_round(stop, self.interval, self.fire_due, self.status, "timer.round_failed")


def timers(runtime: Runtime) -> dict[str, Timer]:
    """Intake's timers: escalations of overdrachten and e-dienstverlening, and following the BRP."""
    settings = runtime.settings if isinstance(runtime.settings, Settings) else Settings()
    return {
        "tijdbewaking": TimerScheduler(runtime, settings.timer_interval_s),
        "brp": BrpVolger(runtime, settings.brp_volg_interval_s),
    }
