"""The timer that asks UWV for the adviezen trajecten waits for, and records each as it comes in.

UWV is asked outside any transaction; each advies is then recorded in its own unit of work as the service itself
(the adviezen of every gemeente of the region). A request UWV does not know yet, or UWV not answering, is asked
again next round; the advies is recorded once (the domain ignores a second).
"""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from libs.events.commands import Answer, UnitOfWork, execute
from libs.events.observability import bind_correlation_id, every_round, get_logger, new_correlation_id
from libs.events.runtime import Runtime, Timer

from . import domain, queries
from .handlers import uwv_van
from .uwv import Advies, UwvNietBereikbaar

log = get_logger(__name__)


class UwvAdviezen:
    """Fetches open adviezen from UWV; `run` every `interval` seconds, `fire_due` directly (tests)."""

    def __init__(self, runtime: Runtime, interval: float) -> None:
        self.runtime = runtime
        self.interval = interval
        self.status: dict[str, Any] = {"ok": True, "adviezen": 0, "last_error": None}

    async def _open(self, na: str, batch: int) -> list[UUID]:
        async def action(uow: UnitOfWork) -> Answer:
            rows = await queries.OPEN.fetch(uow.conn, na=na, limit=batch)
            return Answer({"ids": [str(r[0]) for r in rows]})

        return [UUID(i) for i in (await execute(self.runtime, self.runtime.systeem, action)).body["ids"]]

    async def fire_due(self, batch: int = 100) -> int:
        """Ask UWV for every open advies; return how many came in and were recorded."""
        uwv, opgenomen, na = uwv_van(self.runtime), 0, ""
        while True:
            open_ = await self._open(na, batch)
            for aanvraag_id in open_:
                bind_correlation_id(new_correlation_id())
                try:
                    advies = await uwv.advies(aanvraag_id)
                except UwvNietBereikbaar as fout:
                    log.warning("uwv.advies_niet_opgehaald", aanvraag_id=str(aanvraag_id), reden=str(fout))
                    continue
                if advies is None:
                    continue

                async def action(uow: UnitOfWork, aanvraag_id: UUID = aanvraag_id, advies: Advies = advies) -> Answer:
                    loaded = await uow.find(domain.BESCHUT_WERK, aanvraag_id)
                    if loaded is None:
                        return Answer({"n": 0})
                    command = domain.NeemAdviesOp(advies, uow.now, aanvraag_id=aanvraag_id)
                    events = domain.neem_advies_op(loaded.state, command)
                    await uow.append(loaded, events)
                    return Answer({"n": len(events)})

                opgenomen += int((await execute(self.runtime, self.runtime.systeem, action)).body["n"])
            if len(open_) < batch:
                self.status["adviezen"] += opgenomen
                return opgenomen
            na = str(open_[-1])

    async def run(self, stop: asyncio.Event) -> None:
        """Ask UWV every `interval` seconds until `stop` is set."""
        await every_round(stop, self.interval, self.fire_due, self.status, "uwv.round_failed")


def timers(runtime: Runtime) -> dict[str, Timer]:
    """Trajecten's timers: the adviezen beschut werk from UWV."""
    interval = float(getattr(runtime.settings, "uwv_interval_s", 60.0))
    return {"uwv": UwvAdviezen(runtime, interval)}
