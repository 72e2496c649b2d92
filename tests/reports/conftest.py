"""The report tests' dataset: every case the ministry's counts must get right.

Peildatum P = 19/11/2021 (the date of the minister's answer). Hand counts are in the tests.

Anchors: A1 runs N1 and N2 (an anchor with two networks); A2 and A3 run N3 together (a network
with two anchors); A4 runs N4 (basis); A5 runs N5 (another programme, an older call).
Registrations (2021 unless said otherwise):
  N1: S1 accepted 15/06; S2 accepted 15/06, withdrawn 01/12 (after P); S3 waitlisted; S4 declined;
      S5 only submitted.
  N2: S1 accepted 16/06 (S1 in two networks); S6 accepted 16/06; S7 accepted 15/09, withdrawn
      01/10 (before P); S9 accepted 16/06, withdrawn 15/08.
  N3: S6 accepted 01/07 (S6 in two networks); S8 (Limburg) accepted 01/07; S3 accepted 20/11 (after P).
  N4: B1, B2 accepted 20/06; B3 waitlisted, then accepted 01/11; B4 accepted 15/12 (after P).
  N5: B1 accepted 10/09/2020, withdrawn 30/09/2021.
Meetings: N1 05/10 held (S1 present, S2 absent); N2 06/10 held (S1 present, S6 excused);
  N3 19/11 14:00 held (S6, S8 present); N3 20/11 held (S3 present, after P);
  N4 10/10 cancelled (B1 "present"); N4 12/10 held (B2 present).
Hours: N1 10/03/2021 90 min; N3 01/09/2021 120; N4 19/11/2021 60; N5 20/11/2021 30 (after P).
"""

from datetime import date, datetime
from types import SimpleNamespace

import pytest

from netwerk.extensions import db
from netwerk.networks.models import Call
from tests.reports.factories import (
    add_call,
    add_hours,
    add_meeting,
    add_network,
    add_programme,
    add_registration,
    add_school,
    add_user,
)

P = date(2021, 11, 19)


def d(day: int, month: int, year: int = 2021) -> date:
    return date(year, month, day)


