"""Outbox relay against real PostgreSQL and tansu: nothing lost, nothing skipped, order per stream kept."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from cloudevents.core.bindings.kafka import KafkaMessage, from_kafka, to_structured
from cloudevents.core.formats.json import JSONFormat
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from deploy.local.infra import EmbeddedPostgres, TansuBroker, free_port
from libs.events import migrate, ondertekening
from libs.events.envelope import Envelope
from libs.events.kafka import ensure_topics
from libs.events.relay import OutboxRelay
from libs.events.settings import CommonSettings
from tests.support import broker_settings, wait_for

from .kafka_helpers import read_topic
from .sample import CONTEXT, Geteld, store

WRITERS = 8
EVENTS_PER_WRITER = 500
STREAMS_PER_WRITER = 5


async def _writer(engine: AsyncEngine, writer: int, rng: random.Random) -> None:
    versions = [0] * STREAMS_PER_WRITER
    for i in range(EVENTS_PER_WRITER):
        s = i % STREAMS_PER_WRITER
        async with engine.begin() as conn:
            await store().append(
                conn,
                stream_type="teller",
                stream_id=f"w{writer}-s{s}",
                expected_version=versions[s],
                events=[Geteld(n=i)],
                subject=f"klant-{writer}",  # one klant's streams: one partition, every stream in order on it
                gemeente=None,
                context=CONTEXT,
            )
            if rng.random() < 0.02:
                # Hold this transaction open: later positions commit first, the case that makes a
                # naive "position > last" reader skip events forever.
                await asyncio.sleep(0.05)
        versions[s] += 1


async def test_eight_concurrent_writers_every_event_reaches_kafka_in_stream_order(
    engine: AsyncEngine, broker: TansuBroker
) -> None:
    settings = CommonSettings(**broker_settings(broker, prefix="relaytest."))
    topic = settings.topic("teller.events")
    await ensure_topics(settings, [topic], partitions=4)
    relay = OutboxRelay(engine, settings, "relaytest", topic)
    stop = asyncio.Event()
    relay_task = asyncio.create_task(relay.run(stop))
    rng = random.Random(7)
    await asyncio.gather(*(_writer(engine, w, rng) for w in range(WRITERS)))
    total = WRITERS * EVENTS_PER_WRITER

    async def outbox_empty() -> bool:
        async with engine.connect() as conn:
            return (await conn.execute(text("SELECT count(*) FROM event_outbox"))).scalar() == 0

    await wait_for(outbox_empty, timeout=60, what="relay to drain the outbox")
    stop.set()
    await relay_task

    records = await read_topic(broker.bootstrap_servers, topic, until=total)
    async with engine.connect() as conn:
        stored_ids = {str(r[0]) for r in await conn.execute(text("SELECT event_id FROM event_store"))}
    published = [json.loads(r.value) for r in records]
    assert len(stored_ids) == total
    assert {p["id"] for p in published} == stored_ids
    per_stream: dict[str, list[int]] = defaultdict(list)
    for record, event in zip(records, published, strict=True):
        assert record.key.decode() == event["subject"]
        per_stream[event["streamid"]].append(event["streamversion"])
    assert len(per_stream) == WRITERS * STREAMS_PER_WRITER
    for stream, versions in per_stream.items():
        assert versions == list(range(1, len(versions) + 1)), stream
    assert relay.status["published"] == total


async def test_only_one_relay_per_database_is_active(engine: AsyncEngine, broker: TansuBroker) -> None:
    settings = CommonSettings(**broker_settings(broker, prefix="lock."))
    first = OutboxRelay(engine, settings, "locktest", settings.topic("x"))
    second = OutboxRelay(engine, settings, "locktest", settings.topic("x"))
    stop = asyncio.Event()
    tasks = [asyncio.create_task(first.run(stop)), asyncio.create_task(second.run(stop))]

    async def one_active() -> bool:
        return first.status["active"] or second.status["active"]

    await wait_for(one_active, what="a relay to take the lock")
    assert [first.status["active"], second.status["active"]].count(True) == 1
    stop.set()
    await asyncio.gather(*tasks)


async def test_a_standby_relay_is_ready_again_once_the_database_answers(
    engine: AsyncEngine, broker: TansuBroker
) -> None:
    settings = CommonSettings(**broker_settings(broker, prefix="standby."))
    leader = OutboxRelay(engine, settings, "standbytest", settings.topic("x"))
    standby = OutboxRelay(engine, settings, "standbytest", settings.topic("x"))
    stop = asyncio.Event()
    tasks = [asyncio.create_task(leader.run(stop))]
    await wait_for(lambda: _ok(leader, "active"), what="the first relay to lead")
    # The standby's database is away for a while (a PostgreSQL restart), then back.
    unreachable = create_async_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}/none")
    standby.engine = unreachable
    tasks.append(asyncio.create_task(standby.run(stop)))
    try:
        await wait_for(lambda: _not_ok(standby), what="the standby to notice the database is away")
        standby.engine = engine
        await wait_for(lambda: _ok(standby, "ok"), timeout=15, what="the standby ready again, still standing by")
        assert standby.status["role"] == "standby" and standby.status["last_error"] is None
    finally:
        stop.set()
        await asyncio.gather(*tasks)
        await unreachable.dispose()


async def _ok(relay: OutboxRelay, key: str) -> bool:
    return bool(relay.status[key])


async def _not_ok(relay: OutboxRelay) -> bool:
    return not relay.status["ok"]


async def _cut_every_connection(engine: AsyncEngine) -> None:
    """What a PostgreSQL restart does to the relays: every session of the database ends, locks with them."""
    async with engine.connect() as conn:
        await conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )


async def test_two_relays_never_publish_at_once_across_lost_database_sessions(
    engine: AsyncEngine, broker: TansuBroker
) -> None:
    await _two_relays(engine, broker, lambda: _cut_every_connection(engine))


async def test_two_relays_never_publish_at_once_across_a_postgresql_restart(
    broker: TansuBroker, tmp_path: Path
) -> None:
    pg = EmbeddedPostgres(tmp_path / "pg", port=free_port(), durable=True)
    await asyncio.to_thread(pg.start)
    engine = create_async_engine(pg.url("relays"), pool_size=10)
    try:
        pg.create_database("relays")
        await asyncio.to_thread(migrate.upgrade, "matching", pg.url("relays"))

        async def restart() -> None:
            pg.kill()  # the postmaster and every backend: the leader's lock goes with its session
            await asyncio.to_thread(pg.start)

        await _two_relays(engine, broker, restart)
    finally:
        await engine.dispose()
        await asyncio.to_thread(pg.stop)


async def _two_relays(engine: AsyncEngine, broker: TansuBroker, fault: Callable[[], Awaitable[None]]) -> None:
    """Two relays on one database while writers write; `fault` ends sessions three times; check the topic."""
    settings = CommonSettings(
        **{**broker_settings(broker, prefix="lease."), "kafka_request_timeout_ms": 1000, "relay_lease_s": 2.0}
    )
    topic = settings.topic("teller.events")
    await ensure_topics(settings, [topic], partitions=2)
    relays = [OutboxRelay(engine, settings, "leasetest", topic) for _ in range(2)]
    windows: list[tuple[float, float, int]] = []  # (start, end, relay) of every batch that published

    def recording(index: int, relay: OutboxRelay) -> None:
        original = relay.publish_pending

        async def publish() -> int:
            started = asyncio.get_running_loop().time()
            count = await original()
            if count:
                windows.append((started, asyncio.get_running_loop().time(), index))
            return count

        relay.publish_pending = publish  # type: ignore[method-assign]

    for index, relay in enumerate(relays):
        recording(index, relay)
    stop = asyncio.Event()
    tasks = [asyncio.create_task(r.run(stop)) for r in relays]
    writing = asyncio.gather(*(_stubborn_writer(engine, w) for w in range(2)))
    leaders: set[int] = set()
    for _ in range(3):
        await wait_for(
            lambda: _some_leader(relays),
            timeout=30,
            what="a leader publishing",  # type: ignore[arg-type]
        )
        leaders |= {i for i, r in enumerate(relays) if r.status["role"] == "leader"}
        await asyncio.sleep(0.3)
        await fault()
    await writing
    total = 2 * EVENTS_PER_WRITER
    stored = "SELECT count(*) FROM event_store WHERE stream_id LIKE 'sw%'"
    await wait_for(lambda: _counted(engine, stored, total), timeout=30, what="every event stored")
    await wait_for(
        lambda: _counted(engine, "SELECT count(*) FROM event_outbox", 0), timeout=60, what="the relays to drain"
    )
    stop.set()
    await asyncio.gather(*tasks)

    records = await read_topic(broker.bootstrap_servers, topic, until=total)
    first_seen: dict[str, list[int]] = defaultdict(list)
    for record in records:
        event = json.loads(record.value)
        versions = first_seen[event["streamid"]]
        if event["streamversion"] not in versions:
            versions.append(event["streamversion"])
    assert sum(map(len, first_seen.values())) == total  # nothing lost
    for stream, versions in first_seen.items():
        assert versions == list(range(1, len(versions) + 1)), stream  # order per stream held
    ordered = sorted(windows)
    for (_, end, who), (start, _, other) in itertools.pairwise(ordered):
        assert who == other or start >= end, f"relays {who} and {other} published at the same time"
    assert len({w[2] for w in windows}) >= 1 and leaders


async def _counted(engine: AsyncEngine, sql: str, expected: int) -> bool:
    """Whether the count is `expected`; a pooled connection that died with the cut is simply retried."""
    try:
        async with engine.connect() as conn:
            return bool((await conn.execute(text(sql))).scalar_one() == expected)
    except Exception:
        return False


async def _some_leader(relays: list[OutboxRelay]) -> bool:
    return any(r.status["role"] == "leader" for r in relays)


async def _stubborn_writer(engine: AsyncEngine, writer: int) -> None:
    """Like a front office retrying: an append whose session was cut is tried again on the stream's head."""
    for i in range(EVENTS_PER_WRITER):
        stream = f"sw{writer}-s{i % STREAMS_PER_WRITER}"
        while True:
            try:
                async with engine.begin() as conn:
                    head = await store().head(conn, stream)
                    if head.version > i // STREAMS_PER_WRITER:
                        break  # committed just before the session was cut
                    await store().append(
                        conn,
                        stream_type="teller",
                        stream_id=stream,
                        expected_version=head,
                        events=[Geteld(n=i)],
                        subject="x",
                        gemeente=None,
                        context=CONTEXT,
                    )
                break
            except Exception:
                await asyncio.sleep(0.05)


TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


async def test_every_record_reads_as_a_cloudevent_with_the_official_sdk(
    engine: AsyncEngine, broker: TansuBroker
) -> None:
    settings = CommonSettings(**broker_settings(broker, prefix="ce."))
    topic = settings.topic("teller.events")
    await ensure_topics(settings, [topic], partitions=1)
    async with engine.begin() as conn:
        stored = await store().append(
            conn,
            stream_type="teller",
            stream_id="ce-1",
            expected_version=0,
            events=[Geteld(n=1), Geteld(n=2)],
            subject="klant-1",
            gemeente="GM0014",
            context=replace(CONTEXT, traceparent=TRACEPARENT),
        )
    relay = OutboxRelay(engine, settings, "cetest", topic)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))
    records = await read_topic(broker.bootstrap_servers, topic, until=2)
    stop.set()
    await task
    for record, envelope in zip(records, stored, strict=True):
        message = KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value)
        event = from_kafka(message, JSONFormat())
        assert event.get_id() == str(envelope.id) and event.get_type() == envelope.type
        assert event.get_source() == envelope.source and event.get_subject() == "klant-1"
        # NL GOV profile for CloudEvents: `type` in reverse-DNS notation, `source` an absolute URI.
        assert event.get_type() == "nl.participatiewet.test.TestGeteld"
        assert event.get_source() == "urn:nld:participatiewet:test"
        assert event.get_extension("streamversion") == envelope.streamversion
        assert event.get_extension("gemeente") == "GM0014"
        # The signature extensions are CloudEvents extension attributes like the others, and verify.
        assert event.get_extension("keyid") == envelope.keyid and envelope.signature
        ring = ondertekening.dev_ring(["test"])
        assert ring.klopt(
            "test", str(event.get_extension("keyid")), str(event.get_extension("signature")), envelope.hash
        )
        # Round trip: the SDK writes the event back as a structured record that says what ours said.
        again = to_structured(event, JSONFormat())
        assert again.headers["content-type"] == b"application/cloudevents+json"
        written = json.loads(again.value)
        # The binding maps the record key (our subject) to the `partitionkey` extension, and back.
        assert written.pop("partitionkey") == record.key.decode() == envelope.subject
        assert Envelope.model_validate(written) == envelope
        # Distributed tracing extension in the event, and the same W3C header on the record for Kafka tooling.
        assert event.get_extension("traceparent") == TRACEPARENT == dict(record.headers)["traceparent"].decode()
