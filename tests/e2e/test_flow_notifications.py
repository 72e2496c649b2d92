"""A coach finds Meldingen in the menu and chooses a daily digest without reminders; in Dutch with
the mouse, in English with the keyboard, and on a 390 px phone."""

import pytest
from playwright.sync_api import expect

from netwerk.auth.models import RegistrationMail, User
from netwerk.extensions import db
from tests.e2e.browser import assert_fits
from tests.e2e.conftest import PHONE
from tests.e2e.flows import MODE_IDS, MODES, Person

pytestmark = pytest.mark.browser


def _settings(user_id: int) -> tuple:
    user = db.session.get(User, user_id)
    return user.registration_mail, user.wants_reminders


def _choose_a_daily_digest(me: Person, live, coach) -> None:
    """Menu -> Meldingen -> 'one summary a day', reminders off -> Opslaan -> saved and shown."""
    me.log_in(coach.email)
    me.menu("Meldingen")
    expect(me.page.get_by_role("heading", level=1)).to_have_text(me.t("Meldingen"))
    reminders = me.field(
        "Herinner mij aan inschrijvingen waarover nog niet beslist is, een week voor de start"
    )
    expect(reminders).to_be_checked()
    me.toggle(me.field("Eén overzicht per dag, 's ochtends"))
    if me.keyboard:
        reminders.focus()
        me.page.keyboard.press("Space")
    else:
        reminders.click()
    expect(reminders).not_to_be_checked()
    me.press(me.button("Opslaan"))
    expect(me.page.locator(".flashes")).to_contain_text(me.t("Uw meldingen zijn opgeslagen."))
    expect(me.field("Eén overzicht per dag, 's ochtends")).to_be_checked()
    assert live.seed(lambda: _settings(coach.id)) == (RegistrationMail.daily, False)


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_a_coach_chooses_a_daily_digest(live, page, lang, keyboard):
    """Desktop, both languages, mouse and keyboard."""
    _choose_a_daily_digest(Person(page, lang, keyboard), live, live.user("coach"))


def test_a_coach_chooses_a_daily_digest_on_a_phone(live, open_page):
    """The same on a 390 px phone: the menu folds, the page does not scroll sideways."""
    phone = open_page(**PHONE)
    _choose_a_daily_digest(Person(phone), live, live.user("coach"))
    assert_fits(phone)
