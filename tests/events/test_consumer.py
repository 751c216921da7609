"""Consumer runner against real PostgreSQL and tansu: crash safety, dedupe, dead letters, lost history."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from deploy.local.infra import TansuBroker
from libs.events.consumer import BatchReport, ConsumerRunner
from libs.events.contracts import registry
from libs.events.envelope import Envelope
from libs.events.kafka import ensure_topics
from libs.events.registry import EventData, Recorded
from libs.events.settings import CommonSettings
from libs.events.store import ConcurrencyConflict, EventStore
from tests.support import broker_settings, wait_for

from .kafka_helpers import count_records, read_topic
from .sample import CONTEXT, CountingProjection, Geteld, create_counting_table, store

TOPIC = "teller.events"


class SimulatedCrash(Exception):
    """Raised after the database commit, before anything is committed to Kafka."""


async def _record(engine: AsyncEngine, stream: str, count: int, poison_at: int | None = None) -> list[Envelope]:
    async with engine.begin() as conn:
        await create_counting_table(conn)
        head = await store().head(conn, stream)
        return await store().append(
            conn,
            stream_type="teller",
            stream_id=stream,
            expected_version=head.version,
            events=[Geteld(n=i, poison=(i == poison_at)) for i in range(count)],
            subject=stream,
            gemeente=None,
            context=CONTEXT,
        )


async def _produce(settings: CommonSettings, envelopes: Sequence[Envelope | bytes]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    await producer.start()
    try:
        for item in envelopes:
            if isinstance(item, Envelope):
                await producer.send_and_wait(settings.topic(TOPIC), item.to_json(), key=item.streamid.encode())
            else:
                await producer.send_and_wait(settings.topic(TOPIC), item, key=b"garbage")
    finally:
        await producer.stop()


def _runner(engine: AsyncEngine, settings: CommonSettings, **kwargs: object) -> ConsumerRunner:
    return ConsumerRunner(
        engine,
        settings,
        "tellingen-consumer",
        [settings.topic(TOPIC)],
        registry,
        CountingProjection(),
        **kwargs,
    )  # type: ignore[arg-type]


async def _drain(runner: ConsumerRunner, until_applied: int, timeout: float = 30) -> None:
    async def done() -> bool:
        await runner.poll_once(timeout_ms=100)
        return runner.status["applied"] >= until_applied and runner.caught_up()

    await wait_for(done, timeout=timeout, interval=0, what=f"{until_applied} applied")


async def _consume(engine: AsyncEngine, settings: CommonSettings, until_applied: int) -> ConsumerRunner:
    """Run a fresh runner until it applied `until_applied` events and caught up; return it stopped."""
    runner = _runner(engine, settings)
    await runner.start()
    try:
        await _drain(runner, until_applied=until_applied)
    finally:
        await runner.stop()
    return runner


async def _counts(engine: AsyncEngine) -> tuple[int, int]:
    async with engine.connect() as conn:
        total = (await conn.execute(text("SELECT count(*) FROM test_tellingen"))).scalar_one()
        distinct = (
            await conn.execute(text("SELECT count(*) FROM (SELECT DISTINCT stream_id, version FROM test_tellingen) d"))
        ).scalar_one()
    return int(total), int(distinct)


@pytest.fixture
async def settings(broker: TansuBroker) -> CommonSettings:
    s = CommonSettings(**broker_settings(broker, prefix="ct."), consumer_batch_size=20)
    await ensure_topics(s, [s.topic(TOPIC)], partitions=2)
    return s


async def test_crash_after_db_commit_before_kafka_commit_causes_no_double_effect(
    engine: AsyncEngine, settings: CommonSettings
) -> None:
    envelopes = [*await _record(engine, "a", 60), *await _record(engine, "b", 40)]
    await _produce(settings, envelopes)

    async def crash(report: BatchReport) -> None:
        raise SimulatedCrash

    first = _runner(engine, settings, on_batch_committed=crash)
    await first.start()
    with pytest.raises(SimulatedCrash):
        await wait_for(lambda: first.poll_once(timeout_ms=100), timeout=20, interval=0, what="a first batch")
    applied_before_crash, _ = await _counts(engine)
    assert 0 < applied_before_crash < 100
    await first.stop()  # the process is gone: nothing was committed to Kafka

    second = await _consume(engine, settings, 100 - applied_before_crash)
    assert await _counts(engine) == (100, 100)
    assert second.status["applied"] == 100 - applied_before_crash


async def test_poison_messages_go_to_the_dlq_with_a_reason_and_later_messages_still_apply(
    engine: AsyncEngine, settings: CommonSettings, broker: TansuBroker
) -> None:
    good_before = await _record(engine, "a", 5)
    failing = await _record(engine, "p", 3, poison_at=1)
    good_after = await _record(engine, "b", 5)
    await _produce(settings, [*good_before, b"\x00not an event", *failing, b'{"type":"x"}', *good_after])
    await _consume(engine, settings, 12)
    assert await _counts(engine) == (12, 12)
    dead = await read_topic(broker.bootstrap_servers, settings.topic(TOPIC) + ".dlq", until=3)
    reasons = sorted(dict(r.headers)["dlq_reason"].decode().split(":")[0] for r in dead)
    assert reasons == ["apply failed", "undecodable", "undecodable"]
    assert {dict(r.headers)["dlq_consumer"] for r in dead} == {b"tellingen-consumer"}
    assert any(r.value == b"\x00not an event" for r in dead)


async def test_redelivered_events_are_dropped_by_stream_version(engine: AsyncEngine, settings: CommonSettings) -> None:
    envelopes = await _record(engine, "a", 10)
    await _produce(settings, [*envelopes, *envelopes[3:], *envelopes])
    await _consume(engine, settings, 10)
    assert await _counts(engine) == (10, 10)


async def test_a_stream_recorded_before_and_after_the_source_became_a_urn_is_one_stream(
    engine: AsyncEngine, settings: CommonSettings
) -> None:
    async with engine.begin() as conn:
        await create_counting_table(conn)
        oud = await EventStore("/regio/test", registry).append(
            conn,
            stream_type="teller",
            stream_id="s",
            expected_version=0,
            events=[Geteld(n=0), Geteld(n=1)],
            subject="s",
            gemeente=None,
            context=CONTEXT,
        )
        nieuw = await store().append(
            conn,
            stream_type="teller",
            stream_id="s",
            expected_version=2,
            events=[Geteld(n=2)],
            subject="s",
            gemeente=None,
            context=CONTEXT,
        )
    assert (oud[0].source, nieuw[0].source) == ("/regio/test", "urn:nld:participatiewet:test")
    # Redelivered across the change: version 3 follows 2 (no gap), and 1 and 2 again are duplicates.
    await _produce(settings, [*oud, *nieuw, *oud])
    await _consume(engine, settings, 3)
    assert await _counts(engine) == (3, 3)


async def test_an_event_whose_predecessor_is_missing_waits_for_the_resend(
    engine: AsyncEngine, settings: CommonSettings
) -> None:
    e = await _record(engine, "a", 3)
    # As after a relay failure: 2 and 3 arrived, 1 was lost; the relay re-sends from 1 on.
    await _produce(settings, [e[1], e[2], e[0], e[1], e[2]])
    await _consume(engine, settings, 3)
    async with engine.connect() as conn:
        versions = [r[0] for r in await conn.execute(text("SELECT version FROM test_tellingen ORDER BY n"))]
    assert versions == [1, 2, 3]


async def test_stored_offsets_past_the_broker_end_are_reported_and_reread(
    engine: AsyncEngine, settings: CommonSettings
) -> None:
    envelopes = await _record(engine, "a", 10)
    await _produce(settings, envelopes)
    async with engine.begin() as conn:
        # As if this consumer had read 5,000 messages from a broker that was since replaced.
        for partition in (0, 1):
            await conn.execute(
                text(
                    "INSERT INTO consumer_offsets (consumer, topic, partition, next_offset) "
                    "VALUES ('tellingen-consumer', :t, :p, 5000)"
                ),
                {"t": settings.topic(TOPIC), "p": partition},
            )
    runner = await _consume(engine, settings, 10)
    assert runner.status["offset_resets"] >= 1
    assert "stored offset 5000 > end" in runner.status["last_error"]
    assert await _counts(engine) == (10, 10)


async def test_a_different_log_at_the_stored_offsets_is_noticed_and_reread(
    engine: AsyncEngine, settings: CommonSettings, broker: TansuBroker
) -> None:
    first = await _record(engine, "a", 6)
    await _produce(settings, first)
    await _consume(engine, settings, 6)
    # The broker is replaced; new events reach the new one before the old history is re-published,
    # so the stored offsets point into other records of a log that is long enough.
    broker.stop()
    broker.start()
    await ensure_topics(settings, [settings.topic(TOPIC)], partitions=2)
    newer = await _record(engine, "b", 6)
    await _produce(settings, [*newer, *first])
    again = await _consume(engine, settings, 6)
    assert again.status["offset_resets"] >= 1
    assert await _counts(engine) == (12, 12)


async def test_restart_resumes_at_the_stored_offsets(engine: AsyncEngine, settings: CommonSettings) -> None:
    await _produce(settings, await _record(engine, "a", 10))
    await _consume(engine, settings, 10)
    await _produce(settings, await _record(engine, "a", 5))
    second = await _consume(engine, settings, 5)
    assert second.status["applied"] == 5
    assert await _counts(engine) == (15, 15)


class KillsItsConnectionOnce(CountingProjection):
    """Like CountingProjection, but the first batch terminates its own database backend halfway."""

    def __init__(self) -> None:
        self.killed = False

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply half the batch, then lose the connection the way a PostgreSQL restart does."""
        if not self.killed and len(events) > 1:
            self.killed = True
            await super().apply(conn, events[: len(events) // 2])
            await conn.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        await super().apply(conn, events)


async def _dlq_records(broker: TansuBroker, settings: CommonSettings) -> int:
    return await count_records(broker.bootstrap_servers, settings.topic(TOPIC) + ".dlq")


async def test_a_lost_database_connection_is_retried_and_nothing_is_dead_lettered(
    engine: AsyncEngine, settings: CommonSettings, broker: TansuBroker
) -> None:
    await _produce(settings, [*await _record(engine, "a", 30), *await _record(engine, "b", 30)])
    projection = KillsItsConnectionOnce()
    runner = ConsumerRunner(engine, settings, "tellingen-consumer", [settings.topic(TOPIC)], registry, projection)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await wait_for(lambda: _applied_all(engine, 60), timeout=30, what="every event applied after the retry")
        assert projection.killed
        await wait_for(lambda: _ready(runner), timeout=30, what="readiness back after the failed round")
    finally:
        stop.set()
        await task
    assert await _counts(engine) == (60, 60)  # each event once: the failed batch left nothing
    assert runner.status["dead_lettered"] == 0
    assert await _dlq_records(broker, settings) == 0


async def test_a_paused_broker_makes_the_consumer_unready_until_it_answers_again(
    engine: AsyncEngine, settings: CommonSettings, broker: TansuBroker
) -> None:
    fast = settings.model_copy(update={"consumer_probe_interval_s": 0.2, "consumer_probe_timeout_s": 0.5})
    await _produce(fast, await _record(engine, "a", 5))
    runner = _runner(engine, fast)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await wait_for(lambda: _ready(runner), timeout=30, what="ready once caught up")
        broker.pause()
        try:
            await wait_for(lambda: _unready(runner), timeout=30, what="not ready while the broker is paused")
        finally:
            broker.resume()
        await wait_for(lambda: _ready(runner), timeout=30, what="ready again after the broker answers")
    finally:
        stop.set()
        await task


async def _applied_all(engine: AsyncEngine, expected: int) -> bool:
    with contextlib.suppress(Exception):
        return (await _counts(engine))[0] >= expected
    return False


async def _ready(runner: ConsumerRunner) -> bool:
    return bool(runner.readiness()["ok"])


async def _unready(runner: ConsumerRunner) -> bool:
    return not runner.readiness()["ok"]


class ConflictsTwice(CountingProjection):
    """Like CountingProjection, but its first two applications meet a stream someone else appended to (as a
    policy's can): the batch, and whatever is tried next."""

    def __init__(self) -> None:
        self.conflicts = 0

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply half, then fail as the store does when another writer moved the stream."""
        if self.conflicts < 2:
            self.conflicts += 1
            await super().apply(conn, events[: len(events) // 2])
            raise ConcurrencyConflict("uitkering-1", 3, 4)
        await super().apply(conn, events)


async def test_a_stream_moved_by_another_writer_is_retried_and_nothing_is_dead_lettered(
    engine: AsyncEngine, settings: CommonSettings, broker: TansuBroker
) -> None:
    await _produce(settings, [*await _record(engine, "a", 20), *await _record(engine, "b", 20)])
    projection = ConflictsTwice()
    runner = ConsumerRunner(engine, settings, "tellingen-consumer", [settings.topic(TOPIC)], registry, projection)
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        await wait_for(lambda: _applied_all(engine, 40), timeout=30, what="every event applied after the retry")
    finally:
        stop.set()
        await task
    assert projection.conflicts == 2
    assert await _counts(engine) == (40, 40)
    assert runner.status["dead_lettered"] == 0
    assert await _dlq_records(broker, settings) == 0


class HeldOpen(CountingProjection):
    """Like CountingProjection, but holds its transaction open (after applying) until released."""

    def __init__(self) -> None:
        self.inside = asyncio.Event()
        self.release = asyncio.Event()

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        """Apply, then wait with the transaction open."""
        await super().apply(conn, events)
        self.inside.set()
        await self.release.wait()


async def _waiting_on_a_lock(engine: AsyncEngine) -> bool:
    async with engine.connect() as conn:
        sql = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        return bool((await conn.execute(text(sql))).scalar())


async def test_two_instances_holding_the_same_partitions_apply_each_event_once(
    engine: AsyncEngine, settings: CommonSettings
) -> None:
    # During a rebalance the old owner of a partition can still be committing a batch the new owner has read too.
    await _produce(settings, [*await _record(engine, "a", 15), *await _record(engine, "b", 15)])
    oud_projection = HeldOpen()
    oud = ConsumerRunner(engine, settings, "tellingen-consumer", [settings.topic(TOPIC)], registry, oud_projection)
    nieuw = _runner(engine, settings)
    await oud.start_assigned()
    await nieuw.start_assigned()
    try:
        batches = []
        for runner in (oud, nieuw):

            async def gelezen(r: ConsumerRunner = runner) -> Any:
                return await r.fetch(timeout_ms=100)

            batches.append(await wait_for(gelezen, timeout=20, interval=0, what="a batch read"))
        oud_commit = asyncio.create_task(oud.commit(batches[0]))
        await asyncio.wait_for(oud_projection.inside.wait(), timeout=20)
        nieuw_commit = asyncio.create_task(nieuw.commit(batches[1]))
        # The new owner waits for the old one's transaction, whatever it waits on.
        await wait_for(lambda: _waiting_on_a_lock(engine), timeout=20, what="the second commit waiting")
        oud_projection.release.set()
        oud_report, nieuw_report = await asyncio.gather(oud_commit, nieuw_commit)
    finally:
        await oud.stop()
        await nieuw.stop()
    total, distinct = await _counts(engine)
    assert total == distinct == oud_report.applied + nieuw_report.applied
    assert nieuw_report.applied == 0 and nieuw_report.duplicates == oud_report.applied
