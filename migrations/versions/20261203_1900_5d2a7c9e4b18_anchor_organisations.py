"""network_anchor and network_anchor_period name organisations: school_id becomes organisation_id

A network's anchors may be organisations of any kind (a scholengemeenschap, an expertise centre).
A school's organisation row has the school's id (revision fc11beb22030), so the column is renamed
and its foreign key points at organisation.id: every anchor row and anchor period keeps its id and
its values, and every report reads the same anchors as before.

Downgrade removes the anchors that are not schools (a school-only schema cannot hold them).

Revision ID: 5d2a7c9e4b18
Revises: fc11beb22030
Create Date: 2026-12-03 19:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5d2a7c9e4b18"
down_revision = "fc11beb22030"
branch_labels = None
depends_on = None

TABLES = ("network_anchor", "network_anchor_period")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_school_id_school", type_="foreignkey")
            batch_op.drop_index(f"ix_{table}_school_id")
            batch_op.alter_column(
                "school_id", new_column_name="organisation_id", existing_type=sa.Integer()
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_organisation_id", ["organisation_id"], unique=False)
            batch_op.create_foreign_key(
                f"fk_{table}_organisation_id_organisation",
                "organisation",
                ["organisation_id"],
                ["id"],
                ondelete="RESTRICT",
            )


def downgrade():
    for table in reversed(TABLES):
        op.execute(f"DELETE FROM {table} WHERE organisation_id NOT IN (SELECT id FROM school)")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(
                f"fk_{table}_organisation_id_organisation", type_="foreignkey"
            )
            batch_op.drop_index(f"ix_{table}_organisation_id")
            batch_op.alter_column(
                "organisation_id", new_column_name="school_id", existing_type=sa.Integer()
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(f"ix_{table}_school_id", ["school_id"], unique=False)
            batch_op.create_foreign_key(
                f"fk_{table}_school_id_school", "school", ["school_id"], ["id"], ondelete="RESTRICT"
            )
