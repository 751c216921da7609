"""Logboek Dataverwerkingen: one record per processing of personal data per data subject, and the audit.

The record holds what the LDV standard asks (trace, span and parent span, start and end, status, the
processing activity from the register, the pseudonymous data-subject id and its type). Who did it is
in `ldv_audit`, linked by id, as the LDV design decisions keep the user's identity out of the log.

Revision ID: events_0006
Revises: events_0005
Create Date: 2026-11-29
"""

from alembic import op

revision = "events_0006"
down_revision = "events_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE ldv_audit (
            audit_id      uuid        PRIMARY KEY,
            actor         text,
            rollen        text[]      NOT NULL,
            correlation_id text       NOT NULL,
            vastgelegd_op timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        """
        CREATE TABLE ldv_verwerkingen (
            record_id              uuid        PRIMARY KEY,
            trace_id               char(32)    NOT NULL,
            span_id                char(16)    NOT NULL,
            parent_span_id         char(16),
            name                   text        NOT NULL,
            start_time             timestamptz NOT NULL,
            end_time               timestamptz NOT NULL,
            status_code            smallint    NOT NULL CHECK (status_code IN (0, 1, 2)),
            processing_activity_id text        NOT NULL,
            data_subject_id        text        NOT NULL,
            data_subject_id_type   text        NOT NULL,
            audit_id               uuid        NOT NULL REFERENCES ldv_audit (audit_id)
        )
        """
    )
    op.execute(
        "CREATE INDEX ldv_verwerkingen_betrokkene "
        "ON ldv_verwerkingen (data_subject_id_type, data_subject_id, start_time, record_id)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE ldv_verwerkingen")
    op.execute("DROP TABLE ldv_audit")
