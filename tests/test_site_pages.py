"""The header names the service and its organisation; the footer links the accessibility
statement, the privacy notice and contact, public pages in Dutch and English."""

import pytest

from tests.factories import make_school

PAGES = {
    "/toegankelijkheidsverklaring": ("Toegankelijkheidsverklaring", "Accessibility statement"),
    "/privacyverklaring": ("Privacyverklaring", "Privacy notice"),
    "/contact": ("Contact", "Contact"),
}


def test_header_and_footer_on_the_public_login_page(app, client):
    """Before logging in: the service and organisation in the header, the three footer links."""
    page = client.get("/aanmelden").get_data(as_text=True)
    header, _, rest = page.partition("</header>")
    assert "Lerende netwerken" in header and app.config["ORGANISATION_NAME"] in header
    footer = rest.split("<footer", 1)[1]
    for href in PAGES:
        assert f'href="{href}"' in footer
    assert 'aria-label="Over deze website"' in footer


@pytest.mark.parametrize("path", PAGES)
def test_statements_are_public_in_dutch_and_english(client, path):
    """Each page opens without an account, in Dutch, and in English after the switch."""
    dutch, english = PAGES[path]
    nl = client.get(path)
    assert nl.status_code == 200
    assert f"<h1>{dutch}</h1>" in nl.get_data(as_text=True)
    client.post("/taal", data={"lang": "en", "next": path})
    en = client.get(path).get_data(as_text=True)
    assert f"<h1>{english}</h1>" in en and '<html lang="en">' in en


def test_contact_address_and_organisation_come_from_the_configuration(make_app):
    """CONTACT_EMAIL and ORGANISATION_NAME are settings, shown on the pages as configured."""
    other = make_app(CONTACT_EMAIL="hulp@voorbeeld.be", ORGANISATION_NAME="Provincie Limburg")
    client = other.test_client()
    for path in PAGES:
        page = client.get(path).get_data(as_text=True)
        assert "Provincie Limburg" in page
    for path in ("/contact", "/privacyverklaring", "/toegankelijkheidsverklaring"):
        assert 'href="mailto:hulp@voorbeeld.be"' in client.get(path).get_data(as_text=True)


def test_the_privacy_notice_says_what_is_stored_and_why(client):
    """Plain and honest: accounts, registrations, attendance, staff and the change log, with a
    reason each, and only the cookies the app needs."""
    page = client.get("/privacyverklaring").get_data(as_text=True)
    for stored in ("Uw account", "Inschrijvingen", "Aanwezigheden", "Medewerkers", "Wijzigingslog"):
        assert stored in page
    assert "geen cookies voor statistieken" in page


def test_pagination_speaks_english_in_english(app, client, login_as):
    """The shared pagination macro is translated too (Babel used to skip templates/_macros)."""
    app.config["PAGE_SIZE"] = 1
    with app.app_context():
        make_school()
        make_school()
    login_as("admin")
    client.post("/taal", data={"lang": "en", "next": "/scholen/"})
    page = client.get("/scholen/").get_data(as_text=True)
    assert 'aria-label="Pagination"' in page and "Page 1 of 2" in page and ">Next<" in page
    assert "Volgende" not in page and "Pagina 1 van 2" not in page
