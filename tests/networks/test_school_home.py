"""A school user's home page and the calls list: its schools, the calls for its level with
"al ingeschreven", its own registrations only, the level warning, schools told apart by label."""

from datetime import date, timedelta

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.models import Meeting
from netwerk.networks.calls import open_calls
from netwerk.networks.models import Network, RegistrationStatus
from netwerk.networks.school_home import (
    level_mismatches,
    offered_calls,
    registered_by_network,
    school_home,
    schools_of,
)
from netwerk.schools.models import School, SchoolLevel
from tests.conftest import login
from tests.factories import (
    make_call,
    make_network,
    make_programme,
    make_registration,
    make_school,
    make_user,
)
from tests.meetings.factories import make_meeting
from tests.statements import statements_of_get

S = RegistrationStatus


def _scene() -> dict:
    """Two secondary schools of one name for one user; an open call with a secondary network
    (the first school registered), a primary network, and a secondary one the first school
    withdrew from; another school user with a registration of its own."""
    first = make_school(name="Sint-Jozef", institution_number="111111")
    second = make_school(name="Sint-Jozef", institution_number="222222")
    db.session.get(School, second).municipality = "Hasselt"
    db.session.commit()
    user = make_user(role="school", email="jozef@test.be", school_ids=[first, second])
    programme = make_programme()
    wiskunde = make_network(programme_id=programme, name="Wiskunde")
    kleuters = make_network(programme_id=programme, name="Kleuters", level=SchoolLevel.basis)
    taal = make_network(programme_id=programme, name="Taal")
    call = make_call(programme_id=programme, network_ids=[wiskunde, kleuters, taal])
    mine = make_registration(school_id=first, network_id=wiskunde)
    earlier = date.today() - timedelta(days=5)
    withdrawn = make_registration(
        school_id=first, network_id=taal, history=[(S.submitted, earlier), (S.withdrawn, earlier)]
    )
    other_school = make_school(name="De Linde", level=SchoolLevel.basis)
    other_user = make_user(role="school", email="linde@test.be", school_ids=[other_school])
    theirs = make_registration(school_id=other_school, network_id=kleuters)
    return {
        "user": user,
        "other_user": other_user,
        "first": first,
        "second": second,
        "wiskunde": wiskunde,
        "kleuters": kleuters,
        "taal": taal,
        "call": call,
        "mine": mine,
        "withdrawn": withdrawn,
        "theirs": theirs,
    }


@pytest.fixture
def scene(app):
    """The scene of _scene, written once per test."""
    with app.app_context():
        return _scene()


def test_home_holds_own_schools_fitting_calls_and_own_registrations(ctx):
    """The home lists both schools, only the networks of their level, and only the user's own
    registration (never the other school user's)."""
    ids = _scene()
    home = school_home(db.session.get(User, ids["user"]))
    assert [s.id for s in home.schools] == [ids["first"], ids["second"]]
    [offered] = home.calls
    assert [o.network.name for o in offered.networks] == ["Taal", "Wiskunde"]
    assert sorted(r.id for r in home.registrations) == sorted([ids["mine"], ids["withdrawn"]])


def test_already_registered_counts_only_registrations_that_still_count(ctx):
    """Submitted marks "al ingeschreven"; a withdrawn registration does not, so the school may
    register again; a network stays open to the user while one of its schools is not in it."""
    ids = _scene()
    user = db.session.get(User, ids["user"])
    registered = registered_by_network(schools_of(user))
    assert {k: [s.id for s in v] for k, v in registered.items()} == {
        ids["wiskunde"]: [ids["first"]]
    }
    [offered] = offered_calls(user, open_calls())
    by_name = {o.network.name: o for o in offered.networks}
    assert by_name["Wiskunde"].may_register  # the second school is not registered yet
    assert by_name["Taal"].may_register and not by_name["Taal"].registered
    assert not by_name["Kleuters"].fits_level


def test_register_button_rules_per_role(ctx):
    """Admins may register for every active network; a coach only for the networks it coaches;
    a school user not once all its schools are in; nobody for an inactive network."""
    ids = _scene()
    coach = make_user(role="coach")
    network = db.session.get(Network, ids["kleuters"])
    network.coaches = [db.session.get(User, coach)]
    db.session.get(Network, ids["taal"]).is_active = False
    make_registration(school_id=ids["second"], network_id=ids["wiskunde"])

    def may(user_id: int) -> dict:
        [offered] = offered_calls(db.session.get(User, user_id), open_calls())
        return {o.network.name: o.may_register for o in offered.networks}

    assert may(make_user(role="admin")) == {"Kleuters": True, "Taal": False, "Wiskunde": True}
    assert may(coach) == {"Kleuters": True, "Taal": False, "Wiskunde": False}
    assert may(ids["user"]) == {"Kleuters": True, "Taal": False, "Wiskunde": False}


