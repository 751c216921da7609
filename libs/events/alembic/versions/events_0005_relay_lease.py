"""The relay's leadership record: who confirmed it last, by the database's clock.

A new leader waits until the previous one's last confirmation is `RELAY_LEASE_S` old before it
publishes, and a leader publishes nothing later than that after its own last confirmation, so two
relays never publish at the same time, even across a database restart.

Revision ID: events_0005
Revises: events_0004
Create Date: 2026-11-29
"""

from alembic import op

revision = "events_0005"
down_revision = "events_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE relay_leases (
            service      text        PRIMARY KEY,
            holder       text        NOT NULL,
            confirmed_at timestamptz NOT NULL
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE relay_leases")
