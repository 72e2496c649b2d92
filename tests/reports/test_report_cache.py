"""The server-side cache of report bodies: a repeated read is served from it, and every write
through the services (a registration move, an attendance save, an hour entry, a school edit, a
network's anchor change) makes the next read show the new figures. The data generation that
keys it rises once per committed transaction that wrote, whatever wrote."""

from datetime import date

import pytest
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.effort.hours import HourData, create_hour_entry
from netwerk.effort.models import Activity, HourEntry, StaffMember
from netwerk.extensions import db
from netwerk.generation import current_generation
from netwerk.httpcache import report_cache
from netwerk.meetings.attendance import record_attendance
from netwerk.meetings.models import AttendanceStatus, Meeting
from netwerk.networks.models import Network, Programme, Registration, RegistrationStatus
from netwerk.networks.networks import NetworkData, update_network
from netwerk.networks.registrations import transition
from netwerk.schools.models import School
from netwerk.schools.services import school_form_data, update_school
from tests.factories import make_user
from tests.reports.factories import make_token

PARTICIPATION = "/api/v1/reports/participation"
EFFORT = "/api/v1/reports/effort?school_year=2021-2022"


@pytest.fixture
def api(app, client, data):
    """GET a report as the ministry: its JSON, after checking that a second read is a cache hit
    with the same body."""
    with app.app_context():
        headers = {"Authorization": f"Bearer {make_token(make_user(role='ministry'))}"}

    def read(url: str) -> dict:
        first = client.get(url, headers=headers)
        assert first.status_code == 200, first.get_data(as_text=True)
        with app.app_context():
            hits = report_cache().hits
        second = client.get(url, headers=headers)
        with app.app_context():
            assert report_cache().hits == hits + 1, "the second read comes from the cache"
        assert second.get_data() == first.get_data()
        return first.get_json()

    return read


def _write(app, change) -> None:
    """Run change(admin) through a service in a request of its own, and commit."""
    with app.test_request_context():
        admin = db.session.get(User, make_user(role="admin"))
        change(admin)
        db.session.commit()


def _rows(body: dict) -> dict:
    return {(r["anchor_school"]["name"], r["network"]["id"]): r["count"] for r in body["rows"]}


def test_registration_move(app, api, data):
    """Accepting a waitlisted school counts it today."""
    before = _rows(api(PARTICIPATION))

    def accept(admin):
        registration = db.session.scalar(
            select(Registration).where(
                Registration.school_id == data.S3, Registration.network_id == data.N1
            )
        )
        transition(admin, registration, RegistrationStatus.accepted)

    _write(app, accept)
    after = _rows(api(PARTICIPATION))
    key = ("Sint-Jozef Humaniora Brugge", data.N1)
    assert after[key] == before[key] + 1


def test_attendance_save(app, api, data):
    """A school marked present at a held meeting now takes part."""
    url = PARTICIPATION + "?basis=participating"
    key = ("Sint-Jozef Humaniora Brugge", data.N2)
    before = _rows(api(url))

    def present(admin):
        meeting = db.session.scalar(select(Meeting).where(Meeting.network_id == data.N2))
        record_attendance(
            admin,
            meeting,
            {data.S1: AttendanceStatus.present, data.S6: AttendanceStatus.present},
            [],
        )

    _write(app, present)
    assert _rows(api(url))[key] == before[key] + 1


def test_hour_entry(app, api, data):
    """An hour logged in the school year adds to the effort report's hours."""
    before = api(EFFORT)["total"]

    def log(admin):
        staff = db.session.scalars(select(StaffMember)).first()
        network = db.session.get(Network, data.N1)
        create_hour_entry(
            admin,
            staff,
            HourData(
                worked_on=date(2021, 11, 18),
                minutes=240,
                activity=Activity.voorbereiding,
                network=network,
            ),
        )

    _write(app, log)
    after = api(EFFORT)["total"]
    assert after != before


def test_school_edit(app, api, data):
    """A renamed anchor school shows its new name."""
    before = api(PARTICIPATION)
    assert "Sint-Jozef Humaniora Brugge" in {r["anchor_school"]["name"] for r in before["rows"]}

    def rename(admin):
        school = db.session.get(School, data.A1)
        values = {**school_form_data(school), "name": "Sint-Jozef Brugge", "postcode": "8000"}
        update_school(admin, school, values)

    _write(app, rename)
    names = {r["anchor_school"]["name"] for r in api(PARTICIPATION)["rows"]}
    assert "Sint-Jozef Brugge" in names
    assert "Sint-Jozef Humaniora Brugge" not in names


def test_anchor_change(app, api, data):
    """A network given another anchor school is counted under it."""
    key = ("Sint-Jozef Humaniora Brugge", data.N1)
    before = _rows(api(PARTICIPATION))
    assert key in before

    def move(admin):
        network = db.session.get(Network, data.N1)
        update_network(
            admin,
            network,
            NetworkData(
                name=network.name,
                programme=db.session.get(Programme, network.programme_id),
                level=network.level,
                anchors=[db.session.get(School, data.A3)],
                type=network.type,
                capacity=network.capacity,
                coaches=network.coaches,
            ),
        )

    _write(app, move)
    after = _rows(api(PARTICIPATION))
    assert key not in after
    # The network now has no limit on its places: its waiting list (S3) moved up with it.
    assert after[("Scholengemeenschap SO Leuven", data.N1)] == before[key] + 1


def test_generation_rises_once_per_writing_commit(app, data):
    """ORM flushes and Core statements count; a commit that read only and a rollback do not."""
    with app.app_context():
        start = current_generation()
        db.session.commit()  # read only
        assert current_generation() == start
        db.session.get(School, data.A1).name = "Eerst"
        db.session.get(School, data.A2).name = "Tweede"
        db.session.commit()
        assert current_generation() == start + 1
        db.session.execute(HourEntry.__table__.delete())  # Core, past the ORM
        db.session.rollback()
        assert current_generation() == start + 1
        db.session.execute(HourEntry.__table__.delete())
        db.session.commit()
        assert current_generation() == start + 2
        with db.engine.begin() as conn:  # a connection of its own, no session
            conn.execute(School.__table__.update().values(name="Derde"))
        assert current_generation() == start + 3
