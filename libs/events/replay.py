"""Rebuild a service's read models from its topics; re-publish its event store to a fresh broker."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import time
from typing import Any

from .consumer import ConsumerRunner, reset_consumer
from .db import transaction
from .runtime import Runtime, ServiceDefinition, ServiceSettings, tune_gc


async def rebuild(runtime: Runtime, timeout_s: float = 600.0) -> dict[str, Any]:
    """Drop the consumer's read models and offsets, then consume from the beginning until caught up.

    Run it with the service's own consumer stopped (the CLI does; tests stop the app first).
    """
    definition = runtime.definition
    if definition.projection is None:
        raise ValueError(f"{definition.name} has no read models to rebuild")
    projection = definition.projection()
    async with transaction(runtime.engine) as conn:
        await reset_consumer(conn, definition.name, projection)
    from .contracts import registry

    runner = ConsumerRunner(
        runtime.engine,
        runtime.settings,
        definition.name,
        [runtime.settings.topic(t) for t in definition.consumes],
        registry,
        projection,
        log_each_event=False,
    )
    tune_gc()
    started = time.perf_counter()
    await runner.start()
    try:
        applied = await asyncio.wait_for(runner.pump(until_caught_up=True), timeout=timeout_s)
    except TimeoutError:
        raise TimeoutError(f"rebuild of {definition.name} not caught up after {timeout_s}s") from None
    finally:
        await runner.stop()
    elapsed = time.perf_counter() - started
    return {"service": definition.name, "applied": applied, "seconds": round(elapsed, 3)}


async def republish(runtime: Runtime) -> int:
    """Queue the whole event store for the relay again; return how many events were queued."""
    async with transaction(runtime.engine) as conn:
        return await runtime.store.republish_all(conn)


def load_service(name: str) -> tuple[ServiceDefinition, ServiceSettings]:
    """The definition and settings of `services.<name>`."""
    module = importlib.import_module(f"services.{name}.app")
    settings_module = importlib.import_module(f"services.{name}.settings")
    return module.DEFINITION, settings_module.Settings()


async def _main(action: str, service: str) -> None:
    definition, settings = load_service(service)
    runtime = Runtime(definition, settings)
    try:
        if action == "rebuild":
            print(await rebuild(runtime))
        else:
            count = await republish(runtime)
            print(
                {
                    "service": service,
                    "queued_for_relay": count,
                    "note": "the running service's relay publishes them",
                }
            )
    finally:
        await runtime.engine.dispose()


def main() -> None:
    """Command line: python -m libs.events.replay {rebuild|republish} SERVICE."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("action", choices=["rebuild", "republish"])
    parser.add_argument("service")
    args = parser.parse_args()
    asyncio.run(_main(args.action, args.service))


if __name__ == "__main__":
    main()
