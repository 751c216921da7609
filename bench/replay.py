"""Replay throughput: rebuild matching's kandidaten read model from a topic of intake events."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaProducer

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


async def measure(settings: Settings, runs: int, aanmeldingen: int = AANMELDINGEN) -> list[dict[str, float]]:
    """Fill the topic once, then rebuild the read model from scratch `runs` times, timing each."""
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
            results.append({"replay.matching_kandidaten.events_per_s": events / seconds})
    finally:
        await runtime.engine.dispose()
    return results
