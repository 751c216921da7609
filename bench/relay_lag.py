"""Relay lag: from an intake event's commit to a consumer receiving it, at a steady 500 events/s."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from libs.events.contracts.intake import TOPIC, AanmeldingOntvangen
from libs.events.envelope import new_event_id, utcnow
from libs.events.kafka import ensure_topics
from libs.events.relay import OutboxRelay
from libs.events.runtime import Runtime
from libs.events.store import EventContext
from services.intake.app import DEFINITION
from services.intake.settings import Settings

from .common import latency_summary

RATE = 500
SECONDS = 10


async def run(settings: Settings) -> dict[str, Any]:
    """Write at RATE events/s for SECONDS; measure commit-to-consumer latency of every event."""
    topic = settings.topic(TOPIC)
    await ensure_topics(settings, [topic])
    runtime = Runtime(DEFINITION, settings)
    relay = OutboxRelay(runtime.engine, settings, "intake", topic)
    stop = asyncio.Event()
    relay_task = asyncio.create_task(relay.run(stop))
    committed: dict[str, float] = {}
    lags: list[float] = []
    total = RATE * SECONDS

    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_auto_commit=False,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
    )
    await consumer.start()
    partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or {0})]
    consumer.assign(partitions)
    await consumer.seek_to_beginning(*partitions)

    async def consume() -> None:
        seen = 0
        while seen < total:
            batch = await consumer.getmany(timeout_ms=100)
            now = time.perf_counter()
            for records in batch.values():
                for record in records:
                    event_id = json.loads(record.value)["id"]
                    started = committed.get(event_id)
                    if started is not None:
                        lags.append(now - started)
                        seen += 1

    async def write() -> None:
        interval = 1 / RATE
        next_at = time.perf_counter()
        for i in range(total):
            aanmelding = new_event_id()
            async with runtime.engine.begin() as conn:
                envelopes = await runtime.store.append(
                    conn,
                    stream_type="aanmelding",
                    stream_id=str(aanmelding),
                    expected_version=0,
                    events=[
                        AanmeldingOntvangen(
                            aanmelding_id=aanmelding,
                            klant_id=new_event_id(),
                            gemeente="GM0014",
                            kanaal="kcc",
                            hulpvraag="werk",
                            ontvangen_op=utcnow(),
                        )
                    ],
                    subject="bench",
                    gemeente="GM0014",
                    context=EventContext("bench", f"lag-{i}"),
                )
            committed[str(envelopes[0].id)] = time.perf_counter()
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))

    consumer_task = asyncio.create_task(consume())
    started = time.perf_counter()
    await write()
    write_seconds = time.perf_counter() - started
    await asyncio.wait_for(consumer_task, timeout=60)
    stop.set()
    await relay_task
    await consumer.stop()
    await runtime.engine.dispose()
    return {
        "events": total,
        "offered_rate_per_s": RATE,
        "achieved_write_rate_per_s": round(total / write_seconds, 1),
        **latency_summary(lags),
        "target": "p95 < 1000 ms",
    }


async def measure(settings: Settings, runs: int) -> list[dict[str, float]]:
    """`run` repeated: the write rate achieved and the commit-to-consumer latency of each run."""
    results = []
    for _ in range(runs):
        # The previous run's relay has stopped: its lease goes too, or the next relay would first wait it
        # out (relay_lease_s) as a new leader must, and that wait would be measured as lag.
        engine = create_async_engine(settings.database_url)
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM relay_leases"))
        await engine.dispose()
        one = await run(settings)
        results.append(
            {
                "relay_lag_at_500_per_s.p95_ms": one["p95_ms"],
                "relay_lag_at_500_per_s.p99_ms": one["p99_ms"],
                "relay_lag_at_500_per_s.achieved_per_s": one["achieved_write_rate_per_s"],
            }
        )
    return results
