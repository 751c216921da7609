"""The BRP as the source: which gemeente recorded the contact data, which persons the BRP reports changes of;
and the zoektermijn on the open-aanmeldingen worklist.

Revision ID: intake_0005
Revises: intake_0004
Create Date: 2026-12-06
"""

from alembic import op

revision = "intake_0005"
down_revision = "intake_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A Locatie (woonboot, woonwagen) has no postcode in the BRP.
    op.execute("ALTER TABLE personen ALTER COLUMN postcode DROP NOT NULL")
    # Contact data (phone, e-mail) is the registering gemeente's own: another gemeente sees it only after a
    # warme overdracht. Rows from before this column count as recorded by nobody in particular (NULL: everyone).
    op.execute("ALTER TABLE personen ADD COLUMN contact_gemeente text")
    # When intake placed its volgindicatie with the BRP (NULL: still to place).
    op.execute("ALTER TABLE personen ADD COLUMN gevolgd_op timestamptz")
    op.execute("CREATE INDEX personen_te_volgen ON personen (klant_id) WHERE gevolgd_op IS NULL")
    # The day from which the BRP Update API is asked for wijzigingen next time.
    op.execute("CREATE TABLE brp_volger (id int PRIMARY KEY CHECK (id = 1), vanaf date NOT NULL)")
    # The open-aanmeldingen worklist shows until when the zoektermijn runs (art. 41 lid 4).
    op.execute("ALTER TABLE aanmeldingen_overzicht ADD COLUMN zoektermijn_tot date")


def downgrade() -> None:
    op.execute("ALTER TABLE aanmeldingen_overzicht DROP COLUMN zoektermijn_tot")
    op.execute("DROP TABLE brp_volger")
    op.execute("DROP INDEX personen_te_volgen")
    op.execute("ALTER TABLE personen DROP COLUMN gevolgd_op, DROP COLUMN contact_gemeente")
