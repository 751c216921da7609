"""Faults with real processes: two instances of every service, kill -9 mid-batch, stall the broker, crash PostgreSQL.

Every service runs as two uvicorn processes on one PostgreSQL and one broker (the instances of a service share
its database and its consumer group), while front-office clients register aanmeldingen at either intake
instance and retry every failure with their Idempotency-Key. One instance of every service is killed mid-batch
and started again (its partitions move to the other instance and back), the broker stalls, PostgreSQL crashes.
Afterwards the platform must have lost nothing (every acknowledged aanmelding stored once, every stored event on
the topic, applied by every consumer of it and in the audit store exactly once), dead-lettered nothing, be ready
again with no lag, have written only JSON log lines, and every topic-fed read model must equal a rebuild of it
from the topics. The short plan runs in `make test`; `make test-faults` runs the long one (a 60 s broker stall,
several rounds) and prints the counts and recovery times.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import importlib
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
from libs.events.replay import rebuild_from_topics
from libs.events.runtime import Runtime
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


NAMEN = ("intake", "matching", "werkgevers", "uitkering", "trajecten", "handhaving")
INSTANCES = 2


@dataclass
class Cluster:
    """PostgreSQL, the broker and two instances of every service, all real processes."""

    pg: EmbeddedPostgres
    broker: TansuBroker
    services: dict[str, list[Service]]
    recovery_s: dict[str, list[float]] = field(default_factory=dict)

    @property
    def instances(self) -> list[Service]:
        """Every process of every service."""
        return [i for name in NAMEN for i in self.services[name]]

    async def _checks(self) -> list[httpx.Response] | None:
        try:
            async with httpx.AsyncClient(timeout=5) as client:
                return list(await asyncio.gather(*(client.get(f"{s.url}/ready") for s in self.instances)))
        except httpx.HTTPError:
            return None

    async def applied(self) -> int:
        """Events the consumers of every instance applied since their processes started (-1 when one is down)."""
        answers = await self._checks()
        if answers is None:
            return -1
        return sum(int(a.json()["checks"]["consumer"]["applied"]) for a in answers)

    async def ready(self, applied_after: int = -1) -> bool:
        """Every instance answers /ready 200 with no lag, and together they applied more than `applied_after`."""
        answers = await self._checks()
        if answers is None or any(a.status_code != 200 for a in answers):
            return False
        consumers = [a.json()["checks"]["consumer"] for a in answers]
        return all(c["lag"] == 0 for c in consumers) and sum(c["applied"] for c in consumers) > applied_after

    async def recovered(self, fault: str, since: float, applied_before: int = -1, deadline: float = 120) -> None:
        """Wait until ready and consuming again (progress under the running load); record how long it took."""
        try:
            await wait_for(
                lambda: self.ready(applied_before), timeout=deadline, interval=0.2, what=f"recovery after {fault}"
            )
        except AssertionError as timed_out:
            raise AssertionError(f"{timed_out}; not ready: {await self.unready()}") from None
        self.recovery_s.setdefault(fault, []).append(round(time.monotonic() - since, 1))

    async def unready(self) -> dict[str, Any]:
        """What each instance that is not ready says about itself."""
        uit: dict[str, Any] = {}
        async with httpx.AsyncClient(timeout=5) as client:
            for instance in self.instances:
                try:
                    answer = await client.get(f"{instance.url}/ready")
                except httpx.HTTPError as exc:
                    uit[instance.log.stem] = repr(exc)
                    continue
                checks = answer.json().get("checks", {})
                if answer.status_code != 200 or checks.get("consumer", {}).get("lag"):
                    uit[instance.log.stem] = checks
        return uit


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    data = Path(tempfile.mkdtemp(prefix="regio-faults-"))
    pg = EmbeddedPostgres(data / "pg", port=free_port(), durable=True)
    broker = TansuBroker(port=free_port(), log_file=tmp_path / "tansu.log")
    pg.start()
    broker.start()
    services: dict[str, list[Service]] = {}
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
            "UWV_INTERVAL_S": "3600",
            "TIMER_INTERVAL_S": "3600",
        }
        for name in NAMEN:
            pg.create_database(name)
            migrate.upgrade(name, pg.url(name))
            env[f"{name.upper()}_DATABASE_URL"] = pg.url(name)
        ports = {name: [free_port() for _ in range(INSTANCES)] for name in NAMEN}
        env["INTAKE_URL"] = f"http://127.0.0.1:{ports['intake'][0]}"
        services = {
            name: [Service(name, port, env, tmp_path / f"{name}-{i}.log") for i, port in enumerate(ports[name])]
            for name in NAMEN
        }
        for instance in [i for name in NAMEN for i in services[name]]:
            instance.start()
        yield Cluster(pg, broker, services)
    finally:
        for instance in [i for name in NAMEN for i in services.get(name, [])]:
            instance.stop()
        broker.stop()
        pg.stop()
        shutil.rmtree(data, ignore_errors=True)


@dataclass
class Load:
    """Front-office clients that keep registering aanmeldingen at either intake instance, each retried (at the other
    instance too) until it is acknowledged."""

    urls: list[str]
    acknowledged: dict[str, str] = field(default_factory=dict)  # Idempotency-Key -> aanmelding id
    attempts: int = 0
    refusals: collections.Counter[int] = field(default_factory=collections.Counter)  # status -> how often
    _numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(10_000_000))

    async def client(self, stop: asyncio.Event) -> None:
        """One client: a new aanmelding each time, the same key on every retry of it."""
        async with httpx.AsyncClient(timeout=10) as http:
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
                for poging in itertools.count(n):
                    self.attempts += 1
                    url = self.urls[poging % len(self.urls)]
                    with contextlib.suppress(httpx.HTTPError):
                        answer = await http.post(
                            f"{url}/api/v1/aanmeldingen", json=body, headers={**TOEGANG, "Idempotency-Key": key}
                        )
                        if answer.status_code == 201:
                            self.acknowledged[key] = answer.json()["id"]
                            break
                        self.refusals[answer.status_code] += 1
                        assert answer.status_code >= 500 or answer.status_code == 409, answer.text
                    await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def under_load(cluster: Cluster, clients: int = 4) -> AsyncIterator[Load]:
    """Clients run for the duration of the block, and finish their pending aanmelding after it."""
    load = Load([s.url for s in cluster.services["intake"]])
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
    await wait_for(cluster.ready, timeout=90, interval=0.2, what="the cluster to start")
    matching = cluster.services["matching"][0]  # the same instance before and after its restart
    async with under_load(cluster) as load:
        for _ in range(plan.rounds):
            await asyncio.sleep(plan.between_s)
            # Mid-batch: every service consumes continuously under this load. The other instance takes over the
            # partitions, and hands some back when this one is started again.
            eerste = [instances[0] for instances in cluster.services.values()]
            for instance in eerste:
                instance.kill()
            since = time.monotonic()
            for instance in eerste:
                instance.start()
            await cluster.recovered("kill -9 one instance of every service", since, applied_before=0)

            await asyncio.sleep(plan.between_s)
            cluster.broker.pause()
            await wait_for(lambda: _not_ready(matching), timeout=30, what="matching unready, broker stalled")
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


TOPICS = [f"{name}.events" for name in NAMEN]
# The consumers that keep per-stream positions for intake's streams (the audit store keeps chain heads instead).
VOLGERS_VAN_INTAKE = ("matching", "uitkering", "trajecten")


async def _connect(cluster: Cluster, database: str) -> asyncpg.Connection:
    return await asyncpg.connect(host=cluster.pg.host, port=cluster.pg.port, user="postgres", database=database)


async def _verdict(cluster: Cluster, load: Load) -> dict[str, Any]:
    db = {name: await _connect(cluster, name) for name in NAMEN}
    try:
        intake = db["intake"]
        aanmeldingen = await intake.fetch("SELECT stream_id FROM event_store WHERE stream_type = 'aanmelding'")
        stored_aanmeldingen = {str(r[0]) for r in aanmeldingen}
        heads = {
            r[0]: r[1] for r in await intake.fetch("SELECT stream_id, max(stream_version) FROM event_store GROUP BY 1")
        }
        event_ids = {str(r[0]) for r in await intake.fetch("SELECT event_id FROM event_store")}

        async def all_applied() -> bool:
            for name in VOLGERS_VAN_INTAKE:
                sql = "SELECT stream_id, version FROM consumer_streams WHERE consumer = $1 AND bron = 'intake'"
                if {r[0]: r[1] for r in await db[name].fetch(sql, name)} != heads:
                    return False
            stored = [await db[name].fetchval("SELECT count(*) FROM event_store") for name in NAMEN]
            return bool(await db["handhaving"].fetchval("SELECT count(*) FROM audit_events") == sum(stored))

        await wait_for(all_applied, timeout=60, what="every consumer to apply every stored event")
        applied_events = sum(heads.values())
        audit = await db["handhaving"].fetchrow("SELECT count(*), count(DISTINCT event_id) FROM audit_events")
        dead_letters_pending = sum([await db[name].fetchval("SELECT count(*) FROM dead_letters") for name in NAMEN])
    finally:
        for conn in db.values():
            await conn.close()
    on_topic = [e["id"] for e in await published(cluster.broker.bootstrap_servers, TOPIC)]
    dlq = [await count_records(cluster.broker.bootstrap_servers, t + ".dlq") for t in TOPICS]
    acknowledged = set(load.acknowledged.values())
    verdict = {
        "acknowledged": len(acknowledged),
        "attempts": load.attempts,
        "stored_aanmeldingen": len(stored_aanmeldingen),
        "stored_events": len(event_ids),
        "on_topic_distinct": len(set(on_topic)),
        "on_topic_with_duplicates": len(on_topic),
        "applied_events": applied_events,
        "audit_events": audit[0],
        "dead_lettered": sum(dlq) + dead_letters_pending,
        "recovery_s": cluster.recovery_s,
        "refusals": dict(sorted(load.refusals.items())),
    }
    assert acknowledged == stored_aanmeldingen, "an acknowledged aanmelding is missing, or one was stored twice"
    assert set(on_topic) == event_ids, "a stored event is not on the topic"
    assert applied_events == len(event_ids)
    assert audit[0] == audit[1], "the audit store holds an event twice"
    assert verdict["dead_lettered"] == 0
    # An outage is a 503 the client retries (or a 409 while the first attempt is still in flight), never a 500.
    assert 500 not in load.refusals, load.refusals
    for instance in cluster.instances:
        for line in instance.log.read_text().splitlines():
            assert isinstance(json.loads(line), dict), f"{instance.log.name}: not a JSON log line: {line[:200]}"
    verdict["geheugen_mib"] = _piekgeheugen(cluster)
    verdict["rebuilt"] = await _rebuilt_equal(cluster)
    return verdict


def _piekgeheugen(cluster: Cluster) -> dict[str, int]:
    """Each service's highest resident memory over its instances (VmHWM, since each process started), in MiB."""
    piek: dict[str, int] = {}
    for instance in cluster.instances:
        if instance.process is None or instance.process.poll() is not None:
            continue
        status = Path(f"/proc/{instance.process.pid}/status").read_text(encoding="ascii")
        kib = next(int(regel.split()[1]) for regel in status.splitlines() if regel.startswith("VmHWM:"))
        piek[instance.name] = max(piek.get(instance.name, 0), kib // 1024)
    return piek


async def _rebuilt_equal(cluster: Cluster) -> dict[str, int]:
    """Stop every instance, then rebuild each service's topic-fed read models from the topics: equal to the live."""
    for instance in cluster.instances:
        instance.stop()
    kafka = {"kafka_bootstrap_servers": cluster.broker.bootstrap_servers, "log_level": "WARNING"}
    rows: dict[str, int] = {}
    for name in NAMEN:
        definition = importlib.import_module(f"services.{name}.app").DEFINITION
        settings_class = importlib.import_module(f"services.{name}.settings").Settings
        settings = settings_class(database_url=cluster.pg.url(name), **kafka)
        tables = [t for make in definition.topic_projections for t in make().tables]
        live = await _snapshot(cluster, name, tables)
        runtime = Runtime(definition, settings)
        try:
            await rebuild_from_topics(runtime, timeout_s=120)
        finally:
            await runtime.engine.dispose()
        assert await _snapshot(cluster, name, tables) == live, f"{name}: a read model differs from its rebuild"
        rows[name] = sum(map(len, live.values()))
    return rows


async def _snapshot(cluster: Cluster, database: str, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    conn = await _connect(cluster, database)
    try:
        return {t: sorted((tuple(r) for r in await conn.fetch(f"SELECT * FROM {t}")), key=repr) for t in tables}
    finally:
        await conn.close()


async def test_short_faults_lose_nothing_dead_letter_nothing_and_recover(cluster: Cluster) -> None:
    verdict = await _run(cluster, SHORT)
    print(json.dumps({"plan": "short", **verdict}))
    assert verdict["acknowledged"] > 0


@pytest.mark.faults_long
async def test_long_faults_lose_nothing_dead_letter_nothing_and_recover(cluster: Cluster) -> None:
    verdict = await _run(cluster, LONG)
    print(json.dumps({"plan": "long", **verdict}))
    assert verdict["acknowledged"] > 0
