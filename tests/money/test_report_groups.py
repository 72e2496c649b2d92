"""The funding report's other groupings: a grant over two networks in equal shares with the
remainder on the last network; per funder and per programme; the peildatum of a decision."""

from datetime import date
from decimal import Decimal

import pytest

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.money.models import AmountBasis
from netwerk.money.report import FundingParams, funding_report, parse_funding_params
from tests.factories import make_network, make_programme, make_user
from tests.money.factories import make_grant


def _figures(report, figure="awarded"):
    return {(row.group_label, row.period_key): row.figures[figure] for row in report.rows}


def test_two_networks_share_half_up_the_remainder_on_the_last(ctx):
    """100,01 € over one school year and two networks: 50,005 rounds half up to 50,01 and the
    last network gets what is left, 50,00; one programme sums both; the funder has all of it."""
    admin = db.session.get(User, make_user(role="admin"))
    programme = make_programme("Samen tegen Schooluitval")
    first = make_network(name="Netwerk 1", programme_id=programme)
    second = make_network(name="Netwerk 2", programme_id=programme)
    make_grant(
        admin_id=admin.id, network_ids=[first, second], starts_on=date(2021, 9, 1),
        ends_on=date(2022, 8, 31), amount="100.01", basis=AmountBasis.total,
    )  # fmt: skip
    as_of = date(2022, 8, 31)
    by_network = _figures(funding_report(admin, FundingParams(as_of, "network")))
    assert by_network == {
        ("Netwerk 1", "2021-2022"): Decimal("50.01"),
        ("Netwerk 2", "2021-2022"): Decimal("50.00"),
    }
    by_programme = _figures(funding_report(admin, FundingParams(as_of, "programme")))
    assert by_programme == {("Samen tegen Schooluitval", "2021-2022"): Decimal("100.01")}
    by_funder = funding_report(admin, FundingParams(as_of, "funder", "grant_period"))
    assert [(r.group_label, r.period_label, r.figures["current"]) for r in by_funder.rows] == [
        ("Ministerie van Onderwijs", "01/09/2021 - 31/08/2022", Decimal("100.01"))
    ]
    # Before its decision (the factory decides on the first day), the grant is not there.
    assert funding_report(admin, FundingParams(date(2021, 8, 31), "network")).rows == []


def test_wrong_parameters_are_refused_at_their_fields(ctx):
    """An unknown grouping and a malformed peildatum: one DomainError 400 naming both."""
    with pytest.raises(DomainError) as refused:
        parse_funding_params({"group_by": "school", "as_of": "31/02/2021"})
    assert refused.value.status_code == 400
    assert set(refused.value.fields) == {"group_by", "as_of"}
