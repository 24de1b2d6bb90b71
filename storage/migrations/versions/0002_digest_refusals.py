"""digest_refusals: recipients the SMTP server refused while it accepted a digest for others

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('digest_refusals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest_id', sa.Integer(), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=False),
    sa.Column('reply', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('refused_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('delivered_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['digest_id'], ['digests.id'], name=op.f('fk_digest_refusals_digest_id_digests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_digest_refusals')),
    sa.UniqueConstraint('digest_id', 'recipient', name='uq_digest_refusals_digest_recipient')
    )
    with op.batch_alter_table('digest_refusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_digest_refusals_digest_id'), ['digest_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('digest_refusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_digest_refusals_digest_id'))

    op.drop_table('digest_refusals')
