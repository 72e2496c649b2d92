"""axe-core (WCAG 2.1 A/AA) on every main page in every role, in Dutch and in English, and on
the states a GET does not show (forms refused, empty accounts, alerts, flashes); every page on a
390 px phone without sideways scrolling."""

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.models import MeetingStatus, MeetingType
from netwerk.networks.models import Registration
from netwerk.publications.services import publish
from netwerk.reports.params import ReportParams
from tests.e2e.browser import (
    assert_accessible,
    assert_fits,
    axe_violations,
    blocking,
    describe_violations,
    login,
    logout,
    main_form,
    overflow,
    submit_with,
    switch_language,
)
from tests.e2e.conftest import PHONE
from tests.e2e.flows import make_world
from tests.factories import make_network, make_registration, make_school
from tests.meetings.factories import make_meeting
from tests.publications.factories import backdated_move_on

pytestmark = pytest.mark.browser

# (role, url): None is a visitor who is not logged in. Add a row for every main page a feature adds.
# {name} in a URL is an id of the role's scene (tests.e2e.flows.World.urls()).
NETWORK_PAGES = [
    "/netwerken/",
    "/netwerken/{network}",
    "/bijeenkomsten/",
    "/bijeenkomsten/netwerk/{network}",
    "/bijeenkomsten/netwerk/{network}/tijdlijn",
    "/bijeenkomsten/netwerk/{network}/outputs",
    "/bijeenkomsten/netwerk/{network}/werkplan",
    "/bijeenkomsten/{meeting}",
]
REPORT_PAGES = [
    "/rapporten/",
    "/rapporten/deelname",
    "/rapporten/deelname?group_by=parent",
    "/rapporten/deelname?layout=antwoord",
    "/rapporten/deelname/scholen?network_id={network}&level=secundair",
    "/rapporten/bereik",
    "/rapporten/evolutie",
    "/rapporten/inzet",
]
# Publications: for admin and ministry; {publication} has a change since it was published.
PUBLICATION_PAGES = [
    "/publicaties",
    "/publicaties/{publication}",
    "/publicaties/nieuw?report=participation",
]
# Money: admins write, the ministry reads all, a coach the grants of their networks.
MONEY_PAGES = [
    "/geld/",
    "/geld/toelagen/{grant}",
    "/geld/financiers",
    "/geld/vte-kost",
    "/geld/rapport",
    "/geld/rapport?group_by=network&period=calendar_year",
    "/geld/inzet",
]
COACH_PAGES = [
    "/netwerken/oproepen",
    "/netwerken/{network}/herbevestiging",
    "/netwerken/{network}/aanmeldingen",
    "/netwerken/{network}/aanmelden",
    "/bijeenkomsten/netwerk/{network}/reeks",
    "/bijeenkomsten/netwerk/{network}/nieuw",
    "/bijeenkomsten/{meeting}/aanwezigheden",
    "/bijeenkomsten/{meeting}/verslag",
    "/bijeenkomsten/{meeting}/verslag/geschiedenis",
    "/bijeenkomsten/{meeting}/aanwezigheden/geschiedenis",
    "/bijeenkomsten/netwerk/{network}/outputs/nieuw",
    "/bijeenkomsten/agenda-links",
    "/meldingen",
    "/inzet/",
    "/inzet/uren",
    "/inzet/uren?meeting_id={meeting}",
    "/inzet/opdrachten/{assignment}/geschiedenis",
    "/inzet/uren/{hour_entry}/geschiedenis",
]
PAGES = [
    (None, "/aanmelden"),
    (None, "/wachtwoord-vergeten"),
    (None, "/wachtwoord-vergeten/verstuurd"),
    (None, "/bestaat-niet"),
    (None, "/toegankelijkheidsverklaring"),
    (None, "/privacyverklaring"),
    (None, "/contact"),
    ("admin", "/"),
    # The pages an admin shares with coaches and the ministry are scanned in those roles.
    ("admin", "/netwerken/{network}"),
    ("admin", "/netwerken/{other_network}/aanmelden"),
    ("admin", "/bijeenkomsten/"),
    ("admin", "/rapporten/deelname/scholen?network_id={network}&level=secundair"),
    ("admin", "/netwerken/nieuw"),
    ("admin", "/netwerken/{network}/bewerken"),
    ("admin", "/netwerken/programmas"),
    ("admin", "/netwerken/programmas/{programme}"),
    ("admin", "/netwerken/programmas/{programme}/volgend-schooljaar"),
    ("admin", "/netwerken/?weergave=boom"),
    ("admin", "/rapporten/deelname/volgorde/{programme}"),
    ("admin", "/rapporten/deelname?layout=antwoord&order=eigen&programme_id={programme}"),
    ("admin", "/netwerken/oproepen/beheer"),
    ("admin", "/netwerken/oproepen/nieuw"),
    ("admin", "/netwerken/oproepen/{call}/bewerken"),
    ("admin", "/inzet/medewerkers"),
    ("admin", "/inzet/medewerkers/nieuw"),
    ("admin", "/inzet/medewerkers/{staff}"),
    ("admin", "/inzet/medewerkers/{staff}/opdrachten/nieuw"),
    ("admin", "/inzet/planning"),
    ("admin", "/inzet/instellingen"),
    ("admin", "/inzet/maanden"),
    ("admin", "/inzet/uren/import"),
    ("admin", "/scholen/"),
    ("admin", "/scholen/{school}"),
    ("admin", "/scholen/{school}/bewerken"),
    ("admin", "/scholen/nieuw"),
    ("admin", "/scholen/import"),
    ("admin", "/organisaties/"),
    ("admin", "/organisaties/nieuw"),
    ("admin", "/organisaties/import"),
    ("admin", "/netwerken/{network}/leden"),
    ("admin", "/gebruikers"),
    ("admin", "/gebruikers/nieuw"),
    ("admin", "/gebruikers/{coach}/bewerken"),
    ("admin", "/gebruikers/{coach}/wachtwoord"),
    ("admin", "/api/v1/docs"),
    ("admin", "/webhooks"),
    ("admin", "/webhooks/nieuw"),
    ("admin", "/webhooks/{webhook}/wijzigen"),
    ("admin", "/webhooks/{webhook}/verwijderen"),
    ("admin", "/webhooks/{webhook}/verzendingen"),
    *[("admin", url) for url in PUBLICATION_PAGES],
    *[("admin", url) for url in MONEY_PAGES],
    ("admin", "/geld/toelagen/nieuw"),
    ("ministry", "/"),
    *[("ministry", url) for url in NETWORK_PAGES + REPORT_PAGES + PUBLICATION_PAGES],
    ("ministry", "/netwerken/{network}/aanmeldingen"),
    ("ministry", "/inzet/"),
    *[("ministry", url) for url in MONEY_PAGES],
    ("coach", "/"),
    ("coach", "/wachtwoord"),
    *[("coach", url) for url in NETWORK_PAGES + COACH_PAGES + REPORT_PAGES],
    ("school", "/"),
    ("school", "/bestaat-niet"),
    ("school", "/netwerken/oproepen"),
    ("school", "/netwerken/mijn-aanmeldingen"),
    ("school", "/netwerken/{other_network}/aanmelden"),
    ("school", "/netwerken/"),
    ("school", "/netwerken/{network}"),
    ("school", "/bijeenkomsten/"),
    ("school", "/bijeenkomsten/netwerk/{network}"),
    ("school", "/bijeenkomsten/{meeting}"),
    ("school", "/bijeenkomsten/agenda-links"),
    ("school", "/meldingen"),
    ("school", "/netwerken/inschrijvingen/{own_registration}"),
    ("school", "/netwerken/inschrijvingen/{own_registration}/intrekken"),
    ("school", "/netwerken/inschrijvingen/{own_registration}/contact"),
    ("coach", "/netwerken/inschrijvingen/{pending_registration}"),
    ("coach", "/geld/toelagen/{grant}"),
]
ROLES = list(dict.fromkeys(role for role, _ in PAGES))
LANGUAGES = ["nl", "en"]
# In English every third page of a role (and its home page): the markup is the same in both
# languages, and scanning every page twice doubles the time of the slowest browser test.
ENGLISH_EVERY = 3


