"""programme.starts_on: the earliest effective date of a programme's registrations and moves

Existing programmes start on the earliest day already in their data (a call's opening or a move of
one of their networks' registrations), so that no recorded move lies before the new bound.

Revision ID: b7d9f1a3c5e8
Revises: b7d2e4f6a8c1
Create Date: 2026-12-02 16:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b7d9f1a3c5e8"
down_revision = "b7d2e4f6a8c1"
branch_labels = None
depends_on = None


def _earliest_days(connection) -> dict:
    """{programme id: the earliest call opening or effective date of its networks' moves}."""
    meta = sa.MetaData()
    call = sa.Table("call", meta, sa.Column("programme_id"), sa.Column("opens_on", sa.Date()))
    network = sa.Table("network", meta, sa.Column("id"), sa.Column("programme_id"))
    registration = sa.Table("registration", meta, sa.Column("id"), sa.Column("network_id"))
    change = sa.Table(
        "registration_status_change",
        meta,
        sa.Column("registration_id"),
        sa.Column("effective_on", sa.Date()),
    )
    calls = sa.select(call.c.programme_id, sa.func.min(call.c.opens_on)).group_by(
        call.c.programme_id
    )
    moves = (
        sa.select(network.c.programme_id, sa.func.min(change.c.effective_on))
        .select_from(
            change.join(registration, registration.c.id == change.c.registration_id).join(
                network, network.c.id == registration.c.network_id
            )
        )
        .group_by(network.c.programme_id)
    )
    earliest: dict = {}
    for programme_id, day in [*connection.execute(calls), *connection.execute(moves)]:
        if day is not None:
            earliest[programme_id] = min(day, earliest.get(programme_id, day))
    return earliest


def upgrade():
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
    connection = op.get_bind()
    programme = sa.table("programme", sa.column("id"), sa.column("starts_on", sa.Date()))
    for programme_id, day in _earliest_days(connection).items():
        connection.execute(
            programme.update().where(programme.c.id == programme_id).values(starts_on=day)
        )


def downgrade():
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_column("starts_on")
