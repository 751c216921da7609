"""Consumer positions are kept per producing service by its name, whichever form the event's `source` has.

New events name their source as an absolute URI (urn:nld:participatiewet:intake, NL GOV CloudEvents profile);
those recorded before say /regio/intake. Both are one producer, so positions are keyed by the service name
(`envelope.dienst_van`); rows written before this migration are renamed the same way.

Revision ID: events_0008
Revises: events_0007
Create Date: 2026-12-06
"""

from alembic import op

revision = "events_0008"
down_revision = "events_0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE consumer_streams SET bron = regexp_replace(bron, '^.*[/:]', '') WHERE bron <> ''")


def downgrade() -> None:
    op.execute("UPDATE consumer_streams SET bron = '/regio/' || bron WHERE bron <> ''")
