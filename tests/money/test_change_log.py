"""Every writing service of money logs one change line, with its actor."""

import logging
from datetime import date
from decimal import Decimal

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.money import budgets, services
from netwerk.money.models import BudgetCategory, FunderKind, Grant
from netwerk.timeutil import SchoolYear
from tests.factories import make_user
from tests.money.factories import make_grant

WRITING_SERVICES = [
    "netwerk.money.services.create_funder",
    "netwerk.money.services.create_grant",
    "netwerk.money.services.update_grant",
    "netwerk.money.services.add_amendment",
    "netwerk.money.services.add_requirement",
    "netwerk.money.services.meet_requirement",
    "netwerk.money.services.add_payment",
    "netwerk.money.budgets.add_budget_line",
    "netwerk.money.budgets.revise_budget_line",
    "netwerk.money.budgets.add_fte_rate",
]


def test_every_money_write_logs_one_line(ctx, caplog):
    """Funder, grant, change, amendment, requirement (added, met), payment, budget line (added,
    revised) and FTE rate: one line each, with the admin as actor."""
    admin = db.session.get(User, make_user(role="admin"))
    caplog.set_level(logging.INFO, logger="netwerk.changes")
    grant = db.session.get(Grant, make_grant(admin_id=admin.id))
    funder = services.create_funder(admin, "Provincie Limburg", FunderKind.provincie)
    services.update_grant(admin, grant, {"title": "Toelage 2016-2020"})
    services.add_amendment(admin, grant, date(2018, 1, 1), Decimal("-2000"), "besparing")
    requirement = services.add_requirement(admin, grant, "Verslag", date(2017, 6, 30))
    services.meet_requirement(admin, requirement, date(2017, 7, 15))
    services.add_payment(admin, grant, date(2017, 7, 1), Decimal("10000"), requirement.id)
    line = budgets.add_budget_line(
        admin, grant, category=BudgetCategory.personeel, starts_on=date(2016, 9, 1),
        ends_on=date(2017, 8, 31), amount="64.000,00", network_id=grant.networks[0].id,
    )  # fmt: skip
    budgets.revise_budget_line(admin, line, "60.000,00")
    budgets.add_fte_rate(admin, SchoolYear(2016), "64.000,00", funder.id)
    lines = [r for r in caplog.records if r.name == "netwerk.changes"]
    assert [(r.actor_id, r.action) for r in lines] == [
        (admin.id, action)
        for action in (
            "funder.created",
            "grant.created",
            "funder.created",
            "grant.updated",
            "grant.amended",
            "grant.requirement_added",
            "grant.requirement_met",
            "grant.payment_added",
            "budget_line.created",
            "budget_line.revised",
            "fte_rate.created",
        )
    ]
