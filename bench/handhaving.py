"""Handhaving at scale: one klant with 1,000 events among 100,000 others in the audit store.

1. `ingest`: handhaving started as in production (consumer, projections, policies) on topics that already
   hold every event; timed from the first stored event until the audit store has them all (joining the
   consumer group is not counted). Target: keeps up with 5,000 events/s.
2. `rebuild`: `replay rebuild` of the audit store from the same topics (no policies), in one process and in one
   process per core (`--processen`). Target ≥ 25,000/s in parallel on two cores.
3. `tijdlijn`: the klant's tijdlijn through the query path (scope check, LDV record and its event
   included), a page of 200 and all 1,000 events in five pages. Target: p95 under 50 ms.
4. `stand`: what was known about the klant now and what applied on one day, every stream folded with its
   own service's domain code. Target: under 100 ms.

`python -m bench.handhaving` runs it on its own; `make bench` runs it with the rest.
"""

from __future__ import annotations

import asyncio
import functools
import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from aiokafka import AIOKafkaProducer
from dateutil.relativedelta import relativedelta
from sqlalchemy import text

from libs.events import migrate
from libs.events.auth import Principal
from libs.events.contracts.uitkering import AanvraagIngediend, InkomenBron
from libs.events.contracts.verwerkingen import STREAM_TYPE, VerwerkingGelogd
from libs.events.db import transaction
from libs.events.envelope import new_event_id
from libs.events.kafka import ensure_topics
from libs.events.ondertekening import Sleutel, dev_sleutel
from libs.events.replay import rebuild_from_topics, reset_topic_fed
from libs.events.runtime import Runtime, tune_gc
from libs.events.store import NEW_STREAM, EventContext, seal_events
from services.handhaving import queries
from services.handhaving.app import DEFINITION
from services.handhaving.settings import Settings
from services.uitkering.aanvraag.recht import GeefInkomstenOp, geef_inkomsten_op
from services.uitkering.stand import bekende_geboortedata, evolve

from . import uitkering as uitkering_bench
from .common import latency_summary, servers

UITKERING_ID = UUID(int=1)  # pure decisions do not look at which stream a command names

ANDEREN = 99_000  # events of other klanten
KLANT = UUID("01a20000-0000-7000-8000-000000000001")
GEMEENTE = "GM0014"
CONTEXT = EventContext("bench", "bench")
INGANG = date(2026, 1, 1)  # the rule tables hold 2026
INKOMSTEN = 400
PROCESSEN = max(2, os.cpu_count() or 2)  # the parallel rebuild: one process per core


@functools.cache
def _sleutel(dienst: str) -> Sleutel:
    """The producer's development key: the audit store (in development mode) checks every signature, as live."""
    return Sleutel(dev_sleutel(dienst))


def _verwerking(klant: UUID, at: datetime, bron: str) -> bytes:
    record = new_event_id()
    event = VerwerkingGelogd(
        record_id=record,
        activiteit="intake-persoonsgegevens-raadplegen-uitkeringsverstrekking",
        naam="Persoonsgegevens raadplegen voor uitkeringsverstrekking",
        betrokkene=str(klant),
        rollen=["uitkeringsconsulent"],
        status=1,
        gestart_op=at,
    )
    envelopes, _ = seal_events(
        [event],
        head=NEW_STREAM,
        source=f"/regio/{bron}",
        stream_type=STREAM_TYPE,
        stream_id=str(record),
        subject=str(klant),
        gemeente=GEMEENTE,
        context=CONTEXT,
        time=at,
        sleutel=_sleutel(bron),
    )
    return envelopes[0].to_json()


