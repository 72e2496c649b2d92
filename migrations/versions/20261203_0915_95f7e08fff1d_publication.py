"""publication: published reports (a frozen snapshot of a report, never deleted)

Revision ID: 95f7e08fff1d
Revises: e8a2c4f6b1d3
Create Date: 2026-12-03 09:15:00

A new table: nothing to carry forward.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '95f7e08fff1d'
down_revision = 'e8a2c4f6b1d3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'publication',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('report', sa.Enum('participation', 'reach', name='reportkind', native_enum=False, create_constraint=True, length=20), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('parameters', sa.JSON(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('known_at', sa.DateTime(), nullable=False),
        sa.Column('body', sa.JSON(), nullable=False),
        sa.Column('source', sa.String(length=500), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('withdrawn_at', sa.DateTime(), nullable=True),
        sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
        sa.Column('withdrawal_reason', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ['published_by_id'], ['user.id'],
            name=op.f('fk_publication_published_by_id_user'), ondelete='SET NULL',
        ),
        sa.ForeignKeyConstraint(
            ['withdrawn_by_id'], ['user.id'],
            name=op.f('fk_publication_withdrawn_by_id_user'), ondelete='SET NULL',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_publication')),
    )
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.create_index('ix_publication_published_at', ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_publication_published_by_id'), ['published_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_publication_withdrawn_by_id'), ['withdrawn_by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publication_withdrawn_by_id'))
        batch_op.drop_index(batch_op.f('ix_publication_published_by_id'))
        batch_op.drop_index('ix_publication_published_at')
    op.drop_table('publication')
