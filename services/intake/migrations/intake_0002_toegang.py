"""Intake for issue 3: full persoonsgegevens, access log, worklist read models, timers.

Revision ID: intake_0002
Revises: intake_0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "intake_0002"
down_revision = "intake_0001"
branch_labels = None
depends_on = "events_0002"

STATEMENTS = [
    "ALTER TABLE personen ADD COLUMN straat text, ADD COLUMN huisnummer text, ADD COLUMN woonplaats text, "
    "ADD COLUMN telefoon text, ADD COLUMN email text, ADD COLUMN gewijzigd_op timestamptz",
    # Logboek Dataverwerkingen: who read or changed whose personal data, when, why, in which trace.
    """
    CREATE TABLE verwerkingen (
        verwerking_id uuid        PRIMARY KEY,
        tijdstip      timestamptz NOT NULL DEFAULT now(),
        actor         text        NOT NULL,
        rollen        text[]      NOT NULL,
        klant_id      uuid        NOT NULL,
        handeling     text        NOT NULL CHECK (handeling IN ('raadplegen', 'vastleggen', 'corrigeren')),
        doel          text        NOT NULL,
        trace_id      text        NOT NULL
    )
    """,
    "CREATE INDEX verwerkingen_klant ON verwerkingen (klant_id, tijdstip)",
    """
    CREATE TABLE aanmeldingen_overzicht (
        aanmelding_id     uuid        PRIMARY KEY,
        klant_id          uuid        NOT NULL,
        gemeente          char(6)     NOT NULL,
        kanaal            text        NOT NULL,
        kanaal_referentie text,
        hulpvraag         text        NOT NULL,
        status            text        NOT NULL,
        voorgestelde_route text,
        meervoudige_problematiek boolean,
        route             text,
        urgentie          text,
        ontvangen_op      timestamptz NOT NULL,
        bijgewerkt_op     timestamptz NOT NULL
    )
    """,
    "CREATE INDEX aanmeldingen_werklijst ON aanmeldingen_overzicht (status, gemeente, ontvangen_op)",
    "CREATE INDEX aanmeldingen_referentie ON aanmeldingen_overzicht (kanaal, kanaal_referentie)",
    """
    CREATE TABLE klanten_overzicht (
        klant_id               uuid    PRIMARY KEY,
        gemeente               char(6) NOT NULL,
        verantwoordelijk_team  text    NOT NULL,
        e_dienstverlening_tot  date,
        geregistreerd_op       timestamptz NOT NULL
    )
    """,
    """
    CREATE TABLE overdrachten (
        overdracht_id  uuid        PRIMARY KEY,
        klant_id       uuid        NOT NULL,
        gemeente       char(6)     NOT NULL,
        richting       text        NOT NULL,
        van_team       text        NOT NULL,
        naar_team      text        NOT NULL,
        status         text        NOT NULL,
        vervolgstap    text        NOT NULL,
        contactpersoon text        NOT NULL,
        reageren_voor  date        NOT NULL,
        verlopen       boolean     NOT NULL DEFAULT false,
        reden          text,
        aangeboden_op  timestamptz NOT NULL,
        beantwoord_op  timestamptz
    )
    """,
    "CREATE INDEX overdrachten_open ON overdrachten (status, naar_team, aangeboden_op)",
    """
    CREATE TABLE escalaties (
        escalatie_id  text        PRIMARY KEY,
        soort         text        NOT NULL,
        klant_id      uuid        NOT NULL,
        gemeente      char(6)     NOT NULL,
        team          text        NOT NULL,
        overdracht_id uuid,
        ontstaan_op   timestamptz NOT NULL,
        afgehandeld_op timestamptz
    )
    """,
    # Due checks derived from events; fired_at is set in the transaction that acted on it.
    """
    CREATE TABLE timers (
        timer_id text        PRIMARY KEY,
        soort    text        NOT NULL,
        klant_id uuid        NOT NULL,
        ref      uuid,
        due      date        NOT NULL,
        fired_at timestamptz
    )
    """,
    "CREATE INDEX timers_due ON timers (due) WHERE fired_at IS NULL",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE timers, escalaties, overdrachten, klanten_overzicht, aanmeldingen_overzicht, verwerkingen")
