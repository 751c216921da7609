"""Consumer runner: applies event batches to read models with offsets stored in the same transaction."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRebalanceListener, TopicPartition
from aiokafka.structs import ConsumerRecord
from prometheus_client import Counter, Gauge
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from . import deadletters, positions
from .db import connection, savepoint, transaction
from .envelope import event_type_of
from .faults import backoff_delay, is_transient
from .kafka import make_consumer, make_producer
from .observability import get_logger, sleep_unless_stopped
from .projection import Projection
from .registry import EventData, EventDecodeError, EventRegistry, Recorded
from .settings import CommonSettings
from .tracing import ids_of

log = get_logger(__name__)

APPLIED = Counter("consumer_events_applied_total", "Events applied to read models", ["consumer"])
DUPLICATES = Counter("consumer_duplicates_total", "Events dropped as already applied", ["consumer"])
GAPS = Counter("consumer_gap_events_total", "Events held back because an earlier version is missing", ["consumer"])
LAG = Gauge("consumer_lag_events", "Records on the broker not yet applied (as last seen)", ["consumer"])
PARTITION_LAG = Gauge(
    "consumer_partition_lag_events",
    "Records on the broker not yet applied, per topic partition (as last seen)",
    ["consumer", "topic", "partition"],
)
BROKER_ANSWERING = Gauge("consumer_broker_answering", "1 when the broker answered the last probe, else 0", ["consumer"])
SINCE_PROGRESS = Gauge(
    "consumer_seconds_since_progress", "Seconds since a batch committed or the consumer was caught up", ["consumer"]
)
OFFSET_RESETS = Counter(
    "consumer_offset_resets_total", "Partitions whose stored offset was past the broker's end", ["consumer"]
)


@dataclass
class BatchReport:
    """What one committed batch did."""

    received: int = 0
    applied: int = 0
    duplicates: int = 0
    gaps: int = 0
    dead_lettered: int = 0
    offsets: dict[TopicPartition, int] = field(default_factory=dict)
    fingerprints: dict[TopicPartition, str] = field(default_factory=dict)


BatchHook = Callable[[BatchReport], Awaitable[None]]
_DECODE_CHUNK = 250


@dataclass
class Decoded:
    """A fetched batch after decoding: events to apply, poison for the DLQ, offsets to store."""

    events: list[tuple[ConsumerRecord[Any, Any], Recorded[EventData]]] = field(default_factory=list)
    poison: list[tuple[ConsumerRecord[Any, Any], str]] = field(default_factory=list)
    report: BatchReport = field(default_factory=BatchReport)
    next_positions: dict[TopicPartition, int] = field(default_factory=dict)


def fingerprint(record: ConsumerRecord[Any, Any]) -> str:
    """SHA-256 of a record's key and value: identifies it when the log is read again."""
    digest = hashlib.sha256(record.key or b"")
    digest.update(b"\x00")
    digest.update(record.value or b"")
    return digest.hexdigest()


