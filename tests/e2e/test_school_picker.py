"""The school picker with the keyboard: type, arrow down, Enter, and the form registers the school;
without JavaScript the search form and its short list do the same."""

import re

import pytest
from playwright.sync_api import expect

from netwerk.extensions import db
from netwerk.networks.models import Registration
from tests.e2e.browser import assert_accessible, login
from tests.factories import make_school
from tests.networks.factories import open_network

pytestmark = pytest.mark.browser


def _scene():
    """A secundair network and schools of two levels whose names share words."""
    return {
        "network": open_network(),
        "basis": make_school(name="Sint-Jozef Basisschool", level="basis"),
        "secundair": make_school(name="Sint-Jozef Zuid", level="secundair"),
    }


def _registered_school(network_id: int) -> int | None:
    return db.session.query(Registration.school_id).filter_by(network_id=network_id).scalar()


def test_combobox_with_the_keyboard(live, page):
    """'jozef sint' offers both schools, the network's level first; ArrowDown + Enter chooses
    the first; the registration is stored for that school."""
    admin = live.user("admin")
    scene = live.seed(_scene)
    login(page, admin.email)
    page.goto(f"/netwerken/{scene['network']}/aanmelden")
    combo = page.get_by_role("combobox", name="School")
    expect(combo).to_be_visible()
    expect(page.locator("[data-school-search]")).to_be_hidden()  # one field instead of two
    combo.focus()
    page.keyboard.type("jozef sint")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(combo).to_have_attribute("aria-expanded", "true")
    expect(listbox.get_by_role("option").first).to_have_text(re.compile(r"^Sint-Jozef Zuid"))
    assert_accessible(page, "schoolkiezer open")
    page.keyboard.press("ArrowDown")
    expect(combo).to_have_attribute("aria-activedescendant", re.compile(r".+-0$"))
    page.keyboard.press("Enter")  # chooses; does not submit the form
    expect(combo).to_have_value(re.compile(r"^Sint-Jozef Zuid \("))
    expect(combo).to_have_attribute("aria-expanded", "false")
    page.locator("#contact_name").fill("Jan")
    page.locator("#contact_email").fill("jan@school.be")
    page.locator("#commitment").check()
    page.locator("#submit").click()
    expect(page).not_to_have_url(re.compile(r"/aanmelden"))
    assert live.seed(_registered_school, scene["network"]) == scene["secundair"]


def test_without_javascript_search_and_short_list(live, open_page):
    """With JavaScript off: search with the button, the results are a visible list to choose."""
    admin = live.user("admin")
    scene = live.seed(_scene)
    page = open_page(java_script_enabled=False)
    login(page, admin.email)
    page.goto(f"/netwerken/{scene['network']}/aanmelden")
    page.get_by_role("searchbox", name="Zoek de school").fill("sint jozef")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status").filter(has_text="2 scholen gevonden")).to_be_visible()
    school = page.get_by_label("School", exact=True)
    expect(school.locator("option")).to_have_count(3)  # "Kies een school" and two schools
    expect(school.locator("option").nth(1)).to_have_text(re.compile(r"^Sint-Jozef Zuid"))


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_picker_and_report_switch_fit_a_phone(live, phone):
    """At 390 px the picker's suggestions and the report panel's basis switch fit the screen;
    the switch is operated with a tap and shows the basis chosen."""
    admin = live.user("admin")
    scene = live.seed(_scene)
    login(phone, admin.email)
    phone.goto(f"/netwerken/{scene['network']}/aanmelden")
    combo = phone.get_by_role("combobox", name="School")
    combo.fill("sint jozef")
    expect(phone.get_by_role("option")).to_have_count(2)
    assert _fits(phone)
    phone.goto("/rapporten/deelname")
    participating = phone.get_by_role("radio", name=re.compile("^deelnemend"))
    expect(phone.get_by_role("radio", name=re.compile("^ingeschreven"))).to_be_checked()
    phone.locator(f"label[for='{participating.get_attribute('id')}']").click()
    expect(participating).to_be_checked()
    assert _fits(phone)
