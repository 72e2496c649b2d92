"""meeting.version, output.version, minutes_revision.version: refusing a save of a stale form

Revision ID: c4e6a8b0d2f4
Revises: b7d9f1a3c5e8
Create Date: 2026-12-02 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f4'
down_revision = 'b7d9f1a3c5e8'
branch_labels = None
depends_on = None


def upgrade():
    # Existing meetings and outputs start at version 1.
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('output', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('minutes_revision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    # Existing revisions are numbered 1, 2, ... per meeting in the order they were saved, before
    # the unique constraint needs the numbers to differ.
    op.execute(
        "UPDATE minutes_revision SET version = ("
        "SELECT count(*) FROM minutes_revision AS earlier "
        "WHERE earlier.meeting_id = minutes_revision.meeting_id "
        "AND earlier.id <= minutes_revision.id)"
    )
    with op.batch_alter_table('minutes_revision', schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f('uq_minutes_revision_meeting_id_version'), ['meeting_id', 'version']
        )


def downgrade():
    with op.batch_alter_table('minutes_revision', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_minutes_revision_meeting_id_version'), type_='unique')
        batch_op.drop_column('version')
    with op.batch_alter_table('output', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('version')
