"""user.session_version: ending every session of a user (logout, new password, new role)

Revision ID: a1c3e5f7b9d2
Revises: 783e2a2cf64a
Create Date: 2026-12-02 11:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f7b9d2'
down_revision = '783e2a2cf64a'
branch_labels = None
depends_on = None


def upgrade():
    # Existing users start at 1; the sessions they have (ids without a version) end once.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')
