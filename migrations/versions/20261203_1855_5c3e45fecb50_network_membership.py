"""network_membership: organisations other than registered schools in a role in a network

A new table, empty: no existing row is a membership (schools take part through their
registrations, anchors are anchor periods).

Revision ID: 5c3e45fecb50
Revises: 5d2a7c9e4b18
Create Date: 2026-12-03 18:55:24.038209

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5c3e45fecb50"
down_revision = "5d2a7c9e4b18"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "network_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "deelnemer",
                "anker",
                "coordinator",
                "partner",
                "trekker",
                name="membershiprole",
                native_enum=False,
                create_constraint=True,
                length=30,
            ),
            nullable=False,
        ),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_until", sa.DateTime(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_until >= valid_from",
            name=op.f("ck_network_membership_span_order"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["user.id"],
            name=op.f("fk_network_membership_actor_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_network_membership_network_id_network"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_network_membership_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_membership")),
    )
    with op.batch_alter_table("network_membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_network_membership_actor_id"), ["actor_id"], unique=False
        )
        batch_op.create_index(
            "ix_network_membership_network_valid", ["network_id", "valid_from"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_network_membership_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("network_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_membership_organisation_id"))
        batch_op.drop_index("ix_network_membership_network_valid")
        batch_op.drop_index(batch_op.f("ix_network_membership_actor_id"))

    op.drop_table("network_membership")
