"""The unit of work keeps connections between transactions without ever making a caller wait on them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from libs.events import db
from libs.events.db import connect, connection, create_engine, idle_connections, transaction, waiting_for_connection
from tests.support import wait_for


@pytest.fixture
async def engine(matching_db: str) -> AsyncIterator[AsyncEngine]:
    """A service-style engine with a pool of one, so every wait is visible."""
    eng = create_engine(matching_db, pool_size=1, max_overflow=0)
    try:
        yield eng
    finally:
        await eng.dispose()


async def _pid(conn: AsyncConnection) -> int:
    return int((await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def _backend_alive(engine_url: str, pid: int) -> bool:
    other = create_engine(engine_url, pool_size=1, max_overflow=0)
    try:
        async with connection(other) as conn:
            found = await conn.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :p"), {"p": pid})
            return found.first() is not None
    finally:
        await other.dispose()


async def test_the_next_transaction_gets_the_same_connection(engine: AsyncEngine) -> None:
    async with transaction(engine) as conn:
        first = await _pid(conn)
    assert idle_connections(engine) == 1
    async with transaction(engine) as conn:
        assert await _pid(conn) == first
        assert idle_connections(engine) == 0


async def test_a_failed_transaction_writes_nothing_and_its_connection_is_kept(engine: AsyncEngine) -> None:
    async with transaction(engine) as conn:
        await conn.execute(text("CREATE TABLE proef (n int)"))
    with pytest.raises(ValueError):
        async with transaction(engine) as conn:
            await conn.execute(text("INSERT INTO proef VALUES (1)"))
            raise ValueError("geweigerd")
    assert idle_connections(engine) == 1
    async with transaction(engine) as conn:
        assert (await conn.execute(text("SELECT count(*) FROM proef"))).scalar_one() == 0


async def test_a_waiting_caller_gets_the_connection_instead_of_it_being_kept(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "IDLE_S", 60.0)  # no rescue by the idle timer: the hand-over itself is tested

    async def lees() -> int:
        async with connection(engine) as conn:
            return await _pid(conn)

    async with transaction(engine) as conn:
        owner = await _pid(conn)
        reader = asyncio.create_task(lees())
        await wait_for(lambda: _value(waiting_for_connection(engine)), what="the reader waiting on the pool")
    assert await asyncio.wait_for(reader, 5) == owner
    assert idle_connections(engine) == 0


async def test_a_kept_connection_goes_back_to_the_pool_when_unused(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "IDLE_S", 0.05)
    async with transaction(engine):
        pass
    assert idle_connections(engine) == 1
    await wait_for(lambda: _value(idle_connections(engine) == 0), timeout=5, what="the idle connection given back")
    # Given back, it is the pool's again: a plain checkout gets it without waiting.
    conn = await asyncio.wait_for(engine.connect().start(), 5)
    await conn.close()


async def test_a_connection_the_server_dropped_is_replaced(engine: AsyncEngine, matching_db: str) -> None:
    async with transaction(engine) as conn:
        dropped = await _pid(conn)
    kept = await connect(engine)  # the kept one, handed to a plain caller
    driver = await db.driver_connection(kept)
    await kept.close()  # back to the pool (not kept: only `transaction` keeps)
    async with transaction(engine) as conn:
        assert await _pid(conn) == dropped
    other = create_engine(matching_db, pool_size=1, max_overflow=0)
    async with connection(other) as admin:
        await admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": dropped})
    await other.dispose()
    await wait_for(lambda: _value(driver.is_closed()), timeout=10, what="the driver noticing the drop")
    async with transaction(engine) as conn:
        assert await _pid(conn) != dropped


async def test_dispose_closes_the_kept_connections(matching_db: str) -> None:
    eng = create_engine(matching_db, pool_size=2, max_overflow=0)
    async with transaction(eng) as conn:
        pid = await _pid(conn)
    assert idle_connections(eng) == 1
    await eng.dispose()
    assert idle_connections(eng) == 0

    async def gone() -> bool:
        return not await _backend_alive(matching_db, pid)

    await wait_for(gone, timeout=10, what="the backend gone")


async def _value(value: object) -> object:
    return value


async def test_a_kept_connection_is_as_a_fresh_checkout_finds_it(engine: AsyncEngine) -> None:
    async with transaction(engine) as conn:
        await conn.execute(text("SELECT 1"))  # through SQLAlchemy, which begins a transaction object of its own
    conn = await connect(engine)
    try:
        assert not conn.in_transaction()
        await conn.execution_options(isolation_level="AUTOCOMMIT")  # what the relay's lock connection does
    finally:
        await conn.close()
