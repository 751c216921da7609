"""Trajecten: beschut werk (Pw art. 10b), each advies with its decision and dienstbetrekking, and the taakstellingen.

Revision ID: trajecten_0002
Revises: trajecten_0001
Create Date: 2026-12-07
"""

from alembic import op

revision = "trajecten_0002"
down_revision = "trajecten_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE trajecten_beschut (
            aanvraag_id        uuid        PRIMARY KEY,
            klant_id           uuid        NOT NULL,
            gemeente           char(6)     NOT NULL,
            aangevraagd_op     timestamptz NOT NULL,
            aangevraagd_dag    date        NOT NULL,
            uiterlijk          date        NOT NULL,
            verzonden_op       timestamptz,
            advies_aangewezen  boolean,
            advies_op          date,
            binnen_termijn     boolean,
            aangewezen         boolean,
            indicatie_van      date,
            indicatie_tot      date,
            startdatum         date,
            einddatum          date
        )
        """
    )
    op.execute("CREATE INDEX trajecten_beschut_gemeente ON trajecten_beschut (gemeente, aangevraagd_op, aanvraag_id)")
    op.execute(
        """
        CREATE TABLE trajecten_taakstellingen (
            gemeente  char(6) NOT NULL,
            jaar      integer NOT NULL,
            aantal    integer NOT NULL,
            bron      text    NOT NULL,
            PRIMARY KEY (gemeente, jaar)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE trajecten_taakstellingen, trajecten_beschut")
