"""answer_order: an admin's manual order of anchor schools in a programme's written answers

Revision ID: 2ff9735d1f9e
Revises: f4dd478e97ac
Create Date: 2026-12-03 09:30:00

A new table: nothing to carry forward (without a saved order the answer orders by name).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2ff9735d1f9e'
down_revision = 'f4dd478e97ac'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'answer_order',
        sa.Column('programme_id', sa.Integer(), nullable=False),
        sa.Column('school_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['programme_id'], ['programme.id'],
            name=op.f('fk_answer_order_programme_id_programme'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['school_id'], ['school.id'],
            name=op.f('fk_answer_order_school_id_school'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('programme_id', 'school_id', name=op.f('pk_answer_order')),
    )
    with op.batch_alter_table('answer_order', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_order_school_id'), ['school_id'], unique=False)


def downgrade():
    with op.batch_alter_table('answer_order', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_order_school_id'))
    op.drop_table('answer_order')
