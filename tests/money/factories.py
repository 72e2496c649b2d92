"""Factories of money rows for the tests (inside an app context); they return ids."""

from datetime import date
from decimal import Decimal

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.money import budgets, services
from netwerk.money.models import AmountBasis, BudgetCategory, FunderKind, Grant, ProRata, Rounding
from netwerk.timeutil import SchoolYear
from tests.factories import make_network, make_school, make_user


def make_grant(
    *,
    admin_id: int | None = None,
    network_ids: list[int] | None = None,
    starts_on: date = date(2016, 9, 1),
    ends_on: date = date(2020, 8, 31),
    amount: str = "64000.00",
    basis: AmountBasis = AmountBasis.per_year,
    rounding: Rounding = Rounding.cents,
    funder: str = "Ministerie van Onderwijs",
) -> int:
    """A grant recorded by an admin (a new admin, funder and network when not given)."""
    admin = db.session.get(User, admin_id or make_user(role="admin"))
    funder_id = (
        db.session.scalar(
            services.funders_select()
            .where(services.Funder.name == funder)
            .with_only_columns(services.Funder.id)
        )
        or services.create_funder(admin, funder, FunderKind.ministerie).id
    )
    network_ids = network_ids or [make_network(anchor_ids=[make_school()])]
    grant = services.create_grant(
        admin,
        services.GrantInput(
            funder_id=funder_id,
            title="Toelage",
            recipient_id=make_school(),
            network_ids=network_ids,
            decided_on=starts_on,
            starts_on=starts_on,
            ends_on=ends_on,
            amount=Decimal(amount),
            amount_basis=basis,
            prorata=ProRata.months,
            rounding=rounding,
        ),
    )
    db.session.commit()
    return grant.id


def make_grant_with_records(network_id: int, starts_on: date, ends_on: date) -> int:
    """A grant of a network over a school year with an amendment, a requirement, a payment
    waiting on it, a budget line and the year's FTE rate (for the pages' tables)."""
    admin = db.session.get(User, make_user(role="admin"))
    grant_id = make_grant(
        admin_id=admin.id, network_ids=[network_id], starts_on=starts_on, ends_on=ends_on
    )
    grant = db.session.get(Grant, grant_id)
    services.add_amendment(admin, grant, starts_on, Decimal("-2000"), "besparing")
    requirement = services.add_requirement(admin, grant, "Inhoudelijk verslag", ends_on)
    services.add_payment(admin, grant, starts_on, Decimal("32000"), requirement.id)
    budgets.add_budget_line(
        admin, grant, category=BudgetCategory.personeel, starts_on=starts_on, ends_on=ends_on,
        amount=Decimal("62000"), network_id=network_id,
    )  # fmt: skip
    budgets.add_fte_rate(admin, SchoolYear.of(starts_on), Decimal("64000"))
    db.session.commit()
    return grant_id
