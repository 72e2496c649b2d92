"""Notification settings on user, and sent_reminder: what the daily command already sent

Revision ID: e8a2c4f6b1d3
Revises: e8b1c3d5f7a9
Create Date: 2026-12-03 07:30:00

Existing users are carried forward with the defaults: a mail at once for every new registration
in their networks (as coaches were not told before, nothing they relied on changes) and
reminders on. sent_reminder is a new table: nothing to carry forward.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a2c4f6b1d3'
down_revision = 'e8b1c3d5f7a9'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('registration_mail', sa.Enum('immediately', 'daily', 'never', name='registrationmail', native_enum=False, create_constraint=True, length=20), server_default='immediately', nullable=False))
        batch_op.add_column(sa.Column('wants_reminders', sa.Boolean(), server_default=sa.true(), nullable=False))

    op.create_table(
        'sent_reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('digest', 'reminder', name='noticekind', native_enum=False, create_constraint=True, length=20), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('registration_id', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ['registration_id'], ['registration.id'],
            name=op.f('fk_sent_reminder_registration_id_registration'), ondelete='CASCADE',
        ),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user.id'],
            name=op.f('fk_sent_reminder_user_id_user'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_reminder')),
        sa.UniqueConstraint('kind', 'user_id', 'registration_id', name=op.f('uq_sent_reminder_kind_user_id_registration_id')),
    )
    with op.batch_alter_table('sent_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_reminder_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_reminder_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('sent_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_reminder_user_id'))
        batch_op.drop_index(batch_op.f('ix_sent_reminder_registration_id'))
    op.drop_table('sent_reminder')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('wants_reminders')
        # SQLite's batch copy would keep the CHECK on a column that is gone.
        batch_op.drop_constraint(batch_op.f('ck_user_registrationmail'), type_='check')
        batch_op.drop_column('registration_mail')
