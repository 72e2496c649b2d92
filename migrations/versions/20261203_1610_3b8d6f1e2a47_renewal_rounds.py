"""renewal rounds: a network's re-confirmation per school year and each school's answer

Two new tables; nothing existing changes, so every row is carried forward as it is.

Revision ID: 3b8d6f1e2a47
Revises: 3b8d6f1a9c2e
Create Date: 2026-12-03 16:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3b8d6f1e2a47"
down_revision = "3b8d6f1a9c2e"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "renewal_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.String(length=9), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_renewal_round_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"],
            ["user.id"],
            name=op.f("fk_renewal_round_opened_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by_id"],
            ["user.id"],
            name=op.f("fk_renewal_round_closed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renewal_round")),
        sa.UniqueConstraint(
            "network_id", "school_year", name=op.f("uq_renewal_round_network_id_school_year")
        ),
    )
    with op.batch_alter_table("renewal_round", schema=None) as batch_op:
        for column in ("network_id", "opened_by_id", "closed_by_id"):
            batch_op.create_index(batch_op.f(f"ix_renewal_round_{column}"), [column], unique=False)

    op.create_table(
        "renewal_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("asked_on", sa.Date(), nullable=False),
        sa.Column("reminded_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["renewal_round.id"],
            name=op.f("fk_renewal_answer_round_id_renewal_round"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registration.id"],
            name=op.f("fk_renewal_answer_registration_id_registration"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"],
            ["user.id"],
            name=op.f("fk_renewal_answer_confirmed_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renewal_answer")),
        sa.UniqueConstraint("round_id", "registration_id", name=op.f("uq_renewal_answer_round_id_registration_id")),
    )
    with op.batch_alter_table("renewal_answer", schema=None) as batch_op:
        for column in ("round_id", "registration_id", "confirmed_by_id"):
            batch_op.create_index(batch_op.f(f"ix_renewal_answer_{column}"), [column], unique=False)


def downgrade():
    op.drop_table("renewal_answer")
    op.drop_table("renewal_round")
