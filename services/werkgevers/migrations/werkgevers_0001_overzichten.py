"""Werkgevers: employers and vacatures read models.

Revision ID: werkgevers_0001
Revises:
Create Date: 2026-11-22
"""

from alembic import op

revision = "werkgevers_0001"
down_revision = None
branch_labels = ("werkgevers",)
depends_on = "events_0002"

STATEMENTS = [
    """
    CREATE TABLE werkgevers_overzicht (
        werkgever_id     uuid        PRIMARY KEY,
        kvk_nummer       char(8)     NOT NULL UNIQUE,
        naam             text        NOT NULL,
        geregistreerd_op timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE vacatures_overzicht (
        vacature_id      uuid        PRIMARY KEY,
        werkgever_id     uuid        NOT NULL REFERENCES werkgevers_overzicht (werkgever_id),
        titel            text        NOT NULL,
        isco08           char(4)     NOT NULL,
        status           text        NOT NULL,
        postcode         text        NOT NULL,
        gemeente         char(6)     NOT NULL,
        uren_per_week    integer     NOT NULL,
        startdatum       date        NOT NULL,
        contractvorm     text        NOT NULL,
        banenafspraak    boolean     NOT NULL,
        aantal_plaatsen  integer     NOT NULL,
        geregistreerd_op timestamptz NOT NULL
    )
    """,
    "CREATE INDEX vacatures_lijst ON vacatures_overzicht (status, gemeente, geregistreerd_op, vacature_id)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE vacatures_overzicht, werkgevers_overzicht")
