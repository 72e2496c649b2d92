"""The number of SQL statements per report page does not grow with the data."""

from datetime import date, datetime

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from tests.conftest import login
from tests.reports.factories import (
    add_call,
    add_hours,
    add_meeting,
    add_network,
    add_programme,
    add_registration,
    add_school,
    make_token,
)
from tests.statements import counting

URLS = [
    "/rapporten/deelname?as_of=19/11/2021",
    "/rapporten/deelname?as_of=19/11/2021&basis=participating&programme_id={prog}&province=antwerpen",
    "/rapporten/deelname?as_of=19/11/2021&format=xlsx",
    "/rapporten/deelname/scholen?as_of=19/11/2021&level=secundair",
    "/rapporten/deelname/scholen?as_of=19/11/2021&network_id={net}&format=csv",
    "/rapporten/bereik?as_of=19/11/2021&level=secundair",
    "/rapporten/evolutie?as_of=19/11/2021",
    "/rapporten/evolutie?as_of=19/11/2021&period=year&format=csv&table=hours",
    # A past stand van de gegevens costs the same number of statements.
    "/rapporten/deelname?as_of=19/11/2021&known_at=2021-11-20",
    "/rapporten/deelname/scholen?as_of=19/11/2021&level=secundair&known_at=2021-11-20",
    "/rapporten/bereik?as_of=19/11/2021&known_at=2021-11-20T12:00:00Z",
    "/rapporten/evolutie?as_of=19/11/2021&known_at=2021-11-20",
]
API_URLS = [
    "/api/v1/reports/participation?as_of=2021-11-19",
    "/api/v1/reports/reach?as_of=2021-11-19&basis=participating",
    "/api/v1/reports/participation?as_of=2021-11-19&known_at=2021-11-19T12:00:00%2B01:00",
]


def _grow(data, n: int) -> None:
    """Add three networks of n schools each, with withdrawals, meetings and hours (one commit)."""
    programme = add_programme()
    networks = []
    for k in range(3):
        anchors = [add_school(), add_school()] if k == 0 else [data.A1]
        networks.append(add_network(name=f"Groot {k}", programme_id=programme, anchor_ids=anchors))
    add_call(
        programme_id=programme,
        network_ids=networks,
        opens_on=date(2021, 5, 1),
        starts_on=date(2021, 9, 1),
    )
    staff = None
    for network in networks:
        schools = [add_school(province="limburg" if i % 2 else "antwerpen") for i in range(n)]
        for i, school in enumerate(schools):
            moves = [("submitted", date(2021, 5, 2)), ("accepted", date(2021, 6, 1 + i % 20))]
            if i % 3 == 0:
                moves.append(("withdrawn", date(2021, 10, 1)))
            add_registration(school, network, *moves)
        add_meeting(
            network_id=network,
            starts_at=datetime(2021, 10, 14, 10),
            attendance=dict.fromkeys(schools[::2], "present"),
        )
        for i in range(n):
            staff = add_hours(
                network_id=network,
                worked_on=date(2021, 1 + i % 11, 3),
                minutes=30 + i,
                staff_id=staff,
            )
        # Also in a network of the dataset: a school in two networks.
        add_registration(
            schools[1], data.N1, ("submitted", date(2021, 5, 2)), ("accepted", date(2021, 6, 2))
        )
    db.session.commit()


def _counts(app, client, data, urls, headers=None) -> list[int]:
    counts = []
    for url in urls:
        with counting(app) as statements:
            response = client.get(url.format(prog=data.prog_h, net=data.N1), headers=headers)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(len(statements))
    return counts


@pytest.mark.parametrize("role", ["admin", "ministry", "coach"])
def test_statements_per_page_independent_of_data_size(app, client, data, login_as, role):
    """The same pages cost the same number of statements with 4 and with 30 schools per network."""
    if role == "coach":  # the coach of N1, so that N1's list is allowed
        with app.app_context():
            email = db.session.get(User, data.coach1).email
        login(client, email)
    else:
        login_as(role)
    small = _counts(app, client, data, URLS)
    with app.app_context():
        _grow(data, 30)
    large = _counts(app, client, data, URLS)
    assert small == large, (small, large)
    # And few: the user, the filter choices, and the report's aggregate queries.
    assert max(small) <= 10, small


def test_api_statements_independent_of_data_size(app, client, data):
    """The API endpoints too (one token lookup, then the aggregates)."""
    with app.app_context():
        from tests.factories import make_user

        headers = {"Authorization": f"Bearer {make_token(make_user(role='ministry'))}"}
    # A token's first use records last_used_at (an UPDATE, then not again for minutes): a
    # constant, not a cost of the data, so it is spent before counting.
    assert client.get("/api/v1/programmes", headers=headers).status_code == 200
    small = _counts(app, client, data, API_URLS, headers)
    with app.app_context():
        _grow(data, 30)
    large = _counts(app, client, data, API_URLS, headers)
    assert small == large and max(small) <= 6, (small, large)
