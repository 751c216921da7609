"""Event store against real PostgreSQL: append, read, optimistic concurrency."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from libs.events.envelope import verify_chain
from libs.events.store import ConcurrencyConflict

from .sample import CONTEXT, Geteld, store


async def _append(engine: AsyncEngine, stream: str, expected: int, *ns: int) -> None:
    async with engine.begin() as conn:
        await store().append(
            conn,
            stream_type="teller",
            stream_id=stream,
            expected_version=expected,
            events=[Geteld(n=n) for n in ns],
            subject=stream,
            gemeente="GM0014",
            context=CONTEXT,
        )


async def test_appended_events_read_back_in_order_with_a_valid_chain(engine: AsyncEngine) -> None:
    await _append(engine, "s1", 0, 1, 2)
    await _append(engine, "s1", 2, 3)
    async with engine.connect() as conn:
        envelopes = await store().read_stream(conn, "s1")
        recorded = await store().load(conn, "s1")
    assert [e.streamversion for e in envelopes] == [1, 2, 3]
    assert [r.data for r in recorded] == [Geteld(n=1), Geteld(n=2), Geteld(n=3)]
    assert envelopes[0].correlationid == "corr-test" and envelopes[0].actor == "tester"
    assert verify_chain(envelopes).ok


async def test_wrong_expected_version_is_a_conflict_and_writes_nothing(engine: AsyncEngine) -> None:
    await _append(engine, "s1", 0, 1)
    with pytest.raises(ConcurrencyConflict):
        await _append(engine, "s1", 0, 99)
    with pytest.raises(ConcurrencyConflict):
        await _append(engine, "s1", 5, 99)
    async with engine.connect() as conn:
        assert [r.data.n for r in await store().load(conn, "s1")] == [1]  # type: ignore[attr-defined]


async def test_two_concurrent_appends_at_the_same_version_exactly_one_wins(engine: AsyncEngine) -> None:
    for round_ in range(20):
        stream = f"race-{round_}"
        await _append(engine, stream, 0, 0)
        results = await asyncio.gather(
            _append(engine, stream, 1, 1), _append(engine, stream, 1, 2), return_exceptions=True
        )
        conflicts = [r for r in results if isinstance(r, ConcurrencyConflict)]
        assert len(conflicts) == 1, results
        assert [r for r in results if r is None] == [None]
        async with engine.connect() as conn:
            envelopes = await store().read_stream(conn, stream)
        assert [e.streamversion for e in envelopes] == [1, 2]
        assert verify_chain(envelopes).ok


async def test_every_committed_event_has_an_outbox_row_and_read_all_pages(engine: AsyncEngine) -> None:
    await _append(engine, "a", 0, 1, 2)
    await _append(engine, "b", 0, 3)
    async with engine.connect() as conn:
        outbox = (await conn.execute(text("SELECT count(*) FROM event_outbox"))).scalar()
        first = await store().read_all(conn, 0, limit=2)
        rest = await store().read_all(conn, first[-1][0], limit=10)
    assert outbox == 3
    assert [e.streamid for _, e in first + rest] == ["a", "a", "b"]


async def test_tampering_in_the_database_is_found_on_verify(engine: AsyncEngine) -> None:
    await _append(engine, "s1", 0, 1, 2, 3)
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "UPDATE event_store SET envelope = jsonb_set(envelope, '{data,n}', '42') "
                "WHERE stream_id = 's1' AND stream_version = 2"
            )
        )
    async with engine.connect() as conn:
        verdict = verify_chain(await store().read_stream(conn, "s1"))
    assert not verdict.ok and verdict.broken_at_version == 2


async def test_unregistered_event_type_is_refused_before_writing(engine: AsyncEngine) -> None:
    from libs.events.registry import EventData

    class Vreemd(EventData):
        event_type = "Vreemd"

    async with engine.begin() as conn:
        with pytest.raises(ValueError):
            await store().append(
                conn,
                stream_type="x",
                stream_id="x",
                expected_version=0,
                events=[Vreemd()],
                subject="x",
                gemeente=None,
                context=CONTEXT,
            )


async def test_appending_on_a_loaded_head_skips_the_read_and_still_detects_races(engine: AsyncEngine) -> None:
    from libs.events.store import StreamHead

    await _append(engine, "h", 0, 1)
    async with engine.connect() as conn:
        head = StreamHead.of(await store().load(conn, "h"))
    await _append(engine, "h", 1, 2)  # someone else appends after our load
    async with engine.begin() as conn:
        with pytest.raises(ConcurrencyConflict):
            await store().append(
                conn,
                stream_type="teller",
                stream_id="h",
                expected_version=head,
                events=[Geteld(n=3)],
                subject="h",
                gemeente=None,
                context=CONTEXT,
            )
    forged = StreamHead(2, "f" * 64)  # right version, wrong hash: the chain guard refuses it
    async with engine.begin() as conn:
        with pytest.raises(ConcurrencyConflict):
            await store().append(
                conn,
                stream_type="teller",
                stream_id="h",
                expected_version=forged,
                events=[Geteld(n=3)],
                subject="h",
                gemeente=None,
                context=CONTEXT,
            )
    async with engine.connect() as conn:
        envelopes = await store().read_stream(conn, "h")
        assert [e.streamversion for e in envelopes] == [1, 2] and verify_chain(envelopes).ok
        good = StreamHead.of(envelopes)
    async with engine.begin() as conn:
        await store().append(
            conn,
            stream_type="teller",
            stream_id="h",
            expected_version=good,
            events=[Geteld(n=3)],
            subject="h",
            gemeente=None,
            context=CONTEXT,
        )
    async with engine.connect() as conn:
        assert verify_chain(await store().read_stream(conn, "h")).ok


async def test_a_failing_unit_of_work_leaves_nothing_from_either_path(engine: AsyncEngine) -> None:
    from libs.events.db import transaction

    class Refused(Exception):
        pass

    with pytest.raises(Refused):
        async with transaction(engine) as conn:
            await conn.execute(text("INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ('s', 'k', 'h')"))
            await store().append(
                conn,
                stream_type="teller",
                stream_id="uow",
                expected_version=0,
                events=[Geteld(n=1)],
                subject="uow",
                gemeente=None,
                context=CONTEXT,
            )
            raise Refused
    async with engine.connect() as conn:
        counts = [
            (await conn.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one()
            for t in ("idempotency_keys", "event_store", "event_outbox")
        ]
    assert counts == [0, 0, 0]
    async with transaction(engine) as conn:
        await store().append(
            conn,
            stream_type="teller",
            stream_id="uow",
            expected_version=0,
            events=[Geteld(n=1)],
            subject="uow",
            gemeente=None,
            context=CONTEXT,
        )
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM event_outbox"))).scalar_one() == 1
