"""Intake: wisverzoeken and handhaving's answer to each (wisbesluiten); the wisblokkaden are handhaving's to weigh.

Revision ID: intake_0006
Revises: intake_0005
Create Date: 2026-12-06
"""

from alembic import op

revision = "intake_0006"
down_revision = "intake_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE wisverzoeken (
            verzoek_id   uuid        PRIMARY KEY,
            klant_id     uuid        NOT NULL,
            grond        text        NOT NULL,
            ingediend_op timestamptz NOT NULL,
            gewist_op    timestamptz
        )
        """
    )
    # Handhaving's answers, from its topic: a table of their own, so each projection rebuilds what it owns.
    op.execute(
        """
        CREATE TABLE wisbesluiten (
            verzoek_id    uuid        PRIMARY KEY,
            besluit       text        NOT NULL,
            bewaren_tot   date,
            beoordeeld_op timestamptz NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX wisverzoeken_per_klant ON wisverzoeken (klant_id)")
    op.execute("DROP TABLE wisblokkades")


def downgrade() -> None:
    op.execute("CREATE TABLE wisblokkades (onderzoek_id uuid PRIMARY KEY, klant_id uuid NOT NULL)")
    op.execute("CREATE INDEX wisblokkades_klant ON wisblokkades (klant_id)")
    op.execute("DROP TABLE wisbesluiten, wisverzoeken")
