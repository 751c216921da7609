"""CPU per unit of work on each path, for the capacity model in docs/performance.md.

Each path runs alone on an otherwise idle machine; its cost is the machine's busy CPU time while it runs (from
`/proc/stat`: every process together, so Python, PostgreSQL, the broker and child processes all count), divided by
the units it did. Setting up (seeding, filling topics) is outside the measured stretch.

    python -m bench.capaciteit   # about five minutes on a 2-core machine; JSON to bench/results/capaciteit.json

The model that turns these figures into cores, partitions and storage is deploy/capaciteit.py.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections.abc import Awaitable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
from sqlalchemy import text

from libs.events import migrate
from libs.events.auth import Principal
from libs.events.db import create_engine
from libs.events.kafka import ensure_topics
from libs.events.observability import configure_logging
from libs.events.relay import OutboxRelay
from libs.events.replay import rebuild_from_topics
from libs.events.runtime import Runtime, tune_gc
from libs.events.settings import CommonSettings
from services.handhaving import queries
from services.handhaving.app import DEFINITION as HANDHAVING
from services.handhaving.settings import Settings as HandhavingSettings
from services.matching.app import DEFINITION as MATCHING
from services.matching.app import build_app
from services.matching.settings import Settings as MatchingSettings
from services.uitkering.app import DEFINITION as UITKERING
from services.uitkering.settings import Settings as UitkeringSettings

from . import eventstore, replay
from . import handhaving as hh
from . import matching as mb
from . import uitkering as ub
from .common import servers

T = TypeVar("T")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _busy_seconds() -> float:
    """Busy CPU time of the whole machine so far, summed over its cores."""
    with open("/proc/stat", encoding="ascii") as fh:
        velden = [int(v) for v in fh.readline().split()[1:9]]
    idle = velden[3] + velden[4]  # idle and iowait
    return (sum(velden) - idle) / os.sysconf("SC_CLK_TCK")


def _postgres_seconds() -> float:
    """CPU time used so far by PostgreSQL's processes (user and system, living ones)."""
    totaal = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            tekst = stat.read_text(encoding="ascii", errors="replace")
        except OSError:
            continue  # gone meanwhile
        naam, rest = tekst[tekst.index("(") + 1 : tekst.rindex(")")], tekst[tekst.rindex(")") + 2 :].split()
        if naam == "postgres":
            totaal += int(rest[11]) + int(rest[12])  # utime, stime (fields 14 and 15)
    return totaal / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Meting:
    """Busy CPU seconds of the machine, of which PostgreSQL's, and wall seconds."""

    cpu: float
    postgres: float
    wall: float


async def _gemeten(werk: Awaitable[T]) -> tuple[T, Meting]:
    """The result of `werk` and what it cost."""
    cpu, pg, wall = _busy_seconds(), _postgres_seconds(), time.perf_counter()
    uit = await werk
    return uit, Meting(_busy_seconds() - cpu, _postgres_seconds() - pg, time.perf_counter() - wall)


def _rij(pad: str, eenheid: str, aantal: int, meting: Meting) -> dict[str, Any]:
    return {
        "pad": pad,
        "eenheid": eenheid,
        "aantal": aantal,
        "cpu_ms_per_eenheid": round(meting.cpu / aantal * 1000, 3),
        # PostgreSQL's processes that ended during the stretch (a backend closing) are not counted: a lower bound.
        "waarvan_postgres_ms": round(meting.postgres / aantal * 1000, 3),
        "wall_s": round(meting.wall, 2),
        "cores_bezig": round(meting.cpu / meting.wall, 2),
    }


async def _bytes_per_rij(engine: Any, tabel: str) -> int:
    """What a row of `tabel` takes on disk with its indexes and TOAST (the bench's events: small payloads)."""
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.exec_driver_sql(f"VACUUM ANALYZE {tabel}")
        sql = f"SELECT pg_total_relation_size('{tabel}') / count(*) FROM {tabel}"
        grootte = (await conn.execute(text(sql))).scalar()
    return int(grootte or 0)


async def append_en_relay(pg: Any, kafka: dict[str, Any]) -> list[dict[str, Any]]:
    """A command's append (8 writers, one event per transaction), then the relay publishing those events."""
    pg.create_database("cap_store")
    await asyncio.to_thread(migrate.upgrade, "matching", pg.url("cap_store"))
    engine = create_engine(pg.url("cap_store"))
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DELETE FROM event_outbox"))
        uit, meting = await _gemeten(eventstore.ours(engine, single=True, scale=0.5))
        rijen = [_rij("append (one event per transaction)", "command", uit["events"], meting)]
        rijen[0]["bytes_per_event"] = await _bytes_per_rij(engine, "event_store")
        settings = CommonSettings(**kafka)
        topic = settings.topic("cap.events")
        await ensure_topics(settings, [topic])
        relay = OutboxRelay(engine, settings, "cap", topic)
        stop = asyncio.Event()

        async def leeg() -> None:
            taak = asyncio.create_task(relay.run(stop))
            while True:
                async with engine.connect() as conn:
                    if not (await conn.execute(text("SELECT count(*) FROM event_outbox"))).scalar():
                        break
                await asyncio.sleep(0.05)
            stop.set()
            await taak

        _, meting = await _gemeten(leeg())
        rijen.append(_rij("relay (outbox to topic)", "event", uit["events"], meting))
        return rijen
    finally:
        await engine.dispose()


