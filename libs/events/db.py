"""One database transaction per request or consumed batch, on the asyncpg connection underneath SQLAlchemy."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

_DRIVER_KEY = "regio.driver_connection"


@contextlib.asynccontextmanager
async def transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A SQLAlchemy connection whose work runs in one transaction, committed on success.

    The transaction is opened on the driver (asyncpg) connection and SQLAlchemy is put in
    AUTOCOMMIT so it never opens one of its own: statements through SQLAlchemy and statements
    sent straight to the driver by the event store's hot path share this one transaction.
    """
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        driver = await driver_connection(conn)
        async with driver.transaction():
            yield conn


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
