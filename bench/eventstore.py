"""Append throughput of our event store against the eventsourcing library and raw asyncpg."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any
from uuid import UUID

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from deploy.local.infra import EmbeddedPostgres
from libs.events.contracts import registry
from libs.events.db import create_engine, transaction
from libs.events.envelope import new_event_id
from libs.events.ondertekening import Sleutel, dev_sleutel
from libs.events.registry import EventData
from libs.events.store import NEW_STREAM, EventContext, EventStore, StreamHead

from .common import Stopwatch, rate

WRITERS = 8
SINGLE_PER_WRITER = 400
BATCHES_PER_WRITER = 10
BATCH = 100
STREAMS_PER_WRITER = 8


class BenchGemeten(EventData):
    """Benchmark event with a payload the size of a typical intake event."""

    event_type = "BenchGemeten"
    schema_version = 1

    aanmelding_id: UUID
    klant_id: UUID
    gemeente: str
    kanaal: str
    hulpvraag: str
    n: int


if "BenchGemeten" not in registry:
    registry.register(BenchGemeten)

CONTEXT = EventContext(actor="bench", correlation_id="bench")


def _event(n: int) -> BenchGemeten:
    return BenchGemeten(
        aanmelding_id=new_event_id(),
        klant_id=new_event_id(),
        gemeente="GM0014",
        kanaal="kcc",
        hulpvraag="werk",
        n=n,
    )


def _shape(single: bool, scale: float = 1.0) -> list[list[int]]:
    """Per writer, the sizes of its transactions (`scale` < 1 for the quick bench)."""
    if single:
        return [[1] * max(1, int(SINGLE_PER_WRITER * scale)) for _ in range(WRITERS)]
    return [[BATCH] * max(1, int(BATCHES_PER_WRITER * scale)) for _ in range(WRITERS)]


async def ours(engine: AsyncEngine, single: bool, scale: float = 1.0) -> dict[str, Any]:
    """Our EventStore.append: head read, envelope sealing, hash chain and signature, outbox row, commit."""
    store = EventStore("/regio/bench", registry, Sleutel(dev_sleutel("bench")))
    prefix = new_event_id().hex[-12:]

    async def writer(w: int, sizes: list[int]) -> None:
        # Like a command handler: it appends on top of the head it loaded (here: its own last append).
        heads = [NEW_STREAM] * STREAMS_PER_WRITER
        for i, size in enumerate(sizes):
            s = i % STREAMS_PER_WRITER
            async with transaction(engine) as conn:
                appended = await store.append(
                    conn,
                    stream_type="bench",
                    stream_id=f"{prefix}-{w}-{s}",
                    expected_version=heads[s],
                    events=[_event(i) for _ in range(size)],
                    subject="bench",
                    gemeente="GM0014",
                    context=CONTEXT,
                )
            heads[s] = StreamHead.of(appended)

    shape = _shape(single, scale)
    watch = Stopwatch()
    with watch.running():
        await asyncio.gather(*(writer(w, sizes) for w, sizes in enumerate(shape)))
    total = sum(map(sum, shape))
    return {"events": total, "seconds": round(watch.seconds, 3), "events_per_s": rate(total, watch.seconds)}


RAW_TABLE = """
CREATE TABLE IF NOT EXISTS raw_events (
    global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id text NOT NULL, stream_type text NOT NULL, stream_version integer NOT NULL,
    event_id uuid NOT NULL UNIQUE, event_type text NOT NULL, schema_version integer NOT NULL,
    hash char(64) NOT NULL, recorded_at timestamptz NOT NULL DEFAULT now(), envelope jsonb NOT NULL,
    UNIQUE (stream_id, stream_version))
