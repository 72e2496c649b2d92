"""History pages of an assignment, a planned-FTE line and an hour entry: who changed what when,
field by field in Dutch (or English) with Belgian formats, the delete; who may read them."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from netwerk.auth.models import User
from netwerk.effort import history, hours, staff
from netwerk.effort.models import (
    Activity,
    FundingSource,
    StaffAssignment,
    StaffRole,
)
from netwerk.extensions import db
from netwerk.networks.models import Network
from tests.conftest import login
from tests.factories import make_network, make_school, make_user


def _assignment_data(network: Network, fte: str, ends_on=None) -> staff.AssignmentData:
    return staff.AssignmentData(
        role=StaffRole.procescoach,
        fte=Decimal(fte),
        funding_source=FundingSource.projectsubsidie,
        starts_on=date(2024, 9, 1),
        ends_on=ends_on,
        network=network,
    )


@pytest.fixture
def scene(app):
    """An admin who saved, changed and deleted an assignment, planned FTE and hours; a coach of
    the network who logged hours; another coach; a ministry user and a school user."""
    with app.test_request_context():
        admin_id = make_user(role="admin", name="Ann Beheerder", email="ann@test.be")
        coach_id = make_user(role="coach", name="Cas Coach", email="cas@test.be")
        other_id = make_user(role="coach", name="Oda Ander", email="oda@test.be")
        make_user(role="ministry", email="min@test.be")
        make_user(role="school", email="school@test.be")
        school = make_school(name="Sint-Jozefscollege")
        network_id = make_network(name="Netwerk Kempen", anchor_ids=[school], coach_ids=[coach_id])
        make_network(name="Netwerk Ander", coach_ids=[other_id])
        admin = db.session.get(User, admin_id)
        coach = db.session.get(User, coach_id)
        network = db.session.get(Network, network_id)
        member = staff.create_staff_member(admin, name="Els Peeters")
        kept = staff.save_assignment(admin, member, _assignment_data(network, "0.5"))
        gone = staff.save_assignment(admin, member, _assignment_data(network, "0.2"))
        db.session.commit()
        staff.save_assignment(
            admin, member, _assignment_data(network, "0.8", date(2025, 6, 30)), kept
        )
        staff.delete_assignment(admin, gone)
        planned = staff.save_planned_effort(
            admin, "2024-2025", Decimal("1.5"), Decimal("0.5"), network=network
        )
        db.session.commit()
        staff.save_planned_effort(
            admin, "2024-2025", Decimal("2.25"), Decimal("0.5"), network=network
        )
        own = staff.ensure_staff_member(coach)
        data = hours.HourData(
            worked_on=date(2024, 10, 7), minutes=90, activity=Activity.bijeenkomst, network=network
        )
        entry = hours.create_hour_entry(coach, own, data)
        db.session.commit()
        data.minutes = 150
        data.activity = Activity.voorbereiding
        hours.update_hour_entry(coach, entry, data)
        db.session.commit()
        return {
            "kept": kept.id,
            "gone": gone.id,
            "planned": planned.id,
            "entry": entry.id,
            "member": member.id,
            "coach": coach_id,
        }


def test_assignment_history_says_who_changed_what(client, scene, login_as):
    """Created, then 0,500 -> 0,800 and an end date, by the admin, in Belgian formats."""
    login_as("admin")
    page = client.get(f"/inzet/opdrachten/{scene['kept']}/geschiedenis")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Geschiedenis van opdracht nr." in text
    assert text.count("door Ann Beheerder") == 2
    assert "aangemaakt" in text and "gewijzigd" in text
    for shown in ("Els Peeters", "Netwerk Kempen", "procescoach", "01/09/2024", "30/06/2025"):
        assert shown in text
    assert "0,500" in text and "0,800" in text
    # The change lists only the fields that moved: VTE and Tot, not the role again.
    changed = text.split("gewijzigd", 1)[1]
    assert '<th scope="row">VTE</th>' in changed and '<th scope="row">Tot</th>' in changed
    assert '<th scope="row">Rol</th>' not in changed


def test_a_deleted_assignment_keeps_its_history_and_is_linked(client, scene, login_as):
    """The delete is the last line; the person's page links the deleted assignment."""
    login_as("admin")
    text = client.get(f"/inzet/opdrachten/{scene['gone']}/geschiedenis").get_data(as_text=True)
    assert "Deze gegevens zijn verwijderd" in text
    assert text.index("aangemaakt") < text.index("verwijderd door Ann Beheerder")
    detail = client.get(f"/inzet/medewerkers/{scene['member']}").get_data(as_text=True)
    assert f"/inzet/opdrachten/{scene['gone']}/geschiedenis" in detail
    assert f"/inzet/opdrachten/{scene['kept']}/geschiedenis" in detail


