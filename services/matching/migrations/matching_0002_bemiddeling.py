"""Matching: regional pool by team, vacature pool, profiles, proposals, plaatsingen, nazorg, caseload, view log.

Revision ID: matching_0002
Revises: matching_0001
Create Date: 2026-11-22
"""

from alembic import op

revision = "matching_0002"
down_revision = "matching_0001"
branch_labels = None
depends_on = None


STATEMENTS = [
    # Data minimisation: whether someone needs an uitkering, and their hulpvraag, are not matching's business.
    "ALTER TABLE kandidaten DROP COLUMN hulpvraag, DROP COLUMN uitkering_nodig",
    "ALTER TABLE kandidaten ALTER COLUMN aanmelding_id DROP NOT NULL, ALTER COLUMN gemeente DROP NOT NULL, "
    "ALTER COLUMN aangemeld_op DROP NOT NULL",
    "ALTER TABLE kandidaten ADD COLUMN verantwoordelijk_team text, ADD COLUMN klantmanager text, "
    "ADD COLUMN klantmanager_sinds timestamptz",
    "DROP INDEX kandidaten_pool",
    """
        CREATE INDEX kandidaten_pool ON kandidaten (gediagnosticeerd_op, klant_id)
            WHERE route IN ('werk', 'ontwikkeling') AND verantwoordelijk_team = 'regionaal'
    """,
    """
        CREATE TABLE vacatures (
            vacature_id     uuid        PRIMARY KEY,
            werkgever_id    uuid        NOT NULL,
            titel           text        NOT NULL,
            isco08          char(4)     NOT NULL,
            vereist         text[]      NOT NULL,
            gewenst         text[]      NOT NULL,
            uren_per_week   int         NOT NULL,
            postcode        text        NOT NULL,
            gemeente        char(6)     NOT NULL,
            lat             float8      NOT NULL,
            lon             float8      NOT NULL,
            startdatum      date        NOT NULL,
            contractvorm    text        NOT NULL,
            banenafspraak   boolean     NOT NULL,
            aanpassingen    text[]      NOT NULL,
            aantal_plaatsen int         NOT NULL,
            status          text        NOT NULL,
            geregistreerd_op timestamptz NOT NULL
        )
    """,
    "CREATE INDEX vacatures_open ON vacatures (gemeente) WHERE status = 'open'",
    "COMMENT ON TABLE vacatures IS 'Read model from werkgevers.events; rebuildable by replay.'",
    """
        CREATE TABLE profielen (
            klant_id                uuid        PRIMARY KEY,
            vaardigheden            text[]      NOT NULL,
            gewenste_beroepen       text[]      NOT NULL,
            uren_min                int         NOT NULL,
            uren_max                int         NOT NULL,
            max_reisafstand_km      int         NOT NULL,
            postcodegebied          text,
            lat                     float8      NOT NULL,
            lon                     float8      NOT NULL,
            locatie                 text        NOT NULL,
            beschikbaar_vanaf       date        NOT NULL,
            loonwaarde_indicatie    int,
            doelgroep_banenafspraak boolean     NOT NULL,
            vastgelegd_op           timestamptz NOT NULL
        )
    """,
    """
        CREATE TABLE toewijzingen (
            klant_id      uuid        PRIMARY KEY,
            klantmanager  text        NOT NULL,
            toegewezen_op timestamptz NOT NULL
        )
    """,
    """
        CREATE TABLE klantmanagers (
            klantmanager text PRIMARY KEY,
            naam         text NOT NULL,
            team         text NOT NULL,
            fte_procent  int  NOT NULL
        )
    """,
    """
        CREATE TABLE voorstellen (
            voorstel_id   uuid        PRIMARY KEY,
            vacature_id   uuid        NOT NULL,
            werkgever_id  uuid        NOT NULL,
            klant_id      uuid        NOT NULL,
            score         int         NOT NULL,
            status        text        NOT NULL,
            reden         text,
            toelichting   text,
            voorgesteld_op timestamptz NOT NULL,
            beantwoord_op timestamptz
        )
    """,
    "CREATE UNIQUE INDEX voorstellen_paar ON voorstellen (vacature_id, klant_id)",
    "CREATE INDEX voorstellen_klant ON voorstellen (klant_id, voorgesteld_op)",
    """
        CREATE TABLE plaatsingen (
            plaatsing_id      uuid    PRIMARY KEY,
            voorstel_id       uuid    NOT NULL UNIQUE,
            vacature_id       uuid    NOT NULL,
            werkgever_id      uuid    NOT NULL,
            klant_id          uuid    NOT NULL,
            gemeente_kandidaat char(6) NOT NULL,
            gemeente_werkplek char(6) NOT NULL,
            startdatum        date    NOT NULL,
            uren_per_week     int     NOT NULL,
            instrumenten      text[]  NOT NULL
        )
    """,
    "CREATE INDEX plaatsingen_vacature ON plaatsingen (vacature_id)",
    "CREATE INDEX plaatsingen_klant ON plaatsingen (klant_id)",
    """
        CREATE TABLE nazorg (
            plaatsing_id uuid NOT NULL,
            klant_id     uuid NOT NULL,
            moment       date NOT NULL,
            bevinding    text,
            vastgelegd_op timestamptz,
            PRIMARY KEY (plaatsing_id, moment)
        )
    """,
    "CREATE INDEX nazorg_open ON nazorg (moment) WHERE bevinding IS NULL",
    """
        CREATE TABLE profielinzagen (
            id             bigserial   PRIMARY KEY,
            wie            text        NOT NULL,
            rollen         text[]      NOT NULL,
            klant_id       uuid        NOT NULL,
            wanneer        timestamptz NOT NULL DEFAULT now(),
            context        text        NOT NULL,
            correlation_id text
        )
    """,
    "CREATE INDEX profielinzagen_klant ON profielinzagen (klant_id, wanneer)",
    "COMMENT ON TABLE profielinzagen IS 'Every view of a kandidaat profile: who, in which roles, when, where.'",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for table in (
        "profielinzagen",
        "nazorg",
        "plaatsingen",
        "voorstellen",
        "klantmanagers",
        "toewijzingen",
        "profielen",
        "vacatures",
    ):
        op.execute(f"DROP TABLE {table}")
    # Back to matching_0001's kandidaten; the dropped values are gone, a replay of intake.events restores them.
    op.execute("DROP INDEX kandidaten_pool")
    op.execute(
        "ALTER TABLE kandidaten DROP COLUMN verantwoordelijk_team, DROP COLUMN klantmanager, "
        "DROP COLUMN klantmanager_sinds"
    )
    op.execute("DELETE FROM kandidaten WHERE aanmelding_id IS NULL OR gemeente IS NULL OR aangemeld_op IS NULL")
    op.execute(
        "ALTER TABLE kandidaten ALTER COLUMN aanmelding_id SET NOT NULL, ALTER COLUMN gemeente SET NOT NULL, "
        "ALTER COLUMN aangemeld_op SET NOT NULL"
    )
    op.execute(
        "ALTER TABLE kandidaten ADD COLUMN hulpvraag text NOT NULL DEFAULT 'onbekend', "
        "ADD COLUMN uitkering_nodig boolean"
    )
    op.execute("ALTER TABLE kandidaten ALTER COLUMN hulpvraag DROP DEFAULT")
    op.execute(
        "CREATE INDEX kandidaten_pool ON kandidaten (gediagnosticeerd_op, klant_id) "
        "WHERE route IN ('werk', 'ontwikkeling')"
    )