def _uitkering(klant: UUID, at: datetime) -> list[bytes]:
    """An uitkering of the klant in 2026 with 400 inkomstenopgaven (small jobs, several employers a month)."""
    rng = random.Random(3)
    events, geboortedata = uitkering_bench._events(rng, "", "", ingang=INGANG, inkomsten=0)
    events = [e.model_copy(update={"klant_id": klant}) for e in events]
    state = None
    for e in events:
        state = evolve(state, e, bekende_geboortedata(geboortedata))
    for maand in range(INKOMSTEN):
        assert state is not None
        periode = INGANG + relativedelta(months=maand % 12)
        opgave = GeefInkomstenOp(
            periode,
            f"Werkgever {maand // 12}",
            Decimal(1),
            Decimal(6),
            Decimal(5),
            periode,
            periode + relativedelta(months=1, days=-1),
            InkomenBron.OPGAVE,
            at,
            uitkering_id=UITKERING_ID,
        )
        nieuw = geef_inkomsten_op(state, opgave)
        for e in nieuw:
            state = evolve(state, e, bekende_geboortedata(geboortedata))
        events += nieuw
    eerste = events[0]
    assert isinstance(eerste, AanvraagIngediend)
    envelopes, _ = seal_events(
        events,
        head=NEW_STREAM,
        source="/regio/uitkering",
        stream_type="uitkering",
        stream_id=str(eerste.uitkering_id),
        subject=str(klant),
        gemeente=GEMEENTE,
        context=CONTEXT,
        time=at,
        sleutel=_sleutel("uitkering"),
    )
    return [env.to_json() for env in envelopes]


async def _vul(settings: Settings) -> int:
    """Put the klant's 1,000 events and the others' on the topics; return how many."""
    await ensure_topics(settings, [settings.topic(t) for t in DEFINITION.consumes])
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers, acks="all", linger_ms=20, max_batch_size=1 << 20
    )
    await producer.start()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    aantal = 0
    try:
        eigen = _uitkering(KLANT, start)
        for value in eigen:
            await producer.send(settings.topic("uitkering.events"), value, key=str(KLANT).encode())
        for i in range(1000 - len(eigen)):
            bron = ("intake", "uitkering", "matching")[i % 3]
            at = start + timedelta(seconds=i)
            await producer.send(settings.topic(f"{bron}.events"), _verwerking(KLANT, at, bron), key=str(i).encode())
        aantal += 1000
        for i in range(ANDEREN):
            bron = ("intake", "uitkering", "matching")[i % 3]
            at = start + timedelta(seconds=i)
            klant = UUID(int=i + 1)
            await producer.send(settings.topic(f"{bron}.events"), _verwerking(klant, at, bron), key=str(i).encode())
        aantal += ANDEREN
        await producer.flush()
    finally:
        await producer.stop()
    return aantal


async def _tel(runtime: Runtime) -> int:
    async with runtime.engine.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM audit_events"))).scalar_one())


async def _ingest(settings: Settings, aantal: int, ronde: int) -> float:
    """Events per second of a live handhaving, from the first stored event on (the group join is not counted).

    Each round is a fresh Runtime in a consumer group of its own: a stopped Runtime does not start again, and
    tansu may never assign a group again once members have left it (see bench.scaleout.start_workers).
    """
    runtime = Runtime(DEFINITION, settings)
    assert runtime.consumer is not None
    runtime.consumer.name = f"{DEFINITION.name}-bench-{ronde}"
    try:
        async with transaction(runtime.engine) as conn:
            await reset_topic_fed(conn, runtime.definition, runtime.consumer.name)
        await runtime.start()
        try:
            begin = time.perf_counter()
            while (eerst := await _tel(runtime)) == 0:
                if time.perf_counter() - begin > 60:
                    raise TimeoutError("the audit store got nothing in 60 s")
                await asyncio.sleep(0.02)
            started = time.perf_counter()
            while (geteld := await _tel(runtime)) < aantal:
                if time.perf_counter() - started > 600:
                    raise TimeoutError(f"audit store at {geteld} of {aantal} after 600 s")
                await asyncio.sleep(0.05)
            seconds = time.perf_counter() - started
        finally:
            await runtime.stop()
    finally:
        await runtime.engine.dispose()
    return (aantal - eerst) / seconds


