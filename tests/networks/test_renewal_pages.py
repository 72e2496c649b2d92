"""The renewal pages and API over HTTP: a coach opens a round, a school confirms from its home
page (twice: no harm), the coach closes it; who may do what; refusals in Dutch, never a 500."""

import re
from datetime import timedelta

import pytest

from netwerk.extensions import db
from netwerk.networks.models import RegistrationStatus
from netwerk.networks.renewal.models import RenewalAnswer, RenewalRound
from netwerk.timeutil import SchoolYear, today
from tests.conftest import login
from tests.factories import make_registration, make_school, make_user
from tests.networks.factories import bearer, open_network, status_of, token_for

S = RegistrationStatus
THIS_YEAR = SchoolYear.of(today())
SPRING = THIS_YEAR.starts_on - timedelta(days=90)


@pytest.fixture
def scene(app):
    """A network with a coach and two accepted schools (each with a user), users of every other
    role, and a school user of another school."""
    with app.app_context():
        coach = make_user(role="coach", email="coach@test.be")
        make_user(role="coach", email="other-coach@test.be")
        make_user(role="admin", email="admin@test.be")
        make_user(role="ministry", email="ministry@test.be")
        make_user(role="school", email="other-school@test.be")
        network_id = open_network(coach_ids=[coach])
        registrations, users = [], []
        for n, name in enumerate(("Sint-Jozefscollege", "Atheneum Noord")):
            school_id = make_school(name=name)
            users.append(
                make_user(role="school", email=f"school{n}@test.be", school_ids=[school_id])
            )
            registrations.append(
                make_registration(
                    school_id=school_id,
                    network_id=network_id,
                    history=[(S.submitted, SPRING), (S.accepted, SPRING)],
                )
            )
    return {"network": network_id, "registrations": registrations, "users": users}


def _open(client, network_id: int, year: SchoolYear = THIS_YEAR):
    return client.post(f"/netwerken/{network_id}/herbevestiging", data={"school_year": str(year)})


def _answers(app) -> list[int]:
    with app.app_context():
        return [a.id for a in db.session.query(RenewalAnswer).order_by(RenewalAnswer.id)]


def test_open_confirm_twice_and_close_over_http(app, client, scene):
    """The whole round through the pages: the list says who confirmed, the home page has the
    button until the round closes, a double confirm is answered twice without harm, closing
    withdraws the one that did not confirm."""
    network = scene["network"]
    login(client, "coach@test.be")
    page = client.get(f"/netwerken/{network}/herbevestiging").get_data(as_text=True)
    assert "Herbevestiging openen" in page and str(THIS_YEAR) in page
    assert _open(client, network).status_code == 302
    page = client.get(f"/netwerken/{network}/herbevestiging").get_data(as_text=True)
    assert "Bevestigd: 0 van 2 · Nog niet bevestigd: 2" in page
    assert "Herbevestiging afsluiten" in page
    client.post("/afmelden")

    login(client, "school0@test.be")
    home = client.get("/").get_data(as_text=True)
    assert "Herbevestigen voor het volgende schooljaar" in home and "Sint-Jozefscollege" in home
    answer_id = _answers(app)[0]
    url = f"/netwerken/herbevestiging/antwoorden/{answer_id}/bevestigen"
    for _ in range(2):
        response = client.post(url)
        assert response.status_code == 302 and response.headers["Location"].endswith("/")
    home = client.get("/").get_data(as_text=True)
    assert "Bedankt: Sint-Jozefscollege neemt in" in home
    assert f"Bevestigd voor {THIS_YEAR}" in home
    client.post("/afmelden")

    login(client, "coach@test.be")
    page = client.get(f"/netwerken/{network}/herbevestiging").get_data(as_text=True)
    assert "Bevestigd: 1 van 2" in page
    (round_id,) = _round_ids(app)
    response = client.post(f"/netwerken/herbevestiging/{round_id}/afsluiten")
    assert response.status_code == 302
    page = client.get(f"/netwerken/{network}/herbevestiging").get_data(as_text=True)
    assert "De herbevestiging is afgesloten; ingetrokken scholen: 1." in page
    day = THIS_YEAR.starts_on.strftime("%d/%m/%Y")
    assert f"Niet bevestigd: ingetrokken vanaf {day}" in page
    again = client.post(f"/netwerken/herbevestiging/{round_id}/afsluiten")
    assert again.status_code == 409 and "al afgesloten" in again.get_data(as_text=True)
    client.post("/afmelden")

    login(client, "school1@test.be")
    late = client.post(f"/netwerken/herbevestiging/antwoorden/{_answers(app)[1]}/bevestigen")
    assert late.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Herbevestigen voor het volgende schooljaar" not in home
    with app.app_context():
        assert [status_of(r) for r in scene["registrations"]] == [S.accepted, S.withdrawn]


def _round_ids(app) -> list[int]:
    with app.app_context():
        return [r.id for r in db.session.query(RenewalRound).order_by(RenewalRound.id)]


