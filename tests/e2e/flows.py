"""What the end-to-end flows share: a person at the browser (mouse or keyboard alone, Dutch or
English) and the scene of a network in its first school year, seeded through the factories.

A flow runs twice: in Dutch with the mouse, and in English with the keyboard alone (focus, then
Enter or Space; never a click). Locators use roles and labels; their text comes from the Dutch
msgid through the English catalogue, so an English run finds the English label once it has been
translated and the Dutch one until then.
"""

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from babel.support import Translations
from playwright.sync_api import Locator, Page, expect

import netwerk
from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.minutes import save_minutes
from netwerk.meetings.models import AttendanceStatus, Meeting, MeetingStatus, MeetingType
from netwerk.timeutil import utcnow
from netwerk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from tests.effort.factories import make_assignment, make_hours, make_staff
from tests.factories import (
    DEFAULT_PASSWORD,
    make_call,
    make_network,
    make_programme,
    make_registration,
    make_school,
    make_user,
)
from tests.meetings.factories import accept, attend, make_meeting, make_output
from tests.money.factories import make_grant_with_records

# The two ways through each flow: (language, keyboard only?).
MODES = [("nl", False), ("en", True)]
MODE_IDS = ["nl-muis", "en-toetsenbord"]
CODE = re.compile(r"^S-[A-Z0-9]{6}$")
_CATALOGUE = Path(netwerk.__file__).parent / "translations"
_ENGLISH = Translations.load(str(_CATALOGUE), ["en"], domain="messages")


