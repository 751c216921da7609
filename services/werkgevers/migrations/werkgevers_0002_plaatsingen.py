"""Werkgevers: plaatsingen received from matching (vacature filling, social return realised).

Revision ID: werkgevers_0002
Revises: werkgevers_0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "werkgevers_0002"
down_revision = "werkgevers_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE werkgevers_plaatsingen (
            plaatsing_id  uuid PRIMARY KEY,
            werkgever_id  uuid NOT NULL,
            vacature_id   uuid NOT NULL,
            startdatum    date NOT NULL,
            einddatum     date,
            uren_per_week int  NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX werkgevers_plaatsingen_werkgever ON werkgevers_plaatsingen (werkgever_id, startdatum)")
    op.execute("CREATE INDEX werkgevers_plaatsingen_vacature ON werkgevers_plaatsingen (vacature_id)")
    op.execute("COMMENT ON TABLE werkgevers_plaatsingen IS 'From matching.events; rebuildable by replay.'")


def downgrade() -> None:
    op.execute("DROP TABLE werkgevers_plaatsingen")
