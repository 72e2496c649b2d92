"""A process coach's work in a network: registrations, a monthly series, attendance on a phone,
minutes, an output and the hours, from the login page on."""

import re
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from netwerk.effort.models import HourEntry
from netwerk.extensions import db
from netwerk.meetings.models import Meeting
from netwerk.timeutil import today
from tests.e2e.conftest import PHONE
from tests.e2e.flows import MODE_IDS, MODES, Person, make_world, school_year_start
from tests.factories import make_registration, make_school

pytestmark = pytest.mark.browser


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th given weekday (0 = Monday) of a month."""
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _scene(coach_id: int) -> dict:
    """The coach's network with two more schools waiting for a decision."""
    world = make_world(coach_id=coach_id)
    for name in ("Lyceum E", "Lyceum F"):
        make_registration(school_id=make_school(name=name), network_id=world.network)
    return {"network": world.network}


def _last_series_meeting_before_today(network_id: int) -> Meeting:
    """The most recent meeting of the new series that has already started."""
    now = datetime.combine(today(), datetime.min.time())
    return db.session.scalars(
        select(Meeting)
        .where(
            Meeting.network_id == network_id,
            Meeting.series_id.is_not(None),
            Meeting.starts_at < now,
        )
        .order_by(Meeting.starts_at.desc())
    ).first()


