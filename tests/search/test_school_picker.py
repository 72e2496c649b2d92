"""The school picker of the register page: a search without JavaScript, a JSON endpoint for the
combobox, the network's level first."""

import re

import pytest
from sqlalchemy import select

from netwerk.extensions import db
from netwerk.networks.models import Registration
from tests.conftest import login
from tests.factories import make_school, make_user
from tests.networks.factories import open_network
from tests.statements import counting


@pytest.fixture
def picker_scene(app):
    """A secundair network with its coach, an admin, a school user, schools of two levels."""
    with app.app_context():
        make_user(role="admin", email="admin@test.be")
        coach = make_user(role="coach", email="coach@test.be")
        make_user(role="school", email="school@test.be")
        network_id = open_network(coach_ids=[coach])
        ids = {
            "secundair": make_school(name="Sint-Jozef Zuid", level="secundair"),
            "basis": make_school(name="Sint-Jozef Basisschool", level="basis"),
            "other": make_school(name="De Klimop", level="basis"),
        }
    return {"network": network_id, **ids}


def _options(page: str) -> list[str]:
    select_html = page.split('name="school"', 1)[1].split("</select>", 1)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select_html)


def test_without_javascript_a_search_fills_a_short_list(client, picker_scene):
    """Before a search the list is empty; 'sint jozef' offers both schools, the network's level
    (secundair) first although 'Basisschool' comes first by name."""
    login(client, "admin@test.be")
    url = f"/netwerken/{picker_scene['network']}/aanmelden"
    page = client.get(url).get_data(as_text=True)
    assert 'name="school_q"' in page and "Zoeken" in page
    assert _options(page) == ["Zoek eerst de school hierboven"]
    page = client.get(url, query_string={"school_q": "jozef SINT"}).get_data(as_text=True)
    options = _options(page)
    assert options[0] == "Kies een school"
    assert [o.split(" (")[0] for o in options[1:]] == ["Sint-Jozef Zuid", "Sint-Jozef Basisschool"]
    assert "2 scholen gevonden" in page
    page = client.get(url, query_string={"school_q": "onbestaand"}).get_data(as_text=True)
    assert _options(page) == ["Geen school gevonden: zoek opnieuw"]


def test_one_match_is_chosen_and_the_form_registers_it(app, client, picker_scene):
    """A search with one result selects it; posting registers that school."""
    login(client, "coach@test.be")
    url = f"/netwerken/{picker_scene['network']}/aanmelden?school_q=klimop"
    page = client.get(url).get_data(as_text=True)
    assert re.search(rf'<option selected value="{picker_scene["other"]}"', page) or re.search(
        rf'<option value="{picker_scene["other"]}" selected', page
    )
    data = {
        "school": picker_scene["other"],
        "contact_name": "X",
        "contact_email": "x@x.be",
        "commitment": "y",
    }
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Registration.school_id)) == picker_scene["other"]


def test_no_school_chosen_is_a_clear_error(app, client, picker_scene):
    """Posting without a school, or with one that does not exist, says so; nothing is stored."""
    login(client, "admin@test.be")
    url = f"/netwerken/{picker_scene['network']}/aanmelden"
    data = {"contact_name": "X", "contact_email": "x@x.be", "commitment": "y"}
    refused = client.post(url, data={**data, "school": ""})
    assert refused.status_code in (200, 400, 422)
    assert "Kies een school." in refused.get_data(as_text=True)
    refused = client.post(url, data={**data, "school": "999999"})
    assert refused.status_code in (200, 400, 422)
    with app.app_context():
        assert db.session.scalar(select(Registration.id)) is None


def test_school_user_keeps_a_list_of_own_schools(client, picker_scene):
    """A school user chooses among their own schools: no search form, no combobox."""
    login(client, "school@test.be")
    page = client.get(f"/netwerken/{picker_scene['network']}/aanmelden").get_data(as_text=True)
    assert 'name="school_q"' not in page and "school_picker.js" not in page
    assert len(_options(page)) == 1


def test_pick_endpoint_answers_json_level_first(client, picker_scene):
    """The combobox's endpoint: matches with their label, the asked level first."""
    login(client, "coach@test.be")
    body = client.get("/scholen/kiezen?q=sint-jozef&level=basis").get_json()
    assert [s["label"].split(" (")[0] for s in body["schools"]] == [
        "Sint-Jozef Basisschool",
        "Sint-Jozef Zuid",
    ]
    assert [s["level_matches"] for s in body["schools"]] == [True, False]
    body = client.get("/scholen/kiezen?q=jozef").get_json()  # no level: by name
    assert body["schools"][0]["id"] == picker_scene["basis"]
    body = client.get("/scholen/kiezen?q=sint-jozef&level=secundair").get_json()
    assert body["schools"][0]["id"] == picker_scene["secundair"]
    assert client.get("/scholen/kiezen?q=").get_json() == {"schools": []}


def test_pick_endpoint_refuses_bad_input_and_other_roles(app, client, picker_scene):
    """A wrong level or an overlong search is a 400 with a Dutch message; school users and
    ministry get a 403."""
    login(client, "admin@test.be")
    wrong = client.get("/scholen/kiezen?q=x&level=keizer")
    assert wrong.status_code == 400 and "niveau" in wrong.get_json()["error"]
    long = client.get("/scholen/kiezen", query_string={"q": "x" * 101})
    assert long.status_code == 400 and "te lang" in long.get_json()["error"]
    client.post("/afmelden")
    login(client, "school@test.be")
    assert client.get("/scholen/kiezen?q=x").status_code == 403


def test_pick_is_one_statement_whatever_the_registry_size(app, client, picker_scene):
    """The endpoint runs a fixed number of statements and returns at most 20 schools."""
    with app.app_context():
        for i in range(25):
            make_school(name=f"Sint-Jozef campus {i}", level="basis")
    login(client, "admin@test.be")
    with counting(app) as statements:
        body = client.get("/scholen/kiezen?q=jozef&level=basis").get_json()
    assert len(body["schools"]) == 20
    assert len(statements) <= 4  # the user of the session, the search; no row by row loading


def test_a_refused_form_keeps_the_chosen_school(client, picker_scene):
    """Sent without a contact person, the form comes back with the school still chosen."""
    login(client, "admin@test.be")
    url = f"/netwerken/{picker_scene['network']}/aanmelden"
    data = {"school": picker_scene["basis"], "contact_email": "x@x.be", "commitment": "y"}
    page = client.post(url, data=data).get_data(as_text=True)
    assert "Sint-Jozef Basisschool" in _options(page)[1]
    assert re.search(rf'<option selected value="{picker_scene["basis"]}"', page) or re.search(
        rf'<option value="{picker_scene["basis"]}" selected', page
    )
