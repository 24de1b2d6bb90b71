"""filings: the regulator's list rows (unique by registry and filing number) and their attachments

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('filing_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url_hash', sa.String(length=40), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('announcement_url', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('format', sa.String(length=8), nullable=True),
    sa.Column('period', sa.String(length=7), nullable=True),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('diffed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filing_attachments')),
    sa.UniqueConstraint('url_hash', name=op.f('uq_filing_attachments_url_hash'))
    )
    op.create_table('filings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registry', sa.String(length=16), nullable=False),
    sa.Column('filing_number', sa.String(length=200), nullable=False),
    sa.Column('service', sa.Text(), nullable=False),
    sa.Column('provider', sa.Text(), nullable=False),
    sa.Column('locality', sa.String(length=64), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('serial', sa.Integer(), nullable=True),
    sa.Column('scenario', sa.Text(), nullable=True),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('announcement_url', sa.Text(), nullable=False),
    sa.Column('attachment_url', sa.Text(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updates', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filings')),
    sa.UniqueConstraint('registry', 'filing_number', name='uq_filings_registry_number')
    )
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_filings_period'), ['period'], unique=False)
        batch_op.create_index(batch_op.f('ix_filings_provider'), ['provider'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('filings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_filings_provider'))
        batch_op.drop_index(batch_op.f('ix_filings_period'))
    op.drop_table('filings')
    op.drop_table('filing_attachments')
