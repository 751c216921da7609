"""Handhaving: the audit store (every event of every topic), each stream's head, and the breaks found.

Revision ID: handhaving_0001
Revises:
Create Date: 2026-11-29
"""

from alembic import op

revision = "handhaving_0001"
down_revision = None
branch_labels = ("handhaving",)
depends_on = "events_0002"

STATEMENTS = [
    """
    CREATE TABLE audit_events (
        event_id     uuid        PRIMARY KEY,
        topic        text        NOT NULL,
        stream_id    text        NOT NULL,
        streamversie integer     NOT NULL,
        type         text        NOT NULL,
        subject      text        NOT NULL,
        gemeente     char(6),
        actor        text        NOT NULL,
        tijd         timestamptz NOT NULL,
        hash         char(64)    NOT NULL,
        envelope     jsonb       NOT NULL
    )
    """,
    "CREATE INDEX audit_per_subject ON audit_events (subject, tijd, event_id)",
    "CREATE INDEX audit_per_stream ON audit_events (topic, stream_id, streamversie)",
    """
    CREATE TABLE audit_koppen (
        topic        text     NOT NULL,
        stream_id    text     NOT NULL,
        streamversie integer  NOT NULL,
        hash         char(64) NOT NULL,
        PRIMARY KEY (topic, stream_id)
    )
    """,
    """
    CREATE TABLE audit_breuken (
        topic        text    NOT NULL,
        stream_id    text    NOT NULL,
        streamversie integer NOT NULL,
        event_id     uuid    NOT NULL UNIQUE,
        gemeente     char(6),
        reden        text    NOT NULL,
        PRIMARY KEY (topic, stream_id)
    )
    """,
    """
    CREATE TABLE ketenbreuken (
        breuk_id     uuid        PRIMARY KEY,
        event_id     uuid        NOT NULL UNIQUE,
        gemeente     char(6),
        topic        text        NOT NULL,
        stream_id    text        NOT NULL,
        streamversie integer     NOT NULL,
        reden        text        NOT NULL,
        gemeld_op    timestamptz NOT NULL
    )
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE ketenbreuken, audit_breuken, audit_koppen, audit_events")
