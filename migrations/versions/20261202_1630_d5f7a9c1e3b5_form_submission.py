"""form_submission: one-time tokens, so that a create form sent twice stores once

Revision ID: d5f7a9c1e3b5
Revises: c4e6a8b0d2f4
Create Date: 2026-12-02 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f7a9c1e3b5'
down_revision = 'c4e6a8b0d2f4'
branch_labels = None
depends_on = None


def upgrade():
    # A new table: no existing data to carry forward.
    op.create_table(
        'form_submission',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('endpoint', sa.String(length=100), nullable=False),
        sa.Column('location', sa.String(length=2000), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user.id'],
            name=op.f('fk_form_submission_user_id_user'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_form_submission')),
        sa.UniqueConstraint('token', name=op.f('uq_form_submission_token')),
    )
    with op.batch_alter_table('form_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_submission_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_submission_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('form_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_submission_user_id'))
        batch_op.drop_index(batch_op.f('ix_form_submission_created_at'))
    op.drop_table('form_submission')
