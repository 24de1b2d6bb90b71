"""findings by agreement: evidence keeps the value it reported; findings keep sources, confidence, story, withdrawal;
date-keyed batches gain their count (new_batch:2024-01-17 -> new_batch:2024-01-17:14)

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

_DATE_KEY = re.compile(r"^new_batch:\d{4}-\d{2}-\d{2}$")


def upgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('summary', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('count', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('count_qualifier', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('total', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('date', sa.Date(), nullable=True))
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sources', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('agreeing', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('confidence', sa.Float(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('disputed', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('story', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_digest_id', sa.Integer(), nullable=True))
    _migrate_rows(op.get_bind())


def _migrate_rows(bind: sa.Connection) -> None:
    """Old evidence repeats its finding's value (all the old schema knew); sources count the outlets; a
    date-keyed batch takes its count into the key, as the diff now makes it, keeping its id and status
    so an accepted or dismissed batch is the same finding, not raised again."""
    findings = sa.table('findings', sa.column('id', sa.Integer), sa.column('key', sa.String),
                        sa.column('summary', sa.Text), sa.column('count', sa.Integer),
                        sa.column('count_qualifier', sa.String), sa.column('total', sa.Integer),
                        sa.column('date', sa.Date), sa.column('sources', sa.Integer),
                        sa.column('agreeing', sa.Integer), sa.column('confidence', sa.Float))
    evidence = sa.table('evidence', sa.column('finding_id', sa.Integer), sa.column('document_id', sa.Integer),
                        sa.column('summary', sa.Text), sa.column('count', sa.Integer),
                        sa.column('count_qualifier', sa.String), sa.column('total', sa.Integer),
                        sa.column('date', sa.Date))
    documents = sa.table('documents', sa.column('id', sa.Integer), sa.column('source_id', sa.Integer))
    rows = bind.execute(sa.select(findings.c.id, findings.c.key, findings.c.summary, findings.c.count,
                                  findings.c.count_qualifier, findings.c.total, findings.c.date)).all()
    keys = {row.key for row in rows}
    for row in rows:
        bind.execute(evidence.update().where(evidence.c.finding_id == row.id).values(
            summary=row.summary, count=row.count, count_qualifier=row.count_qualifier, total=row.total, date=row.date))
        outlets = bind.execute(sa.select(sa.func.count(sa.distinct(documents.c.source_id))).select_from(
            evidence.join(documents, evidence.c.document_id == documents.c.id)).where(
            evidence.c.finding_id == row.id)).scalar() or 0
        values: dict[str, object] = {"sources": outlets, "agreeing": outlets,
                                     "confidence": round(1 - 0.5 ** outlets, 3)}
        if _DATE_KEY.match(row.key) and row.count is not None:
            new_key = f"{row.key}:{row.count}"
            if new_key not in keys:
                keys.add(new_key)
                values["key"] = new_key
        bind.execute(findings.update().where(findings.c.id == row.id).values(**values))


def downgrade() -> None:
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_digest_id')
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('story')
        batch_op.drop_column('disputed')
        batch_op.drop_column('confidence')
        batch_op.drop_column('agreeing')
        batch_op.drop_column('sources')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_column('date')
        batch_op.drop_column('total')
        batch_op.drop_column('count_qualifier')
        batch_op.drop_column('count')
        batch_op.drop_column('summary')
