"""Consumer positions per stream are kept per producing service: two topics can use the same stream id.

Intake's klant stream and matching's kandidaat stream are both keyed by the klant id; a service that consumes
both (uitkering, handhaving) took one for a duplicate of the other. Rows written before this migration keep
`bron = ''` and count for any producer that has no row of its own yet.

Revision ID: events_0007
Revises: events_0006
Create Date: 2026-11-29
"""

from alembic import op

revision = "events_0007"
down_revision = "events_0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE consumer_streams ADD COLUMN bron text NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE consumer_streams DROP CONSTRAINT consumer_streams_pkey")
    op.execute("ALTER TABLE consumer_streams ADD PRIMARY KEY (consumer, bron, stream_id)")


def downgrade() -> None:
    op.execute("DELETE FROM consumer_streams WHERE bron <> ''")
    op.execute("ALTER TABLE consumer_streams DROP CONSTRAINT consumer_streams_pkey")
    op.execute("ALTER TABLE consumer_streams ADD PRIMARY KEY (consumer, stream_id)")
    op.execute("ALTER TABLE consumer_streams DROP COLUMN bron")
