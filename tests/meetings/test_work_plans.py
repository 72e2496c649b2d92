"""Work plans: needs per school year, themes with goals, realisations and linked meetings."""

from datetime import datetime

import pytest

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.models import WorkPlan
from netwerk.meetings.workplan import save_theme, save_work_plan
from netwerk.networks.models import Network
from netwerk.timeutil import SchoolYear
from tests.meetings.factories import make_meeting


def test_work_plan_with_themes_through_the_pages(app, client, scene, log_in):
    """Needs, then a theme linked to a meeting of that school year; shown on the plan page."""
    with app.app_context():
        inside = make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), title="WS1")
        make_meeting(scene.network, starts_at=datetime(2024, 10, 8, 14), title="Vorig jaar")
    log_in(scene.coach)
    url = f"/bijeenkomsten/netwerk/{scene.network}/werkplan/2025-2026"
    assert client.post(url, data={"needs": "Meer uitwisseling"}).status_code == 302
    form = client.get(url + "/thema").get_data(as_text=True)
    assert "WS1" in form and "Vorig jaar" not in form
    response = client.post(
        url + "/thema",
        data={
            "title": "Differentiatie",
            "goals": "Doel",
            "realisations": "Fiche",
            "meetings": [str(inside)],
        },
    )
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Meer uitwisseling" in page and "Differentiatie" in page and "WS1" in page
    assert "Nog geen thema" in client.get(url.replace("2025-2026", "2024-2025")).get_data(
        as_text=True
    )
    log_in(scene.ministry)
    assert client.post(url, data={"needs": "x"}).status_code == 403
    assert "Meer uitwisseling" in client.get(url).get_data(as_text=True)


def test_theme_refuses_meetings_of_another_network(ctx, scene):
    """A theme links only meetings of its own network."""
    coach = db.session.get(User, scene.coach)
    network = db.session.get(Network, scene.network)
    plan = save_work_plan(coach, network, SchoolYear(2025), "")
    foreign = make_meeting(scene.other_network, starts_at=datetime(2025, 10, 1, 9))
    with pytest.raises(DomainError, match="horen niet bij dit netwerk"):
        save_theme(coach, plan, title="Thema", meeting_ids=[foreign])
    with pytest.raises(DomainError, match="titel"):
        save_theme(coach, plan, title="  ")
    assert db.session.get(WorkPlan, plan.id).themes == []


def test_bad_school_year_in_the_url(client, scene, log_in):
    """A school year that is not of the form 2025-2026: 400 with a message."""
    log_in(scene.coach)
    response = client.get(f"/bijeenkomsten/netwerk/{scene.network}/werkplan/2025-2027")
    assert response.status_code == 400
    assert "2024-2025" in response.get_data(as_text=True)
