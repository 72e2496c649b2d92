"""The header, the footer and the menu's current item, as a person sees them in a browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, login, open_menu, switch_language

pytestmark = pytest.mark.browser


def test_footer_links_lead_to_the_statements_in_both_languages(live, phone):
    """On a 390 px phone, before logging in: the header names service and organisation, each
    footer link opens its page, and the English switch gives the English text."""
    phone.goto("/aanmelden")
    brand = phone.locator(".navbar-brand")
    expect(brand).to_contain_text("Lerende netwerken")
    expect(brand).to_contain_text(live.app.config["ORGANISATION_NAME"])
    footer = phone.get_by_role("navigation", name="Over deze website")
    for link, heading in (
        ("Toegankelijkheidsverklaring", "Toegankelijkheidsverklaring"),
        ("Privacyverklaring", "Privacyverklaring"),
        ("Contact", "Contact"),
    ):
        footer.get_by_role("link", name=link).click()
        expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
        footer = phone.get_by_role("navigation", name="Over deze website")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone, "contact (phone)")
    switch_language(phone, "en")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Contact")
    phone.get_by_role("navigation", name="About this website").get_by_role(
        "link", name="Privacy notice"
    ).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Privacy notice")
    assert_accessible(phone, "privacy notice in English (phone)")


def test_one_menu_item_is_current(live, page):
    """A school contact on the calls page: only "Oproepen" carries aria-current, then only
    "Netwerken" on the list of networks."""
    user = live.user("school")
    login(page, user.email, user.password)
    page.goto("/netwerken/oproepen")
    open_menu(page)
    current = page.locator('#hoofdmenu [aria-current="page"]')
    expect(current).to_have_count(1)
    expect(current).to_have_text("Oproepen")
    page.goto("/netwerken/")
    expect(current).to_have_count(1)
    expect(current).to_have_text(re.compile(r"^\s*Netwerken\s*$"))


def test_link_buttons_actions_and_school_codes_on_a_phone(live, phone):
    """With the app's stylesheet on a 390 px phone: a link-button centres its text like a button,
    a secondary action is not Bootstrap's disabled-looking grey, a school code stays on one line."""
    phone.goto("/aanmelden")
    phone.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend', `
        <div id="probe">
          <a id="link-btn" class="btn btn-outline-secondary" href="#">Output</a>
          <button id="real-btn" class="btn btn-outline-secondary" type="button">Output</button>
          <div style="width: 3em"><span id="code" class="school-code">ABC-123-XYZ</span></div>
        </div>`)"""
    )
    shape = phone.evaluate(
        """() => {
        const centre = (el) => {
          const box = el.getBoundingClientRect();
          const range = document.createRange();
          range.selectNodeContents(el);
          const text = range.getBoundingClientRect();
          return {box: box.top + box.height / 2, text: text.top + text.height / 2,
                  height: box.height};
        };
        const code = document.getElementById('code');
        return {
          link: centre(document.getElementById('link-btn')),
          button: centre(document.getElementById('real-btn')),
          colour: getComputedStyle(document.getElementById('link-btn')).color,
          codeLines: code.getClientRects().length,
          codeHeight: code.getBoundingClientRect().height,
          lineHeight: parseFloat(getComputedStyle(code).lineHeight) || 24,
        };
      }"""
    )
    assert shape["link"]["height"] >= 44  # the phone's tap target
    assert abs(shape["link"]["box"] - shape["link"]["text"]) <= 2
    assert abs(shape["button"]["box"] - shape["button"]["text"]) <= 2
    assert shape["colour"] != "rgb(108, 117, 125)"  # Bootstrap's secondary grey
    assert shape["codeLines"] == 1 and shape["codeHeight"] <= shape["lineHeight"] * 1.5
