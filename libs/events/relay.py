"""Outbox relay: publishes committed events to Kafka in order, at least once, never skipping."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
import uuid
from typing import Any

from aiokafka import AIOKafkaProducer
from prometheus_client import Counter, Gauge
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from .db import connect, connection, transaction
from .kafka import make_producer
from .observability import get_logger, sleep_unless_stopped
from .settings import CommonSettings

log = get_logger(__name__)

PUBLISHED = Counter("outbox_published_total", "Events the relay published", ["service"])
RELAY_ERRORS = Counter("outbox_errors_total", "Relay rounds that failed", ["service"])
BACKLOG = Gauge("outbox_backlog_events", "Committed events not yet confirmed by the broker", ["service"])
OLDEST = Gauge(
    "outbox_oldest_unpublished_seconds",
    "Age of the oldest committed event not yet published (0 when none)",
    ["service"],
)
_BACKLOG = text(
    "SELECT count(*), COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - min(e.recorded_at)), 0)::float8 "
    "FROM event_outbox o JOIN event_store e ON e.global_position = o.global_position"
)

_PENDING = text(
    """
    SELECT o.global_position, COALESCE(e.envelope->>'subject', e.stream_id), e.event_type, e.event_id::text,
           e.envelope::text, e.envelope->>'correlationid', e.envelope->>'traceparent'
    FROM event_outbox o JOIN event_store e ON e.global_position = o.global_position
    ORDER BY o.global_position
    LIMIT :limit
    """
)
STRUCTURED = b"application/cloudevents+json"
_DONE = text("DELETE FROM event_outbox WHERE global_position = ANY(CAST(:positions AS bigint[]))")
_LOCK = text("SELECT pg_try_advisory_lock(:k)")
# Seconds since the previous holder last confirmed, by the database's clock (one clock for every relay).
_PREVIOUS = text(
    "SELECT holder, EXTRACT(EPOCH FROM clock_timestamp() - confirmed_at)::float8 FROM relay_leases WHERE service = :s"
)
_CONFIRM = text(
    "INSERT INTO relay_leases (service, holder, confirmed_at) VALUES (:s, :h, clock_timestamp()) "
    "ON CONFLICT (service) DO UPDATE SET holder = EXCLUDED.holder, confirmed_at = EXCLUDED.confirmed_at"
)


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
    Leadership: one relay per database holds a PostgreSQL advisory lock on a connection of its
    own; others stand by. Before every batch the leader confirms the lock through that connection
    (writing `relay_leases.confirmed_at`), and it publishes nothing later than `relay_lease_s` after
    that confirmation: a relay whose connection died with a database restart stops at once. A relay
    that newly takes the lock waits until the previous holder's last confirmation is `relay_lease_s`
    old. Together: two relays never publish at the same time, and per-stream order holds.
    """

    def __init__(self, engine: AsyncEngine, settings: CommonSettings, service: str, topic: str) -> None:
        self.engine = engine
        self.settings = settings
        self.service = service
        self.topic = topic
        self.batch_size = settings.relay_batch_size
        self.poll_interval = settings.relay_poll_interval_s
        self.lease_s = settings.relay_lease_s
        self.holder = f"{service}:{uuid.uuid4()}"
        self._producer: AIOKafkaProducer | None = None
        self._lock_conn: AsyncConnection | None = None
        self._confirmed_at = 0.0  # monotonic time of the last confirmation of leadership
        self._measured_at = 0.0
        self.status: dict[str, Any] = {
            "ok": True,
            "active": False,
            "role": "standby",
            "published": 0,
            "last_error": None,
        }

    async def _ensure_lock(self) -> bool:
        """Hold the lock (taking it, and waiting out the previous leader's lease), or stand by."""
        if self._lock_conn is not None:
            return True
        conn = await connect(self.engine)
        try:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            got = (await conn.execute(_LOCK, {"k": _lock_key(self.service)})).scalar()
            if not got:
                await conn.close()
                self.status.update(active=False, role="standby")
                return False
            row = (await conn.execute(_PREVIOUS, {"s": self.service})).first()
        except BaseException:
            await conn.close()
            raise
        self._lock_conn = conn
        if row is not None and row[0] != self.holder and row[1] < self.lease_s:
            wait = self.lease_s - float(row[1])
            self.status.update(active=False, role="fencing")
            log.info("relay.fencing", previous=row[0], wait_s=round(wait, 2))
            await asyncio.sleep(wait)
        self.status.update(active=True, role="leader")
        log.info("relay.active", topic=self.topic, holder=self.holder)
        return True

    async def _confirm(self) -> None:
        """Prove the lock is still ours on its own connection; losing it ends leadership at once."""
        assert self._lock_conn is not None
        try:
            await self._lock_conn.execute(_CONFIRM, {"s": self.service, "h": self.holder})
        except BaseException:
            await self._lose_lock("the lock's connection is gone")
            raise
        self._confirmed_at = time.monotonic()

    async def _lose_lock(self, why: str) -> None:
        conn, self._lock_conn = self._lock_conn, None
        self.status.update(active=False, role="standby")
        log.warning("relay.leadership_lost", reason=why)
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.close()

    async def _ensure_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = make_producer(self.settings)
            await producer.start()
            self._producer = producer
        return self._producer

    async def _drop_producer(self, abandon: bool = False) -> None:
        """Close the producer; `abandon` closes without waiting for (and so without sending) what it holds."""
        producer, self._producer = self._producer, None
        if producer is None:
            return
        try:
            await asyncio.wait_for(producer.stop(), timeout=0.01 if abandon else 5)
        except Exception as exc:
            log.warning("relay.producer_close_failed", error=repr(exc))

    async def publish_pending(self) -> int:
        """Publish one batch from the outbox; return how many events were confirmed by the broker.

        Only as leader: leadership is confirmed first, and the batch must be confirmed by the broker
        within the lease, else the relay stops publishing until it confirmed its leadership again.
        """
        if self._lock_conn is not None:
            await self._confirm()
        async with connection(self.engine) as conn:
            rows = (await conn.execute(_PENDING, {"limit": self.batch_size})).all()
        if not rows:
            return 0
        producer = await self._ensure_producer()
        futures: list[asyncio.Future[Any]] = []
        failure: BaseException | None = None
        try:
            # Nothing is handed to the producer after the window: what it holds is sent or expired (after
            # the Kafka request timeout) before the lease ends and another relay may start.
            window_end = self._confirmed_at + self.lease_s - self.settings.kafka_request_timeout_ms / 1000
            for position, key, event_type, event_id, envelope, correlation_id, traceparent in rows:
                del position
                if time.monotonic() > window_end:
                    raise TimeoutError("the lease's publishing window closed; confirming leadership again")
                # Keyed by the subject (the klant, for a klant's streams; else the stream itself): a stream stays in
                # order on one partition, and all of a klant's streams share its partition number in every topic,
                # which range assignment gives to one instance of each consumer (docs/architecture.md).
                # CloudEvents Kafka protocol binding, structured mode: the value is the whole event as JSON.
                # No `ce_` headers, or a receiver would take the record for binary mode.
                del event_type, event_id
                headers = [("content-type", STRUCTURED)]
                if correlation_id:
                    headers.append(("correlation_id", correlation_id.encode()))
                if traceparent:  # W3C Trace Context for Kafka: the span that recorded the event
                    headers.append(("traceparent", traceparent.encode()))
                futures.append(
                    await producer.send(self.topic, value=envelope.encode(), key=key.encode(), headers=headers)
                )
        except Exception as exc:
            failure = exc
        remaining = self._confirmed_at + self.lease_s - time.monotonic()
        try:
            results = await asyncio.wait_for(asyncio.gather(*futures, return_exceptions=True), timeout=remaining)
        except TimeoutError:
            # Past the lease another relay may lead: this one publishes nothing more of this batch.
            await self._drop_producer(abandon=True)
            raise TimeoutError(f"batch not confirmed by the broker within the {self.lease_s}s lease") from None
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

    async def _measure_backlog(self) -> None:
        """Outbox size and the age of its oldest event, at most once a second (gauges and /ready)."""
        now = time.monotonic()
        if now - self._measured_at < 1.0:
            return
        self._measured_at = now
        async with connection(self.engine) as conn:
            count, age = (await conn.execute(_BACKLOG)).one()
        BACKLOG.labels(self.service).set(count)
        OLDEST.labels(self.service).set(age)
        self.status.update(backlog=int(count), oldest_unpublished_s=round(float(age), 1))

    async def run(self, stop: asyncio.Event) -> None:
        """Relay until `stop` is set; survive broker outages and database hiccups."""
        backoff = 0.1
        try:
            while not stop.is_set():
                try:
                    if not await self._ensure_lock():
                        # The database answered and another relay leads: standing by is healthy, also after a
                        # round that failed (else a standby stays unready for good after a database restart).
                        self.status.update(ok=True, last_error=None)
                        await sleep_unless_stopped(stop, 2.0)
                        continue
                    published = await self.publish_pending()
                    await self._measure_backlog()
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
                await self._lose_lock("stopping")
