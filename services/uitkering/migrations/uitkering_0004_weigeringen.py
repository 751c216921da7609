"""Uitkering: the uitkeringen a betaalrun did not pay, by name and with why (a broken chain, erased data).

Revision ID: uitkering_0004
Revises: uitkering_0003
Create Date: 2026-12-06
"""

from alembic import op

revision = "uitkering_0004"
down_revision = "uitkering_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE betaalrun_weigeringen (
            betaalrun_id uuid        NOT NULL,
            uitkering_id uuid        NOT NULL,
            reden        text        NOT NULL,
            geweigerd_op timestamptz NOT NULL,
            PRIMARY KEY (betaalrun_id, uitkering_id)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE betaalrun_weigeringen")