def test_planned_and_hour_histories(client, scene, login_as):
    """Planned 1,500 -> 2,250; the hours 1u30 -> 2u30 and bijeenkomst -> voorbereiding."""
    login_as("admin")
    planned = client.get(f"/inzet/planning/{scene['planned']}/geschiedenis")
    text = planned.get_data(as_text=True)
    assert planned.status_code == 200 and "1,500" in text and "2,250" in text
    assert "2024-2025" in text
    assert f"/inzet/planning/{scene['planned']}/geschiedenis" in client.get(
        "/inzet/planning?school_year=2024-2025"
    ).get_data(as_text=True)
    # Deleted, the line's history is linked from the planning of its year.
    client.post(f"/inzet/planning/{scene['planned']}/verwijderen")
    page = client.get("/inzet/planning?school_year=2024-2025").get_data(as_text=True)
    assert "Verwijderde planningsregels" in page
    assert f"/inzet/planning/{scene['planned']}/geschiedenis" in page
    text = client.get(f"/inzet/planning/{scene['planned']}/geschiedenis").get_data(as_text=True)
    assert "verwijderd door" in text
    entry = client.get(f"/inzet/uren/{scene['entry']}/geschiedenis")
    text = entry.get_data(as_text=True)
    assert entry.status_code == 200
    assert "1u30" in text and "2u30" in text and "voorbereiding" in text
    assert "07/10/2024" in text and "door Cas Coach" in text


@pytest.mark.parametrize(
    ("email", "kinds"),
    [
        # The network's coach reads all three (they name his network); his own hours too.
        ("cas@test.be", {"kept": 200, "gone": 200, "planned": 200, "entry": 200}),
        # A coach of another network reads none; ministry and schools neither.
        ("oda@test.be", {"kept": 403, "gone": 403, "planned": 403, "entry": 403}),
        ("min@test.be", {"kept": 403, "gone": 403, "planned": 403, "entry": 403}),
        ("school@test.be", {"kept": 403, "gone": 403, "planned": 403, "entry": 403}),
    ],
)
def test_who_may_read_a_history(client, scene, email, kinds):
    """Admins and the network's coaches; for hour entries also their owner; others 403."""
    login(client, email)
    urls = {
        "kept": f"/inzet/opdrachten/{scene['kept']}/geschiedenis",
        "gone": f"/inzet/opdrachten/{scene['gone']}/geschiedenis",
        "planned": f"/inzet/planning/{scene['planned']}/geschiedenis",
        "entry": f"/inzet/uren/{scene['entry']}/geschiedenis",
    }
    assert {kind: client.get(url).status_code for kind, url in urls.items()} == kinds


def test_the_owner_of_hours_reads_them_after_leaving_the_network(app, client, scene):
    """The coach no longer runs the network: his own hours' history he still reads."""
    with app.app_context():
        network = db.session.scalar(select(Network).where(Network.name == "Netwerk Kempen"))
        network.coaches = []
        db.session.commit()
    login(client, "cas@test.be")
    assert client.get(f"/inzet/uren/{scene['entry']}/geschiedenis").status_code == 200
    assert client.get(f"/inzet/opdrachten/{scene['kept']}/geschiedenis").status_code == 403


def test_unknown_records_are_404_and_anonymous_users_log_in(client, scene, login_as):
    """An id that never existed is a 404; without a login, the login page."""
    assert client.get(f"/inzet/uren/{scene['entry']}/geschiedenis").status_code == 302
    login_as("admin")
    for url in ("/inzet/opdrachten/999999/geschiedenis", "/inzet/uren/999999/geschiedenis"):
        assert client.get(url).status_code == 404


def test_the_week_view_links_each_entry_history(client, scene):
    """The coach's own week shows a history link per entry."""
    login(client, "cas@test.be")
    text = client.get("/inzet/uren?week=2024-10-07").get_data(as_text=True)
    assert f"/inzet/uren/{scene['entry']}/geschiedenis" in text


def test_english_history(client, scene, login_as):
    """In English: the labels and words translated, the formats still Belgian."""
    login_as("admin")
    client.post("/taal", data={"lang": "en"})
    text = client.get(f"/inzet/opdrachten/{scene['kept']}/geschiedenis").get_data(as_text=True)
    assert "History of assignment no." in text
    assert "FTE" in text and "0.800" in text and "30/06/2025" in text
    assert "Geschiedenis" not in text


def test_history_reads_in_a_fixed_number_of_statements(app, scene):
    """Ten more changes cost no more statements than none."""
    with app.test_request_context():
        admin = db.session.scalar(select(User).where(User.email == "ann@test.be"))

        def statements() -> int:
            count = 0

            def count_one(*_args):
                nonlocal count
                count += 1

            event.listen(db.engine, "before_cursor_execute", count_one)
            try:
                history.record_history("assignment", scene["kept"])
            finally:
                event.remove(db.engine, "before_cursor_execute", count_one)
            return count

        db.session.expunge_all()
        before = statements()
        assignment = db.session.get(StaffAssignment, scene["kept"])
        network = db.session.get(Network, assignment.network_id)
        for i in range(10):
            fte = f"0.{i + 1}"
            staff.save_assignment(
                admin, assignment.staff_member, _assignment_data(network, fte), assignment
            )
            db.session.commit()
        db.session.expunge_all()
        assert statements() == before
        assert len(history.record_history("assignment", scene["kept"]).lines) == 12
