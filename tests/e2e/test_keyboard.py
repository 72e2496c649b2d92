"""The app with the keyboard alone: Tab, Shift+Tab, Enter and Space, never the mouse."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_focus_visible, expect_flash, focused, tab_to

pytestmark = pytest.mark.browser


def is_focused(locator) -> bool:
    """Does this element have the keyboard focus?"""
    return locator.evaluate("el => el === document.activeElement")


def test_login_language_and_logout_with_the_keyboard_only(live, page):
    """Skip link, login form, language switch and logout, each with a visible focus ring."""
    user = live.user("coach")
    page.goto("/aanmelden")

    # The first Tab lands on the skip link, which appears when it has the focus.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert is_focused(skip)
    expect(skip).to_be_visible()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))
    # The skip link moved the focus into the main content: the next stop is the first field.
    page.keyboard.press("Tab")
    assert focused(page)["what"].startswith("input#email"), focused(page)
    assert_focus_visible(page)
    page.keyboard.type(user.email)

    tab_to(page, page.locator("#password"))
    page.keyboard.type(user.password)
    tab_to(page, page.locator("#remember"))
    page.keyboard.press("Space")
    expect(page.locator("#remember")).to_be_checked()
    # Back and forth: Shift+Tab returns to the password, Tab twice more reaches the button.
    tab_to(page, page.locator("#password"), backwards=True)
    expect(page.locator("#password")).to_have_value(user.password)
    tab_to(page, page.locator("#submit"))
    page.keyboard.press("Enter")

    # The browser keeps the #inhoud of the skip link across the redirect after login.
    expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/(#inhoud)?$"))
    expect_flash(page, "U bent aangemeld.", "success")

    # The focus starts in the main content (#inhoud); the header with the switch lies before it.
    tab_to(page, page.locator('button[name="lang"][value="en"]'), backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    tab_to(page, page.locator('button[name="lang"][value="nl"]'), backwards=True)
    page.keyboard.press("Space")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    tab_to(page, page.locator('form[action$="/afmelden"] button'), backwards=True)
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"/aanmelden"))
    expect_flash(page, "U bent afgemeld.")


def test_every_stop_on_the_home_page_shows_its_focus(live, page):
    """Tabbing through the whole home page, every element that gets the focus shows a ring."""
    user = live.user("admin")
    page.goto("/aanmelden")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(user.password)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(f"{live.url}/")
    page.wait_for_load_state("load")  # the focus ring comes from our stylesheet
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is None or info["what"] in seen:
            break  # back at the start: every stop has been checked
        assert_focus_visible(page)
        seen.append(info["what"])
    assert len(seen) >= 4, seen
