"""Who may do what: predicate tables and a route x role matrix."""

from datetime import date, datetime

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.models import Meeting
from netwerk.meetings.permissions import can_manage_meeting, can_move_meeting, can_view_meeting
from netwerk.networks.models import RegistrationStatus
from tests.factories import make_registration, make_school, make_user
from tests.meetings.factories import make_meeting, make_output

ROLES = [
    "admin",
    "ministry",
    "coach",
    "other_coach",
    "school_user",
    "pending_user",
    "outsider_user",
]


@pytest.mark.parametrize(
    "who, manage, view",
    [
        ("admin", True, True),
        ("ministry", False, True),
        ("coach", True, True),
        ("other_coach", False, False),
        ("school_user", False, True),
        ("pending_user", False, True),
        ("outsider_user", False, False),
    ],
)
def test_manage_and_view_predicates(ctx, scene, who, manage, view):
    """Coaches manage only their networks; ministry and member schools only read."""
    meeting = db.session.get(Meeting, make_meeting(scene.network))
    user = db.session.get(User, getattr(scene, who))
    assert can_manage_meeting(user, meeting) is manage
    assert can_view_meeting(user, meeting) is view


@pytest.mark.parametrize(
    "who, imposed, allowed",
    [
        ("admin", True, True),
        ("coach", True, False),
        ("coach", False, True),
        ("other_coach", False, False),
        ("ministry", False, False),
    ],
)
def test_move_predicate(ctx, scene, who, imposed, allowed):
    """An imposed meeting is moved only by an admin."""
    meeting = db.session.get(Meeting, make_meeting(scene.network, is_imposed=imposed))
    assert can_move_meeting(db.session.get(User, getattr(scene, who)), meeting) is allowed


R, W = "read", "write"
PAGES = [
    # (url template, kind)
    ("/bijeenkomsten/", "dashboard"),
    ("/bijeenkomsten/netwerk/{network}", R),
    ("/bijeenkomsten/netwerk/{network}/tijdlijn", R),
    ("/bijeenkomsten/netwerk/{network}/outputs", R),
    ("/bijeenkomsten/netwerk/{network}/werkplan", R),
    ("/bijeenkomsten/netwerk/{network}/werkplan/2025-2026", R),
    ("/bijeenkomsten/{meeting}", R),
    ("/bijeenkomsten/{meeting}/verslag/geschiedenis", R),
    # Who saved which attendance: those who take it, and the ministry (codes only).
    ("/bijeenkomsten/{meeting}/aanwezigheden/geschiedenis", "history"),
    ("/bijeenkomsten/netwerk/{network}/nieuw", W),
    ("/bijeenkomsten/netwerk/{network}/reeks", W),
    ("/bijeenkomsten/netwerk/{network}/outputs/nieuw", W),
    ("/bijeenkomsten/netwerk/{network}/werkplan/2025-2026/thema", W),
    ("/bijeenkomsten/{meeting}/bewerken", W),
    ("/bijeenkomsten/{meeting}/afgelasten", W),
    ("/bijeenkomsten/{meeting}/aanwezigheden", W),
    ("/bijeenkomsten/{meeting}/verslag", W),
    ("/bijeenkomsten/outputs/{output}/bewerken", W),
]
READ = {"admin", "ministry", "coach", "school_user", "pending_user"}
WRITE = {"admin", "coach"}
HISTORY = {"admin", "ministry", "coach"}


@pytest.mark.parametrize("who", ROLES)
def test_route_matrix(app, client, scene, log_in, who):
    """Every page answers 200 to those allowed and 403 to the others (GET and POST)."""
    with app.app_context():
        meeting = make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), status="held")
        output = make_output(scene.network, meeting)
    log_in(getattr(scene, who))
    for template, kind in PAGES:
        url = template.format(network=scene.network, meeting=meeting, output=output)
        response = client.get(url)
        if kind == "dashboard":
            expected = 200
        elif kind == R:
            expected = 200 if who in READ else 403
        elif kind == "history":
            expected = 200 if who in HISTORY else 403
        else:
            expected = 200 if who in WRITE else 403
        assert response.status_code == expected, (url, who, response.status_code)
        if kind == W and who not in WRITE:
            assert client.post(url, data={}).status_code == 403, (url, who)


def test_anonymous_users_go_to_login(client, scene):
    """Every page needs a login."""
    response = client.get(f"/bijeenkomsten/netwerk/{scene.network}")
    assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]


def test_unknown_objects_are_404_before_403(client, scene, log_in):
    """A missing meeting or network is 404 even for a user who would be refused."""
    log_in(scene.outsider_user)
    assert client.get("/bijeenkomsten/99999").status_code == 404
    assert client.get("/bijeenkomsten/netwerk/99999/nieuw").status_code == 403  # role first
    log_in(scene.other_coach)
    assert client.get("/bijeenkomsten/netwerk/99999/nieuw").status_code == 404
    assert client.get("/bijeenkomsten/netwerk/99999/werkplan/2025-26x").status_code == 404


def test_school_dashboard_lists_only_accepted_networks(app, client, scene, log_in):
    """A school user sees the meetings of networks its schools are accepted in, read-only."""
    with app.app_context():
        mine = make_meeting(scene.network, title="Onze bijeenkomst")
        make_meeting(scene.other_network, title="Andere bijeenkomst")
    log_in(scene.school_user)
    page = client.get("/bijeenkomsten/").get_data(as_text=True)
    assert "Onze bijeenkomst" in page and "Andere bijeenkomst" not in page
    assert "Nieuwe bijeenkomst" not in client.get(
        f"/bijeenkomsten/netwerk/{scene.network}"
    ).get_data(as_text=True)
    assert client.get(f"/bijeenkomsten/{mine}").status_code == 200
    log_in(scene.pending_user)
    assert "Onze bijeenkomst" not in client.get("/bijeenkomsten/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("last_status", "allowed"),
    [("submitted", True), ("waitlisted", True), ("declined", False), ("withdrawn", False)],
)
def test_a_declined_or_withdrawn_school_no_longer_reads_the_network(
    app, client, scene, log_in, last_status, allowed
):
    """Pending and waitlisted schools may look at the meetings they hope to join; a school that
    was declined or withdrew no longer reads them, their minutes or their attendance."""
    with app.app_context():
        school = make_school(name="Vertrokken school")
        moves = [(RegistrationStatus.submitted, date(2024, 9, 1))]
        if last_status != "submitted":
            moves.append((RegistrationStatus(last_status), date(2024, 9, 2)))
        make_registration(school_id=school, network_id=scene.network, history=moves)
        user = make_user(role="school", school_ids=[school])
        meeting = make_meeting(scene.network, title="Werksessie")
    log_in(user)
    expected = 200 if allowed else 403
    for url in (
        f"/bijeenkomsten/netwerk/{scene.network}",
        f"/bijeenkomsten/{meeting}",
    ):
        assert client.get(url).status_code == expected, (url, last_status)
