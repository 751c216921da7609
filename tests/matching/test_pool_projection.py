"""The kandidaten fold when two instances fold the same klant at once (its events on different partitions)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from uuid import UUID

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from libs.events.contracts.intake import AanmeldingOntvangen, DiagnoseVastgesteld
from libs.events.db import transaction
from libs.events.envelope import new_event_id
from libs.events.faults import ConcurrentFold, is_transient
from libs.events.registry import EventData, Recorded
from libs.events.store import NEW_STREAM, EventContext, seal_events
from services.matching.projections import PoolProjection

OP = datetime(2026, 11, 2, 9, tzinfo=UTC)


def _recorded(stream: UUID, klant: UUID, events: list[EventData]) -> list[Recorded[EventData]]:
    envelopes, _ = seal_events(
        events,
        head=NEW_STREAM,
        source="/regio/intake",
        stream_type="aanmelding",
        stream_id=str(stream),
        subject=str(klant),
        gemeente="GM0014",
        context=EventContext("t", "c"),
    )
    return [Recorded(env, event) for env, event in zip(envelopes, events, strict=True)]


async def _waiting_on_a_lock(engine: AsyncEngine, task: asyncio.Task[None], deadline_s: float = 10.0) -> None:
    """Until a session of this database waits on a lock (A on B's row), with a deadline."""
    loop = asyncio.get_running_loop()
    until = loop.time() + deadline_s
    while loop.time() < until:
        assert not task.done(), "instance A finished without waiting for B"
        async with engine.connect() as conn:
            waiting = (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock'"
                    )
                )
            ).scalar_one()
        if waiting:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("instance A never waited on B's row")


async def test_a_second_fold_of_the_same_klant_retries_instead_of_overwriting(matching_db: str) -> None:
    """Two batches fold one klant concurrently: the later one raises a transient ConcurrentFold, and its retry
    reads the first one's row, so the kandidaat ends with both facts."""
    engine = create_async_engine(matching_db, pool_size=3)
    klant, aanmelding = new_event_id(), new_event_id()
    ontvangen = AanmeldingOntvangen(
        aanmelding_id=aanmelding, klant_id=klant, gemeente="GM0014", kanaal="kcc", hulpvraag="werk", ontvangen_op=OP
    )
    diagnose = DiagnoseVastgesteld(
        aanmelding_id=aanmelding,
        klant_id=klant,
        gemeente="GM0014",
        route="werk",
        uitkering_nodig=False,
        urgentie="normaal",
        regelset_versie="primaire-diagnose-2026.1",
        voorstel_gevolgd=True,
        vastgesteld_op=OP,
    )
    eerste, tweede = _recorded(aanmelding, klant, [ontvangen, diagnose])
    projection = PoolProjection()
    try:
        # Instance B has already folded the aanmelding and written the row; it has not committed yet.
        async with transaction(engine) as b:
            await projection.apply(b, [eerste])

            async def instance_a() -> None:
                # Instance A read the klant before B committed (no row), and writes after: it must not win.
                async with transaction(engine) as a:
                    await projection.apply(a, [eerste, tweede])

            a_task = asyncio.create_task(instance_a())
            await _waiting_on_a_lock(engine, a_task)
        with pytest.raises(ConcurrentFold) as raised:
            await a_task
        assert is_transient(raised.value)
        # The consumer retries the batch from its stored offsets: now A reads B's row and folds on top of it.
        async with transaction(engine) as a:
            await projection.apply(a, [tweede])
        async with engine.connect() as conn:
            sql = text("SELECT route, aanmelding_id FROM kandidaten WHERE klant_id = :k")
            row = (await conn.execute(sql, {"k": klant})).one()
        assert row == ("werk", aanmelding)
    finally:
        await engine.dispose()
