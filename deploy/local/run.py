"""`make run`: embedded PostgreSQL, the tansu broker, migrations, every service and the werkplek.

Stopping is idempotent, however it is asked for: the first SIGINT or SIGTERM starts the shutdown (during
start-up too), later ones are noted and do not interrupt it, and a third hurries it by killing the services.
Whatever happens, what was started is stopped in reverse order: the werkplek and the services, the broker,
then PostgreSQL with a clean fast shutdown. Children run in their own sessions, so a Ctrl-C at the terminal
reaches only this supervisor. A PostgreSQL left running on this data directory by an earlier, killed run is
recognised by its postmaster.pid and stopped first; a foreign program on a port is refused with the port.

Environment (all optional):
  REGIO_DATA_DIR            where PostgreSQL keeps its data (default .data/, git-ignored)
  REGIO_PG_PORT             embedded PostgreSQL port (default 54320)
  REGIO_KAFKA_PORT          embedded broker port (default 19092)
  <SERVICE>_PORT, WERKPLEK_PORT  a service's port (default: the registry's; the werkplek 8000)
  REGIO_BRP_PORT            the fake BRP's port (default 8010)
  BRP_URL, BRP_UPDATE_URL   use this BRP instead of starting the fake (deploy/brp/fake.py)
  REGIO_UWV_PORT            the fake UWV's port (default 8011)
  UWV_URL                   use this UWV gateway instead of starting the fake (deploy/uwv/fake.py)
  BRP_TESTPERSONEN          JSON files of extra residents for the fake (default deploy/brp/data/regio-personen.json)
  KAFKA_BOOTSTRAP_SERVERS   use this Kafka instead of starting tansu
  <SERVICE>_DATABASE_URL    use this database for a service; when every service has one,
                            no embedded PostgreSQL is started
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import IO

from deploy.local.infra import EmbeddedPostgres, TansuBroker, wait_for_port
from libs.events import migrate
from libs.events.ondertekening import nieuwe_pem
from libs.events.services import SERVICES as REGISTERED

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {s.name: s.port for s in REGISTERED}
WERKPLEK_PORT = 8000  # the screens; not a service of the registry (no database, no topic)
BRP_PORT = 8010  # the local stand-in for the BRP (deploy/brp/fake.py); production points BRP_URL at the real one
UWV_PORT = 8011  # the local stand-in for UWV's advies beschut werk (deploy/uwv/fake.py); production sets UWV_URL
STOP_TIMEOUT_S = 20.0


def _say(message: str) -> None:
    print(f"[regio] {message}", flush=True)


async def _republish_all(env: dict[str, str]) -> None:
    from libs.events.replay import load_service, republish
    from libs.events.runtime import Runtime

    for name in SERVICES:
        definition, settings = load_service(name)
        runtime = Runtime(definition, settings)
        try:
            count = await republish(runtime)
        finally:
            await runtime.engine.dispose()
        if count:
            _say(f"{name}: {count} stored events queued for the fresh broker")


def _ports(env: dict[str, str]) -> list[int]:
    ports = [int(env.get(f"{name.upper()}_PORT", str(port))) for name, port in SERVICES.items()]
    ports.append(int(env.get("WERKPLEK_PORT", str(WERKPLEK_PORT))))
    if not all(f"{name.upper()}_DATABASE_URL" in env for name in SERVICES):
        ports.append(int(env.get("REGIO_PG_PORT", "54320")))
    if "KAFKA_BOOTSTRAP_SERVERS" not in env:
        ports.append(int(env.get("REGIO_KAFKA_PORT", "19092")))
    if "BRP_URL" not in env:
        ports.append(int(env.get("REGIO_BRP_PORT", str(BRP_PORT))))
    if "UWV_URL" not in env:
        ports.append(int(env.get("REGIO_UWV_PORT", str(UWV_PORT))))
    return ports


def _in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Stack:
    """What this run started, and the one shutdown that stops it in reverse order."""

    def __init__(self) -> None:
        self.postgres: EmbeddedPostgres | None = None
        self.broker: TansuBroker | None = None
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: list[IO[bytes]] = []
        self.stopping = False
        self.hurry = False
        self.signals = 0

    def on_signal(self, signum: int, _: FrameType | None) -> None:
        """First signal: stop (interrupting the start-up if need be). Later ones never interrupt the stop."""
        self.signals += 1
        if not self.stopping:
            self.stopping = True
            raise KeyboardInterrupt
        if self.signals >= 3 and not self.hurry:
            self.hurry = True
            _say("hurrying: the services are killed; PostgreSQL still stops cleanly")
        elif not self.hurry:
            _say(f"already stopping ({signal.Signals(signum).name} noted; a third signal kills the services)")

    def start(self, name: str, command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
        """A child in its own session, its output to `log`."""
        out = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.logs.append(out)
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def stop(self) -> None:
        """Stop everything started, in reverse order; each step runs whatever the one before did."""
        self.stopping = True
        if not (self.processes or self.broker or self.postgres):
            return
        _say("stopping")
        self._stop_processes()
        if self.broker is not None:
            try:
                self.broker.stop()
            except Exception as exc:
                _say(f"the broker did not stop cleanly: {exc!r}")
        if self.postgres is not None:
            try:
                self._stop_postgres(self.postgres)
            except Exception as exc:
                _say(f"PostgreSQL did not stop cleanly: {exc!r}")
        for out in self.logs:
            out.close()
        _say("stopped")

    def _stop_processes(self) -> None:
        running = [(n, p) for n, p in reversed(self.processes.items()) if p.poll() is None]
        for _, process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for name, process in running:
            while process.poll() is None:
                if self.hurry or time.monotonic() > deadline:
                    if not self.hurry:
                        _say(f"{name} did not stop within {STOP_TIMEOUT_S:.0f} s; killed")
                    process.kill()
                    process.wait()
                    break
                time.sleep(0.05)

    def _stop_postgres(self, postgres: EmbeddedPostgres) -> None:
        # A start interrupted halfway (pg_ctl killed) may leave a postmaster that writes its pid file a moment
        # later: wait for it rather than leave it running.
        deadline = time.monotonic() + 15
        while not (postgres.pgdata / "postmaster.pid").exists() and _in_use(postgres.port):
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        postgres.stop()


def _leftover_postgres(postgres: EmbeddedPostgres) -> None:
    """A PostgreSQL of an earlier run on this data directory (its postmaster.pid): stopped, with a message."""
    pid = postgres.leftover_pid()
    if pid is not None:
        _say(
            f"PostgreSQL from an earlier run is still running (pid {pid}, data in {postgres.pgdata}); stopping it first"
        )
        postgres.stop()


def _sleutel(data_dir: Path, service: str) -> Path:
    """The service's signing key in `.data/sleutels/`, made on the first start and kept (dossiers stay verifiable)."""
    pad = data_dir / "sleutels" / f"{service}.pem"
    if not pad.exists():
        pad.parent.mkdir(mode=0o700, exist_ok=True)
        pad.write_text(nieuwe_pem(), encoding="utf-8")
        pad.chmod(0o600)
    return pad


