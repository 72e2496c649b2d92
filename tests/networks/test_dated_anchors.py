"""Changing a network's anchors, level or programme from a day on (issue 17, part 1): the bounds
of that day, the history it writes, the edit page, the network page and the API's network read."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import (
    Network,
    NetworkAnchorPeriod,
    NetworkProfileChange,
    Programme,
)
from netwerk.networks.networks import NetworkData, update_network
from netwerk.networks.periods import anchor_history
from netwerk.schools.models import School
from netwerk.timeutil import today
from tests.conftest import login
from tests.factories import make_network, make_programme, make_school, make_user
from tests.networks.factories import bearer, token_for

START = date(2020, 9, 1)


@pytest.fixture
def scene(app):
    """A network (programme starting 01/09/2020) anchored by one school, two more schools, an
    admin, its coach, another coach and a school user."""
    with app.app_context():
        programme_id = make_programme()
        db.session.get(Programme, programme_id).starts_on = START
        db.session.commit()
        old = make_school(name="Oud Anker", institution_number="700001")
        new = make_school(name="Nieuw Anker", institution_number="700002")
        third = make_school(name="Derde Anker", institution_number="700003")
        coach = make_user(role="coach", email="coach@test.be")
        make_user(role="coach", email="other-coach@test.be")
        make_user(role="admin", email="admin@test.be")
        make_user(role="school", email="school@test.be", school_ids=[old])
        network = make_network(programme_id=programme_id, anchor_ids=[old], coach_ids=[coach])
    return {
        "network": network,
        "programme": programme_id,
        "old": old,
        "new": new,
        "third": third,
        "coach": coach,
    }


def _admin() -> User:
    return db.session.scalar(select(User).where(User.email == "admin@test.be"))


def _change(scene, anchors, on, reason="overname door de nieuwe school", **kw) -> None:
    network = db.session.get(Network, scene["network"])
    data = NetworkData(
        name=network.name,
        programme=kw.get("programme") or network.programme,
        level=kw.get("level") or network.level,
        anchors=[db.session.get(School, scene[a]) for a in anchors],
        capacity=network.capacity,
        coaches=network.coaches,
        effective_on=on,
        reason=reason,
    )
    update_network(_admin(), network, data)
    db.session.commit()


def _periods(network_id: int) -> list[tuple]:
    """The current knowledge: (school name, from, until), current first."""
    return [(s.school.name, s.valid_from, s.valid_until) for s in anchor_history(network_id)]


def _row_count() -> int:
    return db.session.scalar(select(func.count()).select_from(NetworkAnchorPeriod)) + (
        db.session.scalar(select(func.count()).select_from(NetworkProfileChange))
    )


def test_a_change_closes_the_old_period_the_day_before(app, scene):
    """The old anchor's period ends on 31/12/2021, the new one's starts on 01/01/2022; the
    superseded row is kept (recorded_until) for reports as known at an earlier moment."""
    with app.app_context():
        _change(scene, ["new"], date(2022, 1, 1))
        assert _periods(scene["network"]) == [
            ("Nieuw Anker", date(2022, 1, 1), None),
            ("Oud Anker", START, date(2021, 12, 31)),
        ]
        superseded = db.session.scalars(
            select(NetworkAnchorPeriod).where(NetworkAnchorPeriod.recorded_until.is_not(None))
        ).all()
        assert [(p.valid_from, p.valid_until) for p in superseded] == [(START, None)]
        new_period = db.session.scalar(
            select(NetworkAnchorPeriod).where(NetworkAnchorPeriod.valid_from == date(2022, 1, 1))
        )
        assert new_period.reason == "overname door de nieuwe school"
        assert new_period.actor_id == _admin().id


def test_a_kept_anchor_keeps_its_period_and_a_return_reopens_it(app, scene):
    """A second anchor joins (the first one's period runs on), leaves, and comes back the next
    day: its two periods stay apart only where it really was away."""
    with app.app_context():
        _change(scene, ["old", "new"], date(2021, 9, 1))
        _change(scene, ["old"], date(2022, 9, 1))
        _change(scene, ["old", "new"], date(2022, 9, 1))
        assert _periods(scene["network"]) == [
            ("Nieuw Anker", date(2021, 9, 1), None),
            ("Oud Anker", START, None),
        ]
        _change(scene, ["third"], date(2023, 9, 1))
        assert _periods(scene["network"]) == [
            ("Derde Anker", date(2023, 9, 1), None),
            ("Nieuw Anker", date(2021, 9, 1), date(2023, 8, 31)),
            ("Oud Anker", START, date(2023, 8, 31)),
        ]


@pytest.mark.parametrize(
    ("on", "reason", "field", "words"),
    [
        (lambda: today() + timedelta(days=1), "x", "effective_on", "toekomst"),
        (lambda: date(2020, 8, 31), "x", "effective_on", "01/09/2020"),
        (lambda: date(2022, 6, 1), "", "reason", "reden"),
        (lambda: date(2021, 12, 31), "x", "effective_on", "vorige wijziging"),
    ],
    ids=["future", "before-programme", "no-reason", "before-previous-change"],
)
def test_the_day_is_refused_out_of_bounds_and_nothing_is_written(
    app, scene, on, reason, field, words
):
    """Never in the future, never before the programme's start or the previous change, a
    reason when backdated; the refusal names the field and leaves anchors and history as they were."""
    with app.app_context():
        _change(scene, ["new"], date(2022, 1, 1))
        rows = _row_count()
        with pytest.raises(DomainError) as refused:
            _change(scene, ["third"], on(), reason=reason)
        db.session.rollback()
        assert words in refused.value.fields[field][0]
        assert _row_count() == rows
        assert [s.name for s in db.session.get(Network, scene["network"]).anchors] == [
            "Nieuw Anker"
        ]


def test_a_change_without_anchors_level_or_programme_needs_no_day(app, scene):
    """Renaming a network writes no history, whatever day the form carries."""
    with app.app_context():
        rows = _row_count()
        network = db.session.get(Network, scene["network"])
        data = NetworkData(
            name="Nieuwe naam",
            programme=network.programme,
            level=network.level,
            anchors=network.anchors,
            coaches=network.coaches,
            effective_on=today() + timedelta(days=5),
        )
        update_network(_admin(), network, data)
        db.session.commit()
        assert _row_count() == rows


def _form(scene, anchors: str, **extra) -> dict:
    with_numbers = {"old": "700001", "new": "700002", "third": "700003"}
    return {
        "name": "Netwerk met geschiedenis",
        "programme": str(scene["programme"]),
        "type": "lerend_netwerk",
        "level": "secundair",
        "province": "",
        "anchors": ", ".join(with_numbers[a] for a in anchors.split()),
        "coaches": [str(scene["coach"])],
        "is_active": "y",
        **extra,
    }


def test_the_edit_page_asks_from_when_and_refuses_in_dutch(app, client, scene):
    """A backdated anchor change without a reason comes back with a 422 and the Dutch message at
    the reason; an unreadable day at its field; with a reason it is saved and the network page
    shows the history."""
    login(client, "admin@test.be")
    url = f"/netwerken/{scene['network']}/bewerken"
    page = client.get(url).get_data(as_text=True)
    assert "Van kracht vanaf" in page

    refused = client.post(url, data=_form(scene, "new", effective_on="01/01/2022"))
    assert refused.status_code == 422
    assert "Geef een reden voor een datum van kracht in het verleden." in refused.get_data(
        as_text=True
    )
    unreadable = client.post(url, data=_form(scene, "new", effective_on="31/02/2022", reason="x"))
    assert unreadable.status_code == 422
    with app.app_context():
        assert [s.name for s in db.session.get(Network, scene["network"]).anchors] == ["Oud Anker"]
        assert len(_periods(scene["network"])) == 1

    saved = client.post(
        url, data=_form(scene, "new", effective_on="01/01/2022", reason="fusie van de scholen")
    )
    assert saved.status_code == 302
    detail = client.get(f"/netwerken/{scene['network']}").get_data(as_text=True)
    assert "Nieuw Anker" in detail and "sinds 01/01/2022" in detail
    assert "eerder:" in detail and "01/09/2020 - 31/12/2021" in detail


def test_coaches_see_the_anchor_history_and_schools_do_not(app, client, scene):
    """The anchor history is for admins and coaches; a school user sees the current anchors."""
    with app.app_context():
        _change(scene, ["new"], date(2022, 1, 1))
    login(client, "coach@test.be")
    assert "eerder:" in client.get(f"/netwerken/{scene['network']}").get_data(as_text=True)
    client.get("/afmelden")
    other = app.test_client()
    login(other, "school@test.be")
    page = other.get(f"/netwerken/{scene['network']}").get_data(as_text=True)
    assert "Nieuw Anker" in page and "eerder:" not in page


@pytest.mark.parametrize("email", ["coach@test.be", "school@test.be"])
def test_only_admins_may_edit_a_network(app, client, scene, email):
    """The network's own coach and a school user get a 403 and change nothing."""
    login(client, email)
    url = f"/netwerken/{scene['network']}/bewerken"
    assert client.get(url).status_code == 403
    data = _form(scene, "new", effective_on="01/01/2022", reason="x")
    assert client.post(url, data=data).status_code == 403
    with app.app_context():
        assert [s.name for s in db.session.get(Network, scene["network"]).anchors] == ["Oud Anker"]
        assert len(_periods(scene["network"])) == 1


def test_the_api_network_read_carries_the_anchor_history(app, client, scene):
    """GET /api/v1/networks/<id> gains anchors_history, the current anchors first."""
    with app.app_context():
        _change(scene, ["new"], date(2022, 1, 1))
        token = token_for(_admin().id)
    body = client.get(f"/api/v1/networks/{scene['network']}", headers=bearer(token)).get_json()
    assert [s["institution_number"] for s in body["anchors"]] == ["700002"]
    assert [
        (h["school"]["institution_number"], h["valid_from"], h["valid_until"])
        for h in body["anchors_history"]
    ] == [("700002", "2022-01-01", None), ("700001", "2020-09-01", "2021-12-31")]
