"""staff_assignment.anchor_school_id references organisation.id: effort follows organisations

A staff assignment to an anchor may name an anchor of any kind (seed 001's half-time coordinator
at a CLB). A school's organisation row has the school's id (revision fc11beb22030), so only the
foreign key changes: the column keeps its name (the API's anchor_school_id) and every value, and
the effort roll-up gives the same figures before and after.

Downgrade removes the assignments to anchors that are not schools (a school-only schema cannot
hold them); their versions stay.

Revision ID: b7d41e8a2c93
Revises: 5e2a7c9d4b18
Create Date: 2026-12-03 20:10:00

"""

from alembic import op


# revision identifiers, used by Alembic.
revision = "b7d41e8a2c93"
down_revision = "5e2a7c9d4b18"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff_assignment", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_staff_assignment_anchor_school_id_school", type_="foreignkey"
        )
        batch_op.create_foreign_key(
            "fk_staff_assignment_anchor_school_id_organisation",
            "organisation",
            ["anchor_school_id"],
            ["id"],
        )


def downgrade():
    op.execute(
        "DELETE FROM staff_assignment WHERE anchor_school_id IS NOT NULL"
        " AND anchor_school_id NOT IN (SELECT id FROM school)"
    )
    with op.batch_alter_table("staff_assignment", schema=None) as batch_op:
        batch_op.drop_constraint(
            "fk_staff_assignment_anchor_school_id_organisation", type_="foreignkey"
        )
        batch_op.create_foreign_key(
            "fk_staff_assignment_anchor_school_id_school", "school", ["anchor_school_id"], ["id"]
        )