def _hours_of(meeting_id: int) -> list[tuple[int, int]]:
    """(minutes, meeting id) of the hour entries logged from this meeting."""
    return [
        (e.minutes, e.meeting_id)
        for e in db.session.scalars(select(HourEntry).where(HourEntry.meeting_id == meeting_id))
    ]


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_coach_runs_a_network_from_roster_to_hours(live, page, open_page, lang, keyboard):
    """Accept two and waitlist one (bulk), preview and save a monthly series, take attendance on
    a phone, write minutes in Markdown, upload an output, log the hours from the meeting."""
    coach = live.user("coach", name="Koen Coach")
    scene = live.seed(_scene, coach.id)
    me = Person(page, lang, keyboard)
    me.log_in(coach.email)

    # --- the roster: accept two, waitlist one -----------------------------------------------
    me.menu("Netwerken")
    me.press(page.get_by_role("link", name="Netwerk Wiskunde"))
    me.press(me.link("Inschrijvingen bekijken"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Netwerk Wiskunde")
    new_status = me.field("Nieuwe status")
    apply = me.button("Toepassen op de gekozen inschrijvingen")
    # A school's label goes on with its number and municipality: the name starts it.
    for school in ("Middenschool D", "Lyceum E"):
        me.toggle(page.get_by_label(me.t("Kies %(school)s", school=school)))
    new_status.select_option(label=me.t("aanvaard"))
    me.type(me.field("Reden (verplicht met een vroegere ingangsdatum)"), "Plaats vrij")
    me.press(apply)
    expect(page.locator(".flashes")).to_contain_text(
        me.tn(
            "%(num)d inschrijving gewijzigd naar '%(status)s'.",
            "%(num)d inschrijvingen gewijzigd naar '%(status)s'.",
            2,
            status=me.t("aanvaard"),
        )
    )
    me.toggle(page.get_by_label(me.t("Kies %(school)s", school="Lyceum F")))
    new_status.select_option(label=me.t("op wachtlijst"))
    me.press(apply)
    expect(page.locator(".flashes")).to_contain_text(
        me.tn(
            "%(num)d inschrijving gewijzigd naar '%(status)s'.",
            "%(num)d inschrijvingen gewijzigd naar '%(status)s'.",
            1,
            status=me.t("op wachtlijst"),
        )
    )
    waiting = page.get_by_role("heading", name=me.t("Wachtlijst")).locator("xpath=following::ol[1]")
    expect(waiting.get_by_role("listitem")).to_have_count(1)
    expect(waiting).to_contain_text("Lyceum F")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Lyceum E"))
    expect(row).to_contain_text(me.t("aanvaard"))

    # --- a monthly series: 2nd Tuesday from 1 September for five months, preview then save ----
    me.menu("Bijeenkomsten")
    me.press(page.get_by_role("link", name="Netwerk Wiskunde").first)
    me.press(me.link("Reeks plannen"))
    start = school_year_start(today())
    me.toggle(me.field("Maandelijks op een vaste weekdag (bv. 2e dinsdag)"))
    me.field("Welke weekdag van de maand").select_option(label=me.t("2e"))
    me.field("Weekdag").select_option(label=me.t("dinsdag"))
    me.field("Van").fill(start.isoformat())
    me.field("Tot en met").fill((start + timedelta(days=150)).isoformat())
    me.field("Beginuur").fill("14:00")
    me.type(me.field("Duur (minuten)"), "150")
    me.field("Soort").select_option(label=me.t("werksessie"))
    me.type(me.field("Titel"), "Werksessie breuken")
    me.press(me.button("Data bekijken"))
    shown = me.tn("Voorbeeld: %(num)s bijeenkomst", "Voorbeeld: %(num)s bijeenkomsten", 2, num="N")
    pattern = re.escape(shown).replace("N", r"\d+")
    preview = page.get_by_role("region", name=re.compile(pattern))
    expect(preview).to_be_visible()
    dates = preview.get_by_role("listitem").all_inner_texts()
    first = _nth_weekday(start.year, 9, 1, 2)
    assert dates[0].startswith(first.strftime("%d/%m/%Y")), dates
    assert 3 <= len(dates) <= 5, dates
    expect(preview.get_by_role("heading")).to_have_text(
        me.tn("Voorbeeld: %(num)s bijeenkomst", "Voorbeeld: %(num)s bijeenkomsten", len(dates))
    )
    # Nothing is saved by a preview.
    assert live.seed(_last_series_meeting_before_today, scene["network"]) is None
    me.press(me.button("Reeks aanmaken"))
    expect(page.locator(".flashes")).to_contain_text(
        me.tn(
            "De reeks is aangemaakt: %(num)d bijeenkomst.",
            "De reeks is aangemaakt: %(num)d bijeenkomsten.",
            len(dates),
        )
    )
    meeting = live.seed(
        lambda: (lambda m: (m.id, m.starts_at))(_last_series_meeting_before_today(scene["network"]))
    )
    meeting_id, starts_at = meeting

    # --- attendance on a phone --------------------------------------------------------------
    phone = Person(open_page(**PHONE), lang, keyboard)
    phone.log_in(coach.email)
    phone.menu("Bijeenkomsten")
    phone.press(phone.page.get_by_role("link", name="Netwerk Wiskunde").first)
    when = starts_at.strftime("%d/%m/%Y")
    row = phone.page.get_by_role("row").filter(has_text=when)
    phone.press(row.get_by_role("link", name="Werksessie breuken"))
    phone.press(phone.link("Aanwezigheden"))
    expect(phone.page.get_by_role("heading", level=1)).to_have_text(phone.t("Aanwezigheden"))
    for school, status in (
        ("Middenschool A", "aanwezig"),
        ("Middenschool D", "aanwezig"),
        ("Lyceum E", "verontschuldigd"),
    ):
        group = phone.page.get_by_role("group", name=school)
        if keyboard:
            phone.toggle(group.get_by_role("radio", name=phone.t(status)))
        else:
            group.locator("label", has_text=re.compile(rf"^{phone.t(status)}$")).tap()
            expect(group.get_by_role("radio", name=phone.t(status))).to_be_checked()
    person = phone.page.get_by_role("group", name=phone.t("Persoon %(n)s", n=1))
    phone.type(person.get_by_label(phone.t("Naam")), "Els Leerkracht")
    phone.type(person.get_by_label(phone.t("Rol")), "leerkracht wiskunde")
    school_picker = person.get_by_label(phone.t("School"))
    choice = school_picker.locator("option", has_text="Middenschool A (")
    school_picker.select_option(value=choice.get_attribute("value"))
    expect(phone.field("De bijeenkomst als gehouden markeren")).to_be_checked()
    phone.press(phone.button("Aanwezigheden opslaan"))
    expect(phone.page.locator(".flashes")).to_contain_text(
        phone.t(
            "Aanwezigheden opgeslagen: %(schools)s, %(persons)s.",
            schools=phone.tn(
                "%(num)d school vertegenwoordigd", "%(num)d scholen vertegenwoordigd", 2
            ),
            persons=phone.tn("%(num)d persoon aanwezig", "%(num)d personen aanwezig", 1),
        )
    )
    expect(phone.page.get_by_role("heading", level=1)).to_contain_text(phone.t("gehouden"))

    # --- minutes, an output and the hours, back at the desk ----------------------------------
    page.goto(f"/bijeenkomsten/{meeting_id}")
    me.press(me.link("Verslag schrijven"))
    me.type(
        me.field("Verslag (Markdown)"),
        "## Afspraken\n\n- **Fiche breuken** is klaar\n- Volgende keer: *toonmoment*",
    )
    me.press(me.button("Verslag opslaan"))
    expect(page.locator(".flashes")).to_contain_text(me.t("Het verslag is opgeslagen."))
    minutes = page.locator(".minutes").last
    # "## " sits under the page's h1 and the section's h2: it becomes an h4.
    expect(minutes.get_by_role("heading", level=4)).to_have_text("Afspraken")
    expect(minutes.locator("strong")).to_have_text("Fiche breuken")

    # The page reminds the coach that this work session still lacks its output.
    reminder = page.get_by_role("status").filter(
        has_text=me.t("Deze werksessie is gehouden maar heeft nog geen output.")
    )
    me.press(reminder.get_by_role("link", name=me.t("Output toevoegen")))
    me.field("Soort").select_option(label=me.t("fiche"))
    me.type(me.field("Titel"), "Fiche breuken")
    expect(me.field("Bijeenkomst")).to_have_value(str(meeting_id))
    me.field("Of een bestand").set_input_files(
        {
            "name": "fiche-breuken.pdf",
            "mimeType": "application/pdf",
            "buffer": b"%PDF-1.4\n% fiche breuken\n",
        }
    )
    me.press(me.button("Opslaan"))
    expect(page.locator(".flashes")).to_contain_text(me.t("De output is opgeslagen."))
    expect(page.get_by_role("link", name=re.compile("fiche-breuken.pdf"))).to_be_visible()

    me.press(me.link("Uren registreren"))
    expect(me.field("Datum")).to_have_value(when)
    expect(me.field("Netwerk")).to_have_value(str(scene["network"]))
    expect(
        page.get_by_text(me.t("Gekoppeld aan bijeenkomst nr. %(id)s.", id=meeting_id))
    ).to_be_visible()
    me.type(me.field("Notitie"), "werksessie en verslag")
    me.press(me.button("Uren opslaan"))
    expect(page.locator(".flashes")).to_contain_text(me.t("Uren opgeslagen."))
    expect(page.get_by_text("werksessie en verslag")).to_be_visible()
    assert live.seed(_hours_of, meeting_id) == [(150, meeting_id)]
