"""The mails about registrations, read back from the outbox: the school's status mail (sender,
recipients, subject, both parts, school, institution number, network, reference, an absolute link,
what happens next) to a confirmed contact or else the school's accounts (L7); the coaches' mail
for a new registration, by their setting."""

import pytest

from netwerk.auth.models import RegistrationMail, User
from netwerk.extensions import db
from netwerk.networks import registrations
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.schools.models import School
from tests.factories import make_school, make_user
from tests.mailbox import read_mails
from tests.networks.factories import open_network

S = RegistrationStatus
SENDER = "netwerk@onderwijs.vlaanderen.be"


def _school_with_account(
    email: str, name: str = "Basisschool De Linde", number: str = "123456"
) -> tuple[User, School]:
    school = db.session.get(School, make_school(name=name, institution_number=number))
    user = db.session.get(User, make_user(role="school", email=email, school_ids=[school.id]))
    return user, school


def test_the_status_mail_carries_everything_a_school_needs(ctx, outbox):
    """Submitted by the school user itself: to its own address, in both parts the school, its
    number, the network, the reference, the status, what happens next and a link."""
    user, school = _school_with_account("els@linde.be")
    network = db.session.get(Network, open_network())
    network.name = "Lerend netwerk STEM"
    registration = registrations.register_school(user, network, school)
    db.session.commit()
    (mail,) = read_mails(outbox)
    assert mail.sender == SENDER and mail.to == ["els@linde.be"]
    assert mail.subject == "Inschrijving Basisschool De Linde voor Lerend netwerk STEM: ingediend"
    reference = registration.reference
    assert reference.startswith("INS-")
    for part in (mail.text, mail.html):
        assert "Basisschool De Linde" in part and "123456" in part
        assert "Lerend netwerk STEM" in part and reference in part and "ingediend" in part
        assert f"http://localhost/netwerken/inschrijvingen/{registration.id}" in part
        assert "Wat nu?" in part and "procescoaches van het netwerk beslissen" in part
        starts = registration.call.starts_on.strftime("%d/%m/%Y")
        assert starts in part
    assert f'<a href="http://localhost/netwerken/inschrijvingen/{registration.id}">' in mail.html


def test_an_unconfirmed_contact_is_not_mailed_the_schools_accounts_are(ctx, outbox):
    """A coach typed an address no account of the school has: the mail goes to the school's
    active accounts instead, not to that address and not to an inactive account."""
    user, school = _school_with_account("directie@linde.be")
    inactive = db.session.get(User, make_user(role="school", school_ids=[school.id]))
    inactive.is_active_account = False
    coach = db.session.get(User, make_user(role="coach"))
    network = db.session.get(Network, open_network(coach_ids=[coach.id]))
    coach.registration_mail = RegistrationMail.never
    registrations.register_school(coach, network, school, contact_email="iemand@elders.be")
    db.session.commit()
    (mail,) = read_mails(outbox)
    assert mail.to == ["directie@linde.be"]


def test_a_confirmed_contact_alone_is_mailed(ctx, outbox):
    """The contact is one of two accounts of the school: only that one gets the mail."""
    user, school = _school_with_account("directie@linde.be")
    make_user(role="school", email="collega@linde.be", school_ids=[school.id])
    network = db.session.get(Network, open_network())
    registrations.register_school(user, network, school, contact_email="collega@linde.be")
    db.session.commit()
    assert [m.to for m in read_mails(outbox)] == [["collega@linde.be"]]


def test_a_waitlisted_school_reads_its_place(ctx, outbox):
    """Full network with auto-accept: the second school is on the list at place 1, the third 2."""
    network = db.session.get(Network, open_network(capacity=1, auto_accept=True))
    for n in range(3):
        user, school = _school_with_account(f"s{n}@school.be", f"School {n}", f"12345{n}")
        registrations.register_school(user, network, school)
        db.session.commit()
    mails = {m.to[0]: m for m in read_mails(outbox)}
    assert "aanvaard" in mails["s0@school.be"].subject
    assert "op wachtlijst" in mails["s2@school.be"].subject
    for part in (mails["s2@school.be"].text, mails["s2@school.be"].html):
        assert "wachtlijst (plaats 2)" in part and "automatisch aanvaard" in part
    assert "(plaats 1)" in mails["s1@school.be"].text