def test_level_mismatches_names_the_schools_of_another_level(ctx):
    """Only the schools whose level differs from the network's."""
    ids = _scene()
    network = db.session.get(Network, ids["kleuters"])
    schools = [db.session.get(School, ids["first"]), db.session.get(School, ids["second"])]
    assert level_mismatches(network, schools) == schools
    assert level_mismatches(db.session.get(Network, ids["wiskunde"]), schools) == []


def test_home_page_of_a_school_user(client, scene):
    """The page shows both schools told apart by number and municipality, the fitting networks,
    "al ingeschreven" with the school, and the own registration with its reference."""
    login(client, "jozef@test.be")
    page = client.get("/").get_data(as_text=True)
    assert "Sint-Jozef (111111, Antwerpen)" in page
    assert "Sint-Jozef (222222, Hasselt)" in page
    assert "Wiskunde" in page and "Kleuters" not in page
    assert "al ingeschreven: Sint-Jozef (111111, Antwerpen)" in page
    assert f"INS-{scene['mine']:06d}" in page
    assert f"INS-{scene['theirs']:06d}" not in page
    assert 'aria-describedby="thuis-netwerk-' in page and ">Inschrijven</a>" in page


def test_home_page_of_other_roles_has_no_school_block(client, scene, app):
    """An admin's home is the menu, without the school block."""
    with app.app_context():
        make_user(role="admin", email="boss@test.be")
    login(client, "boss@test.be")
    page = client.get("/").get_data(as_text=True)
    assert 'id="home-scholen"' not in page
    assert "Oproepen" in page


def test_home_and_calls_statements_do_not_grow_with_data(app, client, scene):
    """As many statements for one call of three networks as for three calls of many networks
    with many registrations."""
    login(client, "jozef@test.be")
    few = (
        statements_of_get(app, client, "/"),
        statements_of_get(app, client, "/netwerken/oproepen"),
    )
    with app.app_context():
        for _ in range(2):
            programme = make_programme()
            networks = [make_network(programme_id=programme) for _ in range(4)]
            make_call(programme_id=programme, network_ids=networks)
            for network in networks:
                make_registration(school_id=scene["second"], network_id=network)
    many = (
        statements_of_get(app, client, "/"),
        statements_of_get(app, client, "/netwerken/oproepen"),
    )
    assert few == many


def test_calls_list_marks_own_registrations_and_levels(client, scene):
    """Per network: its level, "al ingeschreven" with the user's school, the level hint where no
    school of the user fits, and an "Inschrijven" link to the register page."""
    login(client, "jozef@test.be")
    page = client.get("/netwerken/oproepen").get_data(as_text=True)
    assert page.count("al ingeschreven") == 1
    assert "Sint-Jozef (111111, Antwerpen)" in page
    assert page.count("Geen van uw scholen heeft dit niveau.") == 1  # Kleuters
    for network in ("wiskunde", "kleuters", "taal"):
        assert f'href="/netwerken/{scene[network]}/aanmelden"' in page
    assert "<table" not in page


def test_calls_list_gives_admins_the_button_and_no_school_marks(client, scene, app):
    """An admin sees every active network's button, and nobody's registrations marked."""
    with app.app_context():
        make_user(role="admin", email="boss@test.be")
        db.session.get(Network, scene["taal"]).is_active = False
        db.session.commit()
    login(client, "boss@test.be")
    page = client.get("/netwerken/oproepen").get_data(as_text=True)
    assert "al ingeschreven" not in page
    assert f'href="/netwerken/{scene["wiskunde"]}/aanmelden"' in page
    assert f'href="/netwerken/{scene["taal"]}/aanmelden"' not in page
    assert "Geen van uw scholen" not in page


