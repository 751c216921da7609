"""One database transaction per request or consumed batch, on the asyncpg connection underneath SQLAlchemy."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import weakref
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Engine, Pool, event, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

_DRIVER_KEY = "regio.driver_connection"


# Callers waiting for (or opening) a pool connection, per pool: SQLAlchemy's pool does not count them.
_WAITING: weakref.WeakKeyDictionary[Pool, list[int]] = weakref.WeakKeyDictionary()


# Engines whose connections are in autocommit from the moment they are opened (see `create_engine`).
_AUTOCOMMIT: weakref.WeakSet[Engine] = weakref.WeakSet()


def create_engine(url: str, **options: Any) -> AsyncEngine:
    """A service's engine: connections in autocommit from the start, transactions opened by `transaction()`.

    Switching every checked-out connection to autocommit cost about 55 µs of CPU per transaction (measured
    on a single-event append, about 490 µs in all); set once per physical connection, it costs nothing.
    Reads outside `transaction()` run as single autocommitted statements, as they did.
    """
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT", **options)
    _AUTOCOMMIT.add(engine.sync_engine)
    event.listen(engine.sync_engine, "engine_disposed", _close_idle)
    return engine


def waiting_for_connection(engine: AsyncEngine) -> int:
    """How many callers of `connect` and `transaction` are waiting for a connection from this engine's pool."""
    return _WAITING.get(engine.pool, [0])[0]


def idle_connections(engine: AsyncEngine) -> int:
    """Connections `transaction()` keeps checked out between transactions (idle, counted as checked out)."""
    idle = _IDLE.get(engine.sync_engine)
    return len(idle.conns) if idle is not None else 0


# A connection kept between transactions goes back to the pool after this long unused, so a caller that
# opens one through the engine directly never waits on idle ones for longer; and after this long in use,
# so the pool's recycling and invalidation still see it now and then.
IDLE_S = 1.0
KEPT_S = 30.0


class _Idle:
    """The connections of one engine that `transaction()` keeps checked out between transactions.

    A checkout and check-in through SQLAlchemy's pool cost about 100 µs of CPU (two greenlet switches,
    the pool's bookkeeping and events) on an append of about 450 µs; reusing a connection kept here costs
    a list pop. At most the pool's size is kept, never while someone waits for a connection from `connect`.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.loop = asyncio.get_running_loop()
        # (connection, checked out at, idle since)
        self.conns: list[tuple[AsyncConnection, float, float]] = []
        self.timer: asyncio.TimerHandle | None = None
        self.closing: set[asyncio.Task[None]] = set()

    def take(self) -> tuple[AsyncConnection, float] | None:
        while self.conns:
            conn, since, _ = self.conns.pop()
            driver = conn.info.get(_DRIVER_KEY)
            if driver is not None and not driver.is_closed():
                return conn, since
            self._close(conn, broken=True)
        return None

    def keep(self, conn: AsyncConnection, since: float) -> bool:
        # Kept only while nobody waits on the pool: a waiter gets the connection through the pool at once, and
        # the pool is never empty because of kept ones while someone waits (nothing is kept while they do).
        now = time.monotonic()
        if now - since > KEPT_S or len(self.conns) >= _size(self.engine.pool) or _WAITING.get(self.engine.pool, [0])[0]:
            return False
        self.conns.append((conn, since, now))
        if self.timer is None:
            self.timer = self.loop.call_later(IDLE_S, self._reap)
        return True

    def _reap(self) -> None:
        self.timer = None
        cutoff = time.monotonic() - IDLE_S
        stale = [c for c in self.conns if c[2] <= cutoff]
        self.conns = [c for c in self.conns if c[2] > cutoff]
        for conn, _, _ in stale:
            self._close(conn)
        if self.conns:
            self.timer = self.loop.call_later(IDLE_S, self._reap)

    def _close(self, conn: AsyncConnection, broken: bool = False) -> None:
        task = self.loop.create_task(_give_back(conn, broken))
        self.closing.add(task)
        task.add_done_callback(self.closing.discard)


async def _give_back(conn: AsyncConnection, broken: bool) -> None:
    # A connection the server dropped while it was kept is invalidated, so the pool opens a new one.
    if broken:
        await conn.invalidate()
    await conn.close()


def _size(pool: Pool) -> int:
    size = getattr(pool, "size", None)
    return int(size()) if callable(size) else 0


_IDLE: weakref.WeakKeyDictionary[Engine, _Idle] = weakref.WeakKeyDictionary()


def _close_idle(engine: Engine) -> None:
    # Called by Engine.dispose (inside its greenlet): the kept connections no longer belong to a pool.
    idle = _IDLE.pop(engine, None)
    if idle is None:
        return
    if idle.timer is not None:
        idle.timer.cancel()
    for conn, _, _ in idle.conns:
        conn.sync_connection.invalidate()  # type: ignore[union-attr]


def _idle_of(engine: AsyncEngine) -> _Idle | None:
    sync = engine.sync_engine
    if sync not in _AUTOCOMMIT:
        return None
    idle = _IDLE.get(sync)
    if idle is None or idle.loop is not asyncio.get_running_loop():
        idle = _IDLE[sync] = _Idle(sync)
    return idle


async def connect(engine: AsyncEngine) -> AsyncConnection:
    """A connection of the engine's pool (a kept one if there is one), counted while the caller waits for it.

    Every connection of a service's engine is opened here: `transaction()` keeps connections between
    transactions only while nobody is counted waiting, so a caller of `connect` never waits on kept ones.
    Close it to give it back to the pool (or use `connection(engine)`).
    """
    conn, _ = await _checkout(engine, _idle_of(engine))
    return conn


@contextlib.asynccontextmanager
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """`connect` for an `async with` block: statements autocommitted one by one, the connection closed after."""
    conn = await connect(engine)
    try:
        yield conn
    finally:
        await conn.close()


async def _checkout(engine: AsyncEngine, idle: _Idle | None) -> tuple[AsyncConnection, float]:
    """A kept connection if there is one, else one from the pool (counted while waiting); and since when it is out."""
    taken = idle.take() if idle is not None else None
    if taken is not None:
        return taken
    waiting = _WAITING.setdefault(engine.pool, [0])
    waiting[0] += 1
    try:
        return await engine.connect().start(), time.monotonic()
    finally:
        waiting[0] -= 1


@contextlib.asynccontextmanager
async def transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A SQLAlchemy connection whose work runs in one transaction, committed on success.

    The transaction is opened on the driver (asyncpg) connection and SQLAlchemy is put in
    AUTOCOMMIT so it never opens one of its own: statements through SQLAlchemy and statements
    sent straight to the driver by the event store's hot path share this one transaction.
    The connection is kept for the next transaction when it ended cleanly (see `_Idle`).
    """
    idle = _idle_of(engine)
    conn, since = await _checkout(engine, idle)
    clean = False
    try:
        if idle is None:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
        driver = await driver_connection(conn)
        tx = driver.transaction()
        await tx.start()
        try:
            yield conn
        except Exception:
            await tx.rollback()
            clean = True  # rolled back: the connection is as good as new
            raise
        except BaseException:
            await tx.rollback()
            raise
        await tx.commit()
        clean = True
    finally:
        if clean and idle is not None and conn.in_transaction():
            # SQLAlchemy began its own (autocommit, so empty) transaction object on the first statement through
            # it; ended here as a check-in would, so a kept connection is as a fresh checkout finds it.
            try:
                await conn.rollback()
            except Exception:
                clean = False
        if not (clean and idle is not None and idle.keep(conn, since)):
            await conn.close()