"""
RAW_INSERT = (
    "INSERT INTO raw_events (stream_id, stream_type, stream_version, event_id, event_type, schema_version, "
    "hash, envelope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
)


async def raw_asyncpg(pg: EmbeddedPostgres, database: str, single: bool, scale: float = 1.0) -> dict[str, Any]:
    """The same rows inserted with plain asyncpg: the floor for what the database can take."""
    pool = await asyncpg.create_pool(
        host=pg.host, port=pg.port, user="postgres", database=database, min_size=WRITERS, max_size=WRITERS
    )
    assert pool is not None
    await pool.execute(RAW_TABLE)
    prefix = new_event_id().hex[-12:]

    async def writer(w: int, sizes: list[int]) -> None:
        versions = [0] * STREAMS_PER_WRITER
        async with pool.acquire() as conn:
            for i, size in enumerate(sizes):
                s = i % STREAMS_PER_WRITER
                rows = []
                for k in range(size):
                    event = _event(i)
                    envelope = {"type": event.event_type, "data": event.model_dump(mode="json")}
                    rows.append(
                        (
                            f"{prefix}-{w}-{s}",
                            "bench",
                            versions[s] + k + 1,
                            new_event_id(),
                            event.event_type,
                            1,
                            "0" * 64,
                            json.dumps(envelope),
                        )
                    )
                async with conn.transaction():
                    await conn.executemany(RAW_INSERT, rows)
                versions[s] += size

    shape = _shape(single, scale)
    watch = Stopwatch()
    with watch.running():
        await asyncio.gather(*(writer(w, sizes) for w, sizes in enumerate(shape)))
    await pool.close()
    total = sum(map(sum, shape))
    return {"events": total, "seconds": round(watch.seconds, 3), "events_per_s": rate(total, watch.seconds)}


def eventsourcing_recorder(pg: EmbeddedPostgres, database: str, single: bool, scale: float = 1.0) -> dict[str, Any]:
    """The eventsourcing library's PostgresApplicationRecorder, 8 threads (it is synchronous)."""
    from eventsourcing.persistence import StoredEvent
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

    datastore = PostgresDatastore(database, pg.host, pg.port, "postgres", "", pool_size=WRITERS)
    recorder = PostgresApplicationRecorder(datastore, events_table_name="es_stored_events")
    recorder.create_table()
    shape = _shape(single, scale)
    errors: list[BaseException] = []

    def writer(sizes: list[int]) -> None:
        try:
            ids = [new_event_id() for _ in range(STREAMS_PER_WRITER)]
            versions = [0] * STREAMS_PER_WRITER
            for i, size in enumerate(sizes):
                s = i % STREAMS_PER_WRITER
                events = []
                for k in range(size):
                    event = _event(i)
                    state = json.dumps({"type": event.event_type, "data": event.model_dump(mode="json")})
                    events.append(
                        StoredEvent(
                            originator_id=ids[s],
                            originator_version=versions[s] + k + 1,
                            topic="bench:BenchGemeten",
                            state=state.encode(),
                        )
                    )
                recorder.insert_events(events)
                versions[s] += size
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(sizes,)) for sizes in shape]
    watch = Stopwatch()
    with watch.running():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    datastore.close()
    if errors:
        raise errors[0]
    total = sum(map(sum, shape))
    return {"events": total, "seconds": round(watch.seconds, 3), "events_per_s": rate(total, watch.seconds)}


async def measure(pg: EmbeddedPostgres, database: str, runs: int, scale: float = 1.0) -> list[dict[str, float]]:
    """Each run: ours, raw asyncpg and the eventsourcing library back to back, for both shapes, with the ratios."""
    # The engine as a service makes it (libs.events.db.create_engine), so `ours` is the store as it runs.
    engine = create_engine(pg.url(database), pool_size=WRITERS, max_overflow=0)
    results: list[dict[str, float]] = []
    try:
        for _ in range(runs):
            figures: dict[str, float] = {}
            for label, single in (("single_event_8_writers", True), ("batches_of_100", False)):
                mine = (await ours(engine, single, scale))["events_per_s"]
                raw = (await raw_asyncpg(pg, database, single, scale))["events_per_s"]
                es = (await asyncio.to_thread(eventsourcing_recorder, pg, database, single, scale))["events_per_s"]
                figures |= {
                    f"append.{label}.ours_per_s": mine,
                    f"append.{label}.raw_asyncpg_per_s": raw,
                    f"append.{label}.eventsourcing_per_s": es,
                    f"append.{label}.ratio_to_raw_asyncpg": mine / raw,
                    f"append.{label}.ratio_to_eventsourcing": mine / es,
                }
            results.append(figures)
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM event_outbox"))
    finally:
        await engine.dispose()
    return results
