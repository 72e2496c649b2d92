"""The effort pages: a route x role table, the roll-up page, forms and their bad input."""

import io
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.effort.models import (
    ClosedMonth,
    HourEntry,
    PlannedEffort,
    SchoolYearSetting,
    StaffAssignment,
    StaffMember,
)
from netwerk.extensions import db
from tests.effort.factories import close, make_assignment, make_hours, make_meeting, make_staff
from tests.factories import make_network, make_school


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(model.id)))


@pytest.fixture
def ids(app):
    """A network with an anchor school, a staff member with an assignment and one hour entry."""
    with app.app_context():
        school = make_school(name="Sint-Jozefscollege Turnhout")
        network = make_network(anchor_ids=[school], name="Netwerk Kempen")
        staff = make_staff("Els Peeters", email="els@test.be")
        assignment = make_assignment(staff, "0.5", date(2023, 9, 1), network_id=network)
        entry = make_hours(staff, network, date(2024, 3, 5), 90)
        return {
            "school": school,
            "network": network,
            "staff": staff,
            "assignment": assignment,
            "entry": entry,
        }


PAGES = [
    ("/inzet/", {"admin": 200, "ministry": 200, "coach": 200, "school": 403}),
    ("/inzet/uren", {"admin": 200, "ministry": 403, "coach": 200, "school": 403}),
    ("/inzet/medewerkers", {"admin": 200, "ministry": 403, "coach": 403, "school": 403}),
    ("/inzet/medewerkers/nieuw", {"admin": 200, "ministry": 403, "coach": 403, "school": 403}),
    ("/inzet/medewerkers/{staff}", {"admin": 200, "ministry": 403, "coach": 403, "school": 403}),
    (
        "/inzet/medewerkers/{staff}/opdrachten/nieuw",
        {"admin": 200, "ministry": 403, "coach": 403, "school": 403},
    ),
    (
        "/inzet/opdrachten/{assignment}/bewerken",
        {"admin": 200, "ministry": 403, "coach": 403, "school": 403},
    ),
    ("/inzet/planning", {"admin": 200, "ministry": 403, "coach": 403, "school": 403}),
    ("/inzet/uren/import", {"admin": 200, "ministry": 403, "coach": 403, "school": 403}),
    ("/inzet/maanden", {"admin": 200, "ministry": 403, "coach": 403, "school": 403}),
    ("/inzet/instellingen", {"admin": 200, "ministry": 403, "coach": 403, "school": 403}),
    # Someone else's entry: only an admin may edit it.
    ("/inzet/uren/{entry}/bewerken", {"admin": 200, "ministry": 403, "coach": 403, "school": 403}),
]


@pytest.mark.parametrize("role", ["admin", "ministry", "coach", "school"])
def test_route_by_role(client, login_as, ids, role):
    """Every page answers its roles and refuses the others with 403 (one login per role)."""
    login_as(role)
    got = {path: client.get(path.format(**ids)).status_code for path, _expected in PAGES}
    assert got == {path: expected[role] for path, expected in PAGES}


POSTS = [
    "/inzet/medewerkers/nieuw",
    "/inzet/medewerkers/{staff}/verwijderen",
    "/inzet/opdrachten/{assignment}/verwijderen",
    "/inzet/planning",
    "/inzet/uren/import",
    "/inzet/maanden",
    "/inzet/maanden/2024-03/heropenen",
    "/inzet/instellingen",
    "/inzet/uren/{entry}/verwijderen",
]


@pytest.mark.parametrize("role", ["ministry", "coach", "school"])
def test_non_admins_cannot_change_anything(app, client, login_as, ids, role):
    """Ministry, coaches (on admin pages and others' hours) and schools get 403; nothing changes."""
    login_as(role)
    models = (StaffMember, StaffAssignment, HourEntry, ClosedMonth)
    before = [_count(app, m) for m in models]
    data = {"name": "X", "month": "01/2024"}
    got = {path: client.post(path.format(**ids), data=data).status_code for path in POSTS}
    assert got == dict.fromkeys(POSTS, 403)
    assert [_count(app, m) for m in models] == before


def test_unknown_objects_are_404_before_403(client, login_as, ids):
    """A missing staff member or entry is a 404, for admins and for coaches alike."""
    login_as("admin")
    assert client.get("/inzet/medewerkers/999999").status_code == 404
    assert client.get("/inzet/opdrachten/999999/bewerken").status_code == 404
    client.post("/afmelden")
    login_as("coach")
    assert client.get("/inzet/uren/999999/bewerken").status_code == 404


def test_rollup_page_in_belgian_format(app, client, login_as, ids):
    """The index answers 'how many FTE and hours per anchor school', with totals."""
    with app.app_context():
        for day in range(62):  # 62 x 20 hours, plus the 1u30 of the fixture
            make_hours(ids["staff"], ids["network"], date(2023, 10, 1) + timedelta(days=day), 1200)
    login_as("ministry")
    page = client.get("/inzet/?school_year=2023-2024&group_by=anchor_school").get_data(as_text=True)
    assert "Sint-Jozefscollege Turnhout" in page
    assert "0,500" in page  # realised FTE, three decimals as everywhere
    assert "1.241,5" in page  # hours in Belgian format
    assert "Totaal" in page and "gelijk verdeeld over de ankerscholen" in page
    network_page = client.get("/inzet/?school_year=2023-2024&group_by=network")
    assert "Netwerk Kempen" in network_page.get_data(as_text=True)


