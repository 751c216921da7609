"""A consumer's dead letters: kept with the batch that met them, published to `<topic>.dlq` once it commits.

A record that cannot be decoded or applied is poison: it is written to `dead_letters` in the batch's own
transaction (so a crash never loses it, nor publishes it for a batch that rolled back), and sent after the
commit, at least once, with why in its headers.
"""

from __future__ import annotations

from typing import Any

from aiokafka import AIOKafkaProducer, ConsumerRecord
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from .db import Sql, connection, transaction
from .kafka import DLQ_SUFFIX
from .observability import get_logger

DEAD_LETTERED = Counter("consumer_dead_lettered_total", "Messages sent to a dead-letter topic", ["consumer"])

log = get_logger(__name__)

_BEWAAR = Sql(
    "INSERT INTO dead_letters (consumer, topic, partition, record_offset, record_key, record_value, reason) "
    "SELECT :c, t, p, o, k, v, r FROM unnest(CAST(:t AS text[]), CAST(:p AS int[]), CAST(:o AS bigint[]), "
    "CAST(:k AS bytea[]), CAST(:v AS bytea[]), CAST(:r AS text[])) AS u(t, p, o, k, v, r) ON CONFLICT DO NOTHING"
)
_OPEN = Sql(
    "SELECT dead_letter_id, topic, partition, record_offset, record_key, record_value, reason "
    "FROM dead_letters WHERE consumer = :c ORDER BY dead_letter_id"
)
_ER_IS = Sql("SELECT 1 FROM dead_letters WHERE consumer = :c LIMIT 1")
_VERZONDEN = Sql("DELETE FROM dead_letters WHERE dead_letter_id = :i")


async def record(conn: AsyncConnection, consumer: str, poison: list[tuple[ConsumerRecord[Any, Any], str]]) -> int:
    """Keep a batch's poison in its transaction; how many records that was."""
    if poison:
        await _BEWAAR.execute(
            conn,
            c=consumer,
            t=[r.topic for r, _ in poison],
            p=[r.partition for r, _ in poison],
            o=[r.offset for r, _ in poison],
            k=[r.key for r, _ in poison],
            v=[r.value for r, _ in poison],
            r=[reason[:4000] for _, reason in poison],
        )
    return len(poison)


async def publish(engine: AsyncEngine, consumer: str, producer: AIOKafkaProducer) -> int:
    """Send the consumer's committed dead letters to `<topic>.dlq` (at least once); count what went out."""
    async with connection(engine) as conn:
        rows = await _OPEN.fetch(conn, c=consumer)
    sent = 0
    for row_id, topic, partition, offset, key, value, reason in rows:
        headers = [
            ("dlq_reason", reason.encode()),
            ("dlq_consumer", consumer.encode()),
            ("dlq_topic", topic.encode()),
            ("dlq_partition", str(partition).encode()),
            ("dlq_offset", str(offset).encode()),
        ]
        await producer.send_and_wait(topic + DLQ_SUFFIX, value=value, key=key, headers=headers)
        async with transaction(engine) as conn:
            await _VERZONDEN.execute(conn, i=row_id)
        sent += 1
        DEAD_LETTERED.labels(consumer).inc()
        log.error("consumer.dead_lettered", topic=topic, partition=partition, offset=offset, reason=reason)
    return sent


async def pending(engine: AsyncEngine, consumer: str) -> bool:
    """Whether the consumer has dead letters not yet published."""
    async with connection(engine) as conn:
        return await _ER_IS.fetchrow(conn, c=consumer) is not None
