"""`make run`: embedded PostgreSQL, the tansu broker, migrations and every service, stopped by Ctrl-C.

Environment (all optional):
  REGIO_DATA_DIR            where PostgreSQL keeps its data (default .data/, git-ignored)
  REGIO_PG_PORT             embedded PostgreSQL port (default 54320)
  REGIO_KAFKA_PORT          embedded broker port (default 19092)
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

from deploy.local.infra import EmbeddedPostgres, TansuBroker, wait_for_port
from libs.events import migrate
from libs.events.services import SERVICES as REGISTERED

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {s.name: s.port for s in REGISTERED}
WERKPLEK_PORT = 8000  # the screens; not a service of the registry (no database, no topic)


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
    return ports


def _in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def main() -> int:
    """Start everything, print the URLs, stop cleanly on Ctrl-C."""
    data_dir = Path(os.environ.get("REGIO_DATA_DIR", ROOT / ".data")).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    logs = data_dir / "logs"
    logs.mkdir(exist_ok=True)
    env = dict(os.environ)
    postgres: EmbeddedPostgres | None = None
    broker: TansuBroker | None = None
    processes: dict[str, subprocess.Popen[bytes]] = {}

    def shutdown(*_: object) -> None:
        raise KeyboardInterrupt

    # Explicit handlers: a process started in the background inherits an ignored SIGINT.
    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    busy = [port for port in _ports(env) if _in_use(port)]
    if busy:
        _say(f"port(s) {', '.join(map(str, busy))} already in use: is another `make run` still running?")
        return 2
    try:
        if not all(f"{name.upper()}_DATABASE_URL" in env for name in SERVICES):
            postgres = EmbeddedPostgres(data_dir / "postgres", port=int(env.get("REGIO_PG_PORT", "54320")))
            _say(f"starting PostgreSQL (embedded) on 127.0.0.1:{postgres.port}, data in {postgres.pgdata}")
            postgres.start()
            for name in SERVICES:
                key = f"{name.upper()}_DATABASE_URL"
                if key not in env:
                    postgres.create_database(name)
                    env[key] = postgres.url(name)
        for name in SERVICES:
            _say(f"migrating {name}")
            migrate.upgrade(name, env[f"{name.upper()}_DATABASE_URL"])
        fresh_broker = "KAFKA_BOOTSTRAP_SERVERS" not in env
        if fresh_broker:
            broker = TansuBroker(port=int(env.get("REGIO_KAFKA_PORT", "19092")), log_file=logs / "tansu.log")
            _say(f"starting Kafka-protocol broker (tansu, memory storage) on {broker.bootstrap_servers}")
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
        for name, port in SERVICES.items():
            port = int(env.get(f"{name.upper()}_PORT", str(port)))
            log_file = open(logs / f"{name}.log", "ab")  # noqa: SIM115 - lives as long as the process
            processes[name] = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    f"services.{name}.app:app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--no-access-log",
                ],
                cwd=ROOT,
                env=env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
            )
            wait_for_port("127.0.0.1", port, timeout=30)
            log_path = logs / f"{name}.log"
            _say(f"{name:<9} http://127.0.0.1:{port}/docs   (OpenAPI: /api/v1/openapi.json, logs: {log_path})")
        werkplek_env = {
            **env,
            **{
                f"{name.upper()}_URL": f"http://127.0.0.1:{env.get(f'{name.upper()}_PORT', port)}"
                for name, port in SERVICES.items()
            },
        }
        werkplek_env.setdefault("WERKPLEK_DEV_LOGIN", "true")  # locally only: pick roles and gemeenten
        port = int(env.get("WERKPLEK_PORT", str(WERKPLEK_PORT)))
        log_file = open(logs / "werkplek.log", "ab")  # noqa: SIM115 - lives as long as the process
        processes["werkplek"] = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "services.werkplek.app:app", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=werkplek_env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
        wait_for_port("127.0.0.1", port, timeout=30)
        _say(f"werkplek  http://127.0.0.1:{port}/   (screens; log in with the development login)")
        _say("all services up. Ctrl-C stops everything.")
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    _say(f"{name} exited with code {process.returncode}; see {logs / (name + '.log')}")
                    return 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        _say("stopping")
        return 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if broker is not None:
            broker.stop()
        if postgres is not None:
            postgres.stop()
        _say("stopped")


if __name__ == "__main__":
    sys.exit(main())
