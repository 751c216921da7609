"""Scale-out by partition: 1, 2 and 4 processes of matching's consumer in one group share intake's partitions.

    python -m bench.scaleout                 # the measurement on its own servers
    python -m bench.scaleout worker matching # one consumer process (what the bench and the kill test start)

A worker is the service's own consumer (`Runtime(DEFINITION, settings).consumer`: its projections and policies,
its group), in its own process. It joins the group and reports each assignment on stdout (`assigned 0,2`), waits
for `go` on stdin (so every member has joined before any record is read and no rebalance lands inside the
timing), then consumes until SIGTERM. With `--announce-batches` it prints `batch` inside each batch's
transaction and holds it open half a second: the kill test's moment to SIGKILL it mid-batch.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from deploy.local.infra import EmbeddedPostgres, TansuBroker
from libs.events.db import transaction
from libs.events.kafka import ensure_topics
from libs.events.projection import Projection
from libs.events.registry import EventData, Recorded
from libs.events.replay import load_service, reset_topic_fed
from libs.events.runtime import Runtime

from . import replay
from .common import servers

ROOT = Path(__file__).resolve().parents[1]
GROOTTES = (1, 2, 4)


class _Announcing:
    """Wraps the service's projections: says `batch` inside the transaction and keeps it open a while."""

    def __init__(self, inner: Projection) -> None:
        self.inner = inner
        self.name = inner.name
        self.tables = inner.tables

    async def apply(self, conn: AsyncConnection, events: Sequence[Recorded[EventData]]) -> None:
        print("batch", flush=True)
        await conn.execute(text("SELECT pg_sleep(0.5)"))
        await self.inner.apply(conn, events)


async def _worker(service: str, announce: bool, group: str | None) -> None:
    definition, settings = load_service(service)
    runtime = Runtime(definition, settings)
    runner = runtime.consumer
    assert runner is not None, f"{service} consumes no topic"
    runner.log_each_event = False
    if group:
        runner.name = group  # the group, and the key of its offsets and stream positions in the database
    if announce:
        runner.projection = _Announcing(runner.projection)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    go = asyncio.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), loop.call_soon_threadsafe(go.set)), daemon=True).start()
    await ensure_topics(settings, runner.topics)
    await runner.start()
    total = await runner.partition_count()
    reported: set[Any] = set()

    async def report() -> None:
        nonlocal reported
        while not stop.is_set():
            now = runner.assignment()
            if now != reported:
                reported = now
                mine = ",".join(f"{tp.topic}/{tp.partition}" for tp in sorted(now))
                print(f"assigned {total} {mine}", flush=True)
            await asyncio.sleep(0.05)

    reporter = asyncio.create_task(report())
    await go.wait()
    try:
        while not stop.is_set():
            try:
                await runner.pump(stop)
            except Exception as exc:  # as ConsumerRunner.run: a failed round is read again from stored offsets
                print(f"round failed {exc!r}", flush=True)
                await runner.seek_to_stored(list(runner.assignment()))
                await asyncio.sleep(0.2)
    finally:
        reporter.cancel()
        await runner.stop()
        await runtime.engine.dispose()


@dataclass
class Worker:
    """A worker process and the lines it printed."""

    process: subprocess.Popen[str]
    lines: queue.Queue[str] = field(default_factory=queue.Queue)
    assigned: set[str] = field(default_factory=set)
    partitions: int = 0

    def _take(self, line: str) -> None:
        if line.startswith("assigned"):
            parts = line.split()
            self.partitions = int(parts[1])
            self.assigned = set(parts[2].split(",")) if len(parts) > 2 else set()

    def read(self) -> None:
        """Take in what it printed so far (non-blocking)."""
        while True:
            try:
                self._take(self.lines.get_nowait())
            except queue.Empty:
                return

    def wait_for(self, prefix: str, deadline_s: float) -> str:
        """The next line starting with `prefix`, within the deadline."""
        until = time.monotonic() + deadline_s
        while time.monotonic() < until:
            try:
                line = self.lines.get(timeout=max(0.01, until - time.monotonic()))
            except queue.Empty:
                break
            self._take(line)
            if line.startswith(prefix):
                return line
        raise TimeoutError(f"worker printed no {prefix!r} within {deadline_s}s")