def test_refusals_are_dutch_and_never_a_500(app, client, scene):
    """A second round for the year is a 409, an unknown year a 422 in Dutch;
    others' rounds 403, unknown ids 404."""
    network = scene["network"]
    login(client, "coach@test.be")
    assert _open(client, network).status_code == 302
    second = _open(client, network)  # a double submit of the open form
    assert second.status_code == 409
    assert "loopt al een herbevestiging voor" in second.get_data(as_text=True)
    bad = client.post(f"/netwerken/{network}/herbevestiging", data={"school_year": "1999-2000"})
    assert bad.status_code == 422 and "Ongeldige keuze." in bad.get_data(as_text=True)
    assert client.get("/netwerken/999999/herbevestiging").status_code == 404
    assert client.post("/netwerken/herbevestiging/999999/afsluiten").status_code == 404
    answer_id = _answers(app)[0]
    url = f"/netwerken/herbevestiging/antwoorden/{answer_id}/bevestigen"
    assert client.post(url).status_code == 403  # a coach does not confirm for a school
    client.post("/afmelden")
    for email in ("other-coach@test.be", "ministry@test.be", "school0@test.be"):
        login(client, email)
        assert client.get(f"/netwerken/{network}/herbevestiging").status_code == 403
        client.post("/afmelden")
    login(client, "school1@test.be")
    assert client.post(url).status_code == 403  # another school's answer
    assert client.post("/netwerken/herbevestiging/antwoorden/999999/bevestigen").status_code == 404


def test_the_api_reads_the_round_and_a_school_token_confirms(app, client, scene):
    """A school token reads its own answer only and confirms it (twice: 200 both); the ministry
    reads codes; a coach's token may not confirm; after the close a confirmation is a 409."""
    network = scene["network"]
    with app.app_context():
        school_token = token_for(scene["users"][0])
        ministry_token = token_for(make_user(role="ministry"))
        coach_token = token_for(make_user(role="coach"))
    login(client, "admin@test.be")
    assert _open(client, network).status_code == 302
    rounds = client.get(
        f"/api/v1/networks/{network}/renewal-rounds", headers=bearer(school_token)
    ).get_json()["items"]
    (answer,) = rounds[0]["answers"]
    assert answer["school"]["name"] == "Sint-Jozefscollege" and answer["confirmed"] is False
    url = f"/api/v1/renewal-answers/{answer['id']}/confirmation"
    for _ in range(2):
        response = client.post(url, headers=bearer(school_token))
        assert response.status_code == 200 and response.get_json()["confirmed"] is True
    assert client.post(url, headers=bearer(coach_token)).status_code == 403
    body = client.get(
        f"/api/v1/renewal-rounds/{rounds[0]['id']}", headers=bearer(ministry_token)
    ).get_json()
    assert [a["confirmed"] for a in body["answers"]] == [True, False]
    assert all("name" not in a["school"] and a["school"]["public_code"] for a in body["answers"])
    assert client.post(f"/netwerken/herbevestiging/{rounds[0]['id']}/afsluiten").status_code == 302
    other = body["answers"][1]["id"]
    with app.app_context():
        other_token = token_for(scene["users"][1])
    late = client.post(f"/api/v1/renewal-answers/{other}/confirmation", headers=bearer(other_token))
    assert late.status_code == 409 and "afgesloten" in late.get_json()["error"]["message"]


def _token(page: str, prefix: str = "") -> str:
    """The one-time submission token of a form on the page."""
    return re.search(rf'name="{prefix}submission"[^>]*value="([^"]+)"', page).group(1)


def test_a_form_sent_twice_is_carried_out_once(app, client, scene):
    """The open and the close form, each sent twice with its page's token (a double tap): the
    second is answered as the first, "Dit was al bewaard.", not with a refusal."""
    network = scene["network"]
    login(client, "coach@test.be")
    page = client.get(f"/netwerken/{network}/herbevestiging").get_data(as_text=True)
    data = {"school_year": str(THIS_YEAR), "submission": _token(page)}
    for _ in range(2):
        response = client.post(f"/netwerken/{network}/herbevestiging", data=data)
        assert response.status_code == 302
    page = client.get(f"/netwerken/{network}/herbevestiging").get_data(as_text=True)
    assert "Dit was al bewaard." in page
    (round_id,) = _round_ids(app)
    prefix = f"ronde{round_id}-"
    data = {f"{prefix}submission": _token(page, prefix)}
    for _ in range(2):
        response = client.post(f"/netwerken/herbevestiging/{round_id}/afsluiten", data=data)
        assert response.status_code == 302
    page = client.get(f"/netwerken/{network}/herbevestiging").get_data(as_text=True)
    assert "Dit was al bewaard." in page
    with app.app_context():
        assert [status_of(r) for r in scene["registrations"]] == [S.withdrawn, S.withdrawn]
