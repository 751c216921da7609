"""Faults with real processes: kill -9 a service mid-batch, stall the broker, crash PostgreSQL under load.

Intake and matching run as uvicorn processes on their own PostgreSQL and broker, while front-office
clients register aanmeldingen and retry every failure with their Idempotency-Key. After the faults
the platform must have lost nothing (every acknowledged aanmelding stored once, every stored event on
the topic and applied by matching exactly once), dead-lettered nothing, be ready again with no lag,
and have written only JSON log lines. The short plan runs in `make test`; `make test-faults` runs the
long one (a 60 s broker stall, several rounds) and prints the counts and recovery times.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from deploy.local.infra import EmbeddedPostgres, TansuBroker, free_port, wait_for_port
from libs.events import migrate
from libs.events.contracts.intake import TOPIC
from tests.e2e.conftest import published
from tests.events.kafka_helpers import count_records
from tests.support import inwoner, token, wait_for

ROOT = Path(__file__).resolve().parents[2]
TOEGANG = token(["toegang"], ["GM0014"], sub="kcc")


def _bsn(n: int) -> str:
    """The n-th BSN of a sequence that passes the elfproef."""
    while True:
        digits = [int(c) for c in f"{n % 100_000_000:08d}"]
        check = sum(w * d for w, d in zip(range(9, 1, -1), digits, strict=True)) % 11
        n += 1
        if check < 10 and digits[0]:
            return "".join(map(str, digits)) + str(check)


@dataclass
class Service:
    """One service as a uvicorn process, killable and restartable."""

    name: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """Base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        """Start the process and wait until it listens."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", f"services.{self.name}.app:app", "--port", str(self.port)],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_for_port("127.0.0.1", self.port, timeout=60)

    def kill(self) -> None:
        """kill -9: no shutdown, whatever it was doing is cut off."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Graceful stop."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Cluster:
    """PostgreSQL, the broker, intake and matching, all real processes."""

    pg: EmbeddedPostgres
    broker: TansuBroker
    intake: Service
    matching: Service
    recovery_s: dict[str, list[float]] = field(default_factory=dict)

    async def _checks(self) -> list[httpx.Response] | None:
        try:
            async with httpx.AsyncClient(timeout=5) as client:
                return [(await client.get(f"{s.url}/ready")) for s in (self.intake, self.matching)]
        except httpx.HTTPError:
            return None

    async def applied(self) -> int:
        """Events matching's consumer applied since its process started (-1 when it does not answer)."""
        answers = await self._checks()
        return -1 if answers is None else int(answers[1].json()["checks"]["consumer"]["applied"])

    async def ready(self, applied_after: int = -1) -> bool:
        """Both services answer /ready 200, matching has no lag and applied more than `applied_after`."""
        answers = await self._checks()
        if answers is None or any(a.status_code != 200 for a in answers):
            return False
        consumer = answers[1].json()["checks"]["consumer"]
        return bool(consumer["lag"] == 0 and consumer["applied"] > applied_after)

    async def recovered(self, fault: str, since: float, applied_before: int = -1, deadline: float = 120) -> None:
        """Wait until ready and consuming again (progress under the running load); record how long it took."""
        await wait_for(
            lambda: self.ready(applied_before), timeout=deadline, interval=0.2, what=f"recovery after {fault}"
        )
        self.recovery_s.setdefault(fault, []).append(round(time.monotonic() - since, 1))


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    data = Path(tempfile.mkdtemp(prefix="regio-faults-"))
    pg = EmbeddedPostgres(data / "pg", port=free_port(), durable=True)
    broker = TansuBroker(port=free_port(), log_file=tmp_path / "tansu.log")
    pg.start()
    broker.start()
    try:
        env = {
            **os.environ,
            "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
            "KAFKA_SESSION_TIMEOUT_MS": "2000",
            "KAFKA_HEARTBEAT_INTERVAL_MS": "500",
            "KAFKA_FETCH_MAX_WAIT_MS": "50",
            "KAFKA_REQUEST_TIMEOUT_MS": "5000",
            "RELAY_LEASE_S": "8",
            "CONSUMER_PROBE_INTERVAL_S": "1",
            "CONSUMER_PROBE_TIMEOUT_S": "1",
            "CONSUMER_STALL_S": "15",
            "LOG_LEVEL": "INFO",
        }
        for name in ("intake", "matching"):
            pg.create_database(name)
            migrate.upgrade(name, pg.url(name))
            env[f"{name.upper()}_DATABASE_URL"] = pg.url(name)
        intake = Service("intake", free_port(), env, tmp_path / "intake.log")
        matching = Service("matching", free_port(), env, tmp_path / "matching.log")
        intake.start()
        matching.start()
        yield Cluster(pg, broker, intake, matching)
        intake.stop()
        matching.stop()
    finally:
        broker.stop()
        pg.stop()
        shutil.rmtree(data, ignore_errors=True)


