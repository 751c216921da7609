"""Replay throughput: rebuild matching's kandidaten read model from a topic of intake events, and the same rows
written by a raw pipeline (aiokafka and asyncpg, no validation, no guarantees beyond a transaction per batch) as its
peer in the same run."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from libs.events.contracts.intake import TOPIC, AanmeldingOntvangen, DiagnoseVastgesteld
from libs.events.envelope import new_event_id
from libs.events.kafka import ensure_topics
from libs.events.replay import rebuild_from_topics
from libs.events.runtime import Runtime, tune_gc
from libs.events.store import NEW_STREAM, EventContext, seal_events
from services.matching.app import DEFINITION
from services.matching.settings import Settings

AANMELDINGEN = 40_000  # two events each


def _stream(i: int, at: datetime) -> list[bytes]:
    aanmelding, klant = new_event_id(), new_event_id()
    gemeente = ("GM0014", "GM0037", "GM0047", "GM1966")[i % 4]
    events = [
        AanmeldingOntvangen(
            aanmelding_id=aanmelding,
            klant_id=klant,
            gemeente=gemeente,
            kanaal="kcc",
            hulpvraag="werk",
            ontvangen_op=at,
        ),
        DiagnoseVastgesteld(
            urgentie="normaal",
            regelset_versie="primaire-diagnose-2026.1",
            voorstel_gevolgd=True,
            aanmelding_id=aanmelding,
            klant_id=klant,
            gemeente=gemeente,
            route=("werk", "ontwikkeling", "participatie")[i % 3],
            uitkering_nodig=bool(i % 2),
            vastgesteld_op=at,
        ),
    ]
    envelopes, _ = seal_events(
        events,
        head=NEW_STREAM,
        source="/regio/intake",
        stream_type="aanmelding",
        stream_id=str(aanmelding),
        subject=str(klant),
        gemeente=gemeente,
        context=EventContext("bench", "bench"),
        time=at,
    )
    return [env.to_json() for env in envelopes]


async def fill(settings: Settings, aanmeldingen: int) -> int:
    """Put `aanmeldingen` streams of two events on the topic; return the number of events."""
    await ensure_topics(settings, [settings.topic(TOPIC)])
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers, acks="all", linger_ms=20, max_batch_size=1 << 20
    )
    await producer.start()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        for i in range(aanmeldingen):
            records = _stream(i, start + timedelta(seconds=i))
            key = str(i).encode()
            for value in records:
                await producer.send(settings.topic(TOPIC), value, key=key)
        await producer.flush()
    finally:
        await producer.stop()
    return aanmeldingen * 2


RAW_TABLES = """
DROP TABLE IF EXISTS raw_kandidaten, raw_streams, raw_offsets;
CREATE TABLE raw_kandidaten (LIKE kandidaten INCLUDING ALL);
CREATE TABLE raw_streams (LIKE consumer_streams INCLUDING ALL);
CREATE TABLE raw_offsets (LIKE consumer_offsets INCLUDING ALL);
"""
RAW_KANDIDATEN = """
INSERT INTO raw_kandidaten (klant_id, aanmelding_id, gemeente, aangemeld_op, route, gediagnosticeerd_op)
SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[])
ON CONFLICT (klant_id) DO UPDATE SET aanmelding_id = COALESCE(EXCLUDED.aanmelding_id, raw_kandidaten.aanmelding_id),
    gemeente = COALESCE(EXCLUDED.gemeente, raw_kandidaten.gemeente),
    aangemeld_op = COALESCE(EXCLUDED.aangemeld_op, raw_kandidaten.aangemeld_op),
    route = COALESCE(EXCLUDED.route, raw_kandidaten.route),
    gediagnosticeerd_op = COALESCE(EXCLUDED.gediagnosticeerd_op, raw_kandidaten.gediagnosticeerd_op)
