"""Trajecten: plans, voorzieningen and their ledger, aanbieders, budget lines, tegenprestaties, klant facts.

Revision ID: trajecten_0001
Revises:
Create Date: 2026-12-07
"""

from alembic import op

revision = "trajecten_0001"
down_revision = None
branch_labels = ("trajecten",)
depends_on = "events_0002"

STATEMENTS = [
    """
    CREATE TABLE trajecten_klanten (
        klant_id  uuid    PRIMARY KEY,
        gemeente  char(6),
        team      text,
        route     text
    )
    """,
    """
    CREATE TABLE trajecten_werk (
        plaatsing_id uuid PRIMARY KEY,
        klant_id     uuid NOT NULL,
        startdatum   date NOT NULL
    )
    """,
    "CREATE INDEX trajecten_werk_klant ON trajecten_werk (klant_id)",
    """
    CREATE TABLE trajecten_ontheffingen (
        ontheffing_id  uuid PRIMARY KEY,
        klant_id       uuid NOT NULL,
        grond          text NOT NULL,
        van            date NOT NULL,
        tot            date NOT NULL,
        beeindigd_per  date
    )
    """,
    "CREATE INDEX trajecten_ontheffingen_klant ON trajecten_ontheffingen (klant_id)",
    """
    CREATE TABLE trajecten_plannen (
        plan_id             uuid        PRIMARY KEY,
        klant_id            uuid        NOT NULL UNIQUE,
        gemeente            char(6)     NOT NULL,
        versie              integer     NOT NULL,
        besproken_op        date        NOT NULL,
        instemming          boolean     NOT NULL,
        startkwalificatie   boolean     NOT NULL,
        volgende_evaluatie  date,
        team                text        NOT NULL,
        bijgewerkt_op       timestamptz NOT NULL
    )
    """,
    "CREATE INDEX trajecten_plannen_lijst ON trajecten_plannen (gemeente, bijgewerkt_op, plan_id)",
    """
    CREATE TABLE trajecten_aanbieders (
        aanbieder_id  uuid    PRIMARY KEY,
        kvk_nummer    char(8) NOT NULL UNIQUE,
        naam          text    NOT NULL,
        soort         text    NOT NULL,
        gemeenten     text[]  NOT NULL
    )
    """,
    """
    CREATE TABLE trajecten_voorzieningen (
        voorziening_id  uuid          PRIMARY KEY,
        klant_id        uuid          NOT NULL,
        plan_id         uuid          NOT NULL,
        gemeente        char(6)       NOT NULL,
        code            text          NOT NULL,
        label           text          NOT NULL,
        soort           text          NOT NULL,
        route           text,
        aanbieder_id    uuid          NOT NULL,
        budgetregel_id  uuid          NOT NULL,
        startdatum      date          NOT NULL,
        tot             date          NOT NULL,
        einddatum       date,
        uitkomst        text,
        verplichting    numeric(14,2) NOT NULL,
        gerealiseerd    numeric(14,2) NOT NULL DEFAULT 0,
        premies         numeric(14,2) NOT NULL DEFAULT 0,
        premies_aantal  integer       NOT NULL DEFAULT 0,
        geevalueerd     boolean       NOT NULL DEFAULT false,
        effect          boolean,
        uiterlijk_einde date,
        gestart_op      timestamptz   NOT NULL
    )
    """,
    "CREATE INDEX trajecten_voorzieningen_lijst ON trajecten_voorzieningen (gemeente, gestart_op, voorziening_id)",
    "CREATE INDEX trajecten_voorzieningen_klant ON trajecten_voorzieningen (klant_id)",
    "CREATE INDEX trajecten_voorzieningen_jaar ON trajecten_voorzieningen (gemeente, startdatum)",
    """
    CREATE TABLE trajecten_boekingen (
        boeking_id      text          PRIMARY KEY,
        regel_id        uuid          NOT NULL,
        gemeente        char(6)       NOT NULL,
        maand           date          NOT NULL,
        soort           text          NOT NULL,
        bedrag          numeric(14,2) NOT NULL,
        voorziening_id  uuid          NOT NULL
    )
    """,
    "CREATE INDEX trajecten_boekingen_regel ON trajecten_boekingen (regel_id, maand)",
    """
    CREATE TABLE trajecten_budgetregels (
        regel_id        uuid          PRIMARY KEY,
        gemeente        char(6)       NOT NULL,
        jaar            integer       NOT NULL,
        naam            text          NOT NULL,
        kanaal          text          NOT NULL,
        bedrag          numeric(16,2) NOT NULL,
        bron            text          NOT NULL,
        vastgesteld_op  timestamptz   NOT NULL,
        UNIQUE (gemeente, jaar, naam)
    )
    """,
    """
    CREATE TABLE trajecten_tegenprestaties (
        opdracht_id    uuid        PRIMARY KEY,
        klant_id       uuid        NOT NULL,
        gemeente       char(6)     NOT NULL,
        persoon        text        NOT NULL,
        van            date        NOT NULL,
        tot            date        NOT NULL,
        weigeringen    integer     NOT NULL DEFAULT 0,
        verwijtbaar    integer     NOT NULL DEFAULT 0,
        opgedragen_op  timestamptz NOT NULL
    )
    """,
    "CREATE INDEX trajecten_tegenprestaties_lijst ON trajecten_tegenprestaties (gemeente, opgedragen_op, opdracht_id)",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        "DROP TABLE trajecten_tegenprestaties, trajecten_budgetregels, trajecten_boekingen, trajecten_voorzieningen, "
        "trajecten_aanbieders, trajecten_plannen, trajecten_ontheffingen, trajecten_werk, trajecten_klanten"
    )
