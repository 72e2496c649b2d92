"""A school contact registers the school through the open call, lands on the confirmation, then
sees it accepted and mailed."""

import pytest
from playwright.sync_api import expect

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks import registrations as services
from netwerk.networks.models import Registration, RegistrationStatus
from tests.e2e.flows import MODE_IDS, MODES, Person, make_world
from tests.factories import make_school

pytestmark = pytest.mark.browser


def _coach_accepts(world) -> None:
    """The network's coach accepts every submitted registration (the coach's own flow clicks)."""
    coach = db.session.get(User, world.coach)
    for registration in db.session.query(Registration).filter_by(
        network_id=world.network, status=RegistrationStatus.submitted
    ):
        services.transition(coach, registration, RegistrationStatus.accepted)
    db.session.commit()


def _reference_of(school_id: int) -> str:
    """The reference of the school's (one) registration."""
    return db.session.query(Registration).filter_by(school_id=school_id).one().reference


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_school_contact_registers_through_the_open_call(live, page, lang, keyboard):
    """Oproepen -> network -> 'School inschrijven' -> contact, motivation, commitment -> the
    confirmation page (reference, status 'ingediend', what happens next); once the coach accepts:
    'aanvaard' on Mijn inschrijvingen, and the contact has the mail."""
    world = live.seed(make_world)
    school = live.seed(make_school, name="Sint-Jozefscollege", institution_number="126771")
    # The contact address is the user's own (or one known for the school): L7.
    contact = live.user(
        "school", school_ids=[school], name="An Directeur", email="directie@sintjozef.be"
    )
    me = Person(page, lang, keyboard)
    me.log_in(contact.email)

    me.menu("Oproepen")
    expect(page.get_by_role("heading", level=1)).to_have_text(me.t("Open oproepen"))
    expect(page.get_by_role("heading", level=2)).to_have_count(1)
    me.press(page.get_by_role("link", name="Netwerk Wiskunde"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Netwerk Wiskunde")
    me.press(me.link("School inschrijven"))

    expect(me.field("School")).to_have_value(str(school))
    expect(me.field("Contactpersoon")).to_have_value("An Directeur")
    me.type(me.field("E-mailadres contactpersoon"), "directie@sintjozef.be")
    # One word per meaning: "Aanmelden" is logging in, registering a school is "Inschrijven".
    register_button = me.button("Inschrijven")
    me.type(me.field("Motivatie"), "Wij willen onze begaafde leerlingen beter begeleiden.")
    # Without the commitment the form comes back with the error tied to the checkbox.
    me.press(register_button)
    commitment = me.field(
        "De school engageert zich om aan de bijeenkomsten van het netwerk deel te nemen."
    )
    expect(commitment).to_have_attribute("aria-describedby", "commitment-fout")
    expect(page.locator("#commitment-fout")).to_have_text(
        me.t("Bevestig het engagement van de school.")
    )
    me.toggle(commitment)
    me.press(register_button)

    submitted = me.t("ingediend")
    expect(page.locator(".flashes")).to_contain_text(
        me.t("De inschrijving is ontvangen (status: %(status)s).", status=submitted)
    )
    reference = live.seed(_reference_of, school)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        me.t("Inschrijving %(reference)s", reference=reference)
    )
    expect(page.get_by_role("heading", name=me.exact("Wat gebeurt er nu?"))).to_be_visible()
    expect(page.locator("main")).to_contain_text("Koen Coach")
    me.press(me.link("Naar Mijn inschrijvingen"))
    expect(page.get_by_role("heading", level=1)).to_have_text(me.t("Mijn inschrijvingen"))
    card = page.locator("section").filter(
        has=page.get_by_role(
            "heading", name="Netwerk Wiskunde – Sint-Jozefscollege (126771, Antwerpen)"
        )
    )
    expect(card).to_contain_text(f"{me.t('Status')}: {submitted}")
    # The school's status mail (the network's coaches get one of their own).
    assert [m["To"] for m in live.mails() if m["Subject"].startswith("Inschrijving")] == [
        "directie@sintjozef.be"
    ]

    live.seed(_coach_accepts, world)
    me.menu("Mijn inschrijvingen")
    expect(card).to_contain_text(f"{me.t('Status')}: {me.t('aanvaard')}")
    subjects = [m["Subject"] for m in live.mails() if m["To"] == "directie@sintjozef.be"]
    assert subjects == [
        "Inschrijving Sint-Jozefscollege voor Netwerk Wiskunde: ingediend",
        "Inschrijving Sint-Jozefscollege voor Netwerk Wiskunde: aanvaard",
    ], [(m["To"], m["Subject"]) for m in live.mails()]
    # The school's contact reads Dutch, whichever language the coach or the school chose.
    assert "aanvaard" in live.mails()[-1].get_body(preferencelist=("plain",)).get_content()
