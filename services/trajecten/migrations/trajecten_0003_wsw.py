"""Trajecten: the Wsw zittend bestand (medewerkers with the encrypted birth date, werkvorm periods, outflow,
detacheringen), each gemeente's Wsw money per year, and the werkgevers that can be inleners.

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

    op.execute(
        """
        CREATE TABLE trajecten_wsw_detacheringen (
            detachering_id  uuid          PRIMARY KEY,
            medewerker_id   uuid          NOT NULL,
            werkgever_id    uuid          NOT NULL,
            soort           text          NOT NULL,
            van             date          NOT NULL,
            tot             date,
            uren            integer       NOT NULL,
            tarief          numeric(10,2) NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX trajecten_wsw_detacheringen_medewerker ON trajecten_wsw_detacheringen (medewerker_id)")
    op.execute(
        """
        CREATE TABLE trajecten_wsw_financiering (
            gemeente            char(6)       NOT NULL,
            jaar                integer       NOT NULL,
            rijksbijdrage       numeric(16,2) NOT NULL,
            rijksbijdrage_bron  text          NOT NULL,
            loonkosten_per_se   numeric(12,2) NOT NULL,
            loonkosten_bron     text          NOT NULL,
            PRIMARY KEY (gemeente, jaar)
        )
        """
    )
    # Werkgevers as werkgevers publishes them: the inleners a detachering names.
    op.execute("CREATE TABLE trajecten_werkgevers (werkgever_id uuid PRIMARY KEY, naam text NOT NULL)")


def downgrade() -> None:
    op.execute(
        "DROP TABLE trajecten_werkgevers, trajecten_wsw_financiering, trajecten_wsw_detacheringen, "
        "trajecten_wsw_perioden, trajecten_wsw"
    )