def _world_for(live, user) -> dict:
    """A network in its school year; a coach runs it, a school user's school takes part."""
    if user.role == "coach":
        return live.seed(lambda: make_world(coach_id=user.id).urls())
    if user.role == "school":
        return live.seed(
            lambda: make_world(
                school_ids=[s.id for s in db.session.get(User, user.id).schools]
            ).urls()
        )
    return live.seed(lambda: make_world().urls())


def _school_world(live, user) -> dict:
    """The school user's world, with the id of its school's own (accepted) registration."""
    ids = _world_for(live, user)
    own = live.seed(
        lambda: db.session.scalar(
            select(Registration.id).where(
                Registration.school_id == ids["school"], Registration.network_id == ids["network"]
            )
        )
    )
    return {**ids, "own_registration": own}


def _publisher_world(live, user) -> dict:
    """The world, a publication of today's participation report by the user, and then a school
    accepted effective yesterday, recorded after it: the page shows its "changed" notice."""
    ids = _world_for(live, user)

    def _publish():
        paper = make_school(name="Middenschool Papier")
        make_registration(
            school_id=paper,
            network_id=ids["network"],
            history=[("submitted", date.today() - timedelta(days=10))],
        )
        with live.app.test_request_context():
            publisher = db.session.get(User, user.id)
            publication = publish(
                publisher, "participation", "Vraag nr. 1", ReportParams(date.today())
            )
            db.session.commit()
            return paper, publication.id

    paper, publication = live.seed(_publish)
    backdated_move_on(live.app, paper, ids["network"], date.today() - timedelta(days=1))
    return {**ids, "publication": publication}