@dataclass
class Load:
    """Front-office clients that keep registering aanmeldingen and retry each until it is acknowledged."""

    url: str
    acknowledged: dict[str, str] = field(default_factory=dict)  # Idempotency-Key -> aanmelding id
    attempts: int = 0
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(10_000_000))

    async def client(self, stop: asyncio.Event) -> None:
        """One client: a new aanmelding each time, the same key on every retry of it."""
        async with httpx.AsyncClient(base_url=self.url, timeout=10) as http:
            while not stop.is_set():
                n = next(self._numbers)
                key = f"fault-{n}"
                body = {
                    "gemeente": "GM0014",
                    "kanaal": "kcc",
                    "hulpvraag": "werk",
                    "persoon": {"bsn": _bsn(n * 13), "naam": "Fout Test", "geboortedatum": "1980-01-01"},
                }
                body["persoon"]["postcode"] = "9712CP"
                inwoner(body["persoon"]["bsn"], "Fout Test", "1980-01-01", "GM0014", "9712CP")
                while True:
                    self.attempts += 1
                    with contextlib.suppress(httpx.HTTPError):
                        answer = await http.post(
                            "/api/v1/aanmeldingen", json=body, headers={**TOEGANG, "Idempotency-Key": key}
                        )
                        if answer.status_code == 201:
                            self.acknowledged[key] = answer.json()["id"]
                            break
                        assert answer.status_code >= 500 or answer.status_code == 409, answer.text
                    await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def under_load(cluster: Cluster, clients: int = 4) -> AsyncIterator[Load]:
    """Clients run for the duration of the block, and finish their pending aanmelding after it."""
    load = Load(cluster.intake.url)
    stop = asyncio.Event()
    tasks = [asyncio.create_task(load.client(stop)) for _ in range(clients)]
    try:
        yield load
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=180)


@dataclass(frozen=True)
class Plan:
    """Which faults, how long, how often."""

    rounds: int
    broker_stall_s: float
    pg_down_s: float
    between_s: float


SHORT = Plan(rounds=1, broker_stall_s=3, pg_down_s=1, between_s=3)
LONG = Plan(rounds=3, broker_stall_s=60, pg_down_s=5, between_s=10)


async def _run(cluster: Cluster, plan: Plan) -> dict[str, Any]:
    await wait_for(cluster.ready, timeout=60, interval=0.2, what="the cluster to start")
    async with under_load(cluster) as load:
        for _ in range(plan.rounds):
            await asyncio.sleep(plan.between_s)
            cluster.matching.kill()  # mid-batch: it consumes continuously under this load
            since = time.monotonic()
            cluster.matching.start()
            await cluster.recovered("kill -9 matching", since, applied_before=0)

            await asyncio.sleep(plan.between_s)
            cluster.broker.pause()
            await wait_for(lambda: _not_ready(cluster.matching), timeout=30, what="matching unready, broker stalled")
            await asyncio.sleep(plan.broker_stall_s)
            before = await cluster.applied()
            cluster.broker.resume()
            await cluster.recovered("broker stall", time.monotonic(), applied_before=before)

            await asyncio.sleep(plan.between_s)
            before = await cluster.applied()
            cluster.pg.kill()
            await asyncio.sleep(plan.pg_down_s)
            await asyncio.to_thread(cluster.pg.start)
            await cluster.recovered("PostgreSQL crash", time.monotonic(), applied_before=before)
        await asyncio.sleep(plan.between_s)
    await cluster.recovered("end of load", time.monotonic())
    return await _verdict(cluster, load)


