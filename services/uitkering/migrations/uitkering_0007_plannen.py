"""Uitkering: each klant's plan van aanpak as trajecten published it, for the toekenning's bijlage (art. 44 lid 4).

Revision ID: uitkering_0007
Revises: uitkering_0006
Create Date: 2026-12-07
"""

from alembic import op

revision = "uitkering_0007"
down_revision = "uitkering_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE uitkering_plannen (
            klant_id      uuid    PRIMARY KEY,
            plan_id       uuid    NOT NULL,
            versie        integer NOT NULL,
            besproken_op  date    NOT NULL
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE uitkering_plannen")
