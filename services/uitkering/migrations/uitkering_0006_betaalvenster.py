"""Uitkering: which betaalruns visit an uitkering, as the domain decides it (`betaling.domain.betaalvenster`).

Revision ID: uitkering_0006
Revises: uitkering_0005
Create Date: 2026-12-07
"""

from alembic import op

revision = "uitkering_0006"
down_revision = "uitkering_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE uitkering_overzicht ADD COLUMN betalen boolean NOT NULL DEFAULT false")
    op.execute("ALTER TABLE uitkering_overzicht ADD COLUMN betalen_tot date")
    # Rows projected before this: what the domain's betaalvenster gives for their last event of each kind.
    op.execute(
        "UPDATE uitkering_overzicht SET betalen = (status IN ('toegekend', 'beeindigd') "
        "OR (status = 'aangevraagd' AND voorschot_open)), betalen_tot = CASE WHEN status = 'beeindigd' "
        "THEN (date_trunc('month', laatste_dag) + interval '3 months')::date END"
    )
    op.execute("CREATE INDEX uitkering_te_betalen ON uitkering_overzicht (gemeente, uitkering_id) WHERE betalen")


def downgrade() -> None:
    op.execute("DROP INDEX uitkering_te_betalen")
    op.execute("ALTER TABLE uitkering_overzicht DROP COLUMN betalen_tot, DROP COLUMN betalen")
