"""user_school.school_id references organisation.id (a contact acts for organisations of any
kind, values unchanged); call.signup_kinds: the organisation kinds that may sign up (existing
calls: schools only, as before)

Revision ID: b3d5f7a9c1e2
Revises: b7d41e8a2c93
Create Date: 2026-12-03 20:10:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b3d5f7a9c1e2"
down_revision = "b7d41e8a2c93"
branch_labels = None
depends_on = None


def upgrade():
    # Every school id is its organisation's id, so every existing link stays valid.
    with op.batch_alter_table("user_school", schema=None) as batch_op:
        batch_op.drop_constraint("fk_user_school_school_id_school", type_="foreignkey")
        batch_op.create_foreign_key(
            op.f("fk_user_school_school_id_organisation"),
            "organisation",
            ["school_id"],
            ["id"],
            ondelete="CASCADE",
        )
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("signup_kinds", sa.String(length=400), server_default="school", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("call", schema=None) as batch_op:
        batch_op.drop_column("signup_kinds")
    # Links to organisations that are not schools cannot point at school rows.
    op.execute("DELETE FROM user_school WHERE school_id NOT IN (SELECT id FROM school)")
    with op.batch_alter_table("user_school", schema=None) as batch_op:
        batch_op.drop_constraint("fk_user_school_school_id_organisation", type_="foreignkey")
        batch_op.create_foreign_key(
            op.f("fk_user_school_school_id_school"), "school", ["school_id"], ["id"], ondelete="CASCADE"
        )
