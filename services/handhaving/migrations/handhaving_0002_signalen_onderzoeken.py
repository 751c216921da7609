"""Handhaving: stream types in the audit store, erased klanten, streams a klant's events name, running
uitkeringen, signalen, onderzoeken (with their leden) and steekproeven.

Revision ID: handhaving_0002
Revises: handhaving_0001
Create Date: 2026-11-30
"""

from alembic import op

revision = "handhaving_0002"
down_revision = "handhaving_0001"
branch_labels = None
depends_on = None

STATEMENTS = [
    "ALTER TABLE audit_events ADD COLUMN streamtype text NOT NULL DEFAULT ''",
    "CREATE TABLE audit_gewist (klant_id text PRIMARY KEY, gewist_op timestamptz NOT NULL)",
    # Streams about something else that a klant's events name (the vacature of a voorstel or plaatsing).
    "CREATE TABLE audit_verwijzingen (klant_id text NOT NULL, stream_id text NOT NULL, "
    "PRIMARY KEY (klant_id, stream_id))",
    # One index per stream (a stream id is a UUID, unique across topics) instead of two: fewer to keep on ingest.
    "DROP INDEX audit_per_stream",
    "CREATE INDEX audit_per_stream_id ON audit_events (stream_id, streamversie)",
    """
    CREATE TABLE hh_uitkeringen (
        uitkering_id   uuid        PRIMARY KEY,
        klant_id       uuid        NOT NULL,
        gemeente       char(6)     NOT NULL,
        leefvorm       text        NOT NULL,
        ingangsdatum   date,
        toegekend_tijd timestamptz,
        beeindigd_tijd timestamptz
    )
    """,
    "CREATE INDEX hh_uitkeringen_klant ON hh_uitkeringen (klant_id)",
    "CREATE INDEX hh_uitkeringen_gemeente ON hh_uitkeringen (gemeente, toegekend_tijd)",
    """
    CREATE TABLE signalen (
        signaal_id    uuid        PRIMARY KEY,
        klant_id      uuid        NOT NULL,
        gemeente      char(6)     NOT NULL,
        bron          text        NOT NULL,
        product       text        NOT NULL,
        kenmerk       text        NOT NULL,
        periode_van   date,
        periode_tot   date,
        bedrag        numeric(12, 2),
        omschrijving  text        NOT NULL,
        ontvangen_op  timestamptz NOT NULL,
        triage        text,
        reden         text,
        beoordeeld_op timestamptz
    )
    """,
    "CREATE INDEX signalen_werklijst ON signalen (gemeente, ontvangen_op, signaal_id)",
    """
    CREATE TABLE onderzoeken (
        onderzoek_id uuid        PRIMARY KEY,
        klant_id     uuid        NOT NULL,
        gemeente     char(6)     NOT NULL,
        aanleiding   text        NOT NULL,
        signaal_id   uuid,
        geopend_op   timestamptz NOT NULL,
        uitkomst     text,
        afgerond_op  timestamptz
    )
    """,
    """
    CREATE TABLE onderzoek_leden (
        onderzoek_id uuid NOT NULL REFERENCES onderzoeken ON DELETE CASCADE,
        lid          text NOT NULL,
        PRIMARY KEY (onderzoek_id, lid)
    )
    """,
    "CREATE INDEX onderzoek_leden_lid ON onderzoek_leden (lid)",
    """
    CREATE TABLE steekproeven (
        steekproef_id    uuid        PRIMARY KEY,
        gemeente         char(6)     NOT NULL,
        doel             text        NOT NULL,
        methode          text        NOT NULL,
        omvang           integer     NOT NULL,
        populatie_omvang integer     NOT NULL,
        getrokken_op     timestamptz NOT NULL
    )
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        "DROP TABLE steekproeven, onderzoek_leden, onderzoeken, signalen, hh_uitkeringen, audit_verwijzingen, "
        "audit_gewist"
    )
    op.execute("ALTER TABLE audit_events DROP COLUMN streamtype")
    op.execute("DROP INDEX audit_per_stream_id")
    op.execute("CREATE INDEX audit_per_stream ON audit_events (topic, stream_id, streamversie)")
