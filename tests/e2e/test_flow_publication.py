"""A ministry user publishes the participation report for a written answer; a backdated move
recorded afterwards makes the publication's page say that its figures changed (issue 17)."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.flows import MODE_IDS, MODES, Person, make_world
from tests.factories import make_registration, make_school
from tests.publications.factories import backdated_move_on

pytestmark = pytest.mark.browser


def _scene() -> tuple[int, int]:
    """make_world's network (three accepted schools) and a school whose paper registration was
    submitted ten days ago and is accepted later: (network, school)."""
    world = make_world()
    paper = make_school(name="Middenschool Papier")
    make_registration(
        school_id=paper,
        network_id=world.network,
        history=[("submitted", date.today() - timedelta(days=10))],
    )
    return world.network, paper


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_ministry_publishes_and_sees_a_later_backdated_move(live, page, lang, keyboard):
    """Report -> Publiceren with a title -> the publication page (no notice); then a school is
    accepted effective yesterday, recorded now: the page shows the notice and the changed row."""
    network, paper = live.seed(_scene)
    me = Person(page, lang, keyboard)
    me.log_in(live.user("ministry").email)

    me.menu("Rapporten")
    me.press(me.link("Deelname per ankerschool"))
    me.type(me.field("Titel van de publicatie"), "Schriftelijke vraag nr. 123")
    me.press(me.button("Publiceren"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Schriftelijke vraag nr. 123")
    expect(page.get_by_text(me.t("Het rapport is gepubliceerd."))).to_be_visible()
    notice = me.tn(
        "Sinds de publicatie zijn gegevens gewijzigd: %(num)s rij",
        "Sinds de publicatie zijn gegevens gewijzigd: %(num)s rijen",
        1,
        num=1,
    )
    expect(page.get_by_text(notice)).to_have_count(0)
    publication_url = page.url

    # A paper registration entered now, effective yesterday (on or before the peildatum).
    backdated_move_on(live.app, paper, network, date.today() - timedelta(days=1))

    page.goto(publication_url)
    expect(page.get_by_role("heading", name=notice)).to_be_visible()
    changed_row = page.get_by_role("heading", level=3)
    expect(changed_row).to_contain_text("Netwerk Wiskunde")
    expect(changed_row).to_contain_text(me.t("gepubliceerd %(was)s, nu %(now)s", was="3", now="4"))
    expect(page.get_by_text("Middenschool Papier")).to_have_count(0)  # ministry: codes only

    me.menu("Publicaties")
    expect(page.get_by_role("link", name="Schriftelijke vraag nr. 123")).to_be_visible()