def _partition_lock(consumer: str, tp: TopicPartition) -> int:
    """The advisory lock key of a consumer's partition: 64 bits of a hash, as PostgreSQL's signed bigint."""
    digest = hashlib.sha256(f"consumer/{consumer}/{tp.topic}/{tp.partition}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _tp(record: ConsumerRecord[Any, Any]) -> TopicPartition:
    return TopicPartition(record.topic, record.partition)


def _first_offsets(prepared: Decoded) -> dict[TopicPartition, int]:
    """The lowest offset of each partition in the batch, in one pass."""
    first: dict[TopicPartition, int] = {}
    for record in [r for r, _ in prepared.events] + [r for r, _ in prepared.poison]:
        tp = _tp(record)
        if record.offset < first.get(tp, record.offset + 1):
            first[tp] = int(record.offset)
    return first


class _SeekToStored(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, runner: ConsumerRunner) -> None:
        self.runner = runner

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        # Batches are committed to the database before the next poll, so nothing is in flight.
        for tp in revoked:
            self.runner.positions.pop(tp, None)

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        await self.runner.seek_to_stored(assigned)


class ConsumerRunner:
    """Consumes topics as group `name` and applies batches to one projection.

    Guarantees: offsets and read models commit together (a crash re-delivers nothing that was
    applied); duplicates are dropped by the per-stream version high-water mark; an event whose
    predecessor is missing is held back (the relay re-sends from its first failure on); an
    undecodable or failing message goes to `<topic>.dlq` with the reason and the rest still apply.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        settings: CommonSettings,
        name: str,
        topics: Sequence[str],
        registry: EventRegistry,
        projection: Projection,
        *,
        log_each_event: bool = True,
        on_batch_committed: BatchHook | None = None,
    ) -> None:
        self.engine = engine
        self.settings = settings
        self.name = name
        self.topics = list(topics)
        self.registry = registry
        self.projection = projection
        self.log_each_event = log_each_event
        self.on_batch_committed = on_batch_committed
        self.positions: dict[TopicPartition, int] = {}
        # Partitions whose first record must be the one we stored last: (offset, fingerprint).
        self._verify: dict[TopicPartition, tuple[int, str]] = {}
        # Partitions read again from the start because the broker's log changed: their stored offset does not count.
        self._reread: set[TopicPartition] = set()
        self.status: dict[str, Any] = {
            "ok": True,
            "running": False,
            "applied": 0,
            "dead_lettered": 0,
            "offset_resets": 0,
            "last_error": None,
        }
        self._consumer: AIOKafkaConsumer | None = None
        self._dlq: AIOKafkaProducer | None = None
        # Readiness: the last round failed or not, the broker answered the last probe, progress made when.
        self._round_ok = True
        self._broker_ok = True
        self._last_progress = time.monotonic()

    async def stored_offsets(self, conn: AsyncConnection) -> dict[TopicPartition, tuple[int, str | None]]:
        """Offsets (and the fingerprint of the record before each) stored with our read models."""
        rows = await conn.execute(
            text("SELECT topic, partition, next_offset, last_fingerprint FROM consumer_offsets WHERE consumer = :c"),
            {"c": self.name},
        )
        return {TopicPartition(r[0], r[1]): (int(r[2]), r[3]) for r in rows}

    async def seek_to_stored(self, assigned: Sequence[TopicPartition]) -> None:
        """Position each assigned partition just before the stored offset, to verify the log is ours.

        The record at `next_offset - 1` is read again and compared with its stored fingerprint.
        A replaced broker can hold other records at the same offsets; comparing only offsets
        with the broker's end would then skip events without a sound.
        """
        if self._consumer is None:
            return  # stopped while the group was assigning: nothing to position
        async with connection(self.engine) as conn:
            stored = await self.stored_offsets(conn)
        for tp in assigned:
            offset, last = stored.get(tp, (0, None))
            self._verify.pop(tp, None)
            if offset > 0 and last is not None:
                offset -= 1
                self._verify[tp] = (offset, last)
            self._consumer.seek(tp, offset)
            self.positions[tp] = offset
        log.info(
            "consumer.assigned",
            partitions=sorted(f"{tp.topic}/{tp.partition}@{self.positions[tp]}" for tp in assigned),
        )

    def _history_lost(self, tp: TopicPartition, why: str) -> None:
        """The broker's log is not the one we read: say so loudly and read it from the beginning."""
        assert self._consumer is not None
        OFFSET_RESETS.labels(self.name).inc()
        self.status["offset_resets"] += 1
        self.status["last_error"] = f"{tp.topic}/{tp.partition}: {why}"
        log.error(
            "consumer.broker_history_changed",
            topic=tp.topic,
            partition=tp.partition,
            detail=why,
            action="re-reading the partition from the beginning; duplicates are dropped by stream "
            "version. If the broker was replaced, re-publish every service's event store.",
        )
        self._verify.pop(tp, None)
        self._reread.add(tp)
        self._consumer.seek(tp, 0)
        self.positions[tp] = 0

    def _check_continuity(
        self, batch: dict[TopicPartition, list[ConsumerRecord[Any, Any]]]
    ) -> dict[TopicPartition, list[ConsumerRecord[Any, Any]]]:
        """Verify re-read records against stored fingerprints and stored offsets against the log end."""
        assert self._consumer is not None
        checked: dict[TopicPartition, list[ConsumerRecord[Any, Any]]] = {}
        for tp, records in batch.items():
            if tp not in self.positions:
                continue  # revoked meanwhile
            expected = self._verify.get(tp)
            if expected is not None and records:
                first = records[0]
                if first.offset != expected[0] or fingerprint(first) != expected[1]:
                    self._history_lost(tp, f"record at offset {expected[0]} is not the one consumed before")
                    continue
                del self._verify[tp]
                records = records[1:]
            checked[tp] = records
        for tp in list(self._consumer.assignment()):
            highwater = self._consumer.highwater(tp)
            position = self.positions.get(tp)
            if highwater is not None and position is not None and position > highwater:
                self._history_lost(tp, f"stored offset {position} > end {highwater}")
                checked.pop(tp, None)
        return checked

    async def decode(self, batch: dict[TopicPartition, list[ConsumerRecord[Any, Any]]]) -> Decoded:
        """Decode a fetched batch; undecodable records are set aside for the DLQ.

        Yields to the event loop every few hundred records so that a commit in flight (see `pump`)
        keeps its database round trips going while this CPU work runs.
        """
        prepared = Decoded()
        report = prepared.report
        for tp, records in batch.items():
            for record in records:
                report.received += 1
                try:
                    prepared.events.append((record, self.registry.decode_json(record.value or b"")))
                except EventDecodeError as exc:
                    prepared.poison.append((record, f"undecodable: {exc}"))
                if report.received % _DECODE_CHUNK == 0:
                    await asyncio.sleep(0)
            if records:
                report.offsets[tp] = records[-1].offset + 1
                report.fingerprints[tp] = fingerprint(records[-1])
        return prepared

    async def commit(self, prepared: Decoded) -> BatchReport:
        """Apply a decoded batch and store its offsets, all in one database transaction."""
        report = prepared.report
        async with transaction(self.engine) as conn:
            events, poison = await self._fence(conn, prepared)
            fresh = await self._drop_seen(conn, events, report)
            await self._apply(conn, fresh, poison, report)
            report.dead_lettered = await deadletters.record(conn, self.name, poison)
            await self._store_offsets(conn, report)
        return report

    async def _fence(
        self, conn: AsyncConnection, prepared: Decoded
    ) -> tuple[list[tuple[ConsumerRecord[Any, Any], Recorded[EventData]]], list[tuple[ConsumerRecord[Any, Any], str]]]:
        """Hold the batch's partitions for this transaction and leave out what another instance stored meanwhile.

        A rebalance hands a partition to another instance of the service while a batch of it may still be in
        flight here; both would apply it. The partition's lock makes the second wait for the first to commit, and
        the offset the first stored tells the second which of its records are done. Locks are taken in one order
        (by key), so two instances never wait on each other in a circle.
        """
        report = prepared.report
        if not report.offsets:
            return list(prepared.events), list(prepared.poison)
        keys = sorted(_partition_lock(self.name, tp) for tp in report.offsets)
        await conn.execute(text("SELECT pg_advisory_xact_lock(k) FROM unnest(CAST(:k AS bigint[])) AS k"), {"k": keys})
        stored = {tp: offset for tp, (offset, _) in (await self.stored_offsets(conn)).items()}
        first = _first_offsets(prepared)
        done = {tp: stored[tp] for tp in report.offsets if tp not in self._reread and stored.get(tp, 0) > first[tp]}
        if not done:
            return list(prepared.events), list(prepared.poison)
        for tp, offset in done.items():
            if offset >= report.offsets[tp]:
                del report.offsets[tp]  # all of it is stored already: nothing to store either
                report.fingerprints.pop(tp, None)
        events = [(r, e) for r, e in prepared.events if r.offset >= done.get(_tp(r), 0)]
        poison = [(r, why) for r, why in prepared.poison if r.offset >= done.get(_tp(r), 0)]
        report.duplicates += len(prepared.events) + len(prepared.poison) - len(events) - len(poison)
        log.info("consumer.fenced", partitions=sorted(f"{tp.topic}/{tp.partition}@{o}" for tp, o in done.items()))
        return events, poison

    async def _drop_seen(
        self,
        conn: AsyncConnection,
        decoded: list[tuple[ConsumerRecord[Any, Any], Recorded[EventData]]],
        report: BatchReport,
    ) -> list[tuple[ConsumerRecord[Any, Any], Recorded[EventData]]]:
        if getattr(self.projection, "gate", None) is not None:
            return decoded  # the gate drops redeliveries itself
        fresh, duplicates, gaps = await positions.drop_seen(conn, self.name, decoded)
        report.duplicates += duplicates
        report.gaps += gaps
        return fresh

    async def _apply(
        self,
        conn: AsyncConnection,
        fresh: list[tuple[ConsumerRecord[Any, Any], Recorded[EventData]]],
        poison: list[tuple[ConsumerRecord[Any, Any], str]],
        report: BatchReport,
    ) -> None:
        """Apply the batch; only events that fail on a healthy connection become poison.

        A lost connection, a restart or a timeout fails the whole batch (and its transaction): it is
        read again after a backoff and nothing is dead-lettered for it.
        """
        if not fresh:
            return
        try:
            async with savepoint(conn):
                await self.projection.apply(conn, [ev for _, ev in fresh])
            applied = fresh
        except Exception as batch_error:
            if is_transient(batch_error):
                raise
            log.warning("consumer.batch_failed_isolating", error=repr(batch_error), size=len(fresh))
            applied = []
            for record, event in fresh:
                try:
                    async with savepoint(conn):
                        await self.projection.apply(conn, [event])
                    applied.append((record, event))
                except Exception as exc:
                    if is_transient(exc):
                        raise
                    poison.append((record, f"apply failed: {exc!r}"))
            # The connection must still be healthy for the failures to be the events' own fault.
            await conn.execute(text("SELECT 1"))
        report.applied = len(applied)
        if self.log_each_event:
            for _, event in applied:
                env = event.envelope
                # The line belongs to the trace of the request that recorded the event.
                ids = ids_of(env.traceparent)
                log.info(
                    "event.applied",
                    projection=self.projection.name,
                    type=event_type_of(env.type),
                    stream_id=env.streamid,
                    version=env.streamversion,
                    correlation_id=env.correlationid,
                    trace_id=ids.trace_id if ids else None,
                    parent_span_id=ids.span_id if ids else None,
                )

    async def publish_dead_letters(self) -> int:
        """Send committed dead letters to `<topic>.dlq` (at least once) and count what really went out."""
        if not await deadletters.pending(self.engine, self.name):
            return 0
        if self._dlq is None:
            self._dlq = make_producer(self.settings)
            await self._dlq.start()
        sent = await deadletters.publish(self.engine, self.name, self._dlq)
        self.status["dead_lettered"] += sent
        return sent

    async def _store_offsets(self, conn: AsyncConnection, report: BatchReport) -> None:
        offsets = report.offsets
        if not offsets:
            return
        await conn.execute(
            text(
                "INSERT INTO consumer_offsets (consumer, topic, partition, next_offset, last_fingerprint) "
                "SELECT :c, t, p, o, f FROM unnest(CAST(:t AS text[]), CAST(:p AS int[]), "
                "CAST(:o AS bigint[]), CAST(:f AS text[])) AS u(t, p, o, f) "
                "ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset, "
                "last_fingerprint = EXCLUDED.last_fingerprint, updated_at = now()"
            ),
            {
                "c": self.name,
                "t": [tp.topic for tp in offsets],
                "p": [tp.partition for tp in offsets],
                "o": list(offsets.values()),
                "f": [report.fingerprints[tp] for tp in offsets],
            },
        )

    async def start(self) -> None:
        """Join the group; partitions are positioned at the stored offsets when assigned."""
        self._consumer = make_consumer(self.settings, group_id=self.name)
        await self._consumer.start()
        self._consumer.subscribe(self.topics, listener=_SeekToStored(self))
        self.status["running"] = True

    async def start_assigned(self, partitions: Sequence[TopicPartition] | None = None) -> None:
        """Read these partitions (default: every partition of our topics) without joining a group: for a rebuild.

        Joining a group costs a rebalance round (a second or more); a rebuild runs with the service stopped,
        so nobody else reads these partitions and offsets are ours alone, as always in the database.
        """
        self._consumer = make_consumer(self.settings, group_id=None)
        await self._consumer.start()
        if partitions is None:
            await self._consumer.topics()  # cluster metadata, so every topic's partitions are known
            partitions = [
                TopicPartition(topic, p)
                for topic in self.topics
                for p in sorted(self._consumer.partitions_for_topic(topic) or ())
            ]
        self._consumer.assign(list(partitions))
        await self.seek_to_stored(partitions)
        self.status["running"] = True

    def assignment(self) -> set[TopicPartition]:
        """The partitions this consumer reads now (what the group gave it, or what was assigned)."""
        return set(self._consumer.assignment()) if self._consumer is not None else set()

    async def partition_count(self) -> int:
        """How many partitions our topics have together (from the broker's metadata)."""
        if self._consumer is None:
            return 0
        await self._consumer.topics()
        return sum(len(self._consumer.partitions_for_topic(t) or ()) for t in self.topics)

    async def stop(self) -> None:
        """Leave the group and close clients."""
        self.status["running"] = False
        consumer, self._consumer = self._consumer, None
        dlq, self._dlq = self._dlq, None
        if consumer is not None:
            await consumer.stop()
        if dlq is not None:
            await dlq.stop()

    async def fetch(self, timeout_ms: int = 200) -> Decoded | None:
        """Fetch what is available (waiting up to `timeout_ms` for the first record), verify it, decode it."""
        assert self._consumer is not None
        limit = self.settings.consumer_batch_size
        fetched = await self._consumer.getmany(timeout_ms=timeout_ms, max_records=limit)
        # Take whatever else is already buffered (no waiting): large batches while catching up,
        # no added latency when live.
        received = sum(map(len, fetched.values()))
        while 0 < received < limit:
            more = await self._consumer.getmany(timeout_ms=0, max_records=limit - received)
            if not more:
                break
            for tp, records in more.items():
                fetched.setdefault(tp, []).extend(records)
                received += len(records)
        batch = self._check_continuity(fetched)
        next_positions = {tp: fetched[tp][-1].offset + 1 for tp in batch if fetched.get(tp)}
        if not next_positions:
            return None
        prepared = await self.decode(batch)
        prepared.next_positions = next_positions
        return prepared

    async def finish(self, prepared: Decoded, report: BatchReport) -> None:
        """After a batch committed: advance positions, count, call the hook, tell Kafka (informational)."""
        assert self._consumer is not None
        # Also moves past a re-read record that was only verified, not applied.
        for tp, position in prepared.next_positions.items():
            if tp in self.positions:
                self.positions[tp] = position
            self._reread.discard(tp)  # its new offset is stored: from now on it counts again
        self._progress()
        if report.received == 0:
            return
        self._after_commit(report)
        if report.dead_lettered:
            await self.publish_dead_letters()
        if self.on_batch_committed is not None:
            await self.on_batch_committed(report)
        try:
            # Informational only (lag tooling); our database is the source of truth for offsets.
            await self._consumer.commit({tp: off for tp, off in report.offsets.items()})
        except Exception as exc:
            log.debug("consumer.kafka_commit_failed", error=repr(exc))

    async def poll_once(self, timeout_ms: int = 200) -> BatchReport | None:
        """Fetch, apply and commit one batch, sequentially; None when nothing arrived."""
        prepared = await self.fetch(timeout_ms)
        if prepared is None:
            return None
        report = await self.commit(prepared)
        await self.finish(prepared, report)
        return report if report.received else None

    async def pump(self, stop: asyncio.Event | None = None, until_caught_up: bool = False) -> int:
        """Consume in a two-stage pipeline: fetch and decode the next batch while the last one commits.

        Python decodes while PostgreSQL applies, so both cores work. Returns events applied.
        """
        applied = 0
        pending: tuple[Decoded, asyncio.Task[BatchReport]] | None = None
        await self.publish_dead_letters()  # any left by a crash between a commit and their publication
        try:
            while not (stop is not None and stop.is_set()):
                if until_caught_up and pending is None and self.caught_up():
                    break
                prepared = await self.fetch(timeout_ms=0 if pending is not None else 100)
                if prepared is None and pending is None:
                    await self._idle()
                if pending is not None:
                    done, task = pending
                    pending = None
                    report = await task
                    await self.finish(done, report)
                    applied += report.applied
                if prepared is not None:
                    pending = (prepared, asyncio.create_task(self.commit(prepared)))
                    await asyncio.sleep(0)  # let the commit send its first statement before we decode on
            if pending is not None:
                report = await pending[1]
                await self.finish(pending[0], report)
                applied += report.applied
                pending = None
        finally:
            if pending is not None:
                pending[1].cancel()
        return applied

    def _after_commit(self, report: BatchReport) -> None:
        APPLIED.labels(self.name).inc(report.applied)
        DUPLICATES.labels(self.name).inc(report.duplicates)
        GAPS.labels(self.name).inc(report.gaps)
        self.status["applied"] += report.applied
        log.info(
            "consumer.batch",
            received=report.received,
            applied=report.applied,
            duplicates=report.duplicates,
            gaps=report.gaps,
            dead_lettered=report.dead_lettered,
        )

    def _progress(self) -> None:
        self._round_ok = True
        self._last_progress = time.monotonic()
        self.status.update(ok=True)

    async def _idle(self) -> None:
        """Nothing fetched: being caught up counts as progress."""
        if self.lag() == 0:
            self._progress()

    async def _watch_broker(self, stop: asyncio.Event) -> None:
        """Ask the broker for metadata now and then; readiness says whether it answered the last time.

        Runs beside the pump, because a fetch can wait a long time for a group that cannot rejoin.
        """
        while not stop.is_set():
            consumer = self._consumer
            if consumer is not None:
                try:
                    await asyncio.wait_for(consumer.topics(), timeout=self.settings.consumer_probe_timeout_s)
                except Exception as exc:
                    if self._broker_ok:
                        log.warning("consumer.broker_not_answering", error=repr(exc))
                    self._broker_ok = False
                    self.status["last_error"] = f"broker did not answer: {exc!r}"
                else:
                    if not self._broker_ok:
                        log.info("consumer.broker_answering_again")
                    self._broker_ok = True
            # While the broker stalls its high-water marks are unknown: the lag gauge keeps its last value,
            # and these two show the stall.
            BROKER_ANSWERING.labels(self.name).set(1 if self._broker_ok else 0)
            SINCE_PROGRESS.labels(self.name).set(round(time.monotonic() - self._last_progress, 1))
            self.lag()
            await sleep_unless_stopped(stop, self.settings.consumer_probe_interval_s)

    def lag(self) -> int:
        """Records the broker holds beyond what was applied, as last seen (0 when unknown)."""
        if self._consumer is None:
            return 0
        total = 0
        for tp in self._consumer.assignment():
            highwater = self._consumer.highwater(tp)
            if highwater is not None:
                behind = max(0, highwater - self.positions.get(tp, 0))
                PARTITION_LAG.labels(self.name, tp.topic, str(tp.partition)).set(behind)
                total += behind
        LAG.labels(self.name).set(total)
        return total

    def readiness(self) -> dict[str, Any]:
        """Ready means: running, the last round did not fail, the broker answers, and lag is being worked off."""
        since = time.monotonic() - self._last_progress
        lag = self.lag()
        stalled = lag > 0 and since > self.settings.consumer_stall_s
        ok = bool(self.status["running"]) and self._round_ok and self._broker_ok and not stalled
        return {
            **self.status,
            "ok": ok,
            "lag": lag,
            "seconds_since_progress": round(since, 1),
            "broker_answering": self._broker_ok,
            "stalled": stalled,
        }

    def caught_up(self) -> bool:
        """True when every assigned partition is read up to the broker's end."""
        if self._consumer is None or not self._consumer.assignment():
            return False
        for tp in self._consumer.assignment():
            highwater = self._consumer.highwater(tp)
            if highwater is None or tp in self._verify or self.positions.get(tp, 0) < highwater:
                return False
        return True

    async def run(self, stop: asyncio.Event) -> None:
        """Consume until `stop` is set; a failing round is logged and retried, never crash-looped."""
        attempt = 0
        reposition = False
        await self.start()
        watcher = asyncio.create_task(self._watch_broker(stop), name=f"{self.name}-broker-watch")
        try:
            while not stop.is_set():
                try:
                    if reposition:
                        # Back to the stored offsets before reading on: the failed batch is read again.
                        assert self._consumer is not None
                        await self.seek_to_stored(list(self._consumer.assignment()))
                        reposition = False
                    await self.pump(stop)
                    attempt = 0
                except Exception as exc:
                    reposition = True
                    self._round_ok = False
                    self.status.update(ok=False, last_error=repr(exc))
                    delay = backoff_delay(attempt)
                    attempt += 1
                    log.warning(
                        "consumer.round_failed",
                        error=repr(exc),
                        transient=is_transient(exc),
                        retry_in_s=round(delay, 2),
                    )
                    await sleep_unless_stopped(stop, delay)
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            await self.stop()


async def reset_consumer(conn: AsyncConnection, consumer: str, projection: Projection) -> None:
    """Forget a consumer's read models, offsets and stream marks so it rebuilds from the beginning."""
    if projection.tables:
        await conn.execute(text(f"TRUNCATE {', '.join(projection.tables)}"))
    await conn.execute(text("DELETE FROM consumer_offsets WHERE consumer = :c"), {"c": consumer})
    await conn.execute(text("DELETE FROM consumer_streams WHERE consumer = :c"), {"c": consumer})
