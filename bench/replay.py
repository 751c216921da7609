"""Replay throughput: rebuild matching's kandidaten read model from a topic of intake events."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from aiokafka import AIOKafkaProducer

from libs.events.contracts.intake import TOPIC, AanmeldingOntvangen, DiagnoseVastgesteld
from libs.events.envelope import new_event_id
from libs.events.kafka import ensure_topics
from libs.events.replay import rebuild_from_topics
from libs.events.runtime import Runtime, tune_gc
from libs.events.store import NEW_STREAM, EventContext, seal_events
from services.matching.app import DEFINITION
from services.matching.settings import Settings

from .common import rate

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


async def run(settings: Settings) -> dict[str, Any]:
    """Fill the topic, then time a full rebuild of the read model."""
    await ensure_topics(settings, [settings.topic(TOPIC)])
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers, acks="all", linger_ms=20, max_batch_size=1 << 20
    )
    await producer.start()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        for i in range(AANMELDINGEN):
            records = _stream(i, start + timedelta(seconds=i))
            key = str(i).encode()
            for value in records:
                await producer.send(settings.topic(TOPIC), value, key=key)
        await producer.flush()
    finally:
        await producer.stop()
    runtime = Runtime(DEFINITION, settings.model_copy(update={"consumer_batch_size": 5000}))
    tune_gc()
    try:
        started = time.perf_counter()
        applied = await rebuild_from_topics(runtime, timeout_s=600)
        seconds = round(time.perf_counter() - started, 3)
    finally:
        await runtime.engine.dispose()
    events = AANMELDINGEN * 2
    assert applied == events, applied
    return {
        "events": events,
        "seconds": seconds,
        "events_per_s": rate(events, seconds),
        "read_model": "matching.kandidaten (PostgreSQL)",
        "target_events_per_s": ">= 50000",
    }
