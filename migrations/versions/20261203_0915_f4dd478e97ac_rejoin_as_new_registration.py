"""A re-join is a new registration: one active registration per school and network

Revision ID: f4dd478e97ac
Revises: 95f7e08fff1d
Create Date: 2026-12-03 09:15:00

UNIQUE(school_id, network_id) on registration becomes a partial unique index over the statuses
that still count (submitted, waitlisted, accepted): a school that withdrew or was declined
registers again on a new row.

Existing data is carried forward, and rows that were reopened (issue 14: a new submission after a
withdrawal or a decline on the same row) are split into one registration per period, so the
history reads as if it had been recorded the new way: the first period keeps the row and its id
(the reference the school was given first), each later period gets a new row (a higher id) with
its status changes, its first change's from_status set to NULL as for every first submission, and
the reminders sent after it began. Contact, motivation and call were overwritten on reopening;
the old row's values are the only ones known, so every period gets them.

The downgrade merges the periods back onto the oldest row before restoring the constraint.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f4dd478e97ac'
down_revision = '95f7e08fff1d'
branch_labels = None
depends_on = None

INDEX = 'ux_registration_active_school_network'
ACTIVE = "status IN ('submitted', 'waitlisted', 'accepted')"
ENDED = ('withdrawn', 'declined')
# What a new period's row copies from the row it is split from.
COPIED = (
    'school_id', 'network_id', 'call_id', 'contact_name', 'contact_email', 'motivation',
    'commitment', 'created_by_id',
)

registration = sa.table(
    'registration',
    sa.column('id'), sa.column('status'), sa.column('created_at'), sa.column('updated_at'),
    *(sa.column(name) for name in COPIED),
)
change = sa.table(
    'registration_status_change',
    sa.column('id'), sa.column('registration_id'), sa.column('from_status'),
    sa.column('to_status'), sa.column('recorded_at'),
)
reminder = sa.table(
    'sent_reminder',
    sa.column('id'), sa.column('kind'), sa.column('user_id'), sa.column('registration_id'),
    sa.column('sent_at'),
)


def upgrade():
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.drop_constraint('uq_registration_school_id_network_id', type_='unique')
    connection = op.get_bind()
    for registration_id, changes in _changes_by_registration(connection).items():
        periods = _periods(changes)
        if len(periods) > 1:
            _split(connection, registration_id, periods)
    op.create_index(
        INDEX, 'registration', ['school_id', 'network_id'], unique=True,
        sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE),
    )


def _changes_by_registration(connection) -> dict[int, list]:
    """Every status change, per registration, in the order they were written."""
    rows = connection.execute(
        sa.select(change.c.id, change.c.registration_id, change.c.to_status, change.c.recorded_at)
        .order_by(change.c.registration_id, change.c.id)
    ).all()
    found: dict[int, list] = {}
    for row in rows:
        found.setdefault(row.registration_id, []).append(row)
    return found


def _periods(changes: list) -> list[list]:
    """The changes cut where a submission follows a withdrawal or a decline (a reopen)."""
    periods = [[changes[0]]]
    for previous, current in zip(changes, changes[1:]):
        if current.to_status == 'submitted' and previous.to_status in ENDED:
            periods.append([])
        periods[-1].append(current)
    return periods


def _split(connection, registration_id: int, periods: list[list]) -> None:
    """Keep the first period on the row, give each later one a row of its own."""
    old = connection.execute(
        sa.select(registration).where(registration.c.id == registration_id)
    ).one()
    connection.execute(
        registration.update()
        .where(registration.c.id == registration_id)
        .values(status=periods[0][-1].to_status)
    )
    for n, period in enumerate(periods[1:], start=1):
        began = period[0].recorded_at
        ends = periods[n + 1][0].recorded_at if n + 1 < len(periods) else None
        new_id = connection.execute(
            registration.insert()
            .values(
                status=period[-1].to_status,
                created_at=began,
                updated_at=period[-1].recorded_at,
                **{name: getattr(old, name) for name in COPIED},
            )
            .returning(registration.c.id)
        ).scalar_one()
        ids = [c.id for c in period]
        connection.execute(
            change.update().where(change.c.id.in_(ids)).values(registration_id=new_id)
        )
        connection.execute(
            change.update().where(change.c.id == ids[0]).values(from_status=None)
        )
        sent = [reminder.c.registration_id == registration_id, reminder.c.sent_at >= began]
        if ends is not None:
            sent.append(reminder.c.sent_at < ends)
        connection.execute(reminder.update().where(*sent).values(registration_id=new_id))


def downgrade():
    # The index goes first: the kept row takes the status of the last period, which still counts.
    op.drop_index(INDEX, table_name='registration')
    connection = op.get_bind()
    pairs = connection.execute(
        sa.select(registration.c.school_id, registration.c.network_id)
        .group_by(registration.c.school_id, registration.c.network_id)
        .having(sa.func.count() > 1)
    ).all()
    for school_id, network_id in pairs:
        _merge(connection, school_id, network_id)
    with op.batch_alter_table('registration', schema=None) as batch_op:
        batch_op.create_unique_constraint(
            'uq_registration_school_id_network_id', ['school_id', 'network_id']
        )


def _merge(connection, school_id: int, network_id: int) -> None:
    """Put every registration of a school in a network back on the oldest row (a reopen)."""
    rows = connection.execute(
        sa.select(registration)
        .where(registration.c.school_id == school_id, registration.c.network_id == network_id)
        .order_by(registration.c.id)
    ).all()
    keep, later = rows[0], rows[1:]
    previous = keep.status
    for row in later:
        first = connection.execute(
            sa.select(sa.func.min(change.c.id)).where(change.c.registration_id == row.id)
        ).scalar()
        if first is not None:
            connection.execute(
                change.update().where(change.c.id == first).values(from_status=previous)
            )
        connection.execute(
            change.update().where(change.c.registration_id == row.id).values(registration_id=keep.id)
        )
        # A reminder of the same kind to the same user already on the kept row stays once.
        kept = sa.select(reminder.c.kind, reminder.c.user_id).where(
            reminder.c.registration_id == keep.id
        )
        connection.execute(
            reminder.delete().where(
                reminder.c.registration_id == row.id,
                sa.tuple_(reminder.c.kind, reminder.c.user_id).in_(kept),
            )
        )
        connection.execute(
            reminder.update().where(reminder.c.registration_id == row.id)
            .values(registration_id=keep.id)
        )
        previous = row.status
    last = later[-1]
    connection.execute(
        registration.update().where(registration.c.id == keep.id).values(
            status=last.status, updated_at=last.updated_at,
            **{name: getattr(last, name) for name in COPIED},
        )
    )
    connection.execute(registration.delete().where(registration.c.id.in_([r.id for r in later])))