async def consumer(pg: Any, kafka: dict[str, Any]) -> dict[str, Any]:
    """A read model fed from a topic: matching's kandidaten rebuilt from intake's events."""
    pg.create_database("cap_replay")
    await asyncio.to_thread(migrate.upgrade, "matching", pg.url("cap_replay"))
    # Topics of its own: the audit store measured next reads every topic of the platform's names.
    settings = MatchingSettings(
        database_url=pg.url("cap_replay"), consumer_batch_size=5000, kafka_topic_prefix="cap.", **kafka
    )
    events = await replay.fill(settings, 20_000)
    runtime = Runtime(MATCHING, settings)
    try:
        applied, meting = await _gemeten(rebuild_from_topics(runtime))
        assert applied == events
    finally:
        await runtime.engine.dispose()
    return _rij("consumer (matching's kandidaten from intake)", "event", applied, meting)


async def auditstore(pg: Any, kafka: dict[str, Any]) -> list[dict[str, Any]]:
    """The audit store taking every event (signature, chain, head), and a page of a klant's tijdlijn."""
    pg.create_database("cap_audit")
    await asyncio.to_thread(migrate.upgrade, "handhaving", pg.url("cap_audit"))
    settings = HandhavingSettings(database_url=pg.url("cap_audit"), consumer_batch_size=5000, **kafka)
    hh.ANDEREN = 19_000
    aantal = await hh._vul(settings)
    runtime = Runtime(HANDHAVING, settings)
    try:
        applied, meting = await _gemeten(rebuild_from_topics(runtime))
        assert applied >= aantal
        rijen = [_rij("audit store (every event of every service)", "event", applied, meting)]
        rijen[0]["bytes_per_event"] = await _bytes_per_rij(runtime.engine, "audit_events")
        principal = Principal(sub="bench", roles=frozenset({"sociaal_rechercheur"}), gemeenten=frozenset({hh.GEMEENTE}))

        async def paginas() -> None:
            for _ in range(100):
                page = await queries.tijdlijn(
                    runtime, principal, hh.KLANT, dienst=None, type_=None, van=None, tot=None, cursor=None, limit=200
                )
                assert len(page.items) == 200

        _, meting = await _gemeten(paginas())
        rijen.append(_rij("tijdlijn (a page of 200, scope check and its LDV record)", "page", 100, meting))
        return rijen
    finally:
        await runtime.engine.dispose()


async def ranking(pg: Any, kafka: dict[str, Any], kandidaten: int = 20_000, requests: int = 100) -> dict[str, Any]:
    """Ranking a region's kandidaten for a vacature over HTTP (in-process ASGI), one request at a time."""
    pg.create_database("cap_matching")
    await asyncio.to_thread(migrate.upgrade, "matching", pg.url("cap_matching"))
    settings = MatchingSettings(database_url=pg.url("cap_matching"), **kafka)
    rng = random.Random(4)
    _, vacature_ids, headers = await mb.pool(settings.database_url, rng, kandidaten)
    app = build_app(settings)
    paden = [f"/api/v1/matches/vacatures/{v}" for v in rng.sample(vacature_ids, requests + 10)]
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for pad in paden[:10]:  # warm-up: prepared statements, caches
                (await client.get(pad, headers=headers)).raise_for_status()

            async def vragen() -> None:
                for pad in paden[10:]:
                    (await client.get(pad, params={"limit": 20}, headers=headers)).raise_for_status()

            _, meting = await _gemeten(vragen())
    return _rij(f"ranking ({kandidaten} kandidaten, page of 20)", "request", requests, meting)


async def betaalrun(pg: Any, kafka: dict[str, Any], aantal: int = 5_000) -> dict[str, Any]:
    """The month's betaalrun of toegekende uitkeringen, as the command line runs it (one process per core)."""
    pg.create_database("cap_uitkering")
    await asyncio.to_thread(migrate.upgrade, "uitkering", pg.url("cap_uitkering"))
    settings = UitkeringSettings(database_url=pg.url("cap_uitkering"), **kafka)
    runtime = Runtime(UITKERING, settings)
    try:
        await ub._seed(runtime, aantal)
    finally:
        await runtime.engine.dispose()
    _, meting = await _gemeten(ub.betaalrun_cli(settings.database_url, ub.PROCESSEN))
    return _rij("betaalrun (recht, ledger, payment of a toegekende uitkering)", "uitkering", aantal, meting)


async def measure(pg: Any, kafka: dict[str, Any]) -> dict[str, Any]:
    """Every path, one after the other."""
    tune_gc()
    rijen = await append_en_relay(pg, kafka)
    rijen.append(await consumer(pg, kafka))
    rijen.extend(await auditstore(pg, kafka))
    rijen.append(await ranking(pg, kafka))
    rijen.append(await betaalrun(pg, kafka))
    return {"cpus": os.cpu_count(), "load_average": os.getloadavg(), "paden": rijen}


def main() -> None:
    """Run on its own: embedded PostgreSQL and tansu, print JSON."""
    configure_logging("bench", "WARNING")
    with servers("capaciteit") as (pg, broker):
        kafka = {"kafka_bootstrap_servers": broker.bootstrap_servers, "kafka_fetch_max_wait_ms": 50}
        kafka["log_level"] = "WARNING"
        uitslag = json.dumps(asyncio.run(measure(pg, kafka)), indent=2)
    uit = Path(ROOT, "bench", "results")
    uit.mkdir(exist_ok=True)
    (uit / "capaciteit.json").write_text(uitslag + "\n", encoding="utf-8")
    print(uitslag)


if __name__ == "__main__":
    main()
