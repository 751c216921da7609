"""Who proposed a voorstel, so a matcher finds the open voorstellen that are theirs.

The column is filled by the projection from the envelope's actor of `MatchVoorgesteld`; voorstellen projected
before this revision keep NULL until matching's read models are rebuilt from its events.

Revision ID: matching_0007
Revises: matching_0006
Create Date: 2026-12-07
"""

from alembic import op

revision = "matching_0007"
down_revision = "matching_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE voorstellen ADD COLUMN voorgesteld_door text")
    op.execute("CREATE INDEX voorstellen_door ON voorstellen (voorgesteld_door, voorgesteld_op)")


def downgrade() -> None:
    op.execute("DROP INDEX voorstellen_door")
    op.execute("ALTER TABLE voorstellen DROP COLUMN voorgesteld_door")
