"""Event store, outbox, consumer bookkeeping and idempotency keys: the tables every service has.

Revision ID: events_0001
Revises:
Create Date: 2026-11-22
"""

from alembic import op

revision = "events_0001"
down_revision = None
branch_labels = ("events",)
depends_on = None


STATEMENTS = [
    """
        CREATE TABLE event_store (
            global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            stream_id       text        NOT NULL,
            stream_type     text        NOT NULL,
            stream_version  integer     NOT NULL CHECK (stream_version >= 1),
            event_id        uuid        NOT NULL UNIQUE,
            event_type      text        NOT NULL,
            schema_version  integer     NOT NULL,
            hash            char(64)    NOT NULL,
            recorded_at     timestamptz NOT NULL DEFAULT now(),
            envelope        jsonb       NOT NULL,
            UNIQUE (stream_id, stream_version)
        )
    """,
    """
        COMMENT ON TABLE event_store IS 'Append-only record of every state change (CloudEvents envelopes).'
    """,
    """

        -- Rows waiting for the relay. Written in the same statement as the event, deleted once
        -- the broker acknowledged it: nothing committed can be skipped, whatever the commit order.
        CREATE TABLE event_outbox (
            global_position bigint PRIMARY KEY REFERENCES event_store (global_position)
        )
    """,
    """

        -- The consumer's position per partition, written in the same transaction as its read models.
        CREATE TABLE consumer_offsets (
            consumer    text        NOT NULL,
            topic       text        NOT NULL,
            partition   integer     NOT NULL,
            next_offset bigint      NOT NULL,
            -- SHA-256 of the record at next_offset - 1: proves on restart that the broker's log
            -- is still the one we read (a replaced broker can reuse the same offsets).
            last_fingerprint char(64),
            updated_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, topic, partition)
        )
    """,
    """

        -- Highest stream version applied per stream: drops the relay's at-least-once duplicates.
        CREATE TABLE consumer_streams (
            consumer  text    NOT NULL,
            stream_id text    NOT NULL,
            version   integer NOT NULL,
            PRIMARY KEY (consumer, stream_id)
        )
    """,
    """

        CREATE TABLE idempotency_keys (
            scope         text        NOT NULL,
            key           text        NOT NULL,
            request_hash  char(64)    NOT NULL,
            status_code   integer,
            response_body jsonb,
            created_at    timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (scope, key)
        )
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE idempotency_keys, consumer_streams, consumer_offsets, event_outbox, event_store")
