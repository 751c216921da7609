"""A plaatsing can end (PlaatsingBeeindigd): one *running* plaatsing per kandidaat, and the end recorded.

Revision ID: matching_0005
Revises: matching_0004
Create Date: 2026-11-29
"""

from alembic import op

revision = "matching_0005"
down_revision = "matching_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE plaatsingen ADD COLUMN beeindigd_op timestamptz, ADD COLUMN uitvalreden text")
    op.execute("DROP INDEX plaatsingen_een_per_klant")
    op.execute("CREATE UNIQUE INDEX plaatsingen_een_per_klant ON plaatsingen (klant_id) WHERE beeindigd_op IS NULL")


def downgrade() -> None:
    op.execute("DROP INDEX plaatsingen_een_per_klant")
    op.execute("CREATE UNIQUE INDEX plaatsingen_een_per_klant ON plaatsingen (klant_id)")
    op.execute("ALTER TABLE plaatsingen DROP COLUMN beeindigd_op, DROP COLUMN uitvalreden")
