"""axe-core (WCAG 2.1 A/AA) on every main page in every role, in Dutch and in English."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import (
    assert_accessible,
    axe_violations,
    blocking,
    describe_violations,
    login,
    switch_language,
)

pytestmark = pytest.mark.browser

# (role, url): None is a visitor who is not logged in. Add a row for every main page a feature adds.
PAGES = [
    (None, "/aanmelden"),
    ("admin", "/"),
    ("ministry", "/"),
    ("coach", "/"),
    ("school", "/"),
    ("coach", "/wachtwoord"),
    ("ministry", "/rapporten/"),
    ("ministry", "/rapporten/deelname"),
    ("ministry", "/rapporten/bereik"),
    ("ministry", "/rapporten/evolutie"),
    ("ministry", "/rapporten/inzet"),
    (None, "/bestaat-niet"),
    ("school", "/bestaat-niet"),
]
ROLES = list(dict.fromkeys(role for role, _ in PAGES))
LANGUAGES = ["nl", "en"]
# Scenes: data a role's pages need before they can be scanned, e.g. {"coach": seed_a_network}.
# Each is called with the live server and the logged-in user before the scan.
SCENES: dict = {}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ROLES, ids=[r or "anoniem" for r in ROLES])
def test_pages_have_no_serious_accessibility_violations(live, page, role, lang):
    """Every page of PAGES for this role, in this language: no serious or critical axe violation.

    One login per role and language (the scan itself is quick); all pages are scanned before
    the test fails, so one run lists every broken page.
    """
    user = live.user(role) if role else None
    if role in SCENES:
        SCENES[role](live, user)
    if user:
        login(page, user.email)
    else:
        page.goto("/aanmelden")
    if lang != "nl":
        switch_language(page, lang)
    failures = []
    for url in [u for r, u in PAGES if r == role]:
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("h1")).to_have_count(1)
        found = blocking(axe_violations(page))
        if found:
            failures.append(describe_violations(found, f"{role or 'anoniem'}, {lang}", page.url))
    assert not failures, "\n\n".join(failures)


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
