"""Factories of money rows for the tests (inside an app context); they return ids."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.money import services
from netwerk.money.models import (
    AmountBasis,
    BudgetCategory,
    BudgetLine,
    FteRate,
    Funder,
    FunderKind,
    Grant,
    GrantAmendment,
    GrantPayment,
    GrantRequirement,
    ProRata,
    Rounding,
)
from netwerk.networks.models import Network
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
    """A grant of a network over a school year, paid to its anchor school, with an amendment, a
    requirement, a payment waiting on it, a budget line and the year's FTE rate (for the pages'
    tables). Written directly: no user or school is added to the scene."""
    network = db.session.get(Network, network_id)
    funder = db.session.scalar(select(Funder).where(Funder.name == "Ministerie van Onderwijs"))
    funder = funder or Funder(name="Ministerie van Onderwijs", kind=FunderKind.ministerie)
    requirement = GrantRequirement(title="Inhoudelijk verslag", due_on=ends_on)
    grant = Grant(
        funder=funder,
        title="Toelage Samen tegen Schooluitval",
        recipient_id=network.anchors[0].id,
        networks=[network],
        decided_on=starts_on,
        starts_on=starts_on,
        ends_on=ends_on,
        amount=Decimal("64000.00"),
        amount_basis=AmountBasis.per_year,
        prorata=ProRata.months,
        rounding=Rounding.cents,
        amendments=[GrantAmendment(effective_on=starts_on, amount_change=Decimal("-2000.00"),
                                   reason="besparing")],
        requirements=[requirement],
        payments=[GrantPayment(paid_on=starts_on, amount=Decimal("32000.00"),
                               requirement=requirement)],
        budget_lines=[BudgetLine(network_id=network_id, category=BudgetCategory.personeel,
                                 starts_on=starts_on, ends_on=ends_on,
                                 original_amount=Decimal("62000.00"))],
    )  # fmt: skip
    rate = FteRate(school_year=str(SchoolYear.of(starts_on)), amount_per_fte=Decimal("64000.00"))
    db.session.add_all([grant, rate])
    db.session.commit()
    return grant.id
