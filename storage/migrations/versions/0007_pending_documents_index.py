"""pending documents index: the documents not analysed yet (processed_at IS NULL), read by every run and
every daemon job, found in a partial index of the pending rows instead of a scan of every document
(bench_feedfarm --daemon: the two pending queries took 63 % of the daemon's CPU at 50,000 documents)

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_documents_pending', 'documents', ['id'], unique=False,
                    sqlite_where=sa.text('processed_at IS NULL'), postgresql_where=sa.text('processed_at IS NULL'))


def downgrade() -> None:
    op.drop_index('ix_documents_pending', table_name='documents')
