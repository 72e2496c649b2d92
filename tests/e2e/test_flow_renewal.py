"""Renewal per school year in the browser: a school contact confirms on a 390 px phone from its
home page (in Dutch with the mouse, in English with the keyboard), and the coach's list then
shows the school as confirmed."""

import re

import pytest
from playwright.sync_api import expect

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.networks.renewal import services
from netwerk.networks.renewal.models import RenewalAnswer
from netwerk.timeutil import SchoolYear, today
from tests.e2e.browser import assert_accessible, assert_fits
from tests.e2e.conftest import PHONE
from tests.e2e.flows import MODE_IDS, MODES, Person, make_world
from tests.factories import make_school

pytestmark = pytest.mark.browser
COMING = SchoolYear(SchoolYear.of(today()).start_year + 1)


def _round_asking_our_school() -> dict:
    """make_world's network with our school accepted, and its coach's round for the coming year."""
    school = make_school(name="Sint-Jozefscollege", institution_number="126771")
    world = make_world(school_ids=[school])
    coach = db.session.get(User, world.coach)
    services.open_round(coach, db.session.get(Network, world.network), COMING)
    db.session.commit()
    return {"school": school, "network": world.network, "coach": coach.email}


def _confirmed() -> list[bool]:
    """Which answers are confirmed, in order."""
    return [a.is_confirmed for a in db.session.query(RenewalAnswer).order_by(RenewalAnswer.id)]


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_school_contact_confirms_on_a_phone(live, open_page, lang, keyboard):
    """Home page -> the block asks about the coming year -> "Herbevestigen" -> thanked, the
    block says confirmed, no button left; nothing wider than the phone, no axe violation. The
    coach's list counts one of three schools confirmed."""
    scene = live.seed(_round_asking_our_school)
    contact = live.user("school", school_ids=[scene["school"]], name="An Directeur")
    page = open_page(**PHONE)
    me = Person(page, lang, keyboard)
    me.log_in(contact.email)
    page.goto("/")

    block = page.locator("section", has=page.locator("#home-herbevestigen"))
    expect(page.locator("#home-herbevestigen")).to_have_text(
        me.t("Herbevestigen voor het volgende schooljaar")
    )
    expect(block).to_contain_text("Netwerk Wiskunde")
    expect(block).to_contain_text(str(COMING))
    assert_fits(page)
    assert_accessible(page, "herbevestigen op de startpagina")

    me.press(block.get_by_role("button", name=me.exact("Herbevestigen")))
    thanks = me.t(
        "Bedankt: %(school)s neemt in %(year)s opnieuw deel aan %(network)s.",
        school="Sint-Jozefscollege",
        year=str(COMING),
        network="Netwerk Wiskunde",
    )
    expect(page.locator(".flashes")).to_contain_text(thanks)
    said = me.t("Bevestigd voor %(year)s op %(moment)s.", year=str(COMING), moment="MOMENT")
    expect(block).to_contain_text(re.compile(re.escape(said).replace("MOMENT", ".+")))
    expect(block.get_by_role("button")).to_have_count(0)
    assert_fits(page)
    assert live.seed(_confirmed) == [True, False, False]

    coach = open_page(**PHONE)
    them = Person(coach, lang, keyboard)
    them.log_in(scene["coach"])
    coach.goto(f"/netwerken/{scene['network']}/herbevestiging")
    expect(coach.locator(".renewal-counts")).to_contain_text(
        them.t("Bevestigd: %(yes)s van %(all)s · Nog niet bevestigd: %(no)s", yes=1, all=3, no=2)
    )
    assert_fits(coach)
    assert_accessible(coach, "herbevestiging van de coach")
