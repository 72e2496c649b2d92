"""Conditional requests on report answers: an ETag and private, no-cache; 304 on If-None-Match
(weak or strong, a list, *); another ETag for another language, format, reader or after a write;
no-store everywhere else behind a login."""

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.networks.registrations import transition
from tests.conftest import login
from tests.factories import make_user
from tests.reports.factories import make_token

API = "/api/v1/reports/participation?as_of=2021-11-19"
PAGE = "/rapporten/deelname?as_of=2021-11-19"
PASSWORD = "correct-horse-battery"


def _bearer(app, user_id: int) -> dict:
    with app.app_context():
        return {"Authorization": f"Bearer {make_token(user_id)}"}


@pytest.fixture
def ministry(app, data):
    """A ministry user's API headers over the report dataset."""
    with app.app_context():
        user_id = make_user(role="ministry")
    return _bearer(app, user_id)


def test_report_answer_has_etag_and_revalidates(client, ministry):
    """200 with an ETag and private, no-cache; the same request with it is a 304 without body."""
    first = client.get(API, headers=ministry)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('"') and len(etag) > 10
    assert first.headers["Cache-Control"] == "private, no-cache"
    again = client.get(API, headers={**ministry, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize(
    "header",
    ["{etag}", "W/{etag}", '"nope", {etag}', '"nope",W/{etag} , "other"', "*"],
)
def test_if_none_match_forms(client, ministry, header):
    """Weak comparison (RFC 9110 13.1.2): a weak tag matches, a list matches, * matches."""
    etag = client.get(API, headers=ministry).headers["ETag"]
    response = client.get(API, headers={**ministry, "If-None-Match": header.format(etag=etag)})
    assert response.status_code == 304


def test_other_etag_is_a_full_answer(client, ministry):
    """A tag that is not the current one gets the whole body again."""
    response = client.get(API, headers={**ministry, "If-None-Match": '"0123456789abcdef"'})
    assert response.status_code == 200
    assert response.get_json()["rows"]


def test_etag_differs_by_language_format_and_scope(app, client, data, ministry):
    """Another language, another format, another reader's networks: another ETag."""
    nl = client.get(API, headers={**ministry, "Accept-Language": "nl"}).headers["ETag"]
    en = client.get(API, headers={**ministry, "Accept-Language": "en"}).headers["ETag"]
    assert nl != en
    coach = client.get(API, headers=_bearer(app, data.coach1)).headers["ETag"]
    assert coach != nl
    with app.app_context():
        email = db.session.get(User, data.coach1).email
    login(client, email, PASSWORD)
    page = client.get(PAGE)
    csv = client.get(PAGE + "&format=csv")
    xlsx = client.get(PAGE + "&format=xlsx")
    assert {page.status_code, csv.status_code, xlsx.status_code} == {200}
    tags = {page.headers["ETag"], csv.headers["ETag"], xlsx.headers["ETag"]}
    assert len(tags) == 3
    for response in (csv, xlsx):
        assert response.headers["Cache-Control"] == "private, no-cache"
        assert response.headers["Content-Disposition"].startswith("attachment;")
    again = client.get(PAGE + "&format=xlsx", headers={"If-None-Match": xlsx.headers["ETag"]})
    assert again.status_code == 304


def test_etag_changes_after_a_write(app, client, data, ministry):
    """A move of a registration changes the figures, so the old tag no longer matches."""
    url = "/api/v1/reports/participation"  # as of today: the move below is today's
    before = client.get(url, headers=ministry)
    with app.test_request_context():
        admin = db.session.get(User, make_user(role="admin"))
        registration = db.session.scalar(
            db.select(Registration).where(
                Registration.school_id == data.S3, Registration.network_id == data.N1
            )
        )
        transition(admin, registration, RegistrationStatus.accepted)
        db.session.commit()
    after = client.get(url, headers={**ministry, "If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.get_json()["totals"] != before.get_json()["totals"]


def test_page_revalidates_and_keeps_a_working_form_token(app, client, data, login_as):
    """The page answers 304 to its own tag; a page from the cache carries this session's CSRF
    token and a fresh one-time publishing token, never a placeholder or another's token."""
    login_as("admin")
    client.get("/rapporten/")  # shows (and so ends) the welcome message of the login
    first = client.get(PAGE)
    assert first.status_code == 200
    second = client.get(PAGE)  # from the cache
    assert second.status_code == 200
    assert b"\x00" not in second.get_data()
    assert first.headers["ETag"] == second.headers["ETag"]
    assert client.get(PAGE, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    once = b'name="submission" type="hidden" value="'

    def token(body: bytes) -> bytes:
        start = body.index(once) + len(once)
        return body[start : body.index(b'"', start)]

    assert token(first.get_data()) != token(second.get_data())


def test_other_pages_behind_login_keep_no_store(client, login_as, data):
    """Only report answers may be kept by the browser."""
    login_as("admin")
    for url in ("/rapporten/", "/netwerken/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"
        assert "ETag" not in response.headers


def test_refused_report_is_not_kept(client, ministry):
    """A 400 carries no ETag and stays no-store."""
    response = client.get("/api/v1/reports/participation?as_of=morgen", headers=ministry)
    assert response.status_code == 400
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"
