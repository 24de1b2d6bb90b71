"""channels: alert channels as first seen, their messages (the outbox) and one delivery per (finding, channel)

Revision ID: 0005
Revises: 0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('channels',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('since', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_channels'))
    )
    op.create_table('channel_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=100), nullable=False),
    sa.Column('key', sa.String(length=600), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('warning', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_attempt_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_messages')),
    sa.UniqueConstraint('key', name=op.f('uq_channel_messages_key'))
    )
    with op.batch_alter_table('channel_messages', schema=None) as batch_op:
        batch_op.create_index('ix_channel_messages_channel_status', ['channel', 'status'], unique=False)

    op.create_table('channel_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=100), nullable=False),
    sa.Column('item', sa.String(length=400), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_channel_deliveries_finding_id_findings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['message_id'], ['channel_messages.id'], name=op.f('fk_channel_deliveries_message_id_channel_messages'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_channel_deliveries')),
    sa.UniqueConstraint('channel', 'item', name='uq_channel_deliveries_channel_item')
    )
    with op.batch_alter_table('channel_deliveries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_channel_deliveries_finding_id'), ['finding_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_channel_deliveries_message_id'), ['message_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('channel_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_channel_deliveries_message_id'))
        batch_op.drop_index(batch_op.f('ix_channel_deliveries_finding_id'))
    op.drop_table('channel_deliveries')
    with op.batch_alter_table('channel_messages', schema=None) as batch_op:
        batch_op.drop_index('ix_channel_messages_channel_status')
    op.drop_table('channel_messages')
    op.drop_table('channels')
