"""Handhaving: signed events in the audit store. Each copy's echtheid (getekend, ongetekend from before signing,
afgewezen, betwist), more than one copy of an event id when their hashes differ, every break per event, whether a
stream's head is signed, when each producer began signing, and the producers' public keys as learnt.

Revision ID: handhaving_0003
Revises: handhaving_0002
Create Date: 2026-12-06
"""

from alembic import op

revision = "handhaving_0003"
down_revision = "handhaving_0002"
branch_labels = None
depends_on = None

STATEMENTS = [
    "ALTER TABLE audit_events ADD COLUMN echtheid text NOT NULL DEFAULT 'ongetekend' "
    "CHECK (echtheid IN ('getekend', 'ongetekend', 'afgewezen', 'betwist'))",
    # Two different events may claim the same id: both are kept, told apart by their hash. The audit store drops a
    # redelivery (same id, same hash) itself before inserting, so a narrow index on the id is all it needs.
    "ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey",
    "CREATE INDEX audit_per_event ON audit_events (event_id)",
    # Every rejected copy is a break of its own, not only the first of its stream.
    "ALTER TABLE audit_breuken DROP CONSTRAINT audit_breuken_pkey",
    "ALTER TABLE audit_koppen ADD COLUMN getekend boolean NOT NULL DEFAULT false",
    """
    CREATE TABLE audit_producenten (
        bron            text        PRIMARY KEY,
        getekend_sinds  timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE audit_sleutels (
        bron       text        NOT NULL,
        kid        text        NOT NULL,
        jwk        jsonb       NOT NULL,
        geleerd_op timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bron, kid)
    )
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE audit_sleutels, audit_producenten")
    op.execute("ALTER TABLE audit_koppen DROP COLUMN getekend")
    op.execute(
        "DELETE FROM audit_breuken b USING audit_breuken c WHERE b.ctid < c.ctid AND b.topic = c.topic "
        "AND b.stream_id = c.stream_id"
    )
    op.execute("ALTER TABLE audit_breuken ADD PRIMARY KEY (topic, stream_id)")
    op.execute("DELETE FROM audit_events WHERE echtheid = 'afgewezen'")
    op.execute("DROP INDEX audit_per_event")
    op.execute("ALTER TABLE audit_events ADD PRIMARY KEY (event_id)")
    op.execute("ALTER TABLE audit_events DROP COLUMN echtheid")
