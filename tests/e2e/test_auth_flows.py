"""What a person can do today, in the browser: log in and out, switch language, hit a wrong URL."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import expect_field_error, expect_flash, login, logout, switch_language

pytestmark = pytest.mark.browser


def test_login_with_the_good_password_then_logout(live, page):
    """A coach types e-mail and password, lands on the home page, then logs out."""
    user = live.user("coach", name="Katrien Coach")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/aanmelden"))
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord", exact=True).fill(user.password)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(f"{live.url}/")
    expect_flash(page, "U bent aangemeld.", "success")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Katrien Coach")
    logout(page)
    expect_flash(page, "U bent afgemeld.", "info")
    page.goto("/wachtwoord")
    expect(page).to_have_url(re.compile(r"/aanmelden\?next="))


def test_wrong_password_shows_a_dutch_error_and_keeps_the_user_out(live, page):
    """A wrong password: a Dutch message in the error summary above the form, the e-mail kept,
    still logged out."""
    user = live.user("school")
    login(page, user.email, "helemaal-fout", expect_ok=False)
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Onbekend e-mailadres of verkeerd wachtwoord.")
    # role=alert: a screen reader announces it as soon as the page shows it.
    expect(summary.locator("[role=alert]")).to_contain_text("verkeerd wachtwoord")
    expect(page).to_have_url(re.compile(r"/aanmelden"))
    expect(page.locator("#email")).to_have_value(user.email)
    expect(page.locator("#password")).to_have_value("")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/aanmelden"))


def test_empty_login_form_ties_each_error_to_its_field(live, page):
    """Submitting nothing shows a Dutch message under each field, linked with aria-describedby."""
    page.goto("/aanmelden")
    page.get_by_role("button", name="Aanmelden").click()
    expect_field_error(page, "email", "Geef uw e-mailadres.")
    expect_field_error(page, "password", "Geef uw wachtwoord.")


def test_language_switch_to_english_and_back(live, page):
    """The language button switches the page to English and back, also across a login."""
    user = live.user("ministry")
    page.goto("/aanmelden")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    english = page.locator('button[name="lang"][value="en"]')
    expect(english).to_have_text("English")
    expect(english).to_have_attribute("lang", "en")

    switch_language(page, "en")
    expect(page).to_have_url(re.compile(r"/aanmelden$"))
    dutch = page.locator('button[name="lang"][value="nl"]')
    expect(dutch).to_have_text("Nederlands")
    expect(dutch).to_have_attribute("lang", "nl")

    login(page, user.email)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    switch_language(page, "nl")
    expect(page.locator('button[name="lang"][value="en"]')).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")


def test_unknown_address_shows_the_404_page(live, page):
    """A wrong URL answers 404 with a Dutch page and a way back (not a server error)."""
    response = page.goto("/dit-bestaat-niet")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Fout 404")
    expect(page.get_by_text("Deze pagina of dit object bestaat niet.")).to_be_visible()
    page.get_by_role("link", name="Terug naar het begin").click()
    expect(page).to_have_url(re.compile(r"/aanmelden"))


def test_forms_need_the_csrf_token_as_in_production(live, page):
    """The live server checks CSRF: a POST without the form's token is refused."""
    page.goto("/aanmelden")
    response = page.request.post(
        "/aanmelden", form={"email": "x@test.be", "password": "x"}, max_redirects=0
    )
    assert response.status == 400


def test_phone_user_logs_in_and_uses_the_folded_menu(live, phone):
    """On a phone the menu is folded; the language switch and logout are behind the menu button."""
    user = live.user("school")
    login(phone, user.email)
    expect(phone.locator("#hoofdmenu")).not_to_be_visible()
    switch_language(phone, "en")
    logout(phone)
    expect(phone.locator("html")).to_have_attribute("lang", "en")
