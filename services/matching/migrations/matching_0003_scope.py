"""Klantmanagers carry the gemeenten they serve (caseload is scoped by them); one plaatsing per kandidaat.

The unique index is what holds "one plaatsing per kandidaat" when two plaatsingen race: the
second transaction's inline projection fails on it and the command is refused (AlGeplaatst).

Revision ID: matching_0003
Revises: matching_0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "matching_0003"
down_revision = "matching_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE klantmanagers ADD COLUMN gemeenten text[] NOT NULL DEFAULT '{}'")
    op.execute("DROP INDEX plaatsingen_klant")
    op.execute("CREATE UNIQUE INDEX plaatsingen_een_per_klant ON plaatsingen (klant_id)")


def downgrade() -> None:
    op.execute("DROP INDEX plaatsingen_een_per_klant")
    op.execute("CREATE INDEX plaatsingen_klant ON plaatsingen (klant_id)")
    op.execute("ALTER TABLE klantmanagers DROP COLUMN gemeenten")
