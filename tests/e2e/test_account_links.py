"""Accounts that help themselves, in the browser: a forgotten password and an invitation, each
end to end with the mail read from the live server's outbox, in Dutch on a desktop and in
English on a 390 px phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import assert_accessible, expect_flash, login, logout, switch_language
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.flows import Person

pytestmark = pytest.mark.browser

NEW_PASSWORD = "mijn-eigen-nieuw-wachtwoord"
WAYS = [("nl", DESKTOP), ("en", PHONE)]
WAY_IDS = ["nl-desktop", "en-telefoon"]


def _link_in_last_mail(live, to: str, path: str) -> tuple[str, object]:
    """The link to `path` in the newest mail of the outbox, which must be addressed to `to`."""
    mails = live.mails()
    assert mails, "geen mail in de outbox"
    message = mails[-1]
    assert message["To"] == to
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    url = re.search(rf"{re.escape(live.url)}{path}\S+", text).group(0)
    assert f'href="{url}"' in html
    return url, message


def _fits_the_screen(page: Page) -> None:
    """Nothing sticks out sideways (a 390 px phone scrolls only down)."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _in_language(page: Page, lang: str) -> Person:
    page.goto("/aanmelden")
    if lang != "nl":
        switch_language(page, lang)
    return Person(page, lang)


@pytest.mark.parametrize(("lang", "device"), WAYS, ids=WAY_IDS)
def test_forgotten_password_end_to_end(live, open_page, lang, device):
    """From the login page's "Wachtwoord vergeten?" to a mail, the link, a new password and a
    login with it; the used link then says it no longer works."""
    user = live.user("school", name="Sofie School")
    page = open_page(**device)
    person = _in_language(page, lang)
    page.get_by_role("link", name=person.t("Wachtwoord vergeten?")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(person.t("Wachtwoord vergeten"))
    _fits_the_screen(page)
    page.locator("#email").fill(user.email.upper())
    page.locator("#submit").click()
    expect(page).to_have_url(re.compile(r"/wachtwoord-vergeten/verstuurd$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(person.t("Controleer uw mailbox"))

    url, message = _link_in_last_mail(live, user.email, "/wachtwoord-herstellen/")
    assert message["Subject"] == "Een nieuw wachtwoord kiezen voor netwerk"
    assert "Beste Sofie School" in message.get_body(("plain",)).get_content()
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        person.t("Een nieuw wachtwoord kiezen")
    )
    _fits_the_screen(page)
    assert_accessible(page, "wachtwoord herstellen")
    page.locator("#new").fill(NEW_PASSWORD)
    page.locator("#confirm").fill(NEW_PASSWORD)
    page.locator("#submit").click()
    expect(page).to_have_url(f"{live.url}/")
    expect_flash(page, person.t("Uw wachtwoord is ingesteld. U bent aangemeld."), "success")
    expect(page.locator("html")).to_have_attribute("lang", lang)

    logout(page)
    login(page, user.email, NEW_PASSWORD)
    response = page.goto(url)
    assert response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text(person.t("Deze link werkt niet"))
    assert_accessible(page, "link werkt niet")
    expect(page.get_by_role("alert")).to_contain_text(
        person.t("Deze link is al gebruikt of geldt niet meer. Vraag een nieuwe link aan.")
    )


@pytest.mark.parametrize(("lang", "device"), WAYS, ids=WAY_IDS)
def test_invitation_end_to_end(live, open_page, lang, device):
    """An admin creates a coach (no role chosen beforehand, no password typed); the coach opens
    the invitation mail's link, chooses a password, is logged in and can log in again."""
    admin = live.user("admin")
    page = open_page(**device)
    person = _in_language(page, lang)
    login(page, admin.email)
    page.goto("/gebruikers/nieuw")
    expect(page.locator("#role")).to_have_value("")
    expect(page.locator("#password")).to_have_count(0)
    _fits_the_screen(page)
    assert_accessible(page, "gebruiker aanmaken")
    page.locator("#email").fill("nieuwe.coach@test.be")
    page.locator("#name").fill("Nina Nieuw")
    page.locator("#role").select_option("coach")
    page.locator("#submit").click()
    expect(page).to_have_url(re.compile(r"/gebruikers$"))
    expect_flash(page, "nieuwe.coach@test.be", "success")
    row = page.get_by_role("row").filter(has_text="nieuwe.coach@test.be")
    expect(row).to_contain_text(person.t("uitgenodigd"))

    url, message = _link_in_last_mail(live, "nieuwe.coach@test.be", "/uitnodiging/")
    assert message["Subject"] == "Uw account voor netwerk: kies een wachtwoord"
    invitee = open_page(**device)
    _in_language(invitee, lang)
    invitee.goto(url)
    welcome = person.t("Welkom, %(name)s", name="Nina Nieuw")
    expect(invitee.get_by_role("heading", level=1)).to_have_text(welcome)
    _fits_the_screen(invitee)
    assert_accessible(invitee, "uitnodiging")
    invitee.locator("#new").fill(NEW_PASSWORD)
    invitee.locator("#confirm").fill(NEW_PASSWORD)
    invitee.locator("#submit").click()
    expect(invitee).to_have_url(f"{live.url}/")
    expect_flash(invitee, person.t("Uw wachtwoord is ingesteld. U bent aangemeld."), "success")
    logout(invitee)
    login(invitee, "nieuwe.coach@test.be", NEW_PASSWORD)

    page.reload()
    row = page.get_by_role("row").filter(has_text="nieuwe.coach@test.be")
    expect(row).to_contain_text(person.t("actief"))