def build_dataset() -> SimpleNamespace:
    """Write the dataset described above in one transaction; returns its ids."""
    ns = SimpleNamespace(P=P)
    ns.prog_h = add_programme("Hoogbegaafdheid")
    ns.prog_o = add_programme("Samen tegen Schooluitval")
    ns.A1 = add_school(name="Sint-Jozef Humaniora Brugge", province="west_vlaanderen")
    ns.A2 = add_school(
        name="GO! Atheneum Geraardsbergen", province="oost_vlaanderen", umbrella="go"
    )
    ns.A3 = add_school(name="Scholengemeenschap SO Leuven", province="vlaams_brabant")
    ns.A4 = add_school(name="VBS De Ark Heverlee", level="basis", province="vlaams_brabant")
    ns.A5 = add_school(name="De Kleine Icarus Gent", level="basis", umbrella="ovsg")
    umbrellas = {1: "go", 6: "go", 8: "pov"}
    for i in range(1, 10):
        setattr(
            ns,
            f"S{i}",
            add_school(
                name=f"Deelnemer S{i}",
                province="limburg" if i == 8 else "antwerpen",
                umbrella=umbrellas.get(i, "kov"),
            ),
        )
    for i in range(1, 5):
        setattr(ns, f"B{i}", add_school(name=f"Deelnemer B{i}", level="basis"))
    ns.coach1 = add_user("coach", "Coach Een")
    ns.coach2 = add_user("coach", "Coach Twee")
    ns.N1 = add_network(
        name="Netwerk Brugge 1", programme_id=ns.prog_h, anchor_ids=[ns.A1], coach_ids=[ns.coach1]
    )
    ns.N2 = add_network(
        name="Netwerk Brugge 2", programme_id=ns.prog_h, anchor_ids=[ns.A1], coach_ids=[ns.coach2]
    )
    ns.N3 = add_network(
        name="Netwerk Leuven-Geraardsbergen", programme_id=ns.prog_h, anchor_ids=[ns.A2, ns.A3]
    )
    ns.N4 = add_network(
        name="Netwerk De Ark", programme_id=ns.prog_h, anchor_ids=[ns.A4], level="basis"
    )
    ns.N5 = add_network(
        name="Netwerk Icarus", programme_id=ns.prog_o, anchor_ids=[ns.A5], level="basis"
    )
    # The minister's call of 28/05/2021 for networks starting in September (school year 2021-2022).
    ns.C1 = add_call(
        programme_id=ns.prog_h,
        network_ids=[ns.N1, ns.N2, ns.N3, ns.N4],
        opens_on=d(28, 5),
        starts_on=d(2, 9),
    )
    ns.C2 = add_call(
        programme_id=ns.prog_o, network_ids=[ns.N5], opens_on=d(1, 6, 2020), starts_on=d(1, 9, 2020)
    )

    reg = add_registration
    sub = "submitted"
    reg(ns.S1, ns.N1, (sub, d(1, 6)), ("accepted", d(15, 6)))
    reg(ns.S2, ns.N1, (sub, d(1, 6)), ("accepted", d(15, 6)), ("withdrawn", d(1, 12)))
    reg(ns.S3, ns.N1, (sub, d(1, 6)), ("waitlisted", d(20, 6)))
    reg(ns.S4, ns.N1, (sub, d(1, 6)), ("declined", d(20, 6)))
    reg(ns.S5, ns.N1, (sub, d(1, 6)))
    reg(ns.S1, ns.N2, (sub, d(2, 6)), ("accepted", d(16, 6)))
    reg(ns.S6, ns.N2, (sub, d(2, 6)), ("accepted", d(16, 6)))
    reg(ns.S7, ns.N2, (sub, d(2, 6)), ("accepted", d(15, 9)), ("withdrawn", d(1, 10)))
    reg(ns.S9, ns.N2, (sub, d(2, 6)), ("accepted", d(16, 6)), ("withdrawn", d(15, 8)))
    reg(ns.S6, ns.N3, (sub, d(3, 6)), ("accepted", d(1, 7)))
    reg(ns.S8, ns.N3, (sub, d(3, 6)), ("accepted", d(1, 7)))
    reg(ns.S3, ns.N3, (sub, d(3, 6)), ("accepted", d(20, 11)))
    reg(ns.B1, ns.N4, (sub, d(4, 6)), ("accepted", d(20, 6)))
    reg(ns.B2, ns.N4, (sub, d(4, 6)), ("accepted", d(20, 6)))
    reg(ns.B3, ns.N4, (sub, d(4, 6)), ("waitlisted", d(20, 6)), ("accepted", d(1, 11)))
    reg(ns.B4, ns.N4, (sub, d(4, 6)), ("accepted", d(15, 12)))
    reg(ns.B1, ns.N5, (sub, d(5, 6, 2020)), ("accepted", d(10, 9, 2020)), ("withdrawn", d(30, 9)))

    add_meeting(
        network_id=ns.N1,
        starts_at=datetime(2021, 10, 5, 10),
        attendance={ns.S1: "present", ns.S2: "absent"},
    )
    add_meeting(
        network_id=ns.N2,
        starts_at=datetime(2021, 10, 6, 10),
        attendance={ns.S1: "present", ns.S6: "excused"},
    )
    add_meeting(
        network_id=ns.N3,
        starts_at=datetime(2021, 11, 19, 14),
        attendance={ns.S6: "present", ns.S8: "present"},
    )
    add_meeting(
        network_id=ns.N3, starts_at=datetime(2021, 11, 20, 10), attendance={ns.S3: "present"}
    )
    add_meeting(
        network_id=ns.N4,
        starts_at=datetime(2021, 10, 10, 10),
        status="cancelled",
        attendance={ns.B1: "present"},
    )
    add_meeting(
        network_id=ns.N4, starts_at=datetime(2021, 10, 12, 10), attendance={ns.B2: "present"}
    )
    staff = add_hours(network_id=ns.N1, worked_on=d(10, 3), minutes=90)
    add_hours(network_id=ns.N3, worked_on=d(1, 9), minutes=120, staff_id=staff)
    add_hours(network_id=ns.N4, worked_on=d(19, 11), minutes=60, staff_id=staff)
    add_hours(network_id=ns.N5, worked_on=d(20, 11), minutes=30, staff_id=staff)
    db.session.commit()
    assert db.session.get(Call, ns.C1).starts_on == d(2, 9)
    return ns


@pytest.fixture
def rctx(app):
    """A request context for service tests: gettext picks the language from the session, which
    needs a request (the plain app context of `ctx` is not enough)."""
    with app.test_request_context():
        yield
        db.session.rollback()


@pytest.fixture
def ns(rctx):
    """The dataset, inside a request context (service tests)."""
    return build_dataset()


@pytest.fixture
def data(app):
    """The dataset above, written to the test database; its ids."""
    with app.app_context():
        return build_dataset()
