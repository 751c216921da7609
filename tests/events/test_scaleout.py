"""Scale-out by partition with real processes: two instances of a service share a topic's partitions, and one
killed with SIGKILL in the middle of a batch loses nothing and has nothing applied twice."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bench import replay
from bench.scaleout import applied, go, start_workers, stop_workers
from deploy.local.infra import TansuBroker
from libs.events.envelope import new_event_id
from services.matching.settings import Settings
from tests.support import broker_settings

AANMELDINGEN = 1500  # two events each, on four partitions
GROUP = f"matching-{new_event_id().hex[-8:]}"  # a group of its own: see bench.scaleout.start_workers

# Every committed write of a stream's position is kept: an event applied twice would write its version twice.
_GETUIGE = [
    "CREATE TABLE posities_geschreven (stream_id text NOT NULL, version int NOT NULL)",
    """
    CREATE FUNCTION positie_getuige() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO posities_geschreven VALUES (NEW.stream_id, NEW.version);
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER positie_getuige AFTER INSERT OR UPDATE ON consumer_streams FOR EACH ROW "
    "EXECUTE FUNCTION positie_getuige()",
]


async def test_a_worker_killed_mid_batch_loses_nothing_and_nothing_is_applied_twice(
    matching_db: str, broker: TansuBroker
) -> None:
    """Two matching consumer processes split the partitions; one is SIGKILLed while its batch's transaction is
    open (after some of its batches committed); the other takes its partitions over from the stored offsets."""
    prefix = f"scaleout-{new_event_id().hex[-8:]}."
    settings = Settings(database_url=matching_db, **broker_settings(broker, prefix))
    events = await replay.fill(settings, AANMELDINGEN)
    engine = create_async_engine(matching_db)
    try:
        async with engine.begin() as conn:
            for statement in _GETUIGE:
                await conn.execute(text(statement))
        env = {
            "MATCHING_DATABASE_URL": matching_db,
            "KAFKA_BOOTSTRAP_SERVERS": broker.bootstrap_servers,
            "KAFKA_TOPIC_PREFIX": prefix,
            "KAFKA_FETCH_MAX_WAIT_MS": "50",
            "KAFKA_SESSION_TIMEOUT_MS": "2000",
            "KAFKA_HEARTBEAT_INTERVAL_MS": "500",
            "CONSUMER_BATCH_SIZE": "100",
            "LOG_LEVEL": "WARNING",
        }
        workers = await asyncio.to_thread(start_workers, "matching", 2, env, GROUP, [True, False])
        a, b = workers
        try:
            assert a.assigned and b.assigned and not (a.assigned & b.assigned)
            go(workers)
            for _ in range(3):  # a few of A's batches commit; at the third A holds its transaction open
                await asyncio.to_thread(a.wait_for, "batch", 60)
            a.process.kill()
            a.process.wait(timeout=10)
            deadline = time.monotonic() + 120
            while (done := await applied(matching_db, GROUP)) < events:
                assert time.monotonic() < deadline, f"{done} of {events} applied after A was killed"
                assert b.process.poll() is None, "B stopped"
                await asyncio.sleep(0.1)
        finally:
            stop_workers(workers)
        async with engine.connect() as conn:

            async def one(sql: str) -> tuple[int, ...]:
                return tuple((await conn.execute(text(sql))).one())

            written, distinct = await one(
                "SELECT count(*), count(DISTINCT (stream_id, version)) FROM posities_geschreven"
            )
            assert written == distinct >= AANMELDINGEN
            posities = await one(
                f"SELECT count(*), min(version), max(version) FROM consumer_streams WHERE consumer = '{GROUP}'"
            )
            assert posities == (AANMELDINGEN, 2, 2)
            assert await one("SELECT count(*), count(route) FROM kandidaten") == (AANMELDINGEN, AANMELDINGEN)
    finally:
        await engine.dispose()
