"""The timer that sends the recorded requests to UWV (an outbox) and asks UWV for the adviezen trajecten waits for.

UWV is called outside any transaction; what came of it is then recorded in a unit of work of its own as the service
itself (for every gemeente of the region). A request UWV did not take, or UWV not answering, is tried again next
round; UWV knows a request again by its kenmerk, and the domain records a sending and an advies once.
"""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from libs.events.commands import Answer, UnitOfWork, execute
from libs.events.db import Sql
from libs.events.observability import bind_correlation_id, every_round, get_logger, new_correlation_id
from libs.events.runtime import Runtime, Timer

from . import domain, queries
from .handlers import adviesvraag, uwv_van
from .uwv import Advies, Adviesvraag, UwvNietBereikbaar

log = get_logger(__name__)


class UwvAdviezen:
    """Fetches open adviezen from UWV; `run` every `interval` seconds, `fire_due` directly (tests)."""

    def __init__(self, runtime: Runtime, interval: float) -> None:
        self.runtime = runtime
        self.interval = interval
        self.status: dict[str, Any] = {"ok": True, "adviezen": 0, "last_error": None}

    async def _ids(self, sql: Sql, na: str, batch: int) -> list[UUID]:
        async def action(uow: UnitOfWork) -> Answer:
            rows = await sql.fetch(uow.conn, na=na, limit=batch)
            return Answer({"ids": [str(r[0]) for r in rows]})

        return [UUID(i) for i in (await execute(self.runtime, self.runtime.systeem, action)).body["ids"]]

    async def verzend(self, batch: int = 100) -> int:
        """Send every recorded request UWV has not taken yet; return how many UWV took."""
        uwv, verzonden, na = uwv_van(self.runtime), 0, ""
        while True:
            ids = await self._ids(queries.TE_VERZENDEN, na, batch)
            for aanvraag_id in ids:
                bind_correlation_id(new_correlation_id())

                async def lees(uow: UnitOfWork, aanvraag_id: UUID = aanvraag_id) -> Answer:
                    loaded = await uow.find(domain.BESCHUT_WERK, aanvraag_id)
                    vraag = await adviesvraag(uow.conn, loaded.state) if loaded else None
                    return Answer({"vraag": None if vraag is None else vraag.__dict__})

                gelezen = (await execute(self.runtime, self.runtime.systeem, lees)).body["vraag"]
                if gelezen is None:
                    log.warning("uwv.aanvraag_niet_te_verzenden", aanvraag_id=str(aanvraag_id), reden="gewist")
                    continue
                try:
                    await uwv.vraag_advies(Adviesvraag(**gelezen))
                except UwvNietBereikbaar as fout:
                    log.warning("uwv.aanvraag_niet_verzonden", aanvraag_id=str(aanvraag_id), reden=str(fout))
                    continue

                async def noteer(uow: UnitOfWork, aanvraag_id: UUID = aanvraag_id) -> Answer:
                    loaded = await uow.find(domain.BESCHUT_WERK, aanvraag_id)
                    events = domain.verzonden(loaded.state, uow.now) if loaded else []
                    if loaded is not None:
                        await uow.append(loaded, events)
                    return Answer({"n": len(events)})

                verzonden += int((await execute(self.runtime, self.runtime.systeem, noteer)).body["n"])
            if len(ids) < batch:
                self.status["verzonden"] = self.status.get("verzonden", 0) + verzonden
                return verzonden
            na = str(ids[-1])

    async def fire_due(self, batch: int = 100) -> int:
        """Send what waits to be sent, then ask UWV for every open advies; return how many adviezen were recorded."""
        await self.verzend(batch)
        uwv, opgenomen, na = uwv_van(self.runtime), 0, ""
        while True:
            open_ = await self._ids(queries.OPEN, na, batch)
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
