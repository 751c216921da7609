"""Intake keeps the wisblokkaden (legal holds) that handhaving's open onderzoeken put on klanten.

Revision ID: intake_0004
Revises: intake_0003
Create Date: 2026-11-30
"""

from alembic import op

revision = "intake_0004"
down_revision = "intake_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE TABLE wisblokkades (onderzoek_id uuid PRIMARY KEY, klant_id uuid NOT NULL)")
    op.execute("CREATE INDEX wisblokkades_klant ON wisblokkades (klant_id)")


def downgrade() -> None:
    op.execute("DROP TABLE wisblokkades")
