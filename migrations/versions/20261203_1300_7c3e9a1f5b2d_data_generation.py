"""data_generation: one row counting the committed transactions that wrote data

The report caches (netwerk/httpcache.py) key their bodies by it; netwerk/generation.py raises it
in every transaction that writes. It starts at 0 (this upgrade's own commit already raises it):
no process has cached anything under a generation before the table exists. Existing rows are
untouched.

Revision ID: 7c3e9a1f5b2d
Revises: 5c1e9a7b3d20
Create Date: 2026-12-03 13:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "7c3e9a1f5b2d"
down_revision = "5c1e9a7b3d20"
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        "data_generation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])


def downgrade():
    op.drop_table("data_generation")
