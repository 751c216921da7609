"""Uitkering: the paid months computed past the last table carried, so they are recalculated when it arrives.

Revision ID: uitkering_0005
Revises: uitkering_0004
Create Date: 2026-12-06
"""

from alembic import op

revision = "uitkering_0005"
down_revision = "uitkering_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE uitkering_voorlopig (
            uitkering_id uuid NOT NULL,
            periode      date NOT NULL,
            PRIMARY KEY (uitkering_id, periode)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE uitkering_voorlopig")