async def _not_ready(service: Service) -> bool:
    with contextlib.suppress(httpx.HTTPError):
        async with httpx.AsyncClient(timeout=5) as client:
            return (await client.get(f"{service.url}/ready")).status_code == 503
    return False


async def _verdict(cluster: Cluster, load: Load) -> dict[str, Any]:
    pg = cluster.pg
    intake = await asyncpg.connect(host=pg.host, port=pg.port, user="postgres", database="intake")
    matching = await asyncpg.connect(host=pg.host, port=pg.port, user="postgres", database="matching")
    try:
        aanmeldingen = await intake.fetch("SELECT stream_id FROM event_store WHERE stream_type = 'aanmelding'")
        stored_aanmeldingen = {str(r[0]) for r in aanmeldingen}
        heads = {
            r[0]: r[1] for r in await intake.fetch("SELECT stream_id, max(stream_version) FROM event_store GROUP BY 1")
        }
        event_ids = {str(r[0]) for r in await intake.fetch("SELECT event_id FROM event_store")}

        async def all_applied() -> bool:
            rows = await matching.fetch("SELECT stream_id, version FROM consumer_streams WHERE consumer = 'matching'")
            return {r[0]: r[1] for r in rows} == heads

        await wait_for(all_applied, timeout=60, what="matching to apply every stored event")
        applied_events = sum(heads.values())
        dead_letters_pending = await matching.fetchval("SELECT count(*) FROM dead_letters")
    finally:
        await intake.close()
        await matching.close()
    on_topic = [e["id"] for e in await published(cluster.broker.bootstrap_servers, TOPIC)]
    acknowledged = set(load.acknowledged.values())
    verdict = {
        "acknowledged": len(acknowledged),
        "attempts": load.attempts,
        "stored_aanmeldingen": len(stored_aanmeldingen),
        "stored_events": len(event_ids),
        "on_topic_distinct": len(set(on_topic)),
        "on_topic_with_duplicates": len(on_topic),
        "applied_events": applied_events,
        "dead_lettered": await count_records(cluster.broker.bootstrap_servers, TOPIC + ".dlq") + dead_letters_pending,
        "recovery_s": cluster.recovery_s,
    }
    assert acknowledged == stored_aanmeldingen, "an acknowledged aanmelding is missing, or one was stored twice"
    assert set(on_topic) == event_ids, "a stored event is not on the topic"
    assert applied_events == len(event_ids)
    assert verdict["dead_lettered"] == 0
    for log in (cluster.intake.log, cluster.matching.log):
        for line in log.read_text().splitlines():
            assert isinstance(json.loads(line), dict), f"{log.name}: not a JSON log line: {line[:200]}"
    return verdict


async def test_short_faults_lose_nothing_dead_letter_nothing_and_recover(cluster: Cluster) -> None:
    verdict = await _run(cluster, SHORT)
    print(json.dumps({"plan": "short", **verdict}))
    assert verdict["acknowledged"] > 0


@pytest.mark.faults_long
async def test_long_faults_lose_nothing_dead_letter_nothing_and_recover(cluster: Cluster) -> None:
    verdict = await _run(cluster, LONG)
    print(json.dumps({"plan": "long", **verdict}))
    assert verdict["acknowledged"] > 0
