"""Who has which skill, as a table the database keeps: ranking for a vacature starts with who shares its skills.

`profiel_vaardigheden` is an inverted index of `profielen.vaardigheden`, kept by a trigger on every write
(the projection, a rebuild, a bulk load), so it can never disagree with the profile it was made from. A GIN
index on the wished occupations finds who wishes the vacature's occupation: the ranking's second round.

Revision ID: matching_0006
Revises: matching_0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "matching_0006"
down_revision = "matching_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE profiel_vaardigheden (vaardigheid text NOT NULL, klant_id uuid NOT NULL, "
        "PRIMARY KEY (vaardigheid, klant_id))"
    )
    op.execute(
        """
        CREATE FUNCTION profiel_vaardigheden_bijwerken() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'UPDATE' THEN
                IF NEW.vaardigheden IS NOT DISTINCT FROM OLD.vaardigheden THEN
                    RETURN NULL;
                END IF;
                DELETE FROM profiel_vaardigheden WHERE klant_id = OLD.klant_id;
            END IF;
            IF TG_OP = 'DELETE' THEN
                DELETE FROM profiel_vaardigheden WHERE klant_id = OLD.klant_id;
                RETURN NULL;
            END IF;
            INSERT INTO profiel_vaardigheden (vaardigheid, klant_id)
            SELECT DISTINCT v, NEW.klant_id FROM unnest(NEW.vaardigheden) AS v;
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER profiel_vaardigheden_bijwerken AFTER INSERT OR UPDATE OR DELETE ON profielen "
        "FOR EACH ROW EXECUTE FUNCTION profiel_vaardigheden_bijwerken()"
    )
    op.execute("INSERT INTO profiel_vaardigheden SELECT DISTINCT unnest(vaardigheden), klant_id FROM profielen")
    op.execute("CREATE INDEX profielen_gewenste_beroepen ON profielen USING gin (gewenste_beroepen)")


def downgrade() -> None:
    op.execute("DROP INDEX profielen_gewenste_beroepen")
    op.execute("DROP TRIGGER profiel_vaardigheden_bijwerken ON profielen")
    op.execute("DROP FUNCTION profiel_vaardigheden_bijwerken()")
    op.execute("DROP TABLE profiel_vaardigheden")
