"""Timers: the voorschot (art. 52), the end of an unrepaired opschorting (art. 54 lid 4), voorlopige maanden.

An aanvraag without besluit 4 weeks after filing gets its voorschot. A month paid past the last norm or
vrijlating table carried is voorlopig; the first round of a process whose tables differ from the last pass looks
at each again, and recalculates those a table now covers (a herberekening, also when the amount stays the same);
the betaalrun settles the verschil.

Each round takes the aanvragen whose voorschot date has come (FOR UPDATE SKIP LOCKED, so two instances
share the work) and lets the domain decide a voorschot for the current month, at least 95% of the
expected bijstand. It is at most one per aanvraag and month, and a besluit stops it. When the facts
clearly give no right the domain refuses; the aanvraag then stays on the worklist (`voorschotNodig`)
for the consulent.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from uuid import UUID

from libs.events.commands import Answer, UnitOfWork, execute
from libs.events.db import Sql
from libs.events.errors import DomainError
from libs.events.observability import bind_correlation_id, every_round, get_logger, new_correlation_id
from libs.events.runtime import Runtime, Timer

from . import settings
from .aanvraag import queries as aanvraag_queries
from .aanvraag.domain import VerleenVoorschot, verleen_voorschot
from .aanvraag.recht import stel_voorlopige_maanden_vast
from .berekening import eerste_dag, tabelstand
from .ontheffing import domain as ontheffing_domain
from .settings import Settings
from .stand import UITKERINGEN

log = get_logger(__name__)

_HERSTEL = Sql(
    "SELECT uitkering_id FROM uitkering_termijnen WHERE soort = 'herstel' AND datum < :vandaag "
    "ORDER BY datum, uitkering_id LIMIT :limit FOR UPDATE SKIP LOCKED"
)


_VOORLOPIG = Sql(
    "SELECT DISTINCT uitkering_id FROM uitkering_voorlopig WHERE uitkering_id > :na ORDER BY uitkering_id LIMIT :limit"
)
_HERSTEL_GEDAAN = Sql("DELETE FROM uitkering_termijnen WHERE uitkering_id = :id AND soort = 'herstel'")


class Termijnbewaking:
    """Grants due voorschotten; `run` checks every `interval` seconds, `fire_due` can be called directly."""

    def __init__(self, runtime: Runtime, interval: float) -> None:
        self.runtime = runtime
        self.interval = interval
        self.status: dict[str, Any] = {"ok": True, "voorschotten": 0, "geweigerd": 0, "last_error": None}
        self._tabellen: str | None = None  # the tables the voorlopige maanden were last looked at under

    async def fire_due(self, vandaag: date | None = None, batch: int = 100) -> int:
        """Grant every voorschot due on `vandaag` (default: today); return how many were granted."""
        dag = vandaag or date.today()
        periode = eerste_dag(dag)
        eerste = settings.van(self.runtime).eerste_betaaldag(periode)
        verleend = 0
        na = UUID(int=0)
        while True:
            bind_correlation_id(new_correlation_id())

            async def action(uow: UnitOfWork, na: UUID = na) -> Answer:
                rows = await aanvraag_queries.VOORSCHOT_DUE.fetch(uow.conn, vandaag=dag, na=na, limit=batch)
                granted = refused = 0
                for (uitkering_id,) in rows:
                    loaded = await uow.find(UITKERINGEN, uitkering_id)
                    if loaded is None:
                        continue
                    try:
                        command = VerleenVoorschot(periode, dag, uow.now, eerste, uitkering_id=uitkering_id)
                        events = verleen_voorschot(loaded.state, command)
                    except DomainError as refusal:
                        refused += 1
                        log.info("voorschot.niet_verleend", uitkering_id=str(uitkering_id), reden=str(refusal))
                        continue
                    if events:
                        await uow.append(loaded, events)
                        granted += 1
                last = str(rows[-1][0]) if rows else None
                return Answer({"rows": len(rows), "granted": granted, "refused": refused, "last": last})

            body = (await execute(self.runtime, self.runtime.systeem, action)).body
            verleend += int(body["granted"])
            if body["rows"] < batch:
                self.status["ingetrokken"] = self.status.get("ingetrokken", 0) + await self.herstel_verstreken(dag)
                if self._tabellen != tabelstand():  # a release with other tables: look at every voorlopig month once
                    self.status["vastgesteld"] = self.status.get("vastgesteld", 0) + await self.stel_voorlopig_vast()
                    self._tabellen = tabelstand()
            self.status["voorschotten"] += body["granted"]
            self.status["geweigerd"] += body["refused"]
            if body["rows"] < batch:
                return verleend
            na = UUID(body["last"])

    async def herstel_verstreken(self, dag: date, batch: int = 100) -> int:
        """Art. 54 lid 4: withdraw the right of every suspension whose term to repair passed unrepaired."""
        ingetrokken = 0
        while True:

            async def action(uow: UnitOfWork) -> Answer:
                rows = await _HERSTEL.fetch(uow.conn, vandaag=dag, limit=batch)
                n = 0
                for (uitkering_id,) in rows:
                    loaded = await uow.find(UITKERINGEN, uitkering_id)
                    events = ontheffing_domain.herstel_verstreken(loaded.state, dag, uow.now) if loaded else []
                    if loaded is not None and events:
                        await uow.append(loaded, events)
                        n += 1
                    await _HERSTEL_GEDAAN.execute(uow.conn, id=uitkering_id)
                return Answer({"rows": len(rows), "n": n})

            body = (await execute(self.runtime, self.runtime.systeem, action)).body
            ingetrokken += int(body["n"])
            if body["rows"] < batch:
                return ingetrokken

    async def stel_voorlopig_vast(self, batch: int = 200) -> int:
        """Recalculate every uitkering with voorlopige maanden under the tables carried now; return how many changed.

        A month may wait for a norm table, a vrijlating table, or both, so every one is looked at: the domain
        says which a table now covers (a herberekening each). The timer does this once per set of tables.
        """
        na, n = UUID(int=0), 0
        while True:

            async def action(uow: UnitOfWork, na: UUID = na) -> Answer:
                rows = await _VOORLOPIG.fetch(uow.conn, na=na, limit=batch)
                n = 0
                for (uitkering_id,) in rows:
                    try:
                        loaded = await uow.find(UITKERINGEN, uitkering_id)
                        events = stel_voorlopige_maanden_vast(loaded.state, uow.now) if loaded else []
                    except DomainError as refusal:  # e.g. the klant's data is erased: nothing to recalculate with
                        log.warning("voorlopig.niet_vastgesteld", uitkering_id=str(uitkering_id), reden=str(refusal))
                        continue
                    if loaded is not None and events:
                        await uow.append(loaded, events)
                        n += 1
                return Answer({"rows": len(rows), "n": n, "last": str(rows[-1][0]) if rows else None})

            body = (await execute(self.runtime, self.runtime.systeem, action)).body
            n += int(body["n"])
            if body["rows"] < batch:
                return n
            na = UUID(body["last"])

    async def run(self, stop: asyncio.Event) -> None:
        """Check for due voorschotten until `stop` is set."""
        await every_round(stop, self.interval, self.fire_due, self.status, "termijnbewaking.round_failed")


def timers(runtime: Runtime) -> dict[str, Timer]:
    """Uitkering's timers: voorschotten due, herstel terms passed, voorlopige months to settle."""
    settings = runtime.settings
    interval = settings.timer_interval_s if isinstance(settings, Settings) else 60.0
    return {"termijnbewaking": Termijnbewaking(runtime, interval)}
