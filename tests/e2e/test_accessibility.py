"""axe-core (WCAG 2.1 A/AA) on every main page in every role, in Dutch and in English."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, login, switch_language

pytestmark = pytest.mark.browser

# (role, url): None is a visitor who is not logged in. Add a row for every page a feature adds;
# pages that need data get it from a seed function in SCENES.
PAGES = [
    (None, "/aanmelden"),
    ("admin", "/"),
    ("ministry", "/"),
    ("coach", "/"),
    ("school", "/"),
    ("coach", "/wachtwoord"),
    (None, "/bestaat-niet"),
    ("school", "/bestaat-niet"),
]
LANGUAGES = ["nl", "en"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("role", "url"), PAGES, ids=[f"{r or 'anoniem'}:{u}" for r, u in PAGES])
def test_page_has_no_serious_accessibility_violations(live, page, role, url, lang):
    """No serious or critical axe violation on this page, for this role, in this language."""
    if role:
        login(page, live.user(role).email)
    else:
        page.goto("/aanmelden")
    if lang != "nl":
        switch_language(page, lang)
    page.goto(url)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page, f"{url} ({role or 'anoniem'}, {lang})")


def test_login_page_with_errors_is_accessible(live, page):
    """The login form showing its field errors still passes axe."""
    page.goto("/aanmelden")
    page.locator("#submit").click()
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "aanmelden met fouten")


def test_home_on_a_phone_is_accessible_with_the_menu_open(live, phone):
    """On a phone the folded menu, once opened, passes axe too."""
    login(phone, live.user("coach").email)
    phone.locator(".navbar-toggler").tap()
    expect(phone.locator("#hoofdmenu")).to_be_visible()
    assert_accessible(phone, "start op een telefoon, menu open")


def test_login_and_password_fields_say_what_they_are_for(live, page):
    """WCAG 1.3.5: the fields carry autocomplete purposes (axe only checks values that are there)."""
    page.goto("/aanmelden")
    expect(page.locator("#email")).to_have_attribute("autocomplete", "username")
    expect(page.locator("#password")).to_have_attribute("autocomplete", "current-password")
    login(page, live.user("school").email)
    page.goto("/wachtwoord")
    expect(page.locator("#current")).to_have_attribute("autocomplete", "current-password")
    expect(page.locator("#new")).to_have_attribute("autocomplete", "new-password")
    expect(page.locator("#confirm")).to_have_attribute("autocomplete", "new-password")
