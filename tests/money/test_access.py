"""Who sees money: admins write, ministry users read all, a coach reads the grants of their
networks, school users none; and what the services and the API refuse."""

from datetime import date
from decimal import Decimal

import pytest

from netwerk.auth.models import User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.money import budgets, services
from netwerk.money.models import BudgetCategory, FunderKind, Grant
from netwerk.money.permissions import can_read_grant, grants_select
from tests.factories import make_network, make_user
from tests.money.factories import make_grant
from tests.networks.factories import bearer, token_for


@pytest.fixture
def grants(ctx):
    """A grant of a coach's network and a grant of another network."""
    coach = make_user(role="coach")
    own = make_grant(network_ids=[make_network(coach_ids=[coach])])
    other = make_grant(network_ids=[make_network()])
    return {"coach": coach, "own": own, "other": other}


@pytest.mark.parametrize(
    ("role", "own", "other"),
    [("admin", True, True), ("ministry", True, True), ("coach", True, False),
     ("school", False, False)],
)  # fmt: skip
def test_who_reads_which_grant(grants, role, own, other):
    """The predicate and the list's select agree, per role and grant."""
    user_id = grants["coach"] if role == "coach" else make_user(role=role)
    user = db.session.get(User, user_id)
    listed = set(db.session.scalars(grants_select(user).with_only_columns(Grant.id)))
    for key, allowed in (("own", own), ("other", other)):
        grant = db.session.get(Grant, grants[key])
        assert can_read_grant(user, grant) is allowed
        assert (grants[key] in listed) is allowed


def test_only_admins_write_money(grants):
    """A ministry user or a coach gets NotAllowed from every writing service."""
    for role in ("ministry", "coach"):
        user = db.session.get(User, make_user(role=role))
        with pytest.raises(NotAllowed):
            services.create_funder(user, "Provincie", FunderKind.provincie)
        with pytest.raises(NotAllowed):
            services.add_payment(
                user, db.session.get(Grant, grants["own"]), date(2017, 1, 1), "100,00"
            )


@pytest.mark.parametrize(
    ("text", "value"),
    [("64.000,00", "64000.00"), ("64000,5", "64000.50"), ("€ 1.234", "1234.00"),
     ("64000.00", "64000.00"), ("-2.000,00", "-2000.00"), ("0,01", "0.01")],
)  # fmt: skip
def test_amounts_are_read_the_belgian_way(text, value):
    """Pages take 64.000,00; the API's decimal strings read as they are."""
    assert services.parse_euro(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,234", "12.3456", "1e5", "NaN", "9" * 15])
def test_a_wrong_amount_is_refused_at_its_field(text):
    """Three decimals, letters, too large: a Dutch refusal at the amount."""
    with pytest.raises(DomainError) as refused:
        services.parse_euro(text)
    assert "amount" in refused.value.fields


def test_a_budget_line_covers_at_most_twelve_months(grants):
    """01/09/2016 - 31/08/2017 is fine; one day more is refused at ends_on."""
    admin = db.session.get(User, make_user(role="admin"))
    grant = db.session.get(Grant, grants["own"])
    network_id = grant.networks[0].id
    budgets.add_budget_line(
        admin, grant, category=BudgetCategory.werking, starts_on=date(2016, 9, 1),
        ends_on=date(2017, 8, 31), amount="1.000,00", network_id=network_id,
    )  # fmt: skip
    with pytest.raises(DomainError) as refused:
        budgets.add_budget_line(
            admin, grant, category=BudgetCategory.werking, starts_on=date(2016, 9, 1),
            ends_on=date(2017, 9, 1), amount="1.000,00", network_id=network_id,
        )  # fmt: skip
    assert "ends_on" in refused.value.fields


def test_an_amendment_never_overwrites_the_award(grants):
    """The award stays; the amendment is a record of its own; below zero is refused."""
    admin = db.session.get(User, make_user(role="admin"))
    grant = db.session.get(Grant, grants["own"])
    services.add_amendment(admin, grant, date(2018, 1, 1), "-2.000,00")
    assert grant.amount == Decimal("64000.00")
    assert services.awarded_total(grant) == Decimal("256000.00")
    with pytest.raises(DomainError):
        services.add_amendment(admin, grant, date(2018, 1, 1), "-300.000,00")


def test_api_refuses_changing_the_award_and_school_tokens(app, client):
    """PATCH with an amount: 422 in Dutch at amount; a school token: 403; a coach token: only
    the grants of their networks; a wrong amount: 422 naming the field."""
    with app.app_context():
        coach = make_user(role="coach")
        own = make_grant(network_ids=[make_network(coach_ids=[coach])])
        other = make_grant(network_ids=[make_network()])
        admin = bearer(token_for(make_user(role="admin")))
        school = bearer(token_for(make_user(role="school")))
        coach_headers = bearer(token_for(coach))
    response = client.patch(f"/api/v1/grants/{own}", headers=admin, json={"amount": "1.00"})
    assert response.status_code == 422
    assert "amendement" in response.get_json()["error"]["message"]
    assert client.get("/api/v1/grants", headers=school).status_code == 403
    listed = client.get("/api/v1/grants", headers=coach_headers).get_json()
    assert [g["id"] for g in listed["items"]] == [own]
    assert client.get(f"/api/v1/grants/{other}", headers=coach_headers).status_code == 403
    assert client.get("/api/v1/grants/999999", headers=admin).status_code == 404
    response = client.post(
        f"/api/v1/grants/{own}/payments", headers=admin,
        json={"paid_on": "2017-01-01", "amount": "12.345"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "amount" in str(response.get_json()["error"]["details"])
    response = client.patch(f"/api/v1/grants/{own}", headers=admin, json={"title": "Nieuwe titel"})
    assert response.status_code == 200 and response.get_json()["title"] == "Nieuwe titel"
    assert response.get_json()["amount"] == "64000.00"
    bad = client.get("/api/v1/reports/funding?group_by=school", headers=admin)
    assert bad.status_code == 422
    bad = client.get("/api/v1/reports/funding?as_of=31/02/2020", headers=admin)
    assert bad.status_code == 400


def test_a_refused_page_form_keeps_nothing_and_says_why(app, client, login_as):
    """A payment of letters on the grant page: 422, the message at the field, nothing stored;
    a school user gets 403 on the money pages."""
    login_as("admin")
    with app.app_context():
        grant_id = make_grant()
    response = client.post(
        f"/geld/toelagen/{grant_id}/betalingen",
        data={"payment-paid_on": "01/10/2016", "payment-amount": "veel"},
    )
    assert response.status_code == 422
    assert "Geef een bedrag in euro" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Grant, grant_id).payments == []
    client.post("/afmelden")
    login_as("school")
    assert client.get("/geld/").status_code == 403
    assert client.get(f"/geld/toelagen/{grant_id}").status_code == 403