# Scenes: data a role's pages need before they can be scanned; called with the live server and
# the logged-in user before the scan, they return the ids the URLs of PAGES name.
SCENES: dict = {
    "admin": _publisher_world,
    "ministry": _publisher_world,
    "coach": _world_for,
    "school": _school_world,
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("role", ROLES, ids=[r or "anoniem" for r in ROLES])
def test_pages_have_no_serious_accessibility_violations(live, page, role, lang):
    """Every page of PAGES for this role, in this language: no serious or critical axe violation.

    One login per role and language (the scan itself is quick); all pages are scanned before
    the test fails, so one run lists every broken page.
    """
    user = live.user(role) if role else None
    ids = SCENES[role](live, user) if role in SCENES else {}
    if user:
        login(page, user.email)
    else:
        page.goto("/aanmelden")
    if lang != "nl":
        switch_language(page, lang)
    failures = []
    urls = [u.format(**ids) for r, u in PAGES if r == role]
    if lang != "nl":
        urls = urls[::ENGLISH_EVERY]
    for url in urls:
        response = page.goto(url)
        assert response.status < 400 or "bestaat-niet" in url, f"{url}: {response.status}"
        expect(page.locator("html")).to_have_attribute("lang", lang)
        expect(page.locator("h1")).to_have_count(1)
        found = blocking(axe_violations(page))
        if found:
            failures.append(describe_violations(found, f"{role or 'anoniem'}, {lang}", page.url))
    assert not failures, "\n\n".join(failures)


def test_login_page_with_errors_is_accessible(live, page):
    """The login form showing its field errors still passes axe."""
    page.goto("/aanmelden")
    page.locator("#submit").click()
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "aanmelden met fouten")


def test_home_on_a_phone_is_accessible_with_the_menu_open(live, phone):
    """On a phone the folded menu, once opened, passes axe too."""
    login(phone, live.user("coach").email)
    phone.wait_for_load_state("load")  # Bootstrap's script must be there before the tap
    phone.locator(".navbar-toggler").tap()
    expect(phone.locator("#hoofdmenu")).to_be_visible()
    assert_accessible(phone, "start op een telefoon, menu open")


