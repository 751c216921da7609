"""Per-klant encryption keys for crypto-shredding.

Revision ID: events_0002
Revises: events_0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "events_0002"
down_revision = "events_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE klant_sleutels (
            klant_id   uuid        PRIMARY KEY,
            sleutel    bytea,
            aangemaakt timestamptz NOT NULL DEFAULT now(),
            gewist_op  timestamptz,
            CHECK ((sleutel IS NULL) = (gewist_op IS NOT NULL))
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE klant_sleutels")