def test_register_page_warns_of_another_level_and_still_registers(client, scene, app):
    """A primary network: both secondary schools are named in the warning on the page; the
    registration goes through, with the warning flashed again."""
    login(client, "jozef@test.be")
    url = f"/netwerken/{scene['kleuters']}/aanmelden"
    page = client.get(url).get_data(as_text=True)
    assert "Dit netwerk is voor het basisonderwijs." in page
    assert 'id="niveau-waarschuwing"' in page
    assert "deze scholen hebben een ander niveau" in page
    assert "Sint-Jozef (222222, Hasselt) (secundair onderwijs)" in page
    response = client.post(
        url,
        data={
            "school": scene["second"],
            "contact_name": "An",
            "contact_email": "jozef@test.be",
            "commitment": "y",
        },
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (
        "deze school heeft een ander niveau: Sint-Jozef (222222, Hasselt) (secundair onderwijs)"
        in text
    )
    with app.app_context():
        home = school_home(db.session.get(User, scene["user"]))
        assert scene["kleuters"] in {r.network_id for r in home.registrations}


def test_register_page_of_a_fitting_network_has_no_warning(client, scene):
    """A secondary network for secondary schools: the level, no warning."""
    login(client, "jozef@test.be")
    page = client.get(f"/netwerken/{scene['wiskunde']}/aanmelden").get_data(as_text=True)
    assert "Dit netwerk is voor het secundair onderwijs." in page
    assert 'id="niveau-waarschuwing"' not in page


def test_manager_picker_labels_schools_and_names_another_level(client, scene, app):
    """An admin's picker: two schools of one name told apart; registering one of another level
    flashes the warning."""
    with app.app_context():
        make_user(role="admin", email="boss@test.be")
    login(client, "boss@test.be")
    url = f"/netwerken/{scene['kleuters']}/aanmelden"
    # The admin searches the school (the picker offers no list of every school).
    page = client.get(url, query_string={"school_q": "sint jozef"}).get_data(as_text=True)
    assert ">Sint-Jozef (111111, Antwerpen)</option>" in page
    assert 'id="niveau-waarschuwing"' not in page  # the admin has no school of its own
    response = client.post(
        url,
        data={
            "school": scene["first"],
            "contact_name": "An",
            "contact_email": "an@school.be",
            "commitment": "y",
        },
        follow_redirects=True,
    )
    assert "deze school heeft een ander niveau" in response.get_data(as_text=True)


def test_two_schools_of_one_name_are_told_apart_and_ministry_sees_codes(client, scene, app):
    """Both Sint-Jozef schools in one network: the admin's roster and the school user's pages
    show name, number and municipality; the ministry's roster shows codes, never names."""
    with app.app_context():
        make_registration(school_id=scene["second"], network_id=scene["wiskunde"])
        make_user(role="admin", email="boss@test.be")
        make_user(role="ministry", email="min@test.be")
        codes = [db.session.get(School, scene[k]).public_code for k in ("first", "second")]
    labels = ["Sint-Jozef (111111, Antwerpen)", "Sint-Jozef (222222, Hasselt)"]
    roster = f"/netwerken/{scene['wiskunde']}/aanmeldingen"
    login(client, "boss@test.be")
    page = client.get(roster).get_data(as_text=True)
    assert all(label in page for label in labels)
    client.post("/afmelden")
    login(client, "min@test.be")
    page = client.get(roster).get_data(as_text=True)
    assert all(code in page for code in codes) and "Sint-Jozef" not in page
    client.post("/afmelden")
    login(client, "jozef@test.be")
    for url in ("/netwerken/mijn-aanmeldingen", f"/netwerken/{scene['wiskunde']}"):
        page = client.get(url).get_data(as_text=True)
        assert all(label in page for label in labels), url


def test_a_member_school_hosting_a_meeting_is_a_code_for_the_ministry(client, scene, app):
    """A meeting hosted by an accepted school: its members read the host's label, the ministry
    only its code (names of participating schools never reach ministry staff)."""
    with app.app_context():
        make_registration(
            school_id=scene["second"],
            network_id=scene["wiskunde"],
            history=[(S.submitted, date.today()), (S.accepted, date.today())],
        )
        meeting_id = make_meeting(scene["wiskunde"])
        db.session.get(Meeting, meeting_id).host_school_id = scene["second"]
        db.session.commit()
        code = db.session.get(School, scene["second"]).public_code
        make_user(role="ministry", email="min@test.be")
    login(client, "jozef@test.be")
    page = client.get(f"/bijeenkomsten/{meeting_id}").get_data(as_text=True)
    assert "Sint-Jozef (222222, Hasselt)" in page
    client.post("/afmelden")
    login(client, "min@test.be")
    page = client.get(f"/bijeenkomsten/{meeting_id}").get_data(as_text=True)
    assert code in page and "Sint-Jozef" not in page


def test_home_of_a_school_user_without_schools_is_empty(ctx):
    """A school account not linked to any school yet: no schools, no calls, no registrations."""
    _scene()
    user = db.session.get(User, make_user(role="school", email="los@test.be"))
    user.schools = []
    db.session.commit()
    home = school_home(user)
    assert (home.schools, home.calls, home.registrations) == ([], [], [])