def test_login_and_password_fields_say_what_they_are_for(live, page):
    """WCAG 1.3.5: the fields carry autocomplete purposes (axe only checks values that are there)."""
    page.goto("/aanmelden")
    expect(page.locator("#email")).to_have_attribute("autocomplete", "username")
    expect(page.locator("#password")).to_have_attribute("autocomplete", "current-password")
    login(page, live.user("school").email)
    page.goto("/wachtwoord")
    expect(page.locator("#current")).to_have_attribute("autocomplete", "current-password")
    expect(page.locator("#new")).to_have_attribute("autocomplete", "new-password")
    expect(page.locator("#confirm")).to_have_attribute("autocomplete", "new-password")


def test_series_preview_and_register_errors_are_accessible(live, page):
    """Two pages in a state a GET does not show: the series form with its preview, and the
    registration form with its field errors."""
    coach = live.user("coach")
    ids = _world_for(live, coach)
    login(page, coach.email)
    page.goto(f"/bijeenkomsten/netwerk/{ids['network']}/reeks")
    page.get_by_label("Van", exact=True).fill("2026-09-01")
    page.get_by_label("Tot en met", exact=True).fill("2027-01-31")
    page.get_by_label("Beginuur", exact=True).fill("14:00")
    page.get_by_role("button", name="Data bekijken").click()
    expect(page.locator("#voorbeeld")).to_be_visible()
    assert_accessible(page, "reeks met voorbeeld")
    page.goto(f"/netwerken/{ids['network']}/aanmelden")
    page.get_by_role("button", name="Inschrijven", exact=True).click()
    expect(page.locator("#commitment-fout")).to_be_visible()
    assert_accessible(page, "inschrijven met fouten")


@pytest.mark.parametrize("role", ROLES, ids=[r or "anoniem" for r in ROLES])
def test_every_page_fits_a_phone(live, phone, role):
    """Every page of PAGES for this role, on a 390 px phone: no sideways scrolling.

    Tables become stacked rows there; a report table that must stay a table scrolls inside a
    labelled region of its own. All pages are measured before the test fails.
    """
    user = live.user(role) if role else None
    ids = SCENES[role](live, user) if role in SCENES else {}
    if user:
        login(phone, user.email)
    failures = []
    for url in [u.format(**ids) for r, u in PAGES if r == role]:
        phone.goto(url)
        phone.wait_for_load_state("load")
        found = overflow(phone)
        if found["scrollWidth"] > found["width"]:
            failures.append(f"{url}: {found['scrollWidth']} px; {', '.join(found['wide'])}")
    assert not failures, "te breed voor een telefoon van 390 px:\n" + "\n".join(failures)


# --- states, not only pages ---------------------------------------------------------------------

# Each URL of PAGES once, in the first role that lists it: its form is submitted empty and with
# wrong values. Pages without a form to fill are passed by.
FORM_PAGES = list({url: (role, url) for role, url in reversed(PAGES)}.values())[::-1]
FORM_ROLES = list(dict.fromkeys(role for role, _ in FORM_PAGES))
# On a phone, in English, the wrong values of every third form (the markup is the same in both
# languages; the full walk in Dutch on a desktop is the slow part of this module).
PHONE_EVERY = 3
# Forms whose only fields take any text (minutes are Markdown of any length): nothing to refuse.
FREE_TEXT = ("/verslag",)


def _scan(page, failures: list, name: str, *, fits=False) -> None:
    """Add axe's serious and critical violations (and, on a phone, sideways scrolling)."""
    found = blocking(axe_violations(page))
    if found:
        failures.append(describe_violations(found, name, page.url))
    if fits:
        width = overflow(page)
        if width["scrollWidth"] > width["width"]:
            failures.append(f"{name} ({page.url}): {width['scrollWidth']} px breed")


def _logged_in(open_page, user, lang="nl", **options):
    """A new browser context with this user logged in (none: a visitor), in this language."""
    page = open_page(**options)
    if user:
        login(page, user.email)
    else:
        page.goto("/aanmelden")
    if lang != "nl":
        switch_language(page, lang)
    return page