async def driver_connection(conn: AsyncConnection) -> Any:
    """The asyncpg connection under a SQLAlchemy connection (SQLAlchemy's public driver_connection).

    Remembered in the pooled connection's `info` dict: it is the same physical connection for life.
    """
    info = conn.info
    driver = info.get(_DRIVER_KEY)
    if driver is None:
        raw = await conn.get_raw_connection()
        driver = info[_DRIVER_KEY] = raw.driver_connection
    return driver


async def in_driver_transaction(conn: AsyncConnection) -> Any | None:
    """The asyncpg connection if a driver-level transaction is open on it, else None."""
    driver = await driver_connection(conn)
    return driver if driver.is_in_transaction() else None


@contextlib.asynccontextmanager
async def savepoint(conn: AsyncConnection) -> AsyncIterator[None]:
    """A savepoint inside the open driver transaction: rolled back alone if the block raises."""
    driver = await driver_connection(conn)
    async with driver.transaction():
        yield


class Sql:
    """A statement with `:named` parameters, prepared once for both execution paths.

    Inside `transaction()` it goes straight to asyncpg on the unit of work's connection (no
    SQLAlchemy compile, cache-key or result machinery per call: the hot path of a request);
    elsewhere it runs through SQLAlchemy as a text() clause. Rows support index access either way.
    """

    def __init__(self, sql: str) -> None:
        self.clause = text(sql)
        self.names: list[str] = []
        for name in _PARAM.findall(sql):
            if name not in self.names:
                self.names.append(name)
        self.positional = _PARAM.sub(lambda m: f"${self.names.index(m.group(1)) + 1}", sql)

    def _args(self, params: dict[str, Any]) -> list[Any]:
        return [params[name] for name in self.names]

    async def execute(self, conn: AsyncConnection, **params: Any) -> int:
        """Run it; return the number of rows affected."""
        driver = await in_driver_transaction(conn)
        if driver is None:
            return int((await conn.execute(self.clause, params)).rowcount)
        status: str = await driver.execute(self.positional, *self._args(params))
        tail = status.rsplit(" ", 1)[-1]
        return int(tail) if tail.isdigit() else 0

    async def fetch(self, conn: AsyncConnection, **params: Any) -> list[Any]:
        """All result rows."""
        driver = await in_driver_transaction(conn)
        if driver is None:
            return list((await conn.execute(self.clause, params)).all())
        rows: list[Any] = await driver.fetch(self.positional, *self._args(params))
        return rows

    async def fetchrow(self, conn: AsyncConnection, **params: Any) -> Any | None:
        """The first row, or None."""
        rows = await self.fetch(conn, **params)
        return rows[0] if rows else None


_PARAM = re.compile(r"(?<![:\w]):(\w+)")
