"""registration_status_period: the periods in which each registration held a status (issue 19)

One row per status a registration held, [valid_from, valid_until) with NULL for an open end,
filled here from the existing history: each change holds from its effective date until the next
change of its registration (by id), and a change superseded on its own day yields no row. On
PostgreSQL also a `period daterange` generated from the two dates, a GiST index on it and an
exclusion constraint (registration_id WITH =, period WITH &&), with the btree_gist extension.

Revision ID: 5c1e9a7b3d20
Revises: 331e2967d336
Create Date: 2026-12-03 12:44:22

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e9a7b3d20'
down_revision = '331e2967d336'
branch_labels = None
depends_on = None


# The history as periods: the same cut as netwerk.networks.status_periods.periods_from_history.
FILL = """
INSERT INTO registration_status_period
    (registration_id, school_id, network_id, status, valid_from, valid_until)
SELECT h.registration_id, r.school_id, r.network_id, h.status, h.from_on, h.until_on
FROM (
    SELECT registration_id, to_status AS status, effective_on AS from_on,
           lead(effective_on) OVER (PARTITION BY registration_id ORDER BY id) AS until_on
    FROM registration_status_change
) h
JOIN registration r ON r.id = h.registration_id
WHERE h.until_on IS NULL OR h.until_on > h.from_on
"""

# The same statements as netwerk.networks.models.POSTGRES_PERIOD_DDL (copied: a migration stays
# as it was written).
POSTGRES_EXTRAS = (
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE registration_status_period ADD COLUMN period daterange GENERATED ALWAYS AS "
    "(daterange(valid_from, valid_until, '[)')) STORED",
    "CREATE INDEX ix_registration_status_period_period ON registration_status_period "
    "USING gist (period)",
    "ALTER TABLE registration_status_period ADD CONSTRAINT ex_registration_status_period_overlap "
    "EXCLUDE USING gist (registration_id WITH =, period WITH &&)",
)


def _postgres_extras() -> None:
    """The daterange column, its GiST index and the exclusion constraint (PostgreSQL only)."""
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in POSTGRES_EXTRAS:
        op.execute(statement)


def upgrade():
    op.create_table('registration_status_period',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'accepted', 'waitlisted', 'declined', 'withdrawn', name='registrationstatus', native_enum=False, create_constraint=True, length=30), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.CheckConstraint('valid_until IS NULL OR valid_until > valid_from', name=op.f('ck_registration_status_period_not_empty')),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_registration_status_period_network_id_network')),
    sa.ForeignKeyConstraint(['registration_id'], ['registration.id'], name=op.f('fk_registration_status_period_registration_id_registration'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['school.id'], name=op.f('fk_registration_status_period_school_id_school')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registration_status_period'))
    )
    with op.batch_alter_table('registration_status_period', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registration_status_period_network_id'), ['network_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_status_period_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_registration_status_period_school_id'), ['school_id'], unique=False)
        batch_op.create_index('ix_registration_status_period_status_from', ['status', 'valid_from'], unique=False)

    _postgres_extras()
    op.execute(FILL)


def downgrade():
    # The column, index and constraint go with the table; btree_gist stays (other schemas may
    # use it, and creating it again is harmless).
    with op.batch_alter_table('registration_status_period', schema=None) as batch_op:
        batch_op.drop_index('ix_registration_status_period_status_from')
        batch_op.drop_index(batch_op.f('ix_registration_status_period_school_id'))
        batch_op.drop_index(batch_op.f('ix_registration_status_period_registration_id'))
        batch_op.drop_index(batch_op.f('ix_registration_status_period_network_id'))

    op.drop_table('registration_status_period')
