"""The list pages search as a person types: schools, users and networks."""

from netwerk.extensions import db
from netwerk.networks.models import Network
from tests.factories import make_network, make_school, make_user


def test_school_list_page_finds_sint_jozef(app, client, login_as):
    """'sint jozef' on the registry finds 'Sint-Jozefscollege' and only it."""
    with app.app_context():
        make_school(name="Sint-Jozefscollege")
        make_school(name="Sint-Ursula")
    login_as("admin")
    page = client.get("/scholen/?q=sint+jozef").get_data(as_text=True)
    assert "1 school gevonden" in page and "Sint-Jozefscollege" in page
    assert "Sint-Ursula" not in page


def test_user_list_page_ignores_accents_and_order(app, client, login_as):
    """'dupre elise' finds 'Élise Dupré'."""
    with app.app_context():
        make_user(role="coach", name="Élise Dupré")
        make_user(role="coach", name="Jan Peeters")
    login_as("admin", name="Ada Admin")
    page = client.get("/gebruikers?q=dupre+elise").get_data(as_text=True)
    assert "1 gebruiker gevonden" in page and "Élise Dupré" in page
    assert "Jan Peeters" not in page


def test_network_list_page_searches_name_and_theme(app, client, login_as):
    """The network list has a search field on name and theme; a text too long is a clear 400."""
    with app.app_context():
        stem = make_network(name="Lerend netwerk STEM")
        db.session.get(Network, stem).theme = "Wetenschap en techniek"
        db.session.commit()
        make_network(name="Lerend netwerk Taal")
    login_as("ministry")
    page = client.get("/netwerken/").get_data(as_text=True)
    assert 'name="q"' in page and "Zoek op naam of thema" in page
    page = client.get("/netwerken/?q=techniek+lerend").get_data(as_text=True)
    assert "1 netwerken gevonden" in page or "1 netwerk gevonden" in page
    assert "Lerend netwerk STEM" in page and "Lerend netwerk Taal" not in page
    assert 'value="techniek lerend"' in page
    too_long = client.get("/netwerken/", query_string={"q": "x" * 101})
    assert too_long.status_code == 400 and "te lang" in too_long.get_data(as_text=True)
