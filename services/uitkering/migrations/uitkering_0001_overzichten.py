"""Uitkering: aanvragen and uitkeringen, the netto payment ledger, accounts, herberekeningen, betaalruns, klanten.

Revision ID: uitkering_0001
Revises:
Create Date: 2026-11-29
"""

from alembic import op

revision = "uitkering_0001"
down_revision = None
branch_labels = ("uitkering",)
depends_on = "events_0002"

STATEMENTS = [
    """
    CREATE TABLE uitkering_overzicht (
        uitkering_id        uuid        PRIMARY KEY,
        klant_id            uuid        NOT NULL,
        gemeente            char(6)     NOT NULL,
        status              text        NOT NULL,
        meldingsdatum       date        NOT NULL,
        aanvraagdatum       date        NOT NULL,
        beslistermijn       date        NOT NULL,
        voorschot_uiterlijk date        NOT NULL,
        voorschot_verleend  boolean     NOT NULL DEFAULT false,
        voorschot_open      boolean     NOT NULL DEFAULT false,
        ingangsdatum        date,
        laatste_dag         date,
        reden_einde         text,
        opgeschort          boolean     NOT NULL DEFAULT false,
        ingediend_op        timestamptz NOT NULL,
        besloten_op         timestamptz
    )
    """,
    "CREATE INDEX uitkering_werklijst ON uitkering_overzicht (gemeente, status, beslistermijn, uitkering_id)",
    "CREATE INDEX uitkering_betaalbaar ON uitkering_overzicht (gemeente, uitkering_id) WHERE status <> 'afgewezen'",
    "CREATE INDEX uitkering_per_klant ON uitkering_overzicht (klant_id)",
    """
    CREATE TABLE uitkering_betalingen (
        uitkering_id    uuid          NOT NULL,
        klant_id        uuid          NOT NULL,
        gemeente        char(6)       NOT NULL,
        betaalrun_id    uuid          NOT NULL,
        periode         date          NOT NULL,
        soort           text          NOT NULL,
        aan             text          NOT NULL,
        netto           numeric(12,2) NOT NULL,
        bijstand        numeric(12,2),
        vakantietoeslag numeric(12,2),
        betaald_op      timestamptz   NOT NULL,
        PRIMARY KEY (uitkering_id, periode, soort, aan)
    )
    """,
    "CREATE INDEX uitkering_betalingen_run ON uitkering_betalingen (betaalrun_id, uitkering_id)",
    """
    CREATE TABLE uitkering_rekeningen (
        uitkering_id uuid PRIMARY KEY,
        klant_id     uuid NOT NULL,
        versleuteld  text NOT NULL,
        uitbetaling  text NOT NULL
    )
    """,
    """
    CREATE TABLE uitkering_herberekeningen (
        uitkering_id   uuid          NOT NULL,
        klant_id       uuid          NOT NULL,
        gemeente       char(6)       NOT NULL,
        periode        date          NOT NULL,
        verschil       numeric(12,2) NOT NULL,
        soort          text          NOT NULL,
        aanleiding     text          NOT NULL,
        vastgesteld_op timestamptz   NOT NULL,
        PRIMARY KEY (uitkering_id, periode, vastgesteld_op)
    )
    """,
    """
    CREATE TABLE betaalruns (
        betaalrun_id uuid          PRIMARY KEY,
        gemeente     char(6)       NOT NULL,
        periode      date          NOT NULL,
        gestart_op   timestamptz   NOT NULL,
        afgerond_op  timestamptz,
        betalingen   integer,
        totaal       numeric(14,2),
        UNIQUE (gemeente, periode)
    )
    """,
    """
    CREATE TABLE uitkering_klanten (
        klant_id                uuid    PRIMARY KEY,
        gemeente                char(6) NOT NULL,
        hulpvraag               text,
        zoektermijn_einde       date,
        zoektermijn_uitzondering text,
        uitkering_nodig         boolean
    )
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        "DROP TABLE uitkering_klanten, betaalruns, uitkering_herberekeningen, uitkering_rekeningen, "
        "uitkering_betalingen, uitkering_overzicht"
    )
