"""Uitkering: maatregelen, vorderingen (terugvordering and boete) with their parts, warnings, and the dates worklist.

Revision ID: uitkering_0002
Revises: uitkering_0001
Create Date: 2026-11-29
"""

from alembic import op

revision = "uitkering_0002"
down_revision = "uitkering_0001"
branch_labels = None
depends_on = None

STATEMENTS = [
    """
    CREATE TABLE maatregelen_overzicht (
        maatregel_id            uuid          PRIMARY KEY,
        uitkering_id            uuid          NOT NULL,
        klant_id                uuid          NOT NULL,
        gemeente                char(6)       NOT NULL,
        verplichting            text          NOT NULL,
        status                  text          NOT NULL,
        feitdatum               date          NOT NULL,
        zienswijze_uiterlijk    date          NOT NULL,
        percentage              numeric(6,4),
        maanden                 integer,
        heroverweging_uiterlijk date,
        besloten_op             timestamptz
    )
    """,
    "CREATE INDEX maatregelen_per_gemeente ON maatregelen_overzicht (gemeente, status, besloten_op)",
    """
    CREATE TABLE vorderingen_overzicht (
        vordering_id uuid          PRIMARY KEY,
        uitkering_id uuid          NOT NULL,
        klant_id     uuid          NOT NULL,
        gemeente     char(6)       NOT NULL,
        soort        text          NOT NULL,
        grond        text          NOT NULL,
        bedrag       numeric(12,2) NOT NULL,
        saldo        numeric(12,2) NOT NULL,
        per_maand    numeric(12,2),
        verrekenbaar boolean       NOT NULL,
        opgelegd_op  timestamptz   NOT NULL
    )
    """,
    "CREATE INDEX vorderingen_per_uitkering ON vorderingen_overzicht (uitkering_id, opgelegd_op)",
    "CREATE INDEX vorderingen_per_klant ON vorderingen_overzicht (klant_id, soort)",
    """
    CREATE TABLE vordering_deelvorderingen (
        vordering_id uuid          NOT NULL,
        uitkering_id uuid          NOT NULL,
        periode      date,
        bedrag       numeric(12,2) NOT NULL
    )
    """,
    "CREATE INDEX deelvorderingen_per_uitkering ON vordering_deelvorderingen (uitkering_id, periode)",
    """
    CREATE TABLE uitkering_waarschuwingen (
        uitkering_id uuid        NOT NULL,
        klant_id     uuid        NOT NULL,
        vordering_id uuid        NOT NULL,
        gegeven_op   timestamptz NOT NULL,
        PRIMARY KEY (uitkering_id, vordering_id)
    )
    """,
    "CREATE INDEX waarschuwingen_per_klant ON uitkering_waarschuwingen (klant_id, gegeven_op)",
    """
    CREATE TABLE uitkering_termijnen (
        uitkering_id uuid    NOT NULL,
        klant_id     uuid    NOT NULL,
        gemeente     char(6) NOT NULL,
        soort        text    NOT NULL,
        ref          text    NOT NULL,
        datum        date    NOT NULL,
        toelichting  text    NOT NULL,
        PRIMARY KEY (uitkering_id, soort, ref)
    )
    """,
    "CREATE INDEX termijnen_werklijst ON uitkering_termijnen (gemeente, datum, uitkering_id)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        "DROP TABLE uitkering_termijnen, uitkering_waarschuwingen, vordering_deelvorderingen, "
        "vorderingen_overzicht, maatregelen_overzicht"
    )