async def _reads(runtime: Runtime) -> dict[str, Any]:
    principal = Principal(sub="bench", roles=frozenset({"sociaal_rechercheur"}), gemeenten=frozenset({GEMEENTE}))
    pagina: list[float] = []
    alles: list[float] = []
    for _ in range(100):
        started = time.perf_counter()
        page = await queries.tijdlijn(
            runtime, principal, KLANT, dienst=None, type_=None, van=None, tot=None, cursor=None, limit=200
        )
        pagina.append(time.perf_counter() - started)
        assert len(page.items) == 200
    for _ in range(30):
        started = time.perf_counter()
        cursor, gezien = None, 0
        while True:
            page = await queries.tijdlijn(
                runtime, principal, KLANT, dienst=None, type_=None, van=None, tot=None, cursor=cursor, limit=200
            )
            gezien += len(page.items)
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
        alles.append(time.perf_counter() - started)
        assert gezien >= 1000, gezien
    stand: list[float] = []
    for _ in range(30):
        started = time.perf_counter()
        uit = await queries.stand_op(runtime, principal, KLANT, datetime.now(UTC), date(2026, 6, 15))
        stand.append(time.perf_counter() - started)
        assert any(s["streamType"] == "uitkering" for s in uit["streams"])
    return {
        "tijdlijn_page_of_200": latency_summary(pagina),
        "tijdlijn_all_1000_in_5_pages": latency_summary(alles),
        "target_tijdlijn_p95_ms": 50,
        "stand_now_and_valid_on_a_day": latency_summary(stand),
        "target_stand_ms": 100,
    }


async def measure(settings: Settings, runs: int) -> list[dict[str, float]]:
    """Fill the topics once; per run: live ingest from empty, a rebuild, and the klant's tijdlijn and state."""
    aantal = await _vul(settings)
    runtime = Runtime(DEFINITION, settings.model_copy(update={"consumer_batch_size": 5000}))
    tune_gc()
    results: list[dict[str, float]] = []
    try:
        for ronde in range(runs):
            ingest = await _ingest(settings.model_copy(update={"consumer_batch_size": 5000}), aantal, ronde)
            started = time.perf_counter()
            applied = await rebuild_from_topics(runtime, timeout_s=600)
            seconds = time.perf_counter() - started
            assert applied >= aantal, (applied, aantal)
            # The same rebuild read by one process per core, each its own partition numbers.
            started = time.perf_counter()
            parallel = await rebuild_from_topics(runtime, timeout_s=600, processen=PROCESSEN)
            parallel_seconds = time.perf_counter() - started
            assert parallel == applied, (parallel, applied)
            reads = await _reads(runtime)
            results.append(
                {
                    "handhaving.ingest.events_per_s": ingest,
                    "handhaving.rebuild.events_per_s": applied / seconds,
                    "handhaving.rebuild_parallel.events_per_s": parallel / parallel_seconds,
                    "handhaving.rebuild_parallel.processes": PROCESSEN,
                    "handhaving.tijdlijn_page_of_200.p95_ms": reads["tijdlijn_page_of_200"]["p95_ms"],
                    "handhaving.tijdlijn_all_1000.p95_ms": reads["tijdlijn_all_1000_in_5_pages"]["p95_ms"],
                    "handhaving.stand_op_and_geldig.p95_ms": reads["stand_now_and_valid_on_a_day"]["p95_ms"],
                }
            )
    finally:
        await runtime.engine.dispose()
    return results


def main() -> None:
    """Run on its own: embedded PostgreSQL and tansu, print JSON."""
    import json

    from libs.events.observability import configure_logging

    configure_logging("bench", "WARNING")
    with servers("handhaving") as (pg, broker):
        pg.create_database("bench_handhaving")
        migrate.upgrade("handhaving", pg.url("bench_handhaving"))
        settings = Settings(
            database_url=pg.url("bench_handhaving"),
            kafka_bootstrap_servers=broker.bootstrap_servers,
            kafka_fetch_max_wait_ms=50,
            log_level="WARNING",
        )
        print(json.dumps(asyncio.run(measure(settings, 3)), indent=2))


if __name__ == "__main__":
    main()
