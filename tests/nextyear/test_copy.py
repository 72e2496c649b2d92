"""Next year's copy (issue 21, part 4): the preview lists exactly what the confirm creates, all
or nothing, and a second submit creates nothing twice."""

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.effort.models import PlannedEffort
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.models import WorkPlan, WorkPlanTheme
from netwerk.networks.models import Call, Network, Programme, Registration, RegistrationStatus
from netwerk.nextyear.services import copy_to_next_year, one_year_on, plan_next_year
from netwerk.timeutil import SchoolYear
from tests.conftest import login
from tests.factories import make_network, make_programme, make_registration, make_school, make_user

YEAR = SchoolYear(2026)  # 2026-2027 -> 2027-2028
MODELS = (Network, Call, PlannedEffort, WorkPlan, WorkPlanTheme, Registration)


def _counts() -> dict:
    return {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in MODELS}


def _build() -> dict:
    """A programme with networks running in 2026-2027 (one ending in June), an inactive one, one
    ended the year before, calls of this year and the year before, planned FTE and a work plan."""
    programme_id = make_programme("Hoogbegaafdheid")
    coach = make_user(role="coach", name="Koen Coach")
    anchor = make_school(name="Ankerschool Hasselt")
    ids = {
        name: make_network(
            name=name, programme_id=programme_id, anchor_ids=[anchor], coach_ids=[coach]
        )
        for name in ("Wiskunde Kempen", "Taal Limburg", "Stilgelegd", "Vorig jaar")
    }
    networks = {name: db.session.get(Network, i) for name, i in ids.items()}
    networks["Wiskunde Kempen"].capacity = 20
    networks["Taal Limburg"].ends_on = date(2027, 6, 30)
    networks["Stilgelegd"].is_active = False
    networks["Vorig jaar"].ends_on = date(2026, 6, 30)
    programme = db.session.get(Programme, programme_id)
    this_year = Call(
        title="Oproep 2026-2027",
        programme=programme,
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 5, 31),
        starts_on=date(2026, 9, 1),
        text="Schrijf in!",
    )
    this_year.networks = [networks["Wiskunde Kempen"], networks["Taal Limburg"]]
    last_year = Call(
        title="Oproep 2025-2026",
        programme=programme,
        opens_on=date(2025, 3, 1),
        closes_on=date(2025, 5, 31),
        starts_on=date(2025, 9, 1),
    )
    last_year.networks = [networks["Vorig jaar"]]
    db.session.add_all([this_year, last_year])
    wiskunde = networks["Wiskunde Kempen"]
    db.session.add_all(
        [
            PlannedEffort(
                network=wiskunde,
                school_year=str(YEAR),
                planned_fte=Decimal("0.500"),
                earmarked_fte=Decimal("0.100"),
            ),
            PlannedEffort(programme=programme, school_year=str(YEAR), planned_fte=Decimal("1.000")),
        ]
    )
    plan = WorkPlan(network=wiskunde, school_year=str(YEAR), needs="Wat de scholen vragen")
    plan.themes = [
        WorkPlanTheme(title="Differentiatie", goals="Doel A", realisations="Fiche"),
        WorkPlanTheme(title="Evaluatie"),
    ]
    db.session.add(plan)
    db.session.commit()
    make_registration(
        school_id=make_school(),
        network_id=wiskunde.id,
        history=[(RegistrationStatus.submitted, date(2026, 5, 1))],
    )
    return {"programme": programme_id, "admin": make_user(role="admin"), **ids}


@pytest.fixture
def scene(app):
    """The programme and an admin (ids)."""
    with app.app_context():
        return _build()


def test_one_year_on_keeps_the_day_and_moves_29_february():
    """A date a year later; 29/02 becomes 28/02."""
    assert one_year_on(date(2026, 3, 1)) == date(2027, 3, 1)
    assert one_year_on(date(2028, 2, 29)) == date(2029, 2, 28)