def start_workers(
    service: str, count: int, env: dict[str, str], group: str, announce: Sequence[bool] | None = None
) -> list[Worker]:
    """Start `count` worker processes of `service` in `group`; wait until the group has split the partitions.

    Each measurement gets a group of its own: tansu (the local broker) at times never assigns a group again
    once several members have left it, so a reused group name can hang a later round.
    """
    workers: list[Worker] = []
    for i in range(count):
        args = [sys.executable, "-m", "bench.scaleout", "worker", service, "--group", group]
        if announce and announce[i]:
            args.append("--announce-batches")
        process = subprocess.Popen(
            args, cwd=ROOT, env={**os.environ, **env}, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        worker = Worker(process)
        stdout: IO[str] | None = process.stdout
        assert stdout is not None
        threading.Thread(target=lambda s=stdout, w=worker: [w.lines.put(line) for line in s], daemon=True).start()
        workers.append(worker)
    until = time.monotonic() + 60
    while time.monotonic() < until:
        for worker in workers:
            worker.read()
        covered = [p for w in workers for p in w.assigned]
        total = max(w.partitions for w in workers)
        if total and len(covered) == total and len(set(covered)) == total and all(w.assigned for w in workers):
            return workers
        time.sleep(0.05)
    stop_workers(workers)
    seen = [(sorted(w.assigned), w.partitions, w.process.returncode) for w in workers]
    raise TimeoutError(f"the group did not split the partitions over every worker in 60 s: {seen}")


def go(workers: Sequence[Worker]) -> None:
    """Let every worker start consuming."""
    for worker in workers:
        assert worker.process.stdin is not None
        worker.process.stdin.write("go\n")
        worker.process.stdin.flush()


def stop_workers(workers: Sequence[Worker]) -> None:
    """SIGTERM each live worker and wait for it."""
    for worker in workers:
        if worker.process.poll() is None:
            worker.process.terminate()
    for worker in workers:
        try:
            worker.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.process.kill()


async def applied(database_url: str, consumer: str) -> int:
    """Events the consumer has applied (the sum of its streams' versions: every stream starts at 1)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            sql = text("SELECT coalesce(sum(version), 0) FROM consumer_streams WHERE consumer = :c")
            return int((await conn.execute(sql, {"c": consumer})).scalar_one())
    finally:
        await engine.dispose()


async def _reset(database_url: str, service: str, group: str) -> None:
    definition, _ = load_service(service)
    engine = create_async_engine(database_url)
    try:
        async with transaction(engine) as conn:
            await reset_topic_fed(conn, definition, group)
    finally:
        await engine.dispose()


def _one(env: dict[str, str], database_url: str, processes: int, events: int) -> float:
    group = f"matching-scaleout-{processes}-{time.monotonic_ns()}"
    asyncio.run(_reset(database_url, "matching", group))
    workers = start_workers("matching", processes, env, group)
    try:
        go(workers)
        started = time.perf_counter()
        while (done := asyncio.run(applied(database_url, group))) < events:
            if time.perf_counter() - started > 300:
                raise TimeoutError(f"{done} of {events} applied after 300 s")
            time.sleep(0.05)
        return events / (time.perf_counter() - started)
    finally:
        stop_workers(workers)


def measure(pg: EmbeddedPostgres, broker: TansuBroker, runs: int, quick: bool) -> list[dict[str, float]]:
    """Fill intake's topic once; per run, 1, 2 and 4 workers each consume it from the start in one group."""
    from services.matching.settings import Settings

    pg.create_database("bench_scaleout")
    from libs.events import migrate

    migrate.upgrade("matching", pg.url("bench_scaleout"))
    database_url = pg.url("bench_scaleout")
    settings = Settings(database_url=database_url, kafka_bootstrap_servers=broker.bootstrap_servers)
    aanmeldingen = 10_000 if quick else 30_000
    events = asyncio.run(replay.fill(settings, aanmeldingen))
    env = {
        "MATCHING_DATABASE_URL": database_url,
        "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
        "KAFKA_FETCH_MAX_WAIT_MS": "50",
        "KAFKA_SESSION_TIMEOUT_MS": "2000",
        "KAFKA_HEARTBEAT_INTERVAL_MS": "500",
        "CONSUMER_BATCH_SIZE": "2000",
        "LOG_LEVEL": "WARNING",
    }
    results = []
    for _ in range(runs):
        rates = {n: _one(env, database_url, n, events) for n in GROOTTES}
        results.append(
            {
                **{f"scaleout.{n}_processes.events_per_s": rate for n, rate in rates.items()},
                "scaleout.ratio_2_to_1": rates[2] / rates[1],
                "scaleout.ratio_4_to_1": rates[4] / rates[1],
            }
        )
    return results


def main() -> None:
    """`worker SERVICE` runs one consumer process; without arguments, the measurement on its own servers."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("role", nargs="?", choices=["worker"])
    parser.add_argument("service", nargs="?", default="matching")
    parser.add_argument("--announce-batches", action="store_true")
    parser.add_argument("--group", default=None, help="consumer group (default: the service's name)")
    args = parser.parse_args()
    if args.role == "worker":
        from libs.events.observability import configure_logging

        configure_logging(args.service, os.environ.get("LOG_LEVEL", "WARNING"))
        asyncio.run(_worker(args.service, args.announce_batches, args.group))
        return
    import json

    with servers("scaleout") as (pg, broker):
        print(json.dumps(measure(pg, broker, 3, quick=False), indent=2))


if __name__ == "__main__":
    main()
