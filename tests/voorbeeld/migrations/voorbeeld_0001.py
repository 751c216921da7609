"""Notities read model.

Revision ID: voorbeeld_0001
Revises:
Create Date: 2026-11-29
"""

from alembic import op

revision = "voorbeeld_0001"
down_revision = None
branch_labels = ("voorbeeld",)
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE notities (notitie_id uuid PRIMARY KEY, klant_id uuid, gemeente text, tekst text, op timestamptz)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE notities")