def main() -> int:
    """Start everything, print the URLs, stop cleanly on Ctrl-C or SIGTERM (see the module docstring)."""
    data_dir = Path(os.environ.get("REGIO_DATA_DIR", ROOT / ".data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    env = dict(os.environ)
    # A development machine: the published development secrets may sign tokens and cursors here, nowhere else.
    env.setdefault("DEV_MODE", "true")
    stack = Stack()
    # Explicit handlers: a process started in the background inherits an ignored SIGINT.
    signal.signal(signal.SIGINT, stack.on_signal)
    signal.signal(signal.SIGTERM, stack.on_signal)
    embedded = not all(f"{name.upper()}_DATABASE_URL" in env for name in SERVICES)
    postgres = EmbeddedPostgres(data_dir / "postgres", port=int(env.get("REGIO_PG_PORT", "54320")))
    try:
        if embedded:
            _leftover_postgres(postgres)
        busy = [port for port in _ports(env) if _in_use(port)]
        if busy:
            _say(
                f"port(s) {', '.join(map(str, busy))} already in use by another program: stop it, or choose other "
                "ports (REGIO_PG_PORT, REGIO_KAFKA_PORT, <SERVICE>_PORT, WERKPLEK_PORT)"
            )
            return 2
        if embedded:
            _say(f"starting PostgreSQL (embedded) on 127.0.0.1:{postgres.port}, data in {postgres.pgdata}")
            stack.postgres = postgres
            postgres.start()
            for name in SERVICES:
                key = f"{name.upper()}_DATABASE_URL"
                if key not in env:
                    postgres.create_database(name)
                    env[key] = postgres.url(name)
        for name in SERVICES:
            _say(f"migrating {name}")
            migrate.upgrade(name, env[f"{name.upper()}_DATABASE_URL"])
        if "KAFKA_BOOTSTRAP_SERVERS" not in env:
            broker = TansuBroker(
                port=int(env.get("REGIO_KAFKA_PORT", "19092")), log_file=logs / "tansu.log", own_session=True
            )
            _say(f"starting Kafka-protocol broker (tansu, memory storage) on {broker.bootstrap_servers}")
            stack.broker = broker
            broker.start()
            env["KAFKA_BOOTSTRAP_SERVERS"] = broker.bootstrap_servers
            # tansu holds a group join for half the session timeout and an empty fetch for the full
            # wait: short values keep a fresh start and live updates quick (production keeps Kafka's).
            env.setdefault("KAFKA_SESSION_TIMEOUT_MS", "2000")
            env.setdefault("KAFKA_HEARTBEAT_INTERVAL_MS", "500")
            env.setdefault("KAFKA_FETCH_MAX_WAIT_MS", "50")
            # The broker starts empty every time; the event stores are the durable history.
            os.environ.update(env)
            asyncio.run(_republish_all(env))
        if "BRP_URL" not in env:
            brp_port = int(env.get("REGIO_BRP_PORT", str(BRP_PORT)))
            brp_command = [sys.executable, "-m", "deploy.brp.fake", "--port", str(brp_port)]
            stack.start("brp", brp_command, env, logs / "brp.log")
            wait_for_port("127.0.0.1", brp_port, timeout=30)
            brp = f"http://127.0.0.1:{brp_port}/haalcentraal/api"
            env["BRP_URL"], env["BRP_UPDATE_URL"] = f"{brp}/brp", f"{brp}/brpupdate"
            env.setdefault("BRP_VOLG_INTERVAL_S", "10")  # locally a move shows within seconds
            _say(f"brp       {env['BRP_URL']}/personen   (fake: RvIG's test persons; logs: {logs / 'brp.log'})")
        if "UWV_URL" not in env:
            uwv_port = int(env.get("REGIO_UWV_PORT", str(UWV_PORT)))
            uwv_command = [sys.executable, "-m", "deploy.uwv.fake", "--port", str(uwv_port)]
            stack.start("uwv", uwv_command, env, logs / "uwv.log")
            wait_for_port("127.0.0.1", uwv_port, timeout=30)
            env["UWV_URL"] = f"http://127.0.0.1:{uwv_port}"
            _say(f"uwv       {env['UWV_URL']}   (fake: advies beschut werk; logs: {logs / 'uwv.log'})")
        # Services that read personal data at the source find intake on its port.
        env.setdefault("INTAKE_URL", f"http://127.0.0.1:{env.get('INTAKE_PORT', SERVICES['intake'])}")
        for name, default in SERVICES.items():
            port = int(env.get(f"{name.upper()}_PORT", str(default)))
            app = f"services.{name}.app:app"
            command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
            eigen = {**env, "SIGNING_KEY_FILE": str(_sleutel(data_dir, name))}
            stack.start(name, [*command, "--no-access-log"], eigen, logs / f"{name}.log")
            wait_for_port("127.0.0.1", port, timeout=30)
            log_path = logs / f"{name}.log"
            _say(f"{name:<9} http://127.0.0.1:{port}/docs   (OpenAPI: /api/v1/openapi.json, logs: {log_path})")
        urls = {
            f"{name.upper()}_URL": f"http://127.0.0.1:{env.get(f'{name.upper()}_PORT', port)}"
            for name, port in SERVICES.items()
        }
        werkplek_env = {**env, **urls}
        werkplek_env.setdefault("WERKPLEK_DEV_LOGIN", "true")  # locally only: pick roles and gemeenten
        port = int(env.get("WERKPLEK_PORT", str(WERKPLEK_PORT)))
        command = [sys.executable, "-m", "uvicorn", "services.werkplek.app:app", "--host", "127.0.0.1"]
        stack.start("werkplek", [*command, "--port", str(port)], werkplek_env, logs / "werkplek.log")
        wait_for_port("127.0.0.1", port, timeout=30)
        _say(f"werkplek  http://127.0.0.1:{port}/   (screens; log in with the development login)")
        _say("all services up. Ctrl-C stops everything.")
        while True:
            for name, process in stack.processes.items():
                if process.poll() is not None:
                    _say(f"{name} exited with code {process.returncode}; see {logs / (name + '.log')}")
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
