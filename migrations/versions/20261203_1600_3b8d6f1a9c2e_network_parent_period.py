"""network_parent_period: a network's parent network by date

A new table only: no network has a parent yet, so every existing network stays at the top and
every report for a past date shows what it showed before.

Revision ID: 3b8d6f1a9c2e
Revises: 7c3e9a41b2d8
Create Date: 2026-12-03 16:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "3b8d6f1a9c2e"
down_revision = "7c3e9a41b2d8"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_network_parent_period_actor_id", ["actor_id"]),
    ("ix_network_parent_period_network_valid", ["network_id", "valid_from"]),
    ("ix_network_parent_period_parent_id", ["parent_id"]),
)


def upgrade():
    op.create_table(
        "network_parent_period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("opening", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_until", sa.DateTime(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.CheckConstraint(
            "parent_id <> network_id", name=op.f("ck_network_parent_period_not_itself")
        ),
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_until >= valid_from",
            name=op.f("ck_network_parent_period_span_order"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_network_parent_period_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_network_parent_period_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["network.id"],
            name=op.f("fk_network_parent_period_parent_id_network"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_parent_period")),
    )
    with op.batch_alter_table("network_parent_period", schema=None) as batch_op:
        for name, columns in INDEXES:
            batch_op.create_index(batch_op.f(name), columns, unique=False)


def downgrade():
    with op.batch_alter_table("network_parent_period", schema=None) as batch_op:
        for name, _columns in reversed(INDEXES):
            batch_op.drop_index(batch_op.f(name))
    op.drop_table("network_parent_period")
