"""Rebuild every read model of a service, verify its hash chains, or re-publish its store to a fresh broker.

    python -m libs.events.replay rebuild SERVICE    # store-fed and topic-fed read models, from scratch
    python -m libs.events.replay verify SERVICE     # every stream's hash chain; names the first broken link
    python -m libs.events.replay republish SERVICE  # queue the whole store for the relay again

Run `rebuild` with the service stopped (its consumer must not run alongside).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
import time
from typing import Any

from sqlalchemy import text

from .consumer import ConsumerRunner, Projections, reset_consumer
from .db import Sql, transaction
from .envelope import Envelope, verify_chain
from .runtime import Runtime, ServiceDefinition, ServiceSettings, tune_gc

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


async def rebuild_from_topics(runtime: Runtime, timeout_s: float = 600.0) -> int:
    """Drop the topic-fed read models and offsets, then consume from the beginning until caught up.

    Policies do not run: what they appended is in the service's own store already.
    """
    definition = runtime.definition
    if not definition.topic_projections or not definition.consumes:
        return 0
    projection = Projections(definition.name, [make() for make in definition.topic_projections])
    async with transaction(runtime.engine) as conn:
        await reset_consumer(conn, definition.name, projection)
    runner = ConsumerRunner(
        runtime.engine,
        runtime.settings,
        definition.name,
        [runtime.settings.topic(t) for t in definition.consumes],
        runtime.store.registry,
        projection,
        log_each_event=False,
    )
    await runner.start()
    try:
        return await asyncio.wait_for(runner.pump(until_caught_up=True), timeout=timeout_s)
    except TimeoutError:
        raise TimeoutError(f"rebuild of {definition.name} not caught up after {timeout_s}s") from None
    finally:
        await runner.stop()


async def rebuild(runtime: Runtime, timeout_s: float = 600.0) -> dict[str, Any]:
    """Rebuild every read model of the service: from its own store, then from its topics."""
    tune_gc()
    started = time.perf_counter()
    from_store = await rebuild_from_store(runtime)
    from_topics = await rebuild_from_topics(runtime, timeout_s)
    return {
        "service": runtime.definition.name,
        "from_store": from_store,
        "from_topics": from_topics,
        "seconds": round(time.perf_counter() - started, 3),
    }


async def verify(runtime: Runtime, batch: int = 500) -> dict[str, Any]:
    """Check every stream's hash chain; the first broken link is named (stream, version, why)."""
    streams, events, after = 0, 0, ""
    async with runtime.engine.connect() as conn:
        while rows := await _STREAMS.fetch(conn, after=after, limit=batch):
            for (stream_id,) in rows:
                envelopes = [Envelope.model_validate_json(r[0]) for r in await _STREAM.fetch(conn, stream=stream_id)]
                verdict = verify_chain(envelopes)
                streams, events = streams + 1, events + verdict.checked
                if not verdict.ok:
                    return {
                        "service": runtime.definition.name,
                        "ok": False,
                        "stream": stream_id,
                        "version": verdict.broken_at_version,
                        "reason": verdict.reason,
                        "streams_checked": streams,
                    }
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


async def _main(action: str, service: str) -> int:
    definition, settings = load_service(service)
    runtime = Runtime(definition, settings)
    try:
        if action == "rebuild":
            result = await rebuild(runtime)
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
    """Command line: python -m libs.events.replay {rebuild|verify|republish} SERVICE."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("action", choices=["rebuild", "verify", "republish"])
    parser.add_argument("service")
    args = parser.parse_args()
    sys.exit(asyncio.run(_main(args.action, args.service)))


if __name__ == "__main__":
    main()
