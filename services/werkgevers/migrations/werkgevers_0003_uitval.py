"""Werkgevers hears when a plaatsing ends: its position is free again and social return stops counting hours.

Revision ID: werkgevers_0003
Revises: werkgevers_0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "werkgevers_0003"
down_revision = "werkgevers_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE werkgevers_plaatsingen ADD COLUMN beeindigd_op timestamptz")


def downgrade() -> None:
    op.execute("ALTER TABLE werkgevers_plaatsingen DROP COLUMN beeindigd_op")