@pytest.mark.parametrize("role", FORM_ROLES, ids=[r or "anoniem" for r in FORM_ROLES])
def test_forms_in_error_states_are_accessible(live, open_page, role):
    """Every form of the pages of PAGES, submitted empty and with wrong values: the page that
    comes back has no serious axe violation (Dutch, desktop); every third one also in English on
    a phone, where it must not scroll sideways. A form that writes (POST) refuses wrong values
    with a visible error; a filter (GET) may ignore them, but must stay accessible."""
    user = live.user(role) if role else None
    ids = SCENES[role](live, user) if role in SCENES else {}
    desktop = _logged_in(open_page, user)
    phone = _logged_in(open_page, user, "en", **PHONE)
    failures, accepted, forms = [], [], 0
    for url in [u.format(**ids) for r, u in FORM_PAGES if r == role]:
        desktop.goto(url)
        form = main_form(desktop)
        if form is None:
            continue
        forms += 1
        post = (form.get_attribute("method") or "").lower() == "post"
        for mode in ("empty", "wrong"):
            # A refused form comes back at its own URL, filled in as sent: the wrong values go
            # into that one; after anything else, the page is loaded afresh.
            if not desktop.url.endswith(url):
                desktop.goto(url)
            form = main_form(desktop)
            if form is None:  # the empty form was accepted and its page has moved on
                break
            refused = submit_with(desktop, form, mode)
            if mode == "wrong" and post and not refused and not url.endswith(FREE_TEXT):
                accepted.append(url)
            _scan(desktop, failures, f"{url}, {mode}")
        if forms % PHONE_EVERY == 1:
            phone.goto(url)
            if main_form(phone) is not None:
                submit_with(phone, main_form(phone), "wrong")
                _scan(phone, failures, f"{url}, wrong, en, 390 px", fits=True)
    assert forms, "geen enkel formulier gevonden"
    assert not failures, "\n\n".join(failures)
    assert not accepted, f"foute waarden zonder foutmelding aanvaard op: {accepted}"


def _coach_without_meetings(live):
    """A coach of a network that has no meetings yet (and no hours, no staff record)."""
    coach = live.user("coach")
    live.seed(lambda: make_network(coach_ids=[coach.id], name="Netwerk Leeg"))
    return coach


# Empty states: a school user whose school has no registrations, a coach without meetings.
EMPTY_PAGES = {
    "school": [
        "/",
        "/netwerken/mijn-aanmeldingen",
        "/bijeenkomsten/",
        "/bijeenkomsten/agenda-links",
    ],
    "coach": ["/", "/bijeenkomsten/", "/inzet/", "/inzet/uren", "/rapporten/inzet"],
}


@pytest.mark.parametrize("role", list(EMPTY_PAGES))
def test_empty_states_are_accessible(live, open_page, role):
    """A fresh account's pages (nothing registered, no meetings) pass axe in Dutch on a desktop
    and in English on a 390 px phone, without scrolling sideways there."""
    user = _coach_without_meetings(live) if role == "coach" else live.user(role)
    failures = []
    for lang, options in (("nl", {}), ("en", PHONE)):
        page = _logged_in(open_page, user, lang, **options)
        for url in EMPTY_PAGES[role]:
            response = page.goto(url)
            assert response.status < 400, f"{url}: {response.status}"
            _scan(page, failures, f"{role} zonder gegevens, {lang}", fits=lang == "en")
    assert not failures, "\n\n".join(failures)


ALERT_TYPES = ("success", "info", "warning", "danger")
_ALERTS_JS = """(types) => {
  const box = document.createElement('div');
  box.id = 'proefmeldingen';
  for (const t of types) {
    box.insertAdjacentHTML('beforeend',
      `<div class="alert alert-${t}" role="status">Melding ${t} met <a href="#">een link</a>.</div>`);
  }
  document.querySelector('main').prepend(box);
}"""


