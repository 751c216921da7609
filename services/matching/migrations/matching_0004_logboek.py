"""Matching's profile-view log moves into the shared Logboek Dataverwerkingen (ldv_verwerkingen + ldv_audit).

Old rows are kept: a match list becomes matching-matches-raadplegen, any other view
matching-profiel-raadplegen; the span id, which the old log did not have, is derived from the row.

Revision ID: matching_0004
Revises: matching_0003
Create Date: 2026-11-29
"""

from alembic import op

revision = "matching_0004"
down_revision = "matching_0003"
branch_labels = None
depends_on = "events_0006"


def upgrade() -> None:
    op.execute("ALTER TABLE profielinzagen ADD COLUMN audit_id uuid")
    op.execute("UPDATE profielinzagen SET audit_id = md5('profielinzage-' || id)::uuid")
    op.execute(
        "INSERT INTO ldv_audit (audit_id, actor, rollen, correlation_id, vastgelegd_op) "
        "SELECT audit_id, wie, rollen, coalesce(correlation_id, ''), wanneer FROM profielinzagen"
    )
    op.execute(
        """
        INSERT INTO ldv_verwerkingen (record_id, trace_id, span_id, parent_span_id, name, start_time, end_time,
            status_code, processing_activity_id, data_subject_id, data_subject_id_type, audit_id)
        SELECT audit_id,
               CASE WHEN replace(coalesce(correlation_id, ''), '-', '') ~ '^[0-9a-f]{32}$'
                    THEN replace(correlation_id, '-', '') ELSE md5(coalesce(correlation_id, id::text)) END,
               left(md5(id::text), 16), NULL, context, wanneer, wanneer, 1,
               CASE WHEN context LIKE 'matches voor vacature%' THEN 'matching-matches-raadplegen'
                    ELSE 'matching-profiel-raadplegen' END,
               klant_id::text, 'klant_id', audit_id
        FROM profielinzagen
        """
    )
    op.execute("DROP TABLE profielinzagen")


def downgrade() -> None:
    raise NotImplementedError("the Logboek Dataverwerkingen is not moved back")
