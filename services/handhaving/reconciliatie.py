"""Handhaving reconciles the audit store with every service's own store, periodically.

The same comparison as `replay verify --all` (libs/events/reconciliatie), run every `RECONCILIATIE_INTERVAL_S`
with read access to each service's database (their `<SERVICE>_DATABASE_URL`, a read-only role in production).
Each difference becomes a break in the audit store and, once, a `KetenbreukGemeld` alert; the gauge
`audit_reconciliatie_verschillen` says how many each service has now. A contested copy (two valid events for one
place) is resolved: the one the producer's store holds is genuine, the other is rejected, in every view.
Events younger than `RECONCILIATIE_MARGE_S` may still be on their way and are not missed yet.
"""

from __future__ import annotations

import asyncio
import importlib
from datetime import timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from prometheus_client import Counter, Gauge

from libs.events.commands import Answer, UnitOfWork, execute
from libs.events.db import Sql, connection, create_engine
from libs.events.envelope import new_event_id, utcnow
from libs.events.observability import bind_correlation_id, every_round, get_logger, new_correlation_id
from libs.events.reconciliatie import Uitslag, Verschil, vergelijk
from libs.events.runtime import Runtime
from libs.events.services import SERVICES

from . import domain
from .sleutels import ProducentSleutels

log = get_logger(__name__)

VERSCHILLEN = Gauge(
    "audit_reconciliatie_verschillen", "Differences between a service's store and the audit store", ["service"]
)
RONDES = Counter("audit_reconciliatie_rondes_total", "Reconciliation rounds of the audit store", ["uitkomst"])

_BREUK = Sql(
    "INSERT INTO audit_breuken (topic, stream_id, streamversie, event_id, gemeente, reden) "
    "VALUES (:topic, :stream, :versie, :event, :gemeente, :reden) ON CONFLICT DO NOTHING RETURNING event_id"
)
_GEMEENTE = Sql("SELECT gemeente FROM audit_events WHERE event_id = :id AND gemeente IS NOT NULL LIMIT 1")
_ECHTHEID = Sql(
    "UPDATE audit_events SET echtheid = CASE WHEN :echt AND envelope ? 'signature' THEN 'getekend' "
    "WHEN :echt THEN 'ongetekend' ELSE 'afgewezen' END WHERE event_id = :id AND hash = :hash AND echtheid = 'betwist'"
)


def _database_url(dienst: str) -> str:
    """A service's database URL as that service reads it from the environment."""
    settings = importlib.import_module(f"services.{dienst}.settings").Settings()
    return str(settings.database_url)


def breuk_id(verschil: Verschil) -> UUID:
    """The id a difference is recorded under when it names no event of its own (a broken own chain)."""
    naam = f"urn:regio:reconciliatie:{verschil.service}:{verschil.stream}:{verschil.version}:{verschil.reden}"
    return uuid5(NAMESPACE_URL, naam)


class Reconciliatie:
    """The periodic reconciliation worker of handhaving."""

    def __init__(
        self,
        runtime: Runtime,
        interval: float,
        marge: float,
        sleutels: ProducentSleutels,
        bronnen: dict[str, str] | None = None,
    ) -> None:
        self.runtime = runtime
        self.interval = interval
        self.marge = marge
        self.sleutels = sleutels
        # Each service's database URL; by default from the environment, as that service itself reads it.
        self.bronnen = bronnen
        self.status: dict[str, Any] = {"ok": True, "rondes": 0, "verschillen": None, "last_error": None}

    async def ronde(self) -> list[Verschil]:
        """Reconcile every service once; record and report each new difference; return all differences."""
        tot = utcnow() - timedelta(seconds=self.marge)
        alle: list[Verschil] = []
        for service in SERVICES:
            url = (self.bronnen or {}).get(service.name) or _database_url(service.name)
            bron = create_engine(url, pool_size=1, max_overflow=0)
            try:
                async with connection(bron) as eigen, connection(self.runtime.engine) as audit:
                    # The producer's published keys (as the audit store learnt and fetches them), not this process's.
                    ring = await self.sleutels.ververs(audit, service.name)
                    uitslag = await vergelijk(service.name, eigen, audit, ring, tot=tot)
            finally:
                await bron.dispose()
            VERSCHILLEN.labels(service.name).set(len(uitslag.verschillen))
            await self._leg_vast(uitslag)
            alle.extend(uitslag.verschillen)
        self.status.update(rondes=self.status["rondes"] + 1, verschillen=len(alle))
        RONDES.labels("verschillen" if alle else "gelijk").inc()
        return alle

    async def _leg_vast(self, uitslag: Uitslag) -> None:
        bind_correlation_id(new_correlation_id())

        async def action(uow: UnitOfWork) -> Answer:
            for echt, paren in ((True, uitslag.echt), (False, uitslag.onecht)):
                for event_id, hash_ in paren:
                    await _ECHTHEID.execute(uow.conn, echt=echt, id=event_id, hash=hash_)
            for verschil in uitslag.verschillen:
                await self._meld(uow, verschil)
            return Answer({})

        await execute(self.runtime, self.runtime.systeem, action)

    async def _meld(self, uow: UnitOfWork, verschil: Verschil) -> None:
        event_id = verschil.event_id or breuk_id(verschil)
        gemeente = verschil.gemeente
        if gemeente is None and (row := await _GEMEENTE.fetchrow(uow.conn, id=event_id)) is not None:
            gemeente = str(row[0])
        topic = f"{verschil.service}.events"
        nieuw = await _BREUK.fetchrow(
            uow.conn,
            topic=topic,
            stream=verschil.stream,
            versie=verschil.version,
            event=event_id,
            gemeente=gemeente,
            reden=verschil.reden,
        )
        if nieuw is None:
            return  # reported in an earlier round
        log.error("reconciliatie.verschil", gemeente=gemeente, **verschil.als_json())
        if gemeente is None:
            return  # no gemeente to report it to: the log and the gauge carry it
        command = domain.MeldKetenbreuk(
            new_event_id(), gemeente, topic, verschil.stream, verschil.version, event_id, verschil.reden, uow.now
        )
        await uow.start(domain.KETENBREUKEN, command.breuk_id, domain.meld(command), gemeente=gemeente)

    async def run(self, stop: asyncio.Event) -> None:
        """A round every `interval` seconds until `stop` is set (the first after one interval)."""
        # A failed round is tried again next interval; readiness does not depend on it.
        await every_round(
            stop,
            self.interval,
            self.ronde,
            self.status,
            "reconciliatie.mislukt",
            wait_first=True,
            ready_on_failure=True,
        )
