"""attendance_version and attendance_person_version: a meeting's attendance as known at a moment

Every attendance row of a held meeting becomes its first version, open, on the meeting's day,
recorded at the meeting's created_at (attendance rows have no creation time of their own): before
this migration the app read attendance as it stood for every "known at", so a first version dated
at the meeting's creation keeps every such figure from then on as it was. Attendance rows of a
meeting that is not held (it was put back to planned, postponed or cancelled) never counted and
get no open version; they are recorded when the meeting is held again.

Revision ID: 99ed2128140c
Revises: 7c3e9a1f5b2d
Create Date: 2026-12-03 13:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "99ed2128140c"
down_revision = "7c3e9a1f5b2d"
branch_labels = None
depends_on = None

STATUS = sa.Enum(
    "present",
    "absent",
    "excused",
    name="attendancestatus",
    native_enum=False,
    create_constraint=True,
    length=30,
)


def _version_columns(table: str) -> list:
    """The columns of netwerk.versions.VersionColumns, with their foreign keys."""
    return [
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_until", sa.DateTime(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f(f"fk_{table}_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["user.id"],
            name=op.f(f"fk_{table}_closed_by_id_user"),
            ondelete="SET NULL",
        ),
    ]


def _indexes(batch_op, table: str) -> None:
    batch_op.create_index(f"ix_{table}_open", ["meeting_id", "recorded_until"], unique=False)
    batch_op.create_index(f"ix_{table}_recorded", ["meeting_id", "recorded_at"], unique=False)
    batch_op.create_index(
        batch_op.f(f"ix_{table}_recorded_by_id"), ["recorded_by_id"], unique=False
    )
    batch_op.create_index(batch_op.f(f"ix_{table}_school_id"), ["school_id"], unique=False)


def _create_tables() -> None:
    op.create_table(
        "attendance_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        *_version_columns("attendance_version"),
        sa.ForeignKeyConstraint(
            ["school_id"], ["school.id"], name=op.f("fk_attendance_version_school_id_school")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_version")),
    )
    with op.batch_alter_table("attendance_version", schema=None) as batch_op:
        _indexes(batch_op, "attendance_version")
        batch_op.create_index(
            batch_op.f("ix_attendance_version_network_id"), ["network_id"], unique=False
        )
    op.create_table(
        "attendance_person_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("status", STATUS, nullable=False),
        *_version_columns("attendance_person_version"),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
            name=op.f("fk_attendance_person_version_school_id_school"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance_person_version")),
    )
    with op.batch_alter_table("attendance_person_version", schema=None) as batch_op:
        _indexes(batch_op, "attendance_person_version")


def _first_versions(connection) -> None:
    """Every attendance row of a held meeting, as an open version recorded at the meeting's
    creation; one INSERT ... SELECT per table, whatever the number of rows."""
    meta = sa.MetaData()
    meeting = sa.Table(
        "meeting",
        meta,
        sa.Column("id"),
        sa.Column("network_id"),
        sa.Column("status"),
        sa.Column("starts_at", sa.DateTime()),
        sa.Column("created_at", sa.DateTime()),
    )
    # Meetings store a naive local datetime: its date is the day (SQLite keeps text, where a
    # CAST to DATE would give the year alone).
    if connection.dialect.name == "sqlite":
        meeting_on = sa.func.date(meeting.c.starts_at)
    else:
        meeting_on = sa.cast(meeting.c.starts_at, sa.Date())
    columns = ("meeting_id", "network_id", "meeting_on", "recorded_at")
    for source, target, copied in (
        ("attendance", "attendance_version", ("school_id", "status")),
        ("attendance_person", "attendance_person_version", ("school_id", "name", "role", "status")),
    ):
        rows = sa.Table(source, meta, sa.Column("meeting_id"), *(sa.Column(c) for c in copied))
        versions = sa.table(target, *(sa.column(c) for c in columns + copied))
        select = (
            sa.select(
                rows.c.meeting_id,
                meeting.c.network_id,
                meeting_on,
                meeting.c.created_at,
                *(rows.c[c] for c in copied),
            )
            .join(meeting, meeting.c.id == rows.c.meeting_id)
            .where(meeting.c.status == "held")
        )
        connection.execute(versions.insert().from_select(columns + copied, select))


def upgrade():
    _create_tables()
    _first_versions(op.get_bind())


def downgrade():
    for table in ("attendance_person_version", "attendance_version"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if table == "attendance_version":
                batch_op.drop_index(batch_op.f("ix_attendance_version_network_id"))
            batch_op.drop_index(batch_op.f(f"ix_{table}_school_id"))
            batch_op.drop_index(batch_op.f(f"ix_{table}_recorded_by_id"))
            batch_op.drop_index(f"ix_{table}_recorded")
            batch_op.drop_index(f"ix_{table}_open")
        op.drop_table(table)
