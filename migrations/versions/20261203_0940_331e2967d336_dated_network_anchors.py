"""network_anchor_period and network_profile_change: a network's anchors, level and programme by date

Every existing network is carried forward with its current anchors, level and programme as its
opening history, valid from the earliest day its data knows (its creation, its programme's start,
the opening of a call that offers it, the first move of one of its registrations), recorded at
its created_at: reports for past dates show what they showed before.

Revision ID: 331e2967d336
Revises: 2ff9735d1f9e
Create Date: 2026-12-03 09:40:00

"""

from datetime import date, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "331e2967d336"
down_revision = "2ff9735d1f9e"
branch_labels = None
depends_on = None

# The indexes of the two new tables: (name, columns), made in this order, dropped in reverse.
INDEXES = {
    "network_anchor_period": (
        ("ix_network_anchor_period_actor_id", ["actor_id"]),
        ("ix_network_anchor_period_network_valid", ["network_id", "valid_from"]),
        ("ix_network_anchor_period_school_id", ["school_id"]),
    ),
    "network_profile_change": (
        ("ix_network_profile_change_actor_id", ["actor_id"]),
        ("ix_network_profile_change_network_eff", ["network_id", "effective_on"]),
        ("ix_network_profile_change_programme_id", ["programme_id"]),
    ),
}
LEVELS = (
    "basis",
    "secundair",
    "buitengewoon_basis",
    "buitengewoon_secundair",
    "volwassenen",
    "deeltijds",
)


def _as_date(value) -> date | None:
    """A date from what the driver gives (SQLite gives text)."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


def _as_datetime(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _create_tables() -> None:
    op.create_table(
        "network_anchor_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("opening", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_until", sa.DateTime(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_network_anchor_period_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_network_anchor_period_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_network_anchor_period_school_id_school"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_anchor_period")),
    )
    op.create_table(
        "network_profile_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                *LEVELS,
                name="schoollevel",
                native_enum=False,
                create_constraint=True,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("opening", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_network_profile_change_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_network_profile_change_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
            name=op.f("fk_network_profile_change_programme_id_programme"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_profile_change")),
    )
    for table, indexes in INDEXES.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, columns in indexes:
                batch_op.create_index(batch_op.f(name), columns, unique=False)


def _earliest_days(connection) -> dict:
    """{network id: the earliest day of its programme's start, its calls' openings and its
    registrations' moves} (its creation day is added by the caller)."""
    meta = sa.MetaData()
    network = sa.Table("network", meta, sa.Column("id"), sa.Column("programme_id"))
    programme = sa.Table("programme", meta, sa.Column("id"), sa.Column("starts_on", sa.Date()))
    call = sa.Table("call", meta, sa.Column("id"), sa.Column("opens_on", sa.Date()))
    call_network = sa.Table("call_network", meta, sa.Column("call_id"), sa.Column("network_id"))
    registration = sa.Table("registration", meta, sa.Column("id"), sa.Column("network_id"))
    change = sa.Table(
        "registration_status_change",
        meta,
        sa.Column("registration_id"),
        sa.Column("effective_on", sa.Date()),
    )
    starts = sa.select(network.c.id, programme.c.starts_on).join(
        programme, programme.c.id == network.c.programme_id
    )
    calls = (
        sa.select(call_network.c.network_id, sa.func.min(call.c.opens_on))
        .join(call, call.c.id == call_network.c.call_id)
        .group_by(call_network.c.network_id)
    )
    moves = (
        sa.select(registration.c.network_id, sa.func.min(change.c.effective_on))
        .join(change, change.c.registration_id == registration.c.id)
        .group_by(registration.c.network_id)
    )
    earliest: dict = {}
    for query in (starts, calls, moves):
        for network_id, day in connection.execute(query):
            day = _as_date(day)
            if day is not None:
                earliest[network_id] = min(day, earliest.get(network_id, day))
    return earliest


def _carry_forward(connection) -> None:
    """Every network's current anchors, level and programme as its opening history."""
    meta = sa.MetaData()
    network = sa.Table(
        "network",
        meta,
        sa.Column("id"),
        sa.Column("level"),
        sa.Column("programme_id"),
        sa.Column("created_at", sa.DateTime()),
    )
    anchor = sa.Table("network_anchor", meta, sa.Column("network_id"), sa.Column("school_id"))
    period = sa.table(
        "network_anchor_period",
        *(sa.column(c) for c in ("network_id", "school_id", "opening", "reason")),
        sa.column("valid_from", sa.Date()),
        sa.column("recorded_at", sa.DateTime()),
    )
    profile = sa.table(
        "network_profile_change",
        *(sa.column(c) for c in ("network_id", "level", "programme_id", "opening", "reason")),
        sa.column("effective_on", sa.Date()),
        sa.column("recorded_at", sa.DateTime()),
    )
    earliest = _earliest_days(connection)
    anchors: dict = {}
    for network_id, school_id in connection.execute(sa.select(anchor)):
        anchors.setdefault(network_id, []).append(school_id)
    periods, profiles = [], []
    for network_id, level, programme_id, created_at in connection.execute(sa.select(network)):
        created_at = _as_datetime(created_at)
        start = min(created_at.date(), earliest.get(network_id, created_at.date()))
        common = {"network_id": network_id, "opening": True, "reason": "", "recorded_at": created_at}
        periods += [
            {**common, "school_id": s, "valid_from": start} for s in anchors.get(network_id, [])
        ]
        profiles.append(
            {**common, "level": level, "programme_id": programme_id, "effective_on": start}
        )
    for table, rows in ((period, periods), (profile, profiles)):
        if rows:
            connection.execute(table.insert(), rows)


def upgrade():
    _create_tables()
    _carry_forward(op.get_bind())


def downgrade():
    for table, indexes in reversed(INDEXES.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, _columns in reversed(indexes):
                batch_op.drop_index(batch_op.f(name))
        op.drop_table(table)
