"""`make run` as a real process, stopped every way a person or a supervisor stops it.

After each stop no process of the stack is left, every port is free, and the next start works with the data
intact. Also: a PostgreSQL left running on the data directory is recognised and stopped; a foreign program on
a port is refused with a clear message.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest

from deploy.local.infra import EmbeddedPostgres, free_port
from libs.events.services import SERVICES

ROOT = Path(__file__).resolve().parents[2]
START_S = 180.0
STOP_S = 60.0


@dataclass
class Run:
    """One `make run` in its own process group, its output collected line by line."""

    process: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)

    def wait_for(self, text: str, timeout: float = START_S) -> None:
        """Until a line contains `text` (fails with the output so far)."""
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {text!r} in make run's output:\n" + "".join(self.lines[-30:]))
            time.sleep(0.05)

    def signal_group(self, sig: signal.Signals) -> None:
        """As the terminal (Ctrl-C) or a process supervisor does: to the whole process group."""
        os.killpg(self.process.pid, sig)

    def wait_exit(self) -> int:
        """The exit code, within the stop deadline."""
        try:
            return self.process.wait(timeout=STOP_S)
        except subprocess.TimeoutExpired:
            raise AssertionError("make run did not stop:\n" + "".join(self.lines[-30:])) from None


@dataclass
class Stack:
    """The ports and data directory of one test's stack."""

    data: Path
    ports: dict[str, int]

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.endswith(("_DATABASE_URL", "_PORT"))}
        for inherited in ("KAFKA_BOOTSTRAP_SERVERS", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
            env.pop(inherited, None)  # a fresh `make run`, not a sub-make of `make test`
        env |= {"REGIO_DATA_DIR": str(self.data), **{k: str(v) for k, v in self.ports.items()}}
        return env

    @contextmanager
    def run(self) -> Iterator[Run]:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "-s", "run"],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        run = Run(process)
        reader = threading.Thread(target=lambda: run.lines.extend(iter(process.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
        reader.start()
        try:
            yield run
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    @property
    def pgdata(self) -> Path:
        return self.data / "postgres" / "pgdata"

    def assert_clean(self, run: Run) -> None:
        """Nothing of the stack left: every port free, no postmaster.pid, no process naming the data directory."""
        deadline = time.monotonic() + 10
        while True:
            busy = [p for p in self.ports.values() if _in_use(p)]
            pid_file = (self.pgdata / "postmaster.pid").exists()
            left = subprocess.run(["pgrep", "-f", str(self.data)], capture_output=True, text=True).stdout.split()
            if not busy and not pid_file and not left:
                return
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"left behind: ports {busy}, postmaster.pid {pid_file}, processes {left}\n"
                    + "".join(run.lines[-20:])
                )
            time.sleep(0.2)

    def query(self, sql: str) -> list[tuple[object, ...]]:
        port = self.ports["REGIO_PG_PORT"]
        with psycopg.connect(host="127.0.0.1", port=port, user="postgres", dbname="intake", autocommit=True) as conn:
            cur = conn.execute(sql)  # type: ignore[call-overload]
            return cur.fetchall() if cur.description else []


def _in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def stack(tmp_path: Path) -> Stack:
    ports = {"REGIO_PG_PORT": free_port(), "REGIO_KAFKA_PORT": free_port(), "WERKPLEK_PORT": free_port()}
    ports |= {f"{s.name.upper()}_PORT": free_port() for s in SERVICES}
    return Stack(tmp_path, ports)


def test_every_way_of_stopping_leaves_nothing_and_the_next_start_finds_the_data(stack: Stack) -> None:
    # (a) One Ctrl-C.
    with stack.run() as run:
        run.wait_for("all services up")
        stack.query("CREATE TABLE markering (waarde int); INSERT INTO markering VALUES (42)")
        run.signal_group(signal.SIGINT)
        run.wait_exit()
        run.wait_for("[regio] stopped", timeout=5)
    stack.assert_clean(run)
    # (b) Ctrl-C twice in quick succession: the second is noted, the stop goes on.
    with stack.run() as run:
        run.wait_for("all services up")
        assert stack.query("SELECT waarde FROM markering") == [(42,)]
        run.signal_group(signal.SIGINT)
        time.sleep(0.2)  # the second press, while the first stop is under way
        run.signal_group(signal.SIGINT)
        run.wait_exit()
        run.wait_for("[regio] stopped", timeout=5)
        assert any("already stopping" in line for line in run.lines)
    stack.assert_clean(run)
    # (c) SIGTERM to the whole process group, as a process supervisor does (make forwards it once more).
    with stack.run() as run:
        run.wait_for("all services up")
        run.signal_group(signal.SIGTERM)
        run.wait_exit()
        run.wait_for("[regio] stopped", timeout=5)
    stack.assert_clean(run)
    # (d) A stop during start-up, while the migrations run: what was started is stopped.
    with stack.run() as run:
        run.wait_for("migrating")
        run.signal_group(signal.SIGINT)
        run.wait_exit()
    stack.assert_clean(run)
    # The next start works, with the data intact.
    with stack.run() as run:
        run.wait_for("all services up")
        assert stack.query("SELECT waarde FROM markering") == [(42,)]
        run.signal_group(signal.SIGINT)
        run.wait_exit()
    stack.assert_clean(run)


def test_its_own_leftover_postgres_is_stopped_and_a_foreign_port_is_refused(stack: Stack) -> None:
    # A PostgreSQL left running on the data directory (as after a killed supervisor).
    leftover = EmbeddedPostgres(stack.data / "postgres", port=stack.ports["REGIO_PG_PORT"])
    leftover.start()
    with stack.run() as run:
        run.wait_for("all services up")
        assert any("PostgreSQL from an earlier run is still running" in line for line in run.lines)
        run.signal_group(signal.SIGINT)
        run.wait_exit()
    stack.assert_clean(run)
    # Somebody else's program on the broker's port: a clear refusal, nothing started.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as vreemd:
        vreemd.bind(("127.0.0.1", stack.ports["REGIO_KAFKA_PORT"]))
        vreemd.listen()
        with stack.run() as run:
            code = run.wait_exit()
            assert code != 0
            assert any(f"{stack.ports['REGIO_KAFKA_PORT']}" in line and "another program" in line for line in run.lines)
    assert not (stack.pgdata / "postmaster.pid").exists()
