"""publication.report may be 'effort': the effort report becomes publishable

Only the CHECK of the report column changes (a non-native enum); every publication stays as it
is.

Revision ID: 7c3e9a41b2d8
Revises: e2b155a427f9
Create Date: 2026-12-03 13:25:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "7c3e9a41b2d8"
down_revision = "e2b155a427f9"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_publication_reportkind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_publication_reportkind"), "report IN ('participation', 'reach', 'effort')"
        )


def downgrade():
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_publication_reportkind"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_publication_reportkind"), "report IN ('participation', 'reach')"
        )
