"""Intake: the persoonsgegevens store.

Revision ID: intake_0001
Revises:
Create Date: 2026-11-22
"""

from alembic import op

revision = "intake_0001"
down_revision = None
branch_labels = ("intake",)
depends_on = "events_0001"


STATEMENTS = [
    """
        CREATE TABLE personen (
            klant_id      uuid        PRIMARY KEY,
            bsn           char(9)     NOT NULL UNIQUE,
            naam          text        NOT NULL,
            geboortedatum date        NOT NULL,
            postcode      varchar(6)  NOT NULL,
            created_at    timestamptz NOT NULL DEFAULT now()
        )
    """,
    """
        COMMENT ON TABLE personen IS 'Persoonsgegevens: only intake stores these; events carry klant_id.'
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE personen")
