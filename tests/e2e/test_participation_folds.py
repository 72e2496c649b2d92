"""The participation page sized for people: per level the anchor schools with their totals, each
anchor's networks in a <details> that opens on demand (by keyboard too), accessible open and
folded, on a desktop and on a phone. Printing (all open) is tests/e2e/test_print.py."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_accessible, assert_fits, login
from tests.e2e.test_print import _participation_scene

pytestmark = pytest.mark.browser


def test_anchors_fold_their_networks_and_open_by_keyboard(live, page):
    """One summary per anchor and level (anchor, total, how many networks); the networks hidden
    until opened; Enter on the focused summary opens it, again folds it."""
    scene = live.seed(_participation_scene)
    login(page, live.user("ministry").email)
    page.goto("/rapporten/deelname")
    totals: dict[str, int] = {}
    networks: dict[str, int] = {}
    for anchor, _network, count in scene["rows"]:
        totals[anchor] = totals.get(anchor, 0) + count
        networks[anchor] = networks.get(anchor, 0) + 1
    summaries = page.locator("details.anchor-block > summary")
    expect(summaries).to_have_count(len(totals))
    texts = summaries.all_inner_texts()
    for anchor, total in totals.items():
        n = networks[anchor]
        word = "netwerk" if n == 1 else "netwerken"
        schools = "school" if total == 1 else "scholen"
        assert f"{anchor}: {total} {schools} in {n} {word}" in texts, (anchor, texts[:5])
    # Folded: no network row in sight, the totals are.
    expect(page.get_by_role("cell", name="Netwerk 07b", exact=True)).to_be_hidden()
    expect(page.get_by_text(re.compile(r"^Totaal inschrijvingen")).first).to_be_visible()

    seven = summaries.filter(has_text="Anker 07:")
    seven.focus()
    page.keyboard.press("Enter")
    expect(page.locator("details.anchor-block[open]")).to_have_count(1)
    for network in ("Netwerk 07a", "Netwerk 07b", "Netwerk 07c"):
        expect(page.get_by_role("cell", name=network, exact=True)).to_be_visible()
    # The count links to its list; its name says how many schools, in which network.
    link = page.locator("details[open] td.num a").first
    expect(link).to_have_attribute("aria-label", re.compile(r"scholen? in Netwerk 07a"))
    page.keyboard.press("Enter")
    expect(page.locator("details.anchor-block[open]")).to_have_count(0)


def test_folded_and_opened_page_is_accessible(live, page):
    """axe-core finds nothing serious with the anchors folded, nor with every anchor open."""
    live.seed(_participation_scene)
    login(page, live.user("ministry").email)
    page.goto("/rapporten/deelname")
    assert_accessible(page, "deelname, gevouwen")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page, "deelname, alles open")


def test_opened_anchors_fit_a_phone(live, phone):
    """On a 390 px phone the page, with every anchor open, scrolls only up and down."""
    live.seed(_participation_scene)
    login(phone, live.user("ministry").email)
    phone.goto("/rapporten/deelname")
    phone.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_fits(phone, "deelname op een telefoon, alles open")