def test_alerts_and_flash_messages_are_accessible(live, open_page):
    """The warning of a held werksessie without output (its link once failed contrast at
    4.06:1), flash messages, and a link in an alert of every type: no serious axe violation,
    on a desktop in Dutch and on a phone in English."""
    coach = live.user("coach")
    ids = _world_for(live, coach)
    bare = live.seed(
        lambda: make_meeting(
            ids["network"],
            starts_at=datetime.now() - timedelta(days=7),
            status=MeetingStatus.held,
            type=MeetingType.werksessie,
        )
    )
    failures = []
    for lang, options in (("nl", {}), ("en", PHONE)):
        page = _logged_in(open_page, coach, lang, **options)
        page.goto(f"/bijeenkomsten/{bare}")
        expect(page.locator("main .alert-warning a")).to_be_visible()
        _scan(page, failures, f"werksessie zonder output, {lang}", fits=lang == "en")
        page.evaluate(_ALERTS_JS, list(ALERT_TYPES))
        _scan(page, failures, f"links in meldingen van elk type, {lang}", fits=lang == "en")
        logout(page)
        expect(page.locator(".flashes .alert")).to_be_visible()
        _scan(page, failures, f"flashbericht na afmelden, {lang}")
        login(page, coach.email)
        if page.locator(".flashes .alert").count():
            _scan(page, failures, f"flashbericht na aanmelden, {lang}", fits=lang == "en")
    assert not failures, "\n\n".join(failures)


def test_a_cancelled_meeting_shows_its_status_beside_its_title_on_a_phone(live, phone):
    """On a phone the meetings table is a list of cards: the status badge sits next to the
    title (its own column would be a line further down), so "cancelled" is seen at once."""
    coach = live.user("coach")
    ids = _world_for(live, coach)
    live.seed(
        lambda: make_meeting(
            ids["network"], title="Afgelaste sessie", status=MeetingStatus.cancelled
        )
    )
    login(phone, coach.email)
    phone.goto(f"/bijeenkomsten/netwerk/{ids['network']}")
    row = phone.locator("tbody tr").filter(has_text="Afgelaste sessie")
    title_cell = row.locator("td").filter(has=phone.get_by_role("link", name="Afgelaste sessie"))
    badge = title_cell.locator(".badge.text-bg-danger")
    expect(badge).to_be_visible()
    expect(row.locator(".stack-hide")).to_be_hidden()
    box, link = badge.bounding_box(), title_cell.get_by_role("link").bounding_box()
    assert abs(box["y"] - link["y"]) < link["height"] * 2, (box, link)
    assert_fits(phone, "bijeenkomsten van een netwerk met een afgelaste")


def test_a_registration_history_opened_on_a_phone_fits(live, phone):
    """The history of a registration, folded open in the roster on a phone, is stacked too."""
    coach = live.user("coach")
    ids = _world_for(live, coach)
    login(phone, coach.email)
    phone.goto(f"/netwerken/{ids['network']}/aanmeldingen")
    phone.locator(".history-row summary").first.tap()
    history = phone.locator(".history-row table").first
    expect(history).to_be_visible()
    cell = history.locator("td[data-label]").first
    expect(cell).to_be_visible()
    assert cell.evaluate("td => getComputedStyle(td).display") == "block", "niet gestapeld"
    assert_fits(phone, "geschiedenis van een aanmelding op een telefoon")


def test_a_wide_report_table_scrolls_in_its_own_labelled_region_on_a_phone(live, phone):
    """The effort report's tables stay tables on a phone: they scroll sideways inside a region
    that has a name and takes the keyboard focus (arrow keys scroll it), the page does not."""
    coach = live.user("coach")
    _world_for(live, coach)
    login(phone, coach.email)
    phone.goto("/rapporten/inzet")
    region = phone.get_by_role("region", name=re.compile("VTE"))
    expect(region.first).to_have_attribute("tabindex", "0")
    wide = region.first.evaluate("el => el.scrollWidth > el.clientWidth")
    assert wide, "de tabel past: deze test meet niets"
    region.first.focus()
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("el => el.scrollLeft > 0", arg=region.first.element_handle())
    assert_fits(phone, "inzetrapport op een telefoon")
