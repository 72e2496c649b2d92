"""The one error pattern in a browser: a refused form puts the focus on the summary, and a link
in it moves the focus to its field (with its label in view)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible

pytestmark = pytest.mark.browser


def is_focused(locator) -> bool:
    """Does this element have the keyboard focus?"""
    return locator.evaluate("el => el === document.activeElement")


def test_a_refused_form_focuses_the_summary_and_its_links_focus_the_fields(live, page):
    """Change password with a short new password and a different repeat: the summary has the
    focus and names both problems; Enter on a link puts the focus in that field."""
    user = live.user("coach")
    page.goto("/aanmelden")
    page.locator("#email").fill(user.email)
    page.locator("#password").fill(user.password)
    page.locator("#password").press("Enter")
    expect(page).to_have_url(f"{live.url}/")

    page.goto("/wachtwoord")
    page.locator("#current").fill(user.password)
    page.locator("#new").fill("kort")
    page.locator("#confirm").fill("anders")
    page.locator("#confirm").press("Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(page_title_starting_with("Fout: "))
    assert is_focused(summary)
    expect(summary.get_by_role("heading")).to_have_text("Er is een probleem")
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    expect(page.locator("#new")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#new")).to_have_attribute("aria-describedby", "new-fout")

    page.keyboard.press("Tab")
    assert is_focused(links.first)
    page.keyboard.press("Enter")
    assert is_focused(page.locator("#new"))
    expect(page.locator("label[for=new]")).to_be_in_viewport()

    links.nth(1).click()
    assert is_focused(page.locator("#confirm"))
    lesser = assert_accessible(page, "wachtwoord wijzigen met foutoverzicht")
    # Not even a minor or moderate one in the summary itself.
    assert not [v["id"] for v in lesser if "error-summary" in str(v.get("nodes"))], lesser


def page_title_starting_with(prefix: str):
    """A title pattern: the given start, anything after."""
    return re.compile("^" + re.escape(prefix))
