"""A school contact's home page and the calls list, in Dutch with the mouse and in English with the
keyboard, on a desktop and on a 390 px phone: its two schools of one name told apart, the open
calls for their level with "al ingeschreven", its own registrations only, no sideways scrolling."""

import pytest
from playwright.sync_api import Page, expect

from netwerk.extensions import db
from netwerk.networks.models import Call, Network
from netwerk.schools.models import School, SchoolLevel
from tests.e2e.browser import assert_accessible
from tests.e2e.conftest import PHONE
from tests.e2e.flows import _ENGLISH, MODE_IDS, MODES, Person, make_world
from tests.factories import make_network, make_registration, make_school, make_user

pytestmark = pytest.mark.browser

FIRST = "Sint-Jozefscollege (126771, Antwerpen)"
SECOND = "Sint-Jozefscollege (126789, Hasselt)"


def _scene() -> dict:
    """make_world's open call for two secondary networks, plus a primary one in the same call;
    a contact of two secondary schools of one name, the first registered for Netwerk Wiskunde;
    another school user's registration for Netwerk Taal (never to be seen here)."""
    world = make_world()
    first = make_school(name="Sint-Jozefscollege", institution_number="126771")
    second = make_school(name="Sint-Jozefscollege", institution_number="126789")
    db.session.get(School, second).municipality = "Hasselt"
    primary = make_network(
        programme_id=world.programme, name="Netwerk Kleuters", level=SchoolLevel.basis
    )
    call = db.session.get(Call, world.call)
    call.networks.append(db.session.get(Network, primary))
    db.session.commit()
    contact = make_user(role="school", email="directie@sintjozef.be", school_ids=[first, second])
    mine = make_registration(school_id=first, network_id=world.network)
    stranger = make_school(name="Stille School")
    make_user(role="school", email="stil@school.be", school_ids=[stranger])
    theirs = make_registration(school_id=stranger, network_id=world.other_network)
    return {"contact": contact, "mine": mine, "theirs": theirs, "primary": primary}


def plural(person: Person, singular: str, plural_: str, n: int) -> str:
    """The text of an ngettext msgid in the person's language."""
    if person.lang == "en":
        return _ENGLISH.ngettext(singular, plural_, n)
    return singular if n == 1 else plural_


def assert_no_sideways_scroll(page: Page) -> None:
    """Nothing sticks out of the viewport: the page never scrolls sideways (WCAG 1.4.10)."""
    page.wait_for_load_state("load")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"de pagina is {widths[0]}px breed op {widths[1]}px"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "390px"])
@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_school_home_page(live, open_page, lang, keyboard, phone):
    """After logging in: the two schools by label, the open calls for their level (the primary
    network left out) with the deadline and "al ingeschreven", its own registration with status
    and reference (not the other school's); "Inschrijven" leads to the register page."""
    scene = live.seed(_scene)
    page = open_page(**PHONE) if phone else open_page()
    me = Person(page, lang, keyboard)
    me.log_in("directie@sintjozef.be")
    page.goto("/")

    schools = page.locator("section", has=page.locator("#home-scholen"))
    expect(page.locator("#home-scholen")).to_have_text(plural(me, "Uw school", "Uw scholen", 2))
    expect(schools.get_by_role("listitem")).to_have_count(2)
    expect(schools).to_contain_text(FIRST)
    expect(schools).to_contain_text(SECOND)

    calls = page.locator("section", has=page.locator("#home-oproepen"))
    expect(page.locator("#home-oproepen")).to_have_text(
        me.t("Open oproepen voor uw onderwijsniveau")
    )
    networks = calls.locator(".call-network")
    expect(networks).to_have_count(2)
    expect(calls).not_to_contain_text("Netwerk Kleuters")
    wiskunde = networks.filter(has_text="Netwerk Wiskunde")
    expect(wiskunde.locator(".already-registered")).to_have_text(
        f"{me.t('al ingeschreven')}: {FIRST}"
    )
    expect(networks.filter(has_text="Netwerk Taal").locator(".already-registered")).to_have_count(0)

    registrations = page.locator("section", has=page.locator("#home-inschrijvingen"))
    expect(registrations.locator(".registration-block")).to_have_count(1)
    expect(registrations).to_contain_text(f"Netwerk Wiskunde – {FIRST}")
    expect(registrations).to_contain_text(f"INS-{scene['mine']:06d}")
    expect(registrations).to_contain_text(me.t("ingediend"))
    expect(registrations).not_to_contain_text(f"INS-{scene['theirs']:06d}")
    expect(page.get_by_text("Stille School")).to_have_count(0)

    assert_no_sideways_scroll(page)
    assert_accessible(page, "home van een school")
    taal = networks.filter(has_text="Netwerk Taal")
    expect(taal.get_by_role("link", name=me.exact("Inschrijven"))).to_have_accessible_description(
        "Netwerk Taal"
    )
    me.press(taal.get_by_role("link", name=me.exact("Inschrijven")))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Netwerk Taal")


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_calls_list_on_a_phone(live, open_page, lang, keyboard):
    """The calls list at 390 px: a block per network with its level, "al ingeschreven" with the
    school, the hint on the primary network, an "Inschrijven" button per network; no sideways
    scrolling."""
    live.seed(_scene)
    page = open_page(**PHONE)
    me = Person(page, lang, keyboard)
    me.log_in("directie@sintjozef.be")
    me.menu("Oproepen")
    expect(page.get_by_role("heading", level=1)).to_have_text(me.t("Open oproepen"))
    networks = page.locator(".call-network")
    expect(networks).to_have_count(3)
    wiskunde = networks.filter(has_text="Netwerk Wiskunde")
    expect(wiskunde).to_contain_text(me.t("secundair onderwijs"))
    expect(wiskunde.locator(".already-registered")).to_have_text(me.t("al ingeschreven"))
    expect(wiskunde).to_contain_text(FIRST)
    kleuters = networks.filter(has_text="Netwerk Kleuters")
    expect(kleuters).to_contain_text(me.t("basisonderwijs"))
    expect(kleuters.locator(".level-hint")).to_have_text(
        me.t("Geen van uw scholen heeft dit niveau.")
    )
    expect(networks.filter(has_text="Netwerk Taal").locator(".level-hint")).to_have_count(0)
    # The second school may still register for Netwerk Wiskunde: every network has its button.
    for name in ("Netwerk Wiskunde", "Netwerk Taal", "Netwerk Kleuters"):
        button = networks.filter(has_text=name).get_by_role("link", name=me.exact("Inschrijven"))
        # Named "Inschrijven", described by the network's name for a screen reader.
        expect(button).to_have_accessible_description(name)
        expect(button).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_accessible(page, "open oproepen op een telefoon")
    me.press(kleuters.get_by_role("link", name=me.exact("Inschrijven")))
    expect(page.locator("#niveau-waarschuwing")).to_contain_text(FIRST)
    expect(page.locator("#niveau-waarschuwing")).to_contain_text(SECOND)
    assert_no_sideways_scroll(page)
