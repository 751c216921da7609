"""Trajecten: the Wsw zittend bestand, each medewerker with the encrypted birth date, werkvorm periods and outflow.

Revision ID: trajecten_0003
Revises: trajecten_0002
Create Date: 2026-12-07
"""

from alembic import op

revision = "trajecten_0003"
down_revision = "trajecten_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE trajecten_wsw (
            medewerker_id  uuid    PRIMARY KEY,
            klant_id       uuid    NOT NULL,
            gemeente       char(6) NOT NULL,
            indienst       date    NOT NULL,
            persoonlijk    text    NOT NULL,
            uitstroom_per  date
        )
        """
    )
    op.execute("CREATE INDEX trajecten_wsw_gemeente ON trajecten_wsw (gemeente)")
    op.execute(
        """
        CREATE TABLE trajecten_wsw_perioden (
            medewerker_id  uuid    NOT NULL,
            per            date    NOT NULL,
            werkvorm       text    NOT NULL,
            uren           integer NOT NULL,
            PRIMARY KEY (medewerker_id, per)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE trajecten_wsw_perioden, trajecten_wsw")
