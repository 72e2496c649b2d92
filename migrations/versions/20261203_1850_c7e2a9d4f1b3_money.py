"""money: funders, grants with amendments, payments and requirements, budget lines, FTE rates

New tables only; nothing existing changes, so every row is carried forward as it is.

Revision ID: c7e2a9d4f1b3
Revises: 5c3e45fecb50
Create Date: 2026-12-03 18:48:57.348138

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c7e2a9d4f1b3"
down_revision = "5c3e45fecb50"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "funder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "ministerie",
                "provincie",
                "esf",
                "gemeente",
                "other",
                name="funderkind",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_funder_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funder")),
        sa.UniqueConstraint("name", name=op.f("uq_funder_name")),
    )
    with op.batch_alter_table("funder", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_funder_recorded_by_id"), ["recorded_by_id"], unique=False
        )

    op.create_table(
        "fte_rate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_year", sa.String(length=9), nullable=False),
        sa.Column("funder_id", sa.Integer(), nullable=True),
        sa.Column("amount_per_fte", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount_per_fte > 0", name=op.f("ck_fte_rate_amount")),
        sa.ForeignKeyConstraint(
            ["funder_id"],
            ["funder.id"],
            name=op.f("fk_fte_rate_funder_id_funder"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_fte_rate_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fte_rate")),
    )
    with op.batch_alter_table("fte_rate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fte_rate_funder_id"), ["funder_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_fte_rate_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_fte_rate_school_year"), ["school_year"], unique=False)

    op.create_table(
        "funding_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("funder_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column(
            "amount_basis",
            sa.Enum(
                "total",
                "per_year",
                name="amountbasis",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "prorata",
            sa.Enum(
                "months",
                "days",
                name="prorata",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "rounding",
            sa.Enum(
                "cents",
                "euro",
                name="rounding",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_funding_grant_amount")),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_funding_grant_period")),
        sa.ForeignKeyConstraint(
            ["funder_id"], ["funder.id"], name=op.f("fk_funding_grant_funder_id_funder")
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"],
            ["organisation.id"],
            name=op.f("fk_funding_grant_recipient_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_funding_grant_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_funding_grant")),
    )
    with op.batch_alter_table("funding_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_funding_grant_funder_id"), ["funder_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_funding_grant_recipient_id"), ["recipient_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_funding_grant_recorded_by_id"), ["recorded_by_id"], unique=False
        )

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("partner_id", sa.Integer(), nullable=True),
        sa.Column(
            "category",
            sa.Enum(
                "personeel",
                "werking",
                "investering",
                "other",
                name="budgetcategory",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("original_amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("revised_amount", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("revised_at", sa.DateTime(), nullable=True),
        sa.Column("revised_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_budget_line_period")),
        sa.CheckConstraint(
            "network_id IS NOT NULL OR partner_id IS NOT NULL", name=op.f("ck_budget_line_target")
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["funding_grant.id"], name=op.f("fk_budget_line_grant_id_funding_grant")
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_budget_line_network_id_network"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["organisation.id"],
            name=op.f("fk_budget_line_partner_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_budget_line_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["revised_by_id"],
            ["user.id"],
            name=op.f("fk_budget_line_revised_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_line_grant_id"), ["grant_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_line_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_line_partner_id"), ["partner_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_budget_line_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_budget_line_revised_by_id"), ["revised_by_id"], unique=False
        )

    op.create_table(
        "grant_amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("amount_change", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["funding_grant.id"],
            name=op.f("fk_grant_amendment_grant_id_funding_grant"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_grant_amendment_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grant_amendment")),
    )
    with op.batch_alter_table("grant_amendment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grant_amendment_grant_id"), ["grant_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_grant_amendment_recorded_by_id"), ["recorded_by_id"], unique=False
        )

    op.create_table(
        "grant_network",
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["funding_grant.id"],
            name=op.f("fk_grant_network_grant_id_funding_grant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["network.id"],
            name=op.f("fk_grant_network_network_id_network"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("grant_id", "network_id", name=op.f("pk_grant_network")),
    )
    with op.batch_alter_table("grant_network", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grant_network_network_id"), ["network_id"], unique=False
        )

    op.create_table(
        "grant_requirement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("met_recorded_at", sa.DateTime(), nullable=True),
        sa.Column("met_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["funding_grant.id"],
            name=op.f("fk_grant_requirement_grant_id_funding_grant"),
        ),
        sa.ForeignKeyConstraint(
            ["met_by_id"],
            ["user.id"],
            name=op.f("fk_grant_requirement_met_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_grant_requirement_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grant_requirement")),
    )
    with op.batch_alter_table("grant_requirement", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_grant_requirement_grant_id"), ["grant_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_grant_requirement_met_by_id"), ["met_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_grant_requirement_recorded_by_id"), ["recorded_by_id"], unique=False
        )

    op.create_table(
        "grant_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("requirement_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount > 0", name=op.f("ck_grant_payment_amount")),
        sa.ForeignKeyConstraint(
            ["grant_id"], ["funding_grant.id"], name=op.f("fk_grant_payment_grant_id_funding_grant")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user.id"],
            name=op.f("fk_grant_payment_recorded_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requirement_id"],
            ["grant_requirement.id"],
            name=op.f("fk_grant_payment_requirement_id_grant_requirement"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grant_payment")),
    )
    with op.batch_alter_table("grant_payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grant_payment_grant_id"), ["grant_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_grant_payment_recorded_by_id"), ["recorded_by_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_grant_payment_requirement_id"), ["requirement_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("grant_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_payment_requirement_id"))
        batch_op.drop_index(batch_op.f("ix_grant_payment_recorded_by_id"))
        batch_op.drop_index(batch_op.f("ix_grant_payment_grant_id"))

    op.drop_table("grant_payment")
    with op.batch_alter_table("grant_requirement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_requirement_recorded_by_id"))
        batch_op.drop_index(batch_op.f("ix_grant_requirement_met_by_id"))
        batch_op.drop_index(batch_op.f("ix_grant_requirement_grant_id"))

    op.drop_table("grant_requirement")
    with op.batch_alter_table("grant_network", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_network_network_id"))

    op.drop_table("grant_network")
    with op.batch_alter_table("grant_amendment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_amendment_recorded_by_id"))
        batch_op.drop_index(batch_op.f("ix_grant_amendment_grant_id"))

    op.drop_table("grant_amendment")
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_line_revised_by_id"))
        batch_op.drop_index(batch_op.f("ix_budget_line_recorded_by_id"))
        batch_op.drop_index(batch_op.f("ix_budget_line_partner_id"))
        batch_op.drop_index(batch_op.f("ix_budget_line_network_id"))
        batch_op.drop_index(batch_op.f("ix_budget_line_grant_id"))

    op.drop_table("budget_line")
    with op.batch_alter_table("funding_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_grant_recorded_by_id"))
        batch_op.drop_index(batch_op.f("ix_funding_grant_recipient_id"))
        batch_op.drop_index(batch_op.f("ix_funding_grant_funder_id"))

    op.drop_table("funding_grant")
    with op.batch_alter_table("fte_rate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fte_rate_school_year"))
        batch_op.drop_index(batch_op.f("ix_fte_rate_recorded_by_id"))
        batch_op.drop_index(batch_op.f("ix_fte_rate_funder_id"))

    op.drop_table("fte_rate")
    with op.batch_alter_table("funder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funder_recorded_by_id"))

    op.drop_table("funder")