def school_year_start(day: date) -> date:
    """1 September of the school year the day lies in."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


class Person:
    """Someone at the browser, in one language, with the mouse or with the keyboard alone."""

    def __init__(self, page: Page, lang: str = "nl", keyboard: bool = False):
        self.page = page
        self.lang = lang
        self.keyboard = keyboard

    # --- words ------------------------------------------------------------------------------

    def t(self, msgid: str, **values) -> str:
        """The text the page shows for this Dutch msgid in the person's language."""
        text = _ENGLISH.gettext(msgid) if self.lang == "en" else msgid
        return text % values if values else text

    def tn(self, singular: str, plural: str, n: int, **values) -> str:
        """The text the page shows for a count (ngettext), in the person's language."""
        if self.lang == "en":
            text = _ENGLISH.ngettext(singular, plural, n)
        else:
            text = singular if n == 1 else plural
        return text % {"num": n, **values}

    def exact(self, msgid: str, **values) -> re.Pattern:
        """A pattern matching exactly that text (accessible names are trimmed)."""
        return re.compile(rf"^\s*{re.escape(self.t(msgid, **values))}\s*$")

    def button(self, msgid: str, **values) -> Locator:
        """The button with exactly this (translated) name."""
        return self.page.get_by_role("button", name=self.exact(msgid, **values))

    def link(self, msgid: str, **values) -> Locator:
        """The link with exactly this (translated) name."""
        return self.page.get_by_role("link", name=self.exact(msgid, **values))

    def field(self, msgid: str, **values) -> Locator:
        """The form control labelled with exactly this (translated) text."""
        return self.page.get_by_label(self.t(msgid, **values), exact=True)

    # --- acting -----------------------------------------------------------------------------

    def _loaded(self) -> None:
        """Wait until the page has loaded before putting the focus anywhere: a page's own script
        (errors.js gives a refused form's summary the focus) runs at the end of loading and would
        take the focus away from a field focused earlier, as it would from a person's first Tab."""
        self.page.wait_for_load_state("load")

    def press(self, target: Locator) -> None:
        """Follow a link or push a button: a click, or focus then Enter for the keyboard."""
        if self.keyboard:
            self._loaded()
            target.focus()
            self.page.keyboard.press("Enter")
        else:
            target.click()

    def toggle(self, target: Locator) -> None:
        """Tick a checkbox or choose a radio button: a click, or focus then Space."""
        if self.keyboard:
            self._loaded()
            target.focus()
            self.page.keyboard.press("Space")
        else:
            target.click()
        expect(target).to_be_checked()

    def type(self, target: Locator, text: str) -> None:
        """Type into a field (the keyboard person types it key by key)."""
        if self.keyboard:
            self._loaded()
            target.focus()
            self.page.keyboard.press("ControlOrMeta+a")
            self.page.keyboard.press("Delete")
            self.page.keyboard.insert_text(text)
        else:
            target.fill(text)

    def menu(self, msgid: str) -> None:
        """Open a page of the main menu (unfolding it first on a narrow screen)."""
        nav = self.page.get_by_role("navigation", name=self.exact("Hoofdmenu"))
        toggler = nav.locator(".navbar-toggler")
        # Until the stylesheets are in, the toggler shows even on a wide screen: wait for them.
        self.page.wait_for_load_state("load")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
            self.press(toggler)
            expect(nav.locator("#hoofdmenu")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
        self.press(nav.get_by_role("link", name=self.exact(msgid)))

    def log_in(self, email: str, password: str = DEFAULT_PASSWORD) -> None:
        """From the login page: switch to the person's language, then log in by the labels."""
        self.page.goto("/aanmelden")
        if self.lang != "nl":
            nav = self.page.get_by_role("navigation", name="Hoofdmenu")
            toggler = nav.locator(".navbar-toggler")
            if toggler.is_visible():
                self.press(toggler)
            self.press(self.page.locator(f'button[name="lang"][value="{self.lang}"]'))
            expect(self.page.locator("html")).to_have_attribute("lang", self.lang)
        self.type(self.field("E-mailadres"), email)
        self.type(self.field("Wachtwoord"), password)
        self.press(self.button("Aanmelden"))
        expect(self.page.locator('form[action$="/afmelden"] button')).to_be_attached()
        expect(self.page.locator("html")).to_have_attribute("lang", self.lang)


# --- the scene ----------------------------------------------------------------------------------


@dataclass
class World:
    """Ids of a network in its school year: a coach, accepted and pending schools, meetings."""

    programme: int
    anchor: int
    coach: int
    network: int
    other_network: int
    call: int
    accepted: list[int]
    pending: int
    pending_registration: int
    meeting: int
    future_meeting: int
    output: int
    staff: int
    school_year: str
    assignment: int
    hour_entry: int
    webhook: int
    grant: int

    def urls(self) -> dict:
        """The ids by name, for URL templates such as /netwerken/{network}."""
        return {**self.__dict__, "school": self.accepted[0]}


def make_world(*, coach_id: int | None = None, school_ids: list[int] | None = None) -> World:
    """A programme with an open call for two networks; the first has a coach, three accepted
    schools (the given ones first), one pending, a held meeting with attendance, minutes and an
    output, a meeting to come, and the coach as staff member with an assignment and hours."""
    today = date.today()
    start = school_year_start(today)
    programme = make_programme("Hoogbegaafdheid")
    anchor = make_school(name="Atheneum Anker", institution_number="100001")
    coach = coach_id or make_user(role="coach", name="Koen Coach")
    network = make_network(
        anchor_ids=[anchor],
        programme_id=programme,
        coach_ids=[coach],
        capacity=10,
        name="Netwerk Wiskunde",
    )
    other = make_network(programme_id=programme, name="Netwerk Taal", capacity=8)
    call = make_call(programme_id=programme, network_ids=[network, other])
    accepted = list(school_ids or [])
    accepted += [make_school(name=f"Middenschool {c}") for c in "ABC"][: 3 - len(accepted)]
    # Accepted at the start of the school year (a month ago, early in September).
    accepted_on = min(start, today - timedelta(days=30))
    for school_id in accepted:
        accept(school_id, network, on=accepted_on)
    pending = make_school(name="Middenschool D")
    pending_registration = make_registration(school_id=pending, network_id=network)
    held_at = datetime.combine(today - timedelta(days=14), time(14))
    meeting = make_meeting(
        network, starts_at=held_at, status=MeetingStatus.held, type=MeetingType.werksessie
    )
    for school_id in accepted[:2]:
        attend(meeting, school_id)
    attend(meeting, accepted[2], AttendanceStatus.excused)
    future = make_meeting(network, starts_at=datetime.combine(today + timedelta(days=14), time(9)))
    coach_user = db.session.get(User, coach)
    meeting_row = db.session.get(Meeting, meeting)
    save_minutes(coach_user, meeting_row, "# Verslag\n\n- **Afspraak**: fiche")
    db.session.commit()
    output = make_output(network, meeting)
    staff = make_staff("Koen Coach", user_id=coach)
    assignment = make_assignment(staff, "0.5", start, network_id=network)
    hour_entry = make_hours(staff, network, held_at.date(), 120)
    webhook = make_webhook(make_user(role="admin", name="Beheerder Webhooks"))
    return World(
        programme=programme,
        anchor=anchor,
        coach=coach,
        network=network,
        other_network=other,
        call=call,
        accepted=accepted,
        pending=pending,
        pending_registration=pending_registration,
        meeting=meeting,
        future_meeting=future,
        output=output,
        staff=staff,
        school_year=f"{start.year}-{start.year + 1}",
        assignment=assignment,
        hour_entry=hour_entry,
        webhook=webhook,
        grant=make_grant_with_records(network, start, date(start.year + 1, 8, 31)),
    )


def make_webhook(owner_id: int) -> int:
    """A webhook endpoint of an admin with a delivered and a failed delivery in its log."""
    endpoint = WebhookEndpoint(
        url="https://agenda.voorbeeld.be/netwerk",
        description="Agenda van de coaches",
        secret="g" * 64,
        events="meeting.created meeting.changed meeting.cancelled",
        owner_id=owner_id,
    )
    now = utcnow()
    endpoint.deliveries = [
        WebhookDelivery(
            event_id=str(uuid.uuid4()),
            delivery_key=str(uuid.uuid4()),
            event=event,
            body="{}",
            status=status,
            attempts=attempts,
            last_status_code=code,
            last_attempt_at=now,
            delivered_at=now if status is DeliveryStatus.delivered else None,
        )
        for event, status, attempts, code in (
            ("meeting.created", DeliveryStatus.delivered, 1, 200),
            ("meeting.cancelled", DeliveryStatus.failed, 6, 500),
        )
    ]
    db.session.add(endpoint)
    db.session.commit()
    return endpoint.id