"""
RAW_STREAMS = """
INSERT INTO raw_streams (consumer, bron, stream_id, version) SELECT 'raw', b, s, v
FROM unnest($1::text[], $2::text[], $3::int[]) AS u(b, s, v)
ON CONFLICT (consumer, bron, stream_id) DO UPDATE SET version = EXCLUDED.version
"""
RAW_OFFSETS = """
INSERT INTO raw_offsets (consumer, topic, partition, next_offset, last_fingerprint)
SELECT 'raw', t, p, o, '' FROM unnest($1::text[], $2::int[], $3::bigint[]) AS u(t, p, o)
ON CONFLICT (consumer, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset
"""


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


async def raw_pipeline(settings: Settings, events: int) -> float:
    """The peer: read every partition from the start with aiokafka and write the same kandidaten rows, stream
    positions and offsets with asyncpg, one transaction per batch; events per second."""
    conn = await asyncpg.connect(settings.database_url.replace("postgresql+asyncpg", "postgresql"))
    await conn.execute(RAW_TABLES)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False, max_partition_fetch_bytes=8 << 20
    )
    await consumer.start()
    try:
        topic = settings.topic(TOPIC)
        partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        seen = 0
        started = time.perf_counter()
        while seen < events:
            batch = await consumer.getmany(timeout_ms=200, max_records=5000)
            rows: dict[str, dict[str, Any]] = {}
            streams: dict[tuple[str, str], int] = {}
            offsets: dict[TopicPartition, int] = {}
            for tp, records in batch.items():
                for record in records:
                    event = orjson.loads(record.value)
                    data = event["data"]
                    row = rows.setdefault(data["klant_id"], {})
                    if event["type"].endswith(".AanmeldingOntvangen"):
                        row.update(aanmelding_id=data["aanmelding_id"], gemeente=data["gemeente"])
                        row["aangemeld_op"] = _when(data["ontvangen_op"])
                    elif event["type"].endswith(".DiagnoseVastgesteld"):
                        row.update(route=data["route"], gediagnosticeerd_op=_when(data["vastgesteld_op"]))
                    streams[("intake", event["streamid"])] = event["streamversion"]
                    seen += 1
                offsets[tp] = records[-1].offset + 1
            if not rows:
                continue
            klanten = list(rows)
            async with conn.transaction():
                await conn.execute(
                    RAW_KANDIDATEN,
                    [UUID(k) for k in klanten],
                    [UUID(rows[k]["aanmelding_id"]) if "aanmelding_id" in rows[k] else None for k in klanten],
                    *([rows[k].get(c) for k in klanten] for c in ("gemeente", "aangemeld_op", "route")),
                    [rows[k].get("gediagnosticeerd_op") for k in klanten],
                )
                bronnen, ids = [b for b, _ in streams], [s for _, s in streams]
                await conn.execute(RAW_STREAMS, bronnen, ids, list(streams.values()))
                await conn.execute(
                    RAW_OFFSETS, [tp.topic for tp in offsets], [tp.partition for tp in offsets], list(offsets.values())
                )
        seconds = time.perf_counter() - started
        assert await conn.fetchval("SELECT count(*) FROM raw_kandidaten") == events // 2
    finally:
        await consumer.stop()
        await conn.close()
    return events / seconds


async def measure(settings: Settings, runs: int, aanmeldingen: int = AANMELDINGEN) -> list[dict[str, float]]:
    """Fill the topic once; per run, rebuild the read model from scratch and then run the raw peer, timing each."""
    events = await fill(settings, aanmeldingen)
    runtime = Runtime(DEFINITION, settings.model_copy(update={"consumer_batch_size": 5000}))
    tune_gc()
    results = []
    try:
        for _ in range(runs):
            started = time.perf_counter()
            applied = await rebuild_from_topics(runtime, timeout_s=600)
            seconds = time.perf_counter() - started
            assert applied == events, (applied, events)
            raw = await raw_pipeline(settings, events)
            results.append(
                {
                    "replay.matching_kandidaten.events_per_s": events / seconds,
                    "replay.raw_pipeline.events_per_s": raw,
                    "replay.matching_kandidaten.ratio_to_raw_pipeline": events / seconds / raw,
                }
            )
    finally:
        await runtime.engine.dispose()
    return results