def test_the_link_is_on_the_configured_base_url(make_app, outbox):
    """NETWERK_BASE_URL decides the links of mails, also under a path."""
    other = make_app(BASE_URL="https://netwerk.example.be/app/")
    with other.app_context():
        user, school = _school_with_account("els@linde.be")
        network = db.session.get(Network, open_network())
        registration = registrations.register_school(user, network, school)
        db.session.commit()
        registrations.transition(user, registration, S.withdrawn)
        db.session.commit()
    mails = read_mails(outbox)
    assert len(mails) == 2
    assert "https://netwerk.example.be/app/netwerken/inschrijvingen/" in mails[1].text
    assert "opnieuw in" in mails[1].text and "ingetrokken" in mails[1].subject


def test_coaches_hear_of_a_new_registration_by_their_setting(ctx, outbox):
    """At once: a mail of its own (no other coach's address); daily, never or inactive: none."""
    coaches = {}
    for mode in ("immediately", "daily", "never", "inactive"):
        coach = db.session.get(User, make_user(role="coach", email=f"{mode}@coach.be"))
        coach.registration_mail = RegistrationMail("immediately" if mode == "inactive" else mode)
        coach.is_active_account = mode != "inactive"
        coaches[mode] = coach.id
    network = db.session.get(Network, open_network(coach_ids=list(coaches.values())))
    network.name = "Netwerk Taal"
    user, school = _school_with_account("els@linde.be")
    registration = registrations.register_school(user, network, school)
    db.session.commit()
    to_coaches = [m for m in read_mails(outbox) if m.to != ["els@linde.be"]]
    (mail,) = to_coaches
    assert mail.to == ["immediately@coach.be"] and mail.sender == SENDER
    assert mail.subject == "Nieuwe inschrijving voor Netwerk Taal: Basisschool De Linde"
    for part in (mail.text, mail.html):
        assert "Basisschool De Linde" in part and "123456" in part and "Netwerk Taal" in part
        assert registration.reference in part
        assert f"http://localhost/netwerken/{network.id}/aanmeldingen" in part
        assert "http://localhost/meldingen" in part and "één overzicht per dag" in part
    assert db.session.get(Registration, registration.id).status is S.submitted


def test_the_coach_who_registers_a_school_gets_no_mail_about_it(ctx, outbox):
    """A coach registering a school knows of it; the network's other coach is told."""
    me = db.session.get(User, make_user(role="coach", email="ik@coach.be"))
    other = db.session.get(User, make_user(role="coach", email="collega@coach.be"))
    network = db.session.get(Network, open_network(coach_ids=[me.id, other.id]))
    user, school = _school_with_account("els@linde.be")
    registrations.register_school(me, network, school)
    db.session.commit()
    assert sorted(m.to[0] for m in read_mails(outbox)) == ["collega@coach.be", "els@linde.be"]


@pytest.mark.parametrize(
    ("to", "next_step"),
    [
        (S.accepted, "neemt deel aan het netwerk"),
        (S.declined, "neemt niet deel aan dit netwerk"),
    ],
)
def test_accepted_and_declined_say_what_comes_next(ctx, outbox, to, next_step):
    """A coach's decision: the status, the coach's reason and what it means, in both parts."""
    coach = db.session.get(User, make_user(role="coach"))
    coach.registration_mail = RegistrationMail.never
    network = db.session.get(Network, open_network(coach_ids=[coach.id]))
    user, school = _school_with_account("els@linde.be")
    registration = registrations.register_school(user, network, school)
    db.session.commit()
    registrations.transition(coach, registration, to, reason="Besproken op de stuurgroep")
    db.session.commit()
    mail = read_mails(outbox)[-1]
    assert mail.to == ["els@linde.be"] and mail.subject.endswith(
        {S.accepted: "aanvaard", S.declined: "geweigerd"}[to]
    )
    for part in (mail.text, mail.html):
        assert next_step in part and "Reden: Besproken op de stuurgroep" in part
        assert registration.reference in part
