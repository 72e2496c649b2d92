"""Issue 20, item 5: the participation report's other members with a filter by kind, and their
counts in words with the singular or plural of each kind (page, exports, print, API).

Seed 001's shape (tests.reports.test_organisation_anchors._seed001): 4 schools, 2 CLBs and 2
local governments on the peildatum.
"""

import csv
import io

import pytest
from flask_babel import force_locale

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.reports.bodies import participation_body
from netwerk.reports.params import parse_participation_params
from netwerk.reports.participation import participation_report
from netwerk.reports.tables import participation_table
from netwerk.schools.labels import counted_kind
from netwerk.schools.models import OrganisationKind, SchoolLevel
from tests.hardening.scene import session_user_id
from tests.reports.factories import add_user, make_token
from tests.reports.test_organisation_anchors import _seed001

ARGS = {"as_of": "2021-11-19"}


def _report(**args):
    user = db.session.get(User, add_user("ministry"))
    return participation_report(user, parse_participation_params({**ARGS, **args}))


@pytest.mark.parametrize(
    ("kind", "count", "dutch", "english"),
    [
        ("clb", 1, "1 CLB", "1 CLB"),
        ("clb", 3, "3 CLB's", "3 CLBs"),
        ("lokaal_bestuur", 1, "1 lokaal bestuur", "1 local government"),
        ("lokaal_bestuur", 2, "2 lokale besturen", "2 local governments"),
        ("expertisecentrum", 1, "1 expertisecentrum", "1 expertise centre"),
        ("expertisecentrum", 2, "2 expertisecentra", "2 expertise centres"),
        ("andere", 1234, "1.234 andere organisaties", "1,234 other organisations"),
    ],
)
def test_counted_kinds_in_dutch_and_english(app, kind, count, dutch, english):
    with app.test_request_context():
        with force_locale("nl"):
            assert counted_kind(kind, count) == dutch
        with force_locale("en"):
            assert counted_kind(kind, count) == english


def test_every_kind_has_its_plural(app):
    with app.test_request_context():
        for kind in OrganisationKind:
            assert counted_kind(kind, 2).startswith("2 ")


def test_member_kind_narrows_the_other_members_only(rctx):
    ids = _seed001()
    everything = _report()
    clbs = _report(member_kind="clb")
    assert clbs.other_members.overall == {"clb": 2}
    assert clbs.other_members.per_network == {ids["network"]: {"clb": 2}}
    assert clbs.other_members.per_level == {SchoolLevel.secundair: {"clb": 2}}
    # The schools count as without the filter.
    assert [(r.network_id, r.count) for r in clbs.rows] == [
        (r.network_id, r.count) for r in everything.rows
    ]
    assert clbs.totals == everything.totals
    assert _report(member_kind="expertisecentrum").other_members.overall == {}
    body = participation_body(clbs)
    assert body["member_kind"] == "clb"
    assert body["other_members"] == {"clb": 2}
    assert "member_kind" not in participation_body(everything)


@pytest.mark.parametrize("value", ["school", "ziekenhuis"])
def test_a_school_or_an_unknown_kind_is_refused(rctx, value):
    with pytest.raises(DomainError) as refused:
        parse_participation_params({**ARGS, "member_kind": value})
    assert refused.value.status_code == 400
    assert "soort van andere leden" in refused.value.message


def test_exports_write_the_other_members_in_words(rctx):
    _seed001()
    table = participation_table(_report())
    assert "Andere leden (geen scholen): 2 CLB's, 2 lokale besturen" in table.notes
    assert "Andere leden van STS West-Vlaanderen: 2 CLB's, 2 lokale besturen" in table.notes
    narrowed = participation_table(_report(member_kind="lokaal_bestuur"))
    assert "Andere leden (geen scholen): 2 lokale besturen" in narrowed.notes
    assert any("andere leden van soort lokaal bestuur" in n for n in narrowed.notes)


def _login(app, client, role="admin"):
    with app.test_request_context():
        user = add_user(role)
        db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(app, user)
        session["_fresh"] = True
    return user


def test_page_form_csv_and_api_take_member_kind(app, client):
    with app.test_request_context():
        _seed001()
    user = _login(app, client)
    page = client.get("/rapporten/deelname?as_of=19/11/2021&member_kind=clb")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'name="member_kind"' in html and '<option selected value="clb">' in html
    assert "+ 2 CLB&#39;s</small>" in html
    assert "lokale besturen" not in html
    assert "andere leden van soort CLB" in html

    exported = client.get("/rapporten/deelname?as_of=19/11/2021&member_kind=clb&format=csv")
    assert exported.status_code == 200
    text = exported.get_data(as_text=True)
    assert "Andere leden van STS West-Vlaanderen: 2 CLB's" in text
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))

    bad = client.get("/rapporten/deelname?as_of=19/11/2021&member_kind=school")
    assert bad.status_code == 400
    assert "Onbekende soort van andere leden" in bad.get_data(as_text=True)

    with app.app_context():
        token = make_token(user)
    headers = {"Authorization": f"Bearer {token}"}
    answer = client.get(
        "/api/v1/reports/participation?as_of=2021-11-19&member_kind=lokaal_bestuur",
        headers=headers,
    )
    assert answer.status_code == 200, answer.json
    assert answer.json["member_kind"] == "lokaal_bestuur"
    assert answer.json["other_members"] == {"lokaal_bestuur": 2}
    refused = client.get(
        "/api/v1/reports/participation?as_of=2021-11-19&member_kind=school", headers=headers
    )
    assert refused.status_code == 422
