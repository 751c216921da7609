"""Kafka client construction and topic administration."""

from __future__ import annotations

import contextlib
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.coordinator.assignors.range import RangePartitionAssignor
from aiokafka.errors import TopicAlreadyExistsError

from .settings import CommonSettings

DLQ_SUFFIX = ".dlq"


def client_options(settings: CommonSettings) -> dict[str, Any]:
    """Connection options common to producers, consumers and the admin client."""
    options: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_bootstrap_servers,
        "security_protocol": settings.kafka_security_protocol,
        "request_timeout_ms": settings.kafka_request_timeout_ms,
    }
    if settings.kafka_sasl_mechanism:
        options.update(
            sasl_mechanism=settings.kafka_sasl_mechanism,
            sasl_plain_username=settings.kafka_sasl_username,
            sasl_plain_password=settings.kafka_sasl_password,
        )
    return options


def make_producer(settings: CommonSettings, **overrides: Any) -> AIOKafkaProducer:
    """A producer that waits for all in-sync replicas.

    Not idempotent: the local tansu broker rejects InitProducerId. Exactly-once effect comes
    from the consumers' per-stream dedupe instead.
    """
    options = client_options(settings)
    options.update(acks="all", linger_ms=5, max_batch_size=1 << 20, max_request_size=10 << 20)
    options.update(overrides)
    return AIOKafkaProducer(**options)


def make_consumer(settings: CommonSettings, group_id: str | None, **overrides: Any) -> AIOKafkaConsumer:
    """A consumer that never commits on its own; our database holds its offsets."""
    options = client_options(settings)
    options.update(
        group_id=group_id,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=settings.kafka_heartbeat_interval_ms,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        max_poll_records=settings.consumer_batch_size,
        # Partition n of every topic to the same instance: events are keyed by their subject, so all of a
        # klant's events (every stream, every topic) reach one instance and no two fold the klant's rows at once.
        partition_assignment_strategy=(RangePartitionAssignor,),
        # Large fetches: catching up and replay read whole stretches of history at once.
        max_partition_fetch_bytes=8 << 20,
        fetch_max_bytes=64 << 20,
    )
    options.update(overrides)
    return AIOKafkaConsumer(**options)


async def ensure_topics(settings: CommonSettings, topics: list[str], partitions: int | None = None) -> None:
    """Create topics (and their dead-letter topics) explicitly, ignoring ones that exist.

    In production the event topics keep everything (retention.ms=-1): they are the history. Replication
    and min.insync.replicas come from the settings (3 and 2 in production).
    """
    admin = AIOKafkaAdminClient(**client_options(settings))
    await admin.start()
    try:
        count = partitions or settings.kafka_topic_partitions
        replicas = settings.kafka_replication_factor
        configs = {"retention.ms": "-1", "min.insync.replicas": str(settings.kafka_min_insync_replicas)}
        wanted = []
        for topic in topics:
            wanted.append(NewTopic(topic, count, replicas, topic_configs=configs))
            wanted.append(NewTopic(topic + DLQ_SUFFIX, 1, replicas, topic_configs=configs))
        existing = set(await admin.list_topics())
        missing = [t for t in wanted if t.name not in existing]
        if missing:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
    finally:
        await admin.close()
