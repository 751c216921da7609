"""Outbox relay: publishes committed events to Kafka in order, at least once, never skipping."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Any

from aiokafka import AIOKafkaProducer
from prometheus_client import Counter
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from .db import transaction
from .kafka import make_producer
from .observability import get_logger, sleep_unless_stopped
from .settings import CommonSettings

log = get_logger(__name__)

PUBLISHED = Counter("outbox_published_total", "Events the relay published", ["service"])
RELAY_ERRORS = Counter("outbox_errors_total", "Relay rounds that failed", ["service"])

_PENDING = text(
    """
    SELECT o.global_position, e.stream_id, e.event_type, e.event_id::text, e.envelope::text,
           e.envelope->>'correlationid'
    FROM event_outbox o JOIN event_store e ON e.global_position = o.global_position
    ORDER BY o.global_position
    LIMIT :limit
    """
)
_DONE = text("DELETE FROM event_outbox WHERE global_position = ANY(CAST(:positions AS bigint[]))")


def _lock_key(service: str) -> int:
    return int.from_bytes(hashlib.sha256(f"outbox-relay:{service}".encode()).digest()[:8], "big", signed=True)


class OutboxRelay:
    """Moves rows from `event_outbox` to the service's topic.

    Order: rows are read in global position order. Within one stream that order equals the
    version order, because version n+1 can only be inserted after version n committed. Rows of
    transactions that commit late simply appear in a later round: the outbox holds exactly the
    unpublished events, so there is no position to skip past.

    Failure: only the prefix of a batch before the first failed send is removed from the outbox;
    everything from the failure on is sent again (consumers drop the duplicates by stream version).
    One relay per database is active at a time (PostgreSQL advisory lock); others stand by.
    """

    def __init__(self, engine: AsyncEngine, settings: CommonSettings, service: str, topic: str) -> None:
        self.engine = engine
        self.settings = settings
        self.service = service
        self.topic = topic
        self.batch_size = settings.relay_batch_size
        self.poll_interval = settings.relay_poll_interval_s
        self._producer: AIOKafkaProducer | None = None
        self._lock_conn: AsyncConnection | None = None
        self.status: dict[str, Any] = {"ok": True, "active": False, "published": 0, "last_error": None}

    async def _ensure_lock(self) -> bool:
        if self._lock_conn is not None:
            return True
        conn = await self.engine.connect()
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        got = (await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _lock_key(self.service)})).scalar()
        if got:
            self._lock_conn = conn
            self.status["active"] = True
            log.info("relay.active", topic=self.topic)
            return True
        await conn.close()
        return False

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = make_producer(self.settings)
            await producer.start()
            self._producer = producer
        return self._producer

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            try:
                await asyncio.wait_for(producer.stop(), timeout=5)
            except Exception as exc:
                log.warning("relay.producer_close_failed", error=repr(exc))

    async def publish_pending(self) -> int:
        """Publish one batch from the outbox; return how many events were confirmed by the broker."""
        async with self.engine.connect() as conn:
            rows = (await conn.execute(_PENDING, {"limit": self.batch_size})).all()
        if not rows:
            return 0
        producer = await self._ensure_producer()
        futures: list[asyncio.Future[Any]] = []
        failure: BaseException | None = None
        try:
            for position, stream_id, event_type, event_id, envelope, correlation_id in rows:
                del position
                headers = [("ce_type", event_type.encode()), ("ce_id", event_id.encode())]
                if correlation_id:
                    headers.append(("correlation_id", correlation_id.encode()))
                futures.append(
                    await producer.send(self.topic, value=envelope.encode(), key=stream_id.encode(), headers=headers)
                )
        except Exception as exc:
            failure = exc
        results = await asyncio.gather(*futures, return_exceptions=True)
        confirmed: list[int] = []
        for row, result in zip(rows, results, strict=False):
            if isinstance(result, BaseException):
                failure = failure or result
                break
            confirmed.append(int(row[0]))
        if confirmed:
            async with transaction(self.engine) as conn:
                await conn.execute(_DONE, {"positions": confirmed})
            PUBLISHED.labels(self.service).inc(len(confirmed))
            self.status["published"] += len(confirmed)
        if failure is not None:
            raise failure
        return len(confirmed)

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until `stop` is set; survive broker outages and database hiccups."""
        backoff = 0.1
        try:
            while not stop.is_set():
                try:
                    if not await self._ensure_lock():
                        await sleep_unless_stopped(stop, 2.0)
                        continue
                    published = await self.publish_pending()
                    backoff = 0.1
                    self.status.update(ok=True, last_error=None)
                    if published < self.batch_size:
                        await sleep_unless_stopped(stop, self.poll_interval)
                except Exception as exc:
                    RELAY_ERRORS.labels(self.service).inc()
                    self.status.update(ok=False, last_error=repr(exc))
                    log.warning("relay.round_failed", error=repr(exc), retry_in_s=backoff)
                    await self._drop_producer()
                    await sleep_unless_stopped(stop, backoff)
                    backoff = min(backoff * 2, 5.0)
        finally:
            await self._drop_producer()
            if self._lock_conn is not None:
                await self._lock_conn.close()
                self._lock_conn = None
                self.status["active"] = False
