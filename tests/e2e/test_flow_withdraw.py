"""A school contact withdraws a registration through its confirmation page and registers the
school again; in Dutch with the mouse, in English with the keyboard, and on a 390 px phone."""

import pytest
from playwright.sync_api import Page, expect

from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus
from tests.e2e.browser import assert_fits
from tests.e2e.flows import MODE_IDS, MODES, Person, make_world
from tests.factories import make_school

pytestmark = pytest.mark.browser
S = RegistrationStatus


def _school_in_world() -> dict:
    """A network whose first accepted school is ours (Sint-Jozefscollege, 126771)."""
    school = make_school(name="Sint-Jozefscollege", institution_number="126771")
    world = make_world(school_ids=[school])
    return {"school": school, "network": world.network}


def _registration_of(school_id: int) -> tuple[int, str, S]:
    """(id, reference, status) of the school's newest registration."""
    registration = (
        db.session.query(Registration)
        .filter_by(school_id=school_id)
        .order_by(Registration.id.desc())
        .first()
    )
    return registration.id, registration.reference, registration.status


def _withdraw_and_register_again(live, page: Page, me: Person) -> None:
    """Mijn inschrijvingen -> 'Inschrijving intrekken' -> the page says what will happen ->
    'Annuleren' changes nothing -> again, 'Ja, inschrijving intrekken' -> 'ingetrokken' ->
    'Opnieuw inschrijven' -> the form with the school chosen -> 'Inschrijven' -> the
    confirmation of a new registration, submitted, naming the earlier period."""
    scene = live.seed(_school_in_world)
    contact = live.user("school", school_ids=[scene["school"]], name="An Directeur")
    registration_id, reference, _status = live.seed(_registration_of, scene["school"])
    me.log_in(contact.email)

    me.menu("Mijn inschrijvingen")
    me.press(me.link("Inschrijving intrekken"))
    expect(page.get_by_role("heading", level=1)).to_have_text(me.t("Inschrijving intrekken"))
    main = page.locator("main")
    expect(main).to_contain_text("Sint-Jozefscollege (126771, Antwerpen)")
    expect(main).to_contain_text("Netwerk Wiskunde")
    expect(main).to_contain_text(
        me.t("De plaats gaat meteen naar de eerste school op de wachtlijst.")
    )
    assert_fits(page)
    me.press(me.link("Annuleren"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        me.t("Inschrijving %(reference)s", reference=reference)
    )
    assert live.seed(_registration_of, scene["school"])[2] is S.accepted

    me.press(me.link("Inschrijving intrekken"))
    me.press(me.button("Ja, inschrijving intrekken"))
    expect(page.locator(".flashes")).to_contain_text(me.t("De inschrijving is ingetrokken."))
    expect(main).to_contain_text(me.t("ingetrokken"))
    assert live.seed(_registration_of, scene["school"])[2] is S.withdrawn

    me.press(me.link("Opnieuw inschrijven"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        me.t("Inschrijven voor %(name)s", name="Netwerk Wiskunde")
    )
    expect(me.field("School")).to_have_value(str(scene["school"]))
    me.toggle(
        me.field("De school engageert zich om aan de bijeenkomsten van het netwerk deel te nemen.")
    )
    me.press(me.button("Inschrijven"))
    # Only the new registration's page names an earlier period: the POST is done.
    expect(main.locator(".earlier-periods")).to_contain_text(me.t("Eerder ingeschreven:"))
    again_id, again_reference, status = live.seed(_registration_of, scene["school"])
    assert again_id != registration_id and status is S.submitted
    expect(page.get_by_role("heading", level=1)).to_have_text(
        me.t("Inschrijving %(reference)s", reference=again_reference)
    )
    expect(page.get_by_role("heading", name=me.exact("Wat gebeurt er nu?"))).to_be_visible()
    expect(main).to_contain_text(me.t("ingediend"))
    assert_fits(page)


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_school_withdraws_after_confirming_and_registers_again(live, page, lang, keyboard):
    """On a desktop, in Dutch with the mouse and in English with the keyboard alone."""
    _withdraw_and_register_again(live, page, Person(page, lang, keyboard))


def test_withdraw_and_register_again_on_a_phone(live, phone):
    """On a 390 px phone: the same flow, and no page is wider than the screen."""
    _withdraw_and_register_again(live, phone, Person(phone, "nl"))
