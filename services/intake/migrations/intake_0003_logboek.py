"""Intake's access log moves into the shared Logboek Dataverwerkingen (ldv_verwerkingen + ldv_audit).

Old rows are kept: the activity follows from handeling and doel, the trace id from the correlation id
(a UUID, so 32 hex digits), and the span id, which the old log did not have, is derived from the row's
id. The user's identity moves to the audit table.

Revision ID: intake_0003
Revises: intake_0002
Create Date: 2026-11-29
"""

from alembic import op

revision = "intake_0003"
down_revision = "intake_0002"
branch_labels = None
depends_on = "events_0006"


def upgrade() -> None:
    op.execute(
        "INSERT INTO ldv_audit (audit_id, actor, rollen, correlation_id, vastgelegd_op) "
        "SELECT verwerking_id, actor, rollen, trace_id, tijdstip FROM verwerkingen"
    )
    op.execute(
        """
        INSERT INTO ldv_verwerkingen (record_id, trace_id, span_id, parent_span_id, name, start_time, end_time,
            status_code, processing_activity_id, data_subject_id, data_subject_id_type, audit_id)
        SELECT verwerking_id,
               CASE WHEN replace(trace_id, '-', '') ~ '^[0-9a-f]{32}$' THEN replace(trace_id, '-', '')
                    ELSE md5(trace_id) END,
               left(md5(verwerking_id::text), 16), NULL, handeling || ' ' || doel, tijdstip, tijdstip, 1,
               CASE WHEN handeling = 'vastleggen' THEN 'intake-aanmelding-registreren'
                    WHEN handeling = 'corrigeren' THEN 'intake-persoonsgegevens-corrigeren'
                    WHEN doel = 'diagnose' THEN 'intake-diagnose-voorstellen'
                    ELSE 'intake-persoonsgegevens-raadplegen-' || doel END,
               klant_id::text, 'klant_id', verwerking_id
        FROM verwerkingen
        """
    )
    op.execute("DROP TABLE verwerkingen")


def downgrade() -> None:
    raise NotImplementedError("the Logboek Dataverwerkingen is not moved back")
