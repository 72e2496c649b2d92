"""A network's parent network (issue 21, part 1): the rules (not itself, no cycle, a known id),
the dated history, the change log, the API (create, read, patch), the edit form and the networks
page's filter and tree."""

import logging
from datetime import date

import pytest
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import Network, NetworkParentPeriod, Programme
from netwerk.networks.networks import network_data_of, update_network
from netwerk.networks.parents import load_parent, parent_history, parent_map
from netwerk.timeutil import today
from tests.conftest import login
from tests.factories import make_network, make_programme, make_user
from tests.networks.factories import bearer, token_for

START = date(2020, 9, 1)


@pytest.fixture
def tree(app):
    """Networks V (Vlaams), A and B (provincial, not yet under V) and W, in a programme that
    starts 01/09/2020; an admin (admin@test.be) and a coach (coach@test.be)."""
    with app.app_context():
        programme_id = make_programme()
        db.session.get(Programme, programme_id).starts_on = START
        db.session.commit()
        ids = {
            key: make_network(programme_id=programme_id, name=name)
            for key, name in (
                ("V", "Vlaams netwerk"),
                ("A", "Netwerk Antwerpen"),
                ("B", "Netwerk Limburg"),
                ("W", "Ander netwerk"),
            )
        }
        ids["admin"] = make_user(role="admin", email="admin@test.be")
        ids["coach"] = make_user(role="coach", email="coach@test.be")
        ids["ministry"] = make_user(role="ministry", email="ministry@test.be")
    return ids


def _set_parent(ids, child: str, parent: str | None, on: date | None = None, reason: str = ""):
    """Put child under parent (None: under none) through the service, and commit."""
    network = db.session.get(Network, ids[child])
    data = network_data_of(
        network,
        parent=db.session.get(Network, ids[parent]) if parent else None,
        effective_on=on,
        reason=reason,
    )
    update_network(db.session.get(User, ids["admin"]), network, data)
    db.session.commit()


def test_a_parent_is_kept_with_its_dates(app, tree):
    """A under V from 01/01/2021, then under W from 01/01/2022: the history keeps both spans,
    the map of today has W, and the superseded row stays with its recorded_until."""
    with app.app_context():
        _set_parent(tree, "A", "V", date(2021, 1, 1), "start van de provinciale netwerken")
        _set_parent(tree, "A", "W", date(2022, 1, 1), "herschikking")
        spans = [(s.parent.name, s.valid_from, s.valid_until) for s in parent_history(tree["A"])]
        assert spans == [
            ("Ander netwerk", date(2022, 1, 1), None),
            ("Vlaams netwerk", date(2021, 1, 1), date(2021, 12, 31)),
        ]
        assert parent_map()[tree["A"]] == tree["W"]
        assert parent_map(date(2021, 6, 1))[tree["A"]] == tree["V"]
        assert tree["A"] not in parent_map(date(2020, 12, 31))
        superseded = db.session.scalars(
            select(NetworkParentPeriod).where(NetworkParentPeriod.recorded_until.is_not(None))
        ).all()
        assert [(p.parent_id, p.valid_until) for p in superseded] == [(tree["V"], None)]


def test_removing_the_parent_closes_its_span(app, tree):
    """Under none from today: the span ends yesterday, nothing holds today."""
    with app.app_context():
        _set_parent(tree, "A", "V", date(2021, 1, 1), "start")
        _set_parent(tree, "A", None)
        ((name, until),) = [(s.parent.name, s.valid_until) for s in parent_history(tree["A"])]
        assert name == "Vlaams netwerk" and until is not None and until < today()
        assert tree["A"] not in parent_map()


@pytest.mark.parametrize(
    "child, parent, message",
    [
        ("V", "V", "eigen bovenliggend netwerk"),
        ("V", "B", "valt zelf onder"),  # B is under A, A under V: V under B closes a circle
        ("V", "A", "valt zelf onder"),
    ],
)
def test_itself_and_cycles_are_refused_in_dutch(app, tree, child, parent, message):
    """A network under itself, or under a network below it, is refused and nothing is written."""
    with app.app_context():
        _set_parent(tree, "A", "V", date(2021, 1, 1), "start")
        _set_parent(tree, "B", "A", date(2021, 1, 1), "start")
        before = db.session.scalars(select(NetworkParentPeriod.id)).all()
        with pytest.raises(DomainError) as refused:
            _set_parent(tree, child, parent)
        db.session.rollback()
        assert message in refused.value.message
        assert refused.value.status_code == 400
        assert db.session.scalars(select(NetworkParentPeriod.id)).all() == before


def test_an_unknown_parent_is_refused(app, tree):
    """An id that names no network is a Dutch 400."""
    with app.app_context(), pytest.raises(DomainError) as refused:
        load_parent(999999)
    assert "Onbekend bovenliggend netwerk" in refused.value.message
    assert refused.value.status_code == 400


def test_a_change_before_the_last_one_is_refused(app, tree):
    """Dates never go back: a second change dated before the first is refused at effective_on."""
    with app.app_context():
        _set_parent(tree, "A", "V", date(2022, 1, 1), "start")
        with pytest.raises(DomainError) as refused:
            _set_parent(tree, "A", "W", date(2021, 6, 1), "te vroeg")
    assert "effective_on" in refused.value.fields


