"""Dead letters wait in the batch's transaction and are published only after it commits.

A message is dead-lettered only when its batch committed without it; a batch that failed (the
database went away) leaves nothing behind and is read again.

Revision ID: events_0004
Revises: events_0003
Create Date: 2026-11-29
"""

from alembic import op

revision = "events_0004"
down_revision = "events_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE dead_letters (
            dead_letter_id bigserial   PRIMARY KEY,
            consumer       text        NOT NULL,
            topic          text        NOT NULL,
            partition      integer     NOT NULL,
            record_offset  bigint      NOT NULL,
            record_key     bytea,
            record_value   bytea,
            reason         text        NOT NULL,
            recorded_at    timestamptz NOT NULL DEFAULT now(),
            UNIQUE (consumer, topic, partition, record_offset)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE dead_letters")
