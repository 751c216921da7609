"""Rebuild every read model of a service, verify its hash chains, or re-publish its store to a fresh broker.

    python -m libs.events.replay rebuild SERVICE    # store-fed and topic-fed read models, from scratch
    python -m libs.events.replay rebuild SERVICE --processen 4   # the topics read by four processes
    python -m libs.events.replay verify SERVICE     # every stream's hash chain; names the first broken link
    python -m libs.events.replay verify --all       # every service reconciled with the audit store, both ways
    python -m libs.events.replay republish SERVICE  # queue the whole store for the relay again

Run `rebuild` with the service stopped (its consumer must not run alongside).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import httpx
from aiokafka import TopicPartition
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from .consumer import ConsumerRunner, reset_consumer
from .db import Sql, connection, transaction
from .kafka import make_consumer
from .observability import configure_logging
from .ondertekening import Sleutelring
from .projection import Projections
from .reconciliatie import vergelijk
from .runtime import Runtime, ServiceDefinition, ServiceSettings, tune_gc
from .store import keten_breuk

_STREAMS = Sql(
    "SELECT stream_id FROM event_store WHERE stream_id > :after GROUP BY stream_id ORDER BY stream_id LIMIT :limit"
)
_STREAM = Sql("SELECT envelope::text FROM event_store WHERE stream_id = :stream ORDER BY stream_version")


async def rebuild_from_store(runtime: Runtime, batch: int = 1000) -> int:
    """Empty the store-fed read models and apply the whole event store again, in one transaction."""
    projections = runtime.inline_projections
    if not projections:
        return 0
    tables = [t for p in projections for t in p.tables]
    count, position = 0, 0
    async with transaction(runtime.engine) as conn:
        if tables:
            await conn.execute(text(f"TRUNCATE {', '.join(tables)}"))
        while page := await runtime.store.read_all(conn, position, limit=batch):
            decoded = [runtime.store.registry.decode(env) for _, env in page]
            for projection in projections:
                await projection.apply(conn, decoded)
            position, count = page[-1][0], count + len(page)
    return count


async def reset_topic_fed(
    conn: AsyncConnection, definition: ServiceDefinition, consumer: str | None = None
) -> Projections:
    """Empty the topic-fed read models and forget `consumer`'s offsets and stream marks (default: the service's).

    Returns the fresh projections, to consume into from the beginning.
    """
    name = consumer or definition.name
    projection = Projections(name, [make() for make in definition.topic_projections])
    await reset_consumer(conn, name, projection)
    return projection


async def rebuild_from_topics(runtime: Runtime, timeout_s: float = 600.0, processen: int = 1) -> int:
    """Drop the topic-fed read models and offsets, then consume from the beginning until caught up.

    With `processen` > 1 the partitions are read by that many processes, each its own group of partition numbers
    (every topic's partition n in the same process: events are keyed by subject, so a klant's events stay in one
    process, as they stay with one instance of a running service). Policies do not run: what they appended is in
    the service's own store already.
    """
    definition = runtime.definition
    if not definition.topic_projections or not definition.consumes:
        return 0
    async with transaction(runtime.engine) as conn:
        projection = await reset_topic_fed(conn, definition)
    if processen <= 1:
        return await _consume_partitions(runtime, projection, None, timeout_s)
    groepen = _partition_groups(await _partitions(runtime), processen)
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(len(groepen), mp_context=multiprocessing.get_context("spawn")) as pool:
        counts = await asyncio.gather(
            *(
                loop.run_in_executor(pool, _rebuild_partitions, definition.name, runtime.settings, groep, timeout_s)
                for groep in groepen
            )
        )
    return sum(counts)


async def _consume_partitions(
    runtime: Runtime, projection: Projections, partitions: list[TopicPartition] | None, timeout_s: float
) -> int:
    """Consume these partitions (default: all of the service's topics) into `projection` until caught up."""
    definition = runtime.definition
    runner = ConsumerRunner(
        runtime.engine,
        runtime.settings,
        definition.name,
        [runtime.settings.topic(t) for t in definition.consumes],
        runtime.store.registry,
        projection,
        log_each_event=False,
    )
    await runner.start_assigned(partitions)
    try:
        return await asyncio.wait_for(runner.pump(until_caught_up=True), timeout=timeout_s)
    except TimeoutError:
        raise TimeoutError(f"rebuild of {definition.name} not caught up after {timeout_s}s") from None
    finally:
        await runner.stop()


async def _partitions(runtime: Runtime) -> list[TopicPartition]:
    """Every partition of the service's consumed topics, from the broker's metadata."""
    consumer = make_consumer(runtime.settings, group_id=None)
    await consumer.start()
    try:
        await consumer.topics()
        return [
            TopicPartition(topic, p)
            for topic in (runtime.settings.topic(t) for t in runtime.definition.consumes)
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
    finally:
        await consumer.stop()


def _partition_groups(partitions: list[TopicPartition], processen: int) -> list[list[TopicPartition]]:
    """Partitions grouped by partition number modulo `processen` (empty groups left out)."""
    groepen = [[tp for tp in partitions if tp.partition % processen == i] for i in range(processen)]
    return [g for g in groepen if g]


def _rebuild_partitions(
    service: str, settings: ServiceSettings, partitions: list[TopicPartition], timeout_s: float
) -> int:
    """In a process of its own: consume these partitions into fresh projections of the service."""
    definition = importlib.import_module(f"services.{service}.app").DEFINITION

    async def run() -> int:
        configure_logging(service, settings.log_level)
        tune_gc()
        runtime = Runtime(definition, settings)
        try:
            projection = Projections(definition.name, [make() for make in definition.topic_projections])
            return await _consume_partitions(runtime, projection, partitions, timeout_s)
        finally:
            await runtime.engine.dispose()

    return asyncio.run(run())


async def rebuild(runtime: Runtime, timeout_s: float = 600.0, processen: int = 1) -> dict[str, Any]:
    """Rebuild every read model of the service: from its own store, then from its topics (in `processen`)."""
    tune_gc()
    started = time.perf_counter()
    from_store = await rebuild_from_store(runtime)
    from_topics = await rebuild_from_topics(runtime, timeout_s, processen)
    return {
        "service": runtime.definition.name,
        "from_store": from_store,
        "from_topics": from_topics,
        "processen": processen,
        "seconds": round(time.perf_counter() - started, 3),
    }


async def verify(runtime: Runtime, batch: int = 500) -> dict[str, Any]:
    """Check every stream's hash chain and signature; the first broken link is named (stream, version, why)."""
    streams, events, after = 0, 0, ""
    ring = eigen_ring(runtime)
    async with connection(runtime.engine) as conn:
        while rows := await _STREAMS.fetch(conn, after=after, limit=batch):
            for (stream_id,) in rows:
                texts = [str(r[0]) for r in await _STREAM.fetch(conn, stream=stream_id)]
                breuk = keten_breuk(texts, ring, runtime.definition.name)
                streams += 1
                if breuk is not None:
                    return {
                        "service": runtime.definition.name,
                        "ok": False,
                        "stream": stream_id,
                        "version": breuk[0],
                        "reason": breuk[1],
                        "streams_checked": streams,
                    }
                events += len(texts)
            after = rows[-1][0]
    return {"service": runtime.definition.name, "ok": True, "streams": streams, "events": events}


async def republish(runtime: Runtime) -> int:
    """Queue the whole event store for the relay again; return how many events were queued."""
    async with transaction(runtime.engine) as conn:
        return await runtime.store.republish_all(conn)


def load_service(name: str) -> tuple[ServiceDefinition, ServiceSettings]:
    """The definition and settings of `services.<name>`."""
    module = importlib.import_module(f"services.{name}.app")
    settings_module = importlib.import_module(f"services.{name}.settings")
    return module.DEFINITION, settings_module.Settings()


AUDIT_SERVICE = "handhaving"


def eigen_ring(runtime: Runtime) -> Sleutelring:
    """The service's own public keys (current and earlier), to check the signatures in its own store."""
    ring = Sleutelring()
    ring.voeg_toe(runtime.definition.name, runtime.sleutel.jwks())
    return ring


_GELEERD = Sql("SELECT bron, jwk::text FROM audit_sleutels")


async def gepubliceerde_sleutels(audit: AsyncConnection) -> Sleutelring:
    """The producers' public keys as the audit store learnt them from their JWK Sets, and as they publish them now.

    A signature is checked against what the producer published, not against a private key in this shell's
    environment (one environment holds at most one service's key).
    """
    from .services import SERVICES

    ring = Sleutelring()
    for bron, jwk in await _GELEERD.fetch(audit):
        ring.voeg_toe(str(bron), {"keys": [json.loads(jwk)]})
    async with httpx.AsyncClient(timeout=5.0) as client:
        for service in SERVICES:
            basis = os.environ.get(f"{service.name.upper()}_URL", f"http://127.0.0.1:{service.port}")
            # Not running here: the keys the audit store learnt are the published ones.
            with contextlib.suppress(httpx.HTTPError, ValueError):
                ring.voeg_toe(service.name, (await client.get(basis + service.jwks_path)).raise_for_status().json())
    return ring


async def verify_all(settings: dict[str, ServiceSettings] | None = None) -> dict[str, Any]:
    """Reconcile every service's store with the audit store, both ways (libs/events/reconciliatie).

    Every difference is named with service, stream and version: a broken own chain or signature, an event missing
    from the audit store or stored there with another hash, an audit copy that is not (or no longer) in the
    service's store, and an audit copy altered since it arrived.
    """
    from .services import SERVICES

    gekozen = settings or {}
    definition, audit_settings = load_service(AUDIT_SERVICE)
    audit = Runtime(definition, gekozen.get(AUDIT_SERVICE, audit_settings))
    uitkomst: dict[str, Any] = {"ok": True, "services": [], "verschillen": []}
    try:
        async with connection(audit.engine) as kopie:
            ring = await gepubliceerde_sleutels(kopie)
        # Handhaving's own store too: its topic is in the audit store like every other.
        for service in SERVICES:
            eigen_def, eigen_settings = load_service(service.name)
            runtime = Runtime(eigen_def, gekozen.get(service.name, eigen_settings))
            ring.voeg_toe(service.name, runtime.sleutel.jwks())
            try:
                async with connection(runtime.engine) as eigen, connection(audit.engine) as kopie:
                    uitslag = await vergelijk(service.name, eigen, kopie, ring)
            finally:
                await runtime.engine.dispose()
            uitkomst["services"].append(
                {
                    "service": service.name,
                    "streams": uitslag.streams,
                    "events": uitslag.events,
                    "vergeleken_met_audit_store": uitslag.vergeleken_met_audit_store,
                    "verschillen": len(uitslag.verschillen),
                }
            )
            uitkomst["verschillen"].extend(v.als_json() for v in uitslag.verschillen)
    finally:
        await audit.engine.dispose()
    uitkomst["ok"] = not uitkomst["verschillen"]
    return uitkomst


async def _main(action: str, service: str, processen: int) -> int:
    definition, settings = load_service(service)
    runtime = Runtime(definition, settings)
    try:
        if action == "rebuild":
            result = await rebuild(runtime, processen=processen)
        elif action == "verify":
            result = await verify(runtime)
        else:
            count = await republish(runtime)
            result = {"service": service, "queued_for_relay": count, "note": "the running relay publishes them"}
    finally:
        await runtime.engine.dispose()
    print(json.dumps(result))
    return 0 if result.get("ok", True) else 1


def main() -> None:
    """Command line: python -m libs.events.replay {rebuild|verify|republish} SERVICE, or verify --all."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("action", choices=["rebuild", "verify", "republish"])
    parser.add_argument("service", nargs="?")
    parser.add_argument("--all", action="store_true", help="verify: every service, and against the audit store")
    parser.add_argument(
        "--processen", type=int, default=1, help="rebuild: read the topics in this many processes (default 1)"
    )
    args = parser.parse_args()
    if args.action == "verify" and args.all:
        result = asyncio.run(verify_all())
        print(json.dumps(result, default=str))
        sys.exit(0 if result["ok"] else 1)
    if not args.service:
        parser.error("SERVICE is required (or verify --all)")
    sys.exit(asyncio.run(_main(args.action, args.service, max(1, args.processen))))


if __name__ == "__main__":
    main()
