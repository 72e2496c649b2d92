"""school, programme, network, call, registration, staff_member, staff_assignment, hour_entry
.version: a PATCH of the API sends back the version it read; a stale one is refused

Revision ID: 5e2a7c9d4b18
Revises: c7e2a9d4f1b3
Create Date: 2026-12-03 19:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e2a7c9d4b18"
down_revision = "c7e2a9d4f1b3"
branch_labels = None
depends_on = None

TABLES = (
    "school",
    "programme",
    "network",
    "call",
    "registration",
    "staff_member",
    "staff_assignment",
    "hour_entry",
)


def upgrade():
    # Every existing row starts at version 1 (the server default fills them in).
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
