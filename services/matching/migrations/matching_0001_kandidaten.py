"""Matching: the kandidaten read model.

Revision ID: matching_0001
Revises:
Create Date: 2026-11-22
"""

from alembic import op

revision = "matching_0001"
down_revision = None
branch_labels = ("matching",)
depends_on = "events_0001"


STATEMENTS = [
    """
        CREATE TABLE kandidaten (
            klant_id            uuid        PRIMARY KEY,
            aanmelding_id       uuid        NOT NULL,
            gemeente            char(6)     NOT NULL,
            hulpvraag           text        NOT NULL,
            aangemeld_op        timestamptz NOT NULL,
            route               text,
            uitkering_nodig     boolean,
            gediagnosticeerd_op timestamptz
        )
    """,
    """
        CREATE INDEX kandidaten_pool ON kandidaten (gediagnosticeerd_op, klant_id)
            WHERE route IN ('werk', 'ontwikkeling')
    """,
    """
        COMMENT ON TABLE kandidaten IS 'Read model from intake.events; rebuildable by replay.'
    """,
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE kandidaten")