def test_the_copy_creates_exactly_the_previewed_objects(app, scene):
    """Two networks (the inactive one and last year's left), one call a year on offering the
    copies, their planned FTE and themes; no registration; each copy linked to its source."""
    with app.app_context():
        admin = db.session.get(User, scene["admin"])
        programme = db.session.get(Programme, scene["programme"])
        plan = plan_next_year(admin, programme, YEAR)
        previewed = {
            "networks": [(n.source.id, n.starts_on, n.ends_on) for n in plan.networks],
            "calls": [(c.title, c.opens_on, c.closes_on, c.starts_on) for c in plan.calls],
            "themes": [t.title for n in plan.networks for t in n.themes],
        }
        assert previewed["networks"] == [
            (scene["Taal Limburg"], date(2027, 9, 1), date(2028, 6, 30)),
            (scene["Wiskunde Kempen"], date(2027, 9, 1), None),
        ]
        assert previewed["calls"] == [
            ("Oproep 2027-2028", date(2027, 3, 1), date(2027, 5, 31), date(2027, 9, 1))
        ]
        before = _counts()
        copy_to_next_year(admin, programme, YEAR, plan.fingerprint)
        db.session.commit()
        after = _counts()
        assert {k: after[k] - before[k] for k in after} == {
            "Network": 2,
            "Call": 1,
            "PlannedEffort": 2,
            "WorkPlan": 1,
            "WorkPlanTheme": 2,
            "Registration": 0,
        }
        db.session.expire_all()
        copies = db.session.scalars(
            select(Network).where(Network.previous_network_id.is_not(None)).order_by(Network.name)
        ).all()
        assert [(c.previous_network_id, c.starts_on, c.ends_on) for c in copies] == previewed[
            "networks"
        ]
        for copy in copies:
            source = db.session.get(Network, copy.previous_network_id)
            assert (copy.name, copy.level, copy.capacity) == (
                source.name,
                source.level,
                source.capacity,
            )
            assert [s.id for s in copy.anchors] == [s.id for s in source.anchors]
            assert [u.id for u in copy.coaches] == [u.id for u in source.coaches]
            assert not copy.registrations
        call = db.session.scalar(select(Call).where(Call.title == "Oproep 2027-2028"))
        assert (call.title, call.opens_on, call.closes_on, call.starts_on) == previewed["calls"][0]
        assert {n.id for n in call.networks} == {
            c.id for c in copies
        } and call.text == "Schrijf in!"
        lines = db.session.execute(
            select(PlannedEffort.network_id, PlannedEffort.planned_fte, PlannedEffort.earmarked_fte)
            .where(PlannedEffort.school_year == "2027-2028")
            .order_by(PlannedEffort.network_id)
        ).all()
        wiskunde = next(c for c in copies if c.name == "Wiskunde Kempen")
        assert sorted(lines, key=lambda r: r[0] or 0) == [
            (None, Decimal("1.000"), Decimal("0.000")),
            (wiskunde.id, Decimal("0.500"), Decimal("0.100")),
        ]
        work_plan = db.session.scalar(select(WorkPlan).where(WorkPlan.network_id == wiskunde.id))
        assert work_plan.school_year == "2027-2028" and work_plan.needs == ""
        assert [(t.title, t.goals, t.realisations) for t in work_plan.themes] == [
            ("Differentiatie", "Doel A", "Fiche"),
            ("Evaluatie", "", ""),
        ]
        assert previewed["themes"] == ["Differentiatie", "Evaluatie"]


def test_a_changed_plan_or_a_second_copy_is_refused_and_creates_nothing(app, scene):
    """A digest that is not the current plan's is a 409; after the copy the plan is empty and a
    second copy is a 409 that names the school year."""
    with app.app_context():
        admin = db.session.get(User, scene["admin"])
        programme = db.session.get(Programme, scene["programme"])
        before = _counts()
        with pytest.raises(DomainError) as changed:
            copy_to_next_year(admin, programme, YEAR, "0" * 32)
        assert (changed.value.status_code, changed.value.code) == (409, "plan_changed")
        db.session.rollback()
        assert _counts() == before
        fingerprint = plan_next_year(admin, programme, YEAR).fingerprint
        copy_to_next_year(admin, programme, YEAR, fingerprint)
        db.session.commit()
        done = _counts()
        again = plan_next_year(admin, programme, YEAR)
        assert again.is_empty and len(again.already_copied) == 2
        with pytest.raises(DomainError, match="is al naar 2027-2028 gekopieerd") as twice:
            copy_to_next_year(admin, programme, YEAR, fingerprint)
        assert twice.value.status_code == 409
        db.session.rollback()
        assert _counts() == done


def test_only_admins_plan_or_copy(app, scene):
    """A coach or the ministry may neither see the plan nor copy (403 from the service)."""
    with app.app_context():
        programme = db.session.get(Programme, scene["programme"])
        for role in ("coach", "ministry"):
            user = db.session.get(User, make_user(role=role))
            with pytest.raises(DomainError) as refused:
                plan_next_year(user, programme, YEAR)
            assert refused.value.status_code == 403


def _fingerprint(page: str) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="([0-9a-f]+)"', page).group(1)


def test_the_page_previews_then_copies_once_and_a_double_submit_is_a_409(app, client, scene):
    """The preview lists the networks, the call with its new dates and the themes; the confirm
    (POST with CSRF) creates them and redirects; sending it again is a 409 in Dutch."""
    with app.app_context():
        email = db.session.get(User, scene["admin"]).email
    login(client, email)
    url = f"/netwerken/programmas/{scene['programme']}/volgend-schooljaar"
    page = client.get(url + "?schooljaar=2026-2027").get_data(as_text=True)
    assert "van 2026-2027 naar 2027-2028" in page
    assert page.count('class="network-copy"') == 2 and page.count('class="call-copy"') == 1
    assert "Oproep 2027-2028" in page and "01/03/2027 – 31/05/2027" in page
    assert "Differentiatie" in page and "Stilgelegd" not in page
    assert "van 01/09/2027 tot en met 30/06/2028" in page
    assert client.get(url + "?schooljaar=2026").status_code == 400
    data = {"school_year": "2026-2027", "fingerprint": _fingerprint(page)}
    done = client.post(url, data=data)
    assert done.status_code == 302
    assert f"programme={scene['programme']}" in done.headers["Location"]
    with app.app_context():
        counts = _counts()
    twice = client.post(url, data=data)
    assert twice.status_code == 409
    assert "is al naar 2027-2028 gekopieerd" in twice.get_data(as_text=True)
    with app.app_context():
        assert _counts() == counts
        assert counts["Network"] == 6
