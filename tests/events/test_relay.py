"""Outbox relay against real PostgreSQL and tansu: nothing lost, nothing skipped, order per stream kept."""

from __future__ import annotations

import asyncio
import json
import random
from collections import defaultdict

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from deploy.local.infra import TansuBroker
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
                subject="x",
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
        assert record.key.decode() == event["streamid"]
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
