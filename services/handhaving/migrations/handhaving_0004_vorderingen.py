"""Handhaving: the open vorderingen of each klant (an erasure on request waits for them, the bewaartermijn counts
from when the last one closed), and the klanten whose erasure it allowed (no onderzoek opens on those).

Revision ID: handhaving_0004
Revises: handhaving_0003
Create Date: 2026-12-06
"""

from alembic import op

revision = "handhaving_0004"
down_revision = "handhaving_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE hh_vorderingen (
            vordering_id  uuid          PRIMARY KEY,
            klant_id      uuid          NOT NULL,
            saldo         numeric(14,2) NOT NULL,
            gesloten_tijd timestamptz
        )
        """
    )
    op.execute("CREATE INDEX hh_vorderingen_per_klant ON hh_vorderingen (klant_id)")
    op.execute("CREATE TABLE hh_wissingen (klant_id uuid PRIMARY KEY, toegestaan_op timestamptz NOT NULL)")


def downgrade() -> None:
    op.execute("DROP TABLE hh_wissingen, hh_vorderingen")
