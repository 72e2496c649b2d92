"""staff_assignment_version, planned_effort_version, hour_entry_version: every state of an
assignment, a planned-FTE line and an hour entry

Every existing row becomes its first version, open, recorded at the row's own creation
(created_at of the assignment or hour entry; a planned-FTE line has none, so its network's, else
its programme's, else the migration moment) and by nobody: before this migration every "as known
at" reading saw these rows as they stand, and first versions dated at creation keep those past
readings the same.

Revision ID: e2b155a427f9
Revises: 99ed2128140c
Create Date: 2026-12-03 12:42:24.340258

"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "e2b155a427f9"
down_revision = "99ed2128140c"
branch_labels = None
depends_on = None


ACTIVITY = sa.Enum(
    "bijeenkomst",
    "voorbereiding",
    "schoolbezoek",
    "verplaatsing",
    "opleiding",
    "administratie",
    "other",
    name="activity",
    native_enum=False,
    create_constraint=True,
    length=30,
)
STAFF_ROLE = sa.Enum(
    "projectmedewerker",
    "procescoach",
    "netwerkcoordinator",
    "projectcoordinator",
    "professionaliseringsmedewerker",
    "other",
    name="staffrole",
    native_enum=False,
    create_constraint=True,
    length=40,
)
FUNDING_SOURCE = sa.Enum(
    "projectsubsidie",
    "eigen_middelen",
    "gekleurde_middelen",
    "provincie",
    "other",
    name="fundingsource",
    native_enum=False,
    create_constraint=True,
    length=30,
)


def _create_version_table(table: str, key: str, columns: list, indexes: dict) -> None:
    """One version table: id, the versioned row's key, its columns, then who recorded and closed
    the version and when; its indexes are the open and recorded ones on the key, one on
    recorded_by_id and the given extra ones, made in the order of their names."""
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(key, sa.Integer(), nullable=False),
        *columns,
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_until", sa.DateTime(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        *(
            sa.ForeignKeyConstraint(
                [column], ["user.id"], name=op.f(f"fk_{table}_{column}_user"), ondelete="SET NULL"
            )
            for column in ("closed_by_id", "recorded_by_id")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    )
    indexes = {
        f"ix_{table}_open": [key, "recorded_until"],
        f"ix_{table}_recorded": [key, "recorded_at"],
        f"ix_{table}_recorded_by_id": ["recorded_by_id"],
        **indexes,
    }
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name in sorted(indexes):
            batch_op.create_index(batch_op.f(name), indexes[name], unique=False)


def upgrade():
    _create_version_table(
        "hour_entry_version",
        "hour_entry_id",
        [
            sa.Column("staff_member_id", sa.Integer(), nullable=False),
            sa.Column("worked_on", sa.Date(), nullable=False),
            sa.Column("minutes", sa.Integer(), nullable=False),
            sa.Column("activity", ACTIVITY, nullable=False),
            sa.Column("network_id", sa.Integer(), nullable=False),
            sa.Column("meeting_id", sa.Integer(), nullable=True),
            sa.Column("school_id", sa.Integer(), nullable=True),
        ],
        {"ix_hour_entry_version_network_worked": ["network_id", "worked_on"]},
    )
    _create_version_table(
        "planned_effort_version",
        "planned_effort_id",
        [
            sa.Column("network_id", sa.Integer(), nullable=True),
            sa.Column("programme_id", sa.Integer(), nullable=True),
            sa.Column("school_year", sa.String(length=9), nullable=False),
            sa.Column("planned_fte", sa.Numeric(precision=7, scale=3), nullable=False),
            sa.Column("earmarked_fte", sa.Numeric(precision=7, scale=3), nullable=False),
        ],
        {},
    )
    _create_version_table(
        "staff_assignment_version",
        "assignment_id",
        [
            sa.Column("staff_member_id", sa.Integer(), nullable=False),
            sa.Column("network_id", sa.Integer(), nullable=True),
            sa.Column("anchor_school_id", sa.Integer(), nullable=True),
            sa.Column("programme_id", sa.Integer(), nullable=True),
            sa.Column("role", STAFF_ROLE, nullable=False),
            sa.Column("fte", sa.Numeric(precision=5, scale=3), nullable=False),
            sa.Column("funding_source", FUNDING_SOURCE, nullable=False),
            sa.Column("starts_on", sa.Date(), nullable=False),
            sa.Column("ends_on", sa.Date(), nullable=True),
        ],
        {"ix_staff_assignment_version_staff_member_id": ["staff_member_id"]},
    )
    _first_versions(op.get_bind())


ASSIGNMENT = (
    "staff_member_id",
    "network_id",
    "anchor_school_id",
    "programme_id",
    "role",
    "fte",
    "funding_source",
    "starts_on",
    "ends_on",
)
PLANNED = ("network_id", "programme_id", "school_year", "planned_fte", "earmarked_fte")
HOURS = (
    "staff_member_id",
    "worked_on",
    "minutes",
    "activity",
    "network_id",
    "meeting_id",
    "school_id",
)


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns))


def _copy(connection, source, version: str, key: str, columns, recorded_at, joined=None) -> None:
    """One INSERT ... SELECT: every row of source as an open version of version, keyed by its
    id, recorded at recorded_at; joined is the FROM clause when recorded_at needs other tables."""
    rows = sa.select(source.c.id, recorded_at, *(source.c[c] for c in columns))
    connection.execute(
        _table(version, key, "recorded_at", *columns)
        .insert()
        .from_select(
            [key, "recorded_at", *columns], rows if joined is None else rows.select_from(joined)
        )
    )


def _first_versions(connection) -> None:
    """Each row as its first, open version: three INSERT ... SELECT, whatever the number of rows."""
    now = sa.bindparam("now", datetime.now(UTC).replace(tzinfo=None), type_=sa.DateTime())
    assignment = _table("staff_assignment", "id", "created_at", *ASSIGNMENT)
    _copy(
        connection,
        assignment,
        "staff_assignment_version",
        "assignment_id",
        ASSIGNMENT,
        sa.func.coalesce(assignment.c.created_at, now),
    )
    entry = _table("hour_entry", "id", "created_at", *HOURS)
    _copy(
        connection,
        entry,
        "hour_entry_version",
        "hour_entry_id",
        HOURS,
        sa.func.coalesce(entry.c.created_at, now),
    )
    planned = _table("planned_effort", "id", *PLANNED)
    network = _table("network", "id", "created_at")
    programme = _table("programme", "id", "created_at")
    _copy(
        connection,
        planned,
        "planned_effort_version",
        "planned_effort_id",
        PLANNED,
        sa.func.coalesce(network.c.created_at, programme.c.created_at, now),
        planned.outerjoin(network, network.c.id == planned.c.network_id).outerjoin(
            programme, programme.c.id == planned.c.programme_id
        ),
    )


def downgrade():
    # A dropped table takes its indexes with it, on SQLite and PostgreSQL alike.
    for table in ("staff_assignment_version", "planned_effort_version", "hour_entry_version"):
        op.drop_table(table)
