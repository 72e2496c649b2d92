"""network.starts_on, ends_on and previous_network_id: a network's life and its predecessor

Every existing network starts on the day its opening history row already holds from (the
network_profile_change marked opening, dated at the earliest day its data knew: its creation,
its programme's start, a call's opening, its first registration move), so reports and the
refusals after an end read the same first day the app used before. A network without such a
row (none should exist) takes its programme's start, else 01/01/2000 (models.EARLIEST_DAY).
No network has ended (ends_on NULL) and none continues another (previous_network_id NULL).

Revision ID: a41f6c2e9d57
Revises: 3b8d6f1e2a47
Create Date: 2026-12-03 16:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "a41f6c2e9d57"
down_revision = "3b8d6f1e2a47"
branch_labels = None
depends_on = None

FIRST_DAY = sa.text(
    "UPDATE network SET starts_on = COALESCE("
    "(SELECT MIN(c.effective_on) FROM network_profile_change c "
    "WHERE c.network_id = network.id AND c.opening), "
    "(SELECT p.starts_on FROM programme p WHERE p.id = network.programme_id), "
    "DATE '2000-01-01')"
)
# SQLite has no DATE literal: the same text it stores.
FIRST_DAY_SQLITE = sa.text(
    "UPDATE network SET starts_on = COALESCE("
    "(SELECT MIN(c.effective_on) FROM network_profile_change c "
    "WHERE c.network_id = network.id AND c.opening), "
    "(SELECT p.starts_on FROM programme p WHERE p.id = network.programme_id), "
    "'2000-01-01')"
)


def upgrade():
    with op.batch_alter_table("network", schema=None) as batch_op:
        batch_op.add_column(sa.Column("starts_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("previous_network_id", sa.Integer(), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(FIRST_DAY_SQLITE if sqlite else FIRST_DAY)
    with op.batch_alter_table("network", schema=None) as batch_op:
        batch_op.alter_column("starts_on", existing_type=sa.Date(), nullable=False)
        batch_op.create_index(
            batch_op.f("ix_network_previous_network_id"), ["previous_network_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_network_previous_network_id_network"),
            "network",
            ["previous_network_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_network_life_order"), "ends_on IS NULL OR ends_on >= starts_on"
        )


def downgrade():
    with op.batch_alter_table("network", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_network_life_order"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_network_previous_network_id_network"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_network_previous_network_id"))
        batch_op.drop_column("previous_network_id")
        batch_op.drop_column("ends_on")
        batch_op.drop_column("starts_on")