BAD_QUERIES = ["school_year=2023", "group_by=school", "programme_id=abc", "province=nergens"]


def test_rollup_page_refuses_bad_parameters(client, login_as):
    """Bad query parameters give a Dutch 400 page, not a 500."""
    login_as("admin")
    for query in BAD_QUERIES:
        response = client.get(f"/inzet/?{query}")
        assert response.status_code == 400, query
        text = response.get_data(as_text=True)
        assert "Ongeldig" in text or "Onbekende" in text, query


def test_assignment_overload_needs_the_confirmation_box(app, client, login_as, ids):
    """0,5 + 0,6 shows a warning and stores nothing; ticking the box stores it with who and when."""
    admin_id = login_as("admin")
    data = {
        "target": f"network:{ids['network']}",
        "role": "procescoach",
        "fte": "60%",
        "funding_source": "eigen_middelen",
        "starts_on": "01/01/2024",
        "ends_on": "",
    }
    url = f"/inzet/medewerkers/{ids['staff']}/opdrachten/nieuw"
    response = client.post(url, data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "1,100 VTE" in page and "Ik bevestig" in page
    assert _count(app, StaffAssignment) == 1
    response = client.post(url, data={**data, "confirm_overload": "y"})
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.scalars(select(StaffAssignment).order_by(StaffAssignment.id)).all()[-1]
        assert saved.overload_confirmed_by_id == admin_id
        assert str(saved.fte) == "0.600"


BAD_ASSIGNMENTS = [
    ({"fte": "1,5"}, "hoogstens 1 VTE"),
    ({"fte": "-0,2"}, "negatief"),
    ({"fte": "0"}, "0 VTE"),
    ({"starts_on": "01/09/2024", "ends_on": "31/08/2024"}, "einddatum ligt voor"),
    ({"starts_on": "31/02/2024"}, "Ongeldige datum"),
    ({"role": "baas"}, "Ongeldige keuze"),
    ({"target": "network:999999"}, "Ongeldige keuze"),
]


def test_assignment_bad_input(app, client, login_as, ids):
    """Each bad field is refused with a message and a 4xx; nothing is stored."""
    login_as("admin")
    for change, message in BAD_ASSIGNMENTS:
        data = {
            "target": f"school:{ids['school']}",
            "role": "projectmedewerker",
            "fte": "0,3",
            "funding_source": "projectsubsidie",
            "starts_on": "01/09/2024",
            **change,
        }
        response = client.post(f"/inzet/medewerkers/{ids['staff']}/opdrachten/nieuw", data=data)
        assert response.status_code == 422, change
        assert message in response.get_data(as_text=True), change
    assert _count(app, StaffAssignment) == 1


def test_staff_and_planning_pages_save(app, client, login_as, ids):
    """An admin adds a staff member, plans FTE and sets the hours per FTE."""
    login_as("admin")
    response = client.post(
        "/inzet/medewerkers/nieuw", data={"name": "Piet Pieters", "user_id": "0"}
    )
    assert response.status_code == 302
    response = client.post(
        "/inzet/planning?school_year=2023-2024",
        data={"target": f"network:{ids['network']}", "planned_fte": "2,275", "earmarked_fte": "1"},
    )
    assert response.status_code == 302
    bad = client.post(
        "/inzet/planning?school_year=2023-2024",
        data={"target": f"network:{ids['network']}", "planned_fte": "1", "earmarked_fte": "2"},
    )
    assert bad.status_code == 422 and "gekleurde deel" in bad.get_data(as_text=True)
    assert (
        client.post(
            "/inzet/instellingen",
            data={"school_year": "2023-2024", "hours": "1.500,5".replace(".", "")},
        ).status_code
        == 302
    )
    bad = client.post("/inzet/instellingen", data={"school_year": "2023", "hours": "1500"})
    assert bad.status_code == 422 and "Ongeldig schooljaar" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(StaffMember.id).where(StaffMember.name == "Piet Pieters"))
        assert str(db.session.scalar(select(PlannedEffort.planned_fte))) == "2.275"
        assert str(db.session.scalar(select(SchoolYearSetting.hours_per_fte))) == "1500.50"


