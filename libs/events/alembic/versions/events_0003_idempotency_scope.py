"""Idempotent answers remember the gemeenten they reveal, so a replay is authorized again.

Revision ID: events_0003
Revises: events_0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "events_0003"
down_revision = "events_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE idempotency_keys ADD COLUMN gemeenten text[] NOT NULL DEFAULT '{}'")


def downgrade() -> None:
    op.execute("ALTER TABLE idempotency_keys DROP COLUMN gemeenten")