def test_the_change_is_logged(app, tree, caplog):
    """network.updated carries the new and the previous parent."""
    caplog.set_level(logging.INFO, logger="netwerk.changes")
    with app.app_context():
        _set_parent(tree, "A", "V", date(2021, 1, 1), "start")
    (record,) = [r for r in caplog.records if getattr(r, "action", "") == "network.updated"]
    assert f"parent_id={tree['V']}" in record.getMessage()
    assert "previous_parent_id=None" in record.getMessage()
    assert record.actor_id == tree["admin"]


def test_api_create_read_and_patch(app, client, tree):
    """POST with parent_id, GET shows it with its history, PATCH moves it, list filters on it."""
    with app.app_context():
        admin = bearer(token_for(tree["admin"]))
        programme = db.session.get(Network, tree["V"]).programme_id
        anchor = db.session.get(Network, tree["V"]).anchors[0].institution_number
    body = {
        "name": "Netwerk Gent",
        "programme_id": programme,
        "level": "secundair",
        "anchor_schools": [anchor],
        "parent_id": tree["V"],
    }
    created = client.post("/api/v1/networks", json=body, headers=admin)
    assert created.status_code == 201, created.get_json()
    new_id = created.get_json()["id"]
    assert created.get_json()["parent_id"] == tree["V"]
    read = client.get(f"/api/v1/networks/{new_id}", headers=admin).get_json()
    assert read["parent_history"] == [
        {
            "parent": {"id": tree["V"], "name": "Vlaams netwerk"},
            "valid_from": START.isoformat(),
            "valid_until": None,
        }
    ]
    patched = client.patch(
        f"/api/v1/networks/{new_id}",
        json={
            "parent_id": tree["W"],
            "effective_on": "2022-01-01",
            "reason": "herschikking",
            "version": read["version"],
        },
        headers=admin,
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.get_json()["parent_id"] == tree["W"]
    assert len(patched.get_json()["parent_history"]) == 2
    listed = client.get(f"/api/v1/networks?parent_id={tree['W']}", headers=admin).get_json()
    assert [n["id"] for n in listed["items"]] == [new_id]


@pytest.mark.parametrize(
    "target, parent, fragment",
    [
        ("V", "V", "eigen bovenliggend netwerk"),
        ("V", "A", "valt zelf onder"),
        ("V", None, "Onbekend bovenliggend netwerk"),
    ],
)
def test_api_refusals_are_dutch_json(app, client, tree, target, parent, fragment):
    """Self, a cycle and an unknown id: a 400 with a Dutch message in the JSON error."""
    with app.app_context():
        _set_parent(tree, "A", "V", date(2021, 1, 1), "start")
        admin = bearer(token_for(tree["admin"]))
    parent_id = tree[parent] if parent else 987654
    response = client.patch(
        f"/api/v1/networks/{tree[target]}",
        json={"parent_id": parent_id, "version": 1},
        headers=admin,
    )
    assert response.status_code == 400
    assert response.is_json
    assert fragment in response.get_json()["error"]["message"]


@pytest.mark.parametrize("role", ["coach", "ministry"])
def test_only_admins_patch(app, client, tree, role):
    """A coach's or the ministry's token may not change a parent (403), nothing is written."""
    with app.app_context():
        token = bearer(token_for(tree[role]))
    response = client.patch(
        f"/api/v1/networks/{tree['A']}",
        json={"parent_id": tree["V"], "version": 1},
        headers=token,
    )
    assert response.status_code == 403
    with app.app_context():
        assert parent_map() == {}


def test_edit_form_sets_the_parent(app, client, tree):
    """The edit form offers the other networks as parent and saves the choice."""
    login(client, "admin@test.be")
    url = f"/netwerken/{tree['A']}/bewerken"
    page = client.get(url).get_data(as_text=True)
    assert "Bovenliggend netwerk" in page and "Vlaams netwerk" in page
    with app.app_context():
        network = db.session.get(Network, tree["A"])
        form = {
            "name": network.name,
            "programme": str(network.programme_id),
            "type": "lerend_netwerk",
            "level": "secundair",
            "province": "",
            "anchors": network.anchors[0].institution_number,
            "is_active": "y",
            "parent": str(tree["V"]),
        }
    saved = client.post(url, data=form)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    with app.app_context():
        assert parent_map()[tree["A"]] == tree["V"]
    detail = client.get(f"/netwerken/{tree['V']}").get_data(as_text=True)
    assert "Netwerken eronder" in detail and "Netwerk Antwerpen" in detail


def test_networks_page_filters_on_parent_and_shows_a_tree(app, client, tree):
    """?parent= lists the networks under it; ?weergave=boom nests them in lists under V."""
    with app.app_context():
        _set_parent(tree, "A", "V", date(2021, 1, 1), "start")
        _set_parent(tree, "B", "V", date(2021, 1, 1), "start")
    login(client, "ministry@test.be")
    filtered = client.get(f"/netwerken/?parent={tree['V']}").get_data(as_text=True)
    assert "Netwerk Antwerpen" in filtered and "Netwerk Limburg" in filtered
    assert "Ander netwerk" not in filtered
    page = client.get("/netwerken/?weergave=boom")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    tree_html = html[html.index('class="network-tree"') :]
    v_at = tree_html.index("Vlaams netwerk")
    nested = tree_html[v_at : tree_html.index("</ul>", v_at)]
    assert "<ul>" in nested and "Netwerk Antwerpen" in nested and "Netwerk Limburg" in nested
    assert "Ander netwerk" in tree_html
    assert client.get("/netwerken/?parent=abc").status_code == 400