def test_coach_logs_own_hours_in_the_week_view(app, client, login_as):
    """A coach's first entry creates their staff member; another network is refused."""
    with app.app_context():
        school = make_school()
        other = make_network()
    coach_id = login_as("coach", name="Koen Coach")
    with app.app_context():
        network = make_network(anchor_ids=[school], coach_ids=[coach_id])
    page = client.get("/inzet/uren?week=2024-03-06").get_data(as_text=True)
    assert "Week van 04/03/2024 tot 10/03/2024" in page
    data = {
        "worked_on": "05/03/2024",
        "duration": "1u30",
        "activity": "voorbereiding",
        "network_id": str(network),
    }
    response = client.post("/inzet/uren", data=data)
    assert response.status_code == 302 and "week=2024-03-05" in response.headers["Location"]
    page = client.get("/inzet/uren?week=2024-03-05").get_data(as_text=True)
    assert "1u30" in page and "Totaal week" in page
    refused = client.post("/inzet/uren", data={**data, "network_id": str(other)})
    assert refused.status_code == 422
    bad = client.post("/inzet/uren", data={**data, "duration": "25u"})
    assert bad.status_code == 422 and "24 uur" in bad.get_data(as_text=True)
    with app.app_context():
        member = db.session.scalar(select(StaffMember).where(StaffMember.user_id == coach_id))
        assert member.name == "Koen Coach"
        assert db.session.scalar(select(func.count(HourEntry.id))) == 1


def test_log_from_a_meeting_link(app, client, login_as):
    """?meeting_id= pre-fills the form; a coach of another network gets 403."""
    coach_id = login_as("coach")
    with app.app_context():
        network = make_network(coach_ids=[coach_id])
        meeting = make_meeting(network, datetime(2024, 2, 13, 19, 0), 150)
        foreign = make_meeting(make_network(), datetime(2024, 2, 13, 19, 0))
    page = client.get(f"/inzet/uren?meeting_id={meeting}").get_data(as_text=True)
    assert 'value="13/02/2024"' in page and 'value="2u30"' in page
    assert f'name="meeting_id" type="hidden" value="{meeting}"' in page
    assert client.get(f"/inzet/uren?meeting_id={foreign}").status_code == 403
    assert client.get("/inzet/uren?meeting_id=999999").status_code == 404
    assert client.get("/inzet/uren?meeting_id=x").status_code == 400
    response = client.post(
        f"/inzet/uren?meeting_id={meeting}",
        data={
            "worked_on": "13/02/2024",
            "duration": "2u30",
            "activity": "bijeenkomst",
            "network_id": str(network),
            "meeting_id": str(meeting),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(HourEntry.meeting_id)) == meeting


def test_coach_edits_and_deletes_own_entry_but_not_in_a_closed_month(app, client, login_as):
    """Edit and delete work on one's own entry; a closed month refuses both with a message."""
    coach_id = login_as("coach")
    with app.app_context():
        network = make_network(coach_ids=[coach_id])
        staff = make_staff("Koen", user_id=coach_id)
        open_entry = make_hours(staff, network, date(2024, 4, 2), 60)
        closed_entry = make_hours(staff, network, date(2024, 3, 5), 60)
        close(date(2024, 3, 1))
    data = {
        "worked_on": "02/04/2024",
        "duration": "2u",
        "activity": "administratie",
        "network_id": network,
    }
    assert client.post(f"/inzet/uren/{open_entry}/bewerken", data=data).status_code == 302
    refused = client.post(
        f"/inzet/uren/{closed_entry}/bewerken", data={**data, "worked_on": "05/03/2024"}
    )
    assert refused.status_code == 422 and "afgesloten" in refused.get_data(as_text=True)
    response = client.post(f"/inzet/uren/{closed_entry}/verwijderen", follow_redirects=True)
    assert "afgesloten" in response.get_data(as_text=True)
    assert client.post(f"/inzet/uren/{open_entry}/verwijderen").status_code == 302
    with app.app_context():
        assert db.session.scalars(select(HourEntry.id)).all() == [closed_entry]
        assert db.session.get(HourEntry, closed_entry).minutes == 60


def test_close_and_reopen_a_month(app, client, login_as):
    """An admin closes a month and reopens it; the reopening is announced in a warning flash."""
    login_as("admin", name="Ada Beheerder")
    assert client.post("/inzet/maanden", data={"month": "03/2024"}).status_code == 302
    again = client.post("/inzet/maanden", data={"month": "2024-03"})
    assert again.status_code == 422 and "al afgesloten" in again.get_data(as_text=True)
    bad = client.post("/inzet/maanden", data={"month": "maart"})
    assert bad.status_code == 422 and "Ongeldige maand" in bad.get_data(as_text=True)
    page = client.post("/inzet/maanden/2024-03/heropenen", follow_redirects=True).get_data(
        as_text=True
    )
    assert "heropend door Ada Beheerder" in page
    assert _count(app, ClosedMonth) == 0


def test_import_page_lists_errors_with_line_numbers(app, client, login_as, ids):
    """A bad file shows every error with its line; a good one is stored."""
    login_as("admin")
    bad = b"medewerker;datum;duur;activiteit;netwerk\nels@test.be;05/03/2024;0;bijeenkomst;1\n"
    response = client.post(
        "/inzet/uren/import",
        data={"file": (io.BytesIO(bad), "uren.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Regel 2:" in response.get_data(as_text=True)
    good = f"medewerker;datum;duur;activiteit;netwerk\nels@test.be;06/03/2024;1u;bijeenkomst;{ids['network']}\n"
    response = client.post(
        "/inzet/uren/import",
        data={"file": (io.BytesIO(good.encode()), "uren.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert _count(app, HourEntry) == 2
