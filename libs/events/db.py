"""One database transaction per request or consumed batch, on the asyncpg connection underneath SQLAlchemy."""

from __future__ import annotations

import contextlib
import re
import weakref
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy import Engine, Pool, text
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
    return engine


def waiting_for_connection(engine: AsyncEngine) -> int:
    """How many transactions are waiting for a connection from this engine's pool."""
    return _WAITING.get(engine.pool, [0])[0]


@contextlib.asynccontextmanager
async def transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A SQLAlchemy connection whose work runs in one transaction, committed on success.

    The transaction is opened on the driver (asyncpg) connection and SQLAlchemy is put in
    AUTOCOMMIT so it never opens one of its own: statements through SQLAlchemy and statements
    sent straight to the driver by the event store's hot path share this one transaction.
    """
    waiting = _WAITING.setdefault(engine.pool, [0])
    waiting[0] += 1
    try:
        conn = await engine.connect().start()
    finally:
        waiting[0] -= 1
    try:
        if engine.sync_engine not in _AUTOCOMMIT:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
        driver = await driver_connection(conn)
        async with driver.transaction():
            yield conn
    finally:
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
