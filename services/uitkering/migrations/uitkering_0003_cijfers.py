"""Uitkering: ontheffingen and the instruments from matching (LKS, jobcoach, proefplaats) for figures and budgets.

Revision ID: uitkering_0003
Revises: uitkering_0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "uitkering_0003"
down_revision = "uitkering_0002"
branch_labels = None
depends_on = None

STATEMENTS = [
    """
    CREATE TABLE uitkering_ontheffingen (
        ontheffing_id uuid    PRIMARY KEY,
        uitkering_id  uuid    NOT NULL,
        gemeente      char(6) NOT NULL,
        grond         text    NOT NULL,
        van           date    NOT NULL,
        tot           date    NOT NULL,
        beeindigd_per date
    )
    """,
    "CREATE INDEX ontheffingen_per_gemeente ON uitkering_ontheffingen (gemeente, van)",
    """
    CREATE TABLE uitkering_instrumenten (
        event_id           uuid          PRIMARY KEY,
        soort              text          NOT NULL,
        plaatsing_id       uuid          NOT NULL,
        klant_id           uuid          NOT NULL,
        van                date          NOT NULL,
        tot                date,
        bedrag_per_maand   numeric(12,2),
        loonwaarde_procent integer,
        uren               integer
    )
    """,
    "CREATE INDEX instrumenten_per_klant ON uitkering_instrumenten (klant_id, soort, van)",
    "CREATE INDEX betalingen_per_gemeente ON uitkering_betalingen (gemeente, periode)",
    "ALTER TABLE uitkering_betalingen ADD COLUMN event_id uuid",
    """
    CREATE TABLE vordering_aflossingen (
        event_id     uuid          PRIMARY KEY,
        vordering_id uuid          NOT NULL,
        gemeente     char(6)       NOT NULL,
        datum        date          NOT NULL,
        periode      date,
        bedrag       numeric(12,2) NOT NULL,
        wijze        text          NOT NULL
    )
    """,
    "CREATE INDEX aflossingen_per_gemeente ON vordering_aflossingen (gemeente, datum)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE vordering_aflossingen")
    op.execute("ALTER TABLE uitkering_betalingen DROP COLUMN event_id")
    op.execute("DROP INDEX betalingen_per_gemeente")
    op.execute("DROP TABLE uitkering_instrumenten, uitkering_ontheffingen")
