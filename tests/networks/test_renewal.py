"""Renewal per school year (issue 21, part 3): a round asks the accepted schools, they confirm,
closing withdraws exactly the others on 1 September (a report as of 31 August is unchanged),
reminders go out with the daily command, and double or racing submits never give a 500."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.networks.models import Network, Registration, RegistrationStatus
from netwerk.networks.registrations import accepted_registrations_on, transition
from netwerk.networks.renewal import services as renewal
from netwerk.networks.renewal.mails import send_reminders
from netwerk.networks.renewal.models import RenewalAnswer
from netwerk.notifications.daily import send_daily
from netwerk.publications.services import publish
from netwerk.reports.params import ReportFilters, ReportParams
from netwerk.reports.participation import participation_report
from netwerk.timeutil import SchoolYear, today
from tests.factories import make_registration, make_school, make_user
from tests.mailbox import read_mails
from tests.networks.factories import open_network

S = RegistrationStatus
THIS_YEAR = SchoolYear.of(today())
COMING_YEAR = SchoolYear(THIS_YEAR.start_year + 1)
# Accepted in the spring before this school year: they are asked to confirm for it.
SPRING = THIS_YEAR.starts_on - timedelta(days=90)


def _scene(schools: int = 3) -> tuple[Network, User, list[User], list[Registration]]:
    """A network with a coach and `schools` accepted schools, each with a school user."""
    coach = db.session.get(User, make_user(role="coach"))
    network = db.session.get(Network, open_network(coach_ids=[coach.id]))
    users, registrations = [], []
    for n in range(schools):
        school_id = make_school(name=f"School {n}")
        users.append(
            db.session.get(
                User,
                make_user(role="school", email=f"directie{n}@school.be", school_ids=[school_id]),
            )
        )
        registration_id = make_registration(
            school_id=school_id,
            network_id=network.id,
            history=[(S.submitted, SPRING), (S.accepted, SPRING)],
        )
        registrations.append(db.session.get(Registration, registration_id))
    return network, coach, users, registrations


def _figures(actor: User, day: date) -> list[tuple]:
    """The participation report's rows and totals as of a day (what the ministry reads)."""
    report = participation_report(actor, ReportParams(day, "registered", ReportFilters()))
    return [(r.network_id, r.count) for r in report.rows], report.totals


def test_closing_withdraws_exactly_the_unconfirmed_on_1_september(ctx, outbox):
    """Two of four confirm, one withdrew itself meanwhile: closing withdraws the one left,
    effective 1 September with "niet herbevestigd", mailed; 31 August reads as before."""
    network, coach, users, regs = _scene(4)
    ministry = db.session.get(User, make_user(role="ministry"))
    renewal_round = renewal.open_round(coach, network, THIS_YEAR)
    db.session.commit()
    assert len(read_mails(outbox)) == 4
    answers = {a.registration_id: a for a in renewal_round.answers}
    renewal.confirm(users[0], answers[regs[0].id])
    renewal.confirm(users[1], answers[regs[1].id])
    transition(users[3], regs[3], S.withdrawn)
    db.session.commit()
    last_august = THIS_YEAR.starts_on - timedelta(days=1)
    before = _figures(ministry, last_august)

    withdrawn = renewal.close_round(coach, renewal_round)
    db.session.commit()

    assert [a.registration_id for a in withdrawn] == [regs[2].id]
    db.session.expire_all()
    assert [r.status for r in regs] == [S.accepted, S.accepted, S.withdrawn, S.withdrawn]
    change = regs[2].status_changes[-1]
    assert (change.effective_on, change.reason) == (THIS_YEAR.starts_on, "niet herbevestigd")
    assert _figures(ministry, last_august) == before
    assert {r.id for r in accepted_registrations_on(network.id, last_august)} == {
        r.id for r in regs
    }
    assert {r.id for r in accepted_registrations_on(network.id, THIS_YEAR.starts_on)} == {
        regs[0].id,
        regs[1].id,
        regs[3].id,  # its own withdrawal took effect today, later than 1 September
    }
    (mail,) = [m for m in read_mails(outbox) if "niet herbevestigd" in m.text]
    assert mail.to == ["directie2@school.be"] and mail.subject.endswith(": ingetrokken")


def test_the_question_mail_names_school_network_year_and_the_home_page(ctx, outbox):
    """The question goes to the school's account, in Dutch, with the year and a link home."""
    network, coach, _users, regs = _scene(1)
    renewal.open_round(coach, network, COMING_YEAR)
    db.session.commit()
    (mail,) = read_mails(outbox)
    assert mail.to == ["directie0@school.be"]
    assert mail.subject == f"Neemt School 0 in {COMING_YEAR} opnieuw deel aan {network.name}?"
    for part in (mail.text, mail.html):
        assert regs[0].reference in part and str(COMING_YEAR) in part
        assert COMING_YEAR.starts_on.strftime("%d/%m/%Y") in part and "http://localhost/" in part


def test_a_round_for_the_coming_year_cannot_close_before_its_1_september(ctx):
    """The app records no move in the future: closing waits for the year's first day, the
    schools stay accepted and the round open."""
    network, coach, _users, regs = _scene(1)
    renewal_round = renewal.open_round(coach, network, COMING_YEAR)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        renewal.close_round(coach, renewal_round)
    assert refused.value.status_code == 409
    assert COMING_YEAR.starts_on.strftime("%d/%m/%Y") in refused.value.message
    db.session.rollback()
    assert regs[0].status is S.accepted and not renewal_round.is_closed


def test_who_may_open_confirm_and_close(ctx):
    """Another coach, a school and the ministry may not open or close; a coach, an admin and
    another school's user may not confirm; a year other than the coming or current one is refused."""
    network, coach, users, regs = _scene(2)
    other_coach = db.session.get(User, make_user(role="coach"))
    ministry = db.session.get(User, make_user(role="ministry"))
    admin = db.session.get(User, make_user(role="admin"))
    for actor in (other_coach, users[0], ministry):
        with pytest.raises(NotAllowed):
            renewal.open_round(actor, network, THIS_YEAR)
    with pytest.raises(DomainError):
        renewal.open_round(coach, network, SchoolYear(THIS_YEAR.start_year - 1))
    renewal_round = renewal.open_round(admin, network, THIS_YEAR)
    db.session.commit()
    first = renewal_round.answers[0]
    for actor in (coach, admin, users[1]):
        with pytest.raises(NotAllowed):
            renewal.confirm(actor, first)
    for actor in (other_coach, ministry, users[0]):
        with pytest.raises(NotAllowed):
            renewal.close_round(actor, renewal_round)
    assert not first.is_confirmed


def test_double_submits_change_nothing_twice(ctx):
    """A second open is a 409, a second confirmation keeps the first, a second close a 409;
    confirming after the close is a 409 and withdraws nobody else."""
    network, coach, users, regs = _scene(2)
    renewal_round = renewal.open_round(coach, network, THIS_YEAR)
    db.session.commit()
    with pytest.raises(DomainError) as second:
        renewal.open_round(coach, network, THIS_YEAR)
    assert second.value.status_code == 409
    db.session.rollback()
    answer = renewal_round.answers[0]
    renewal.confirm(users[0], answer)
    db.session.commit()
    first_time = answer.confirmed_at
    renewal.confirm(users[0], answer)
    db.session.commit()
    assert answer.confirmed_at == first_time
    renewal.close_round(coach, renewal_round)
    db.session.commit()
    for again in (
        lambda: renewal.close_round(coach, renewal_round),
        lambda: renewal.confirm(users[1], renewal_round.answers[1]),
    ):
        with pytest.raises(DomainError) as refused:
            again()
        assert refused.value.status_code == 409
        db.session.rollback()
    assert [r.status for r in regs] == [S.accepted, S.withdrawn]
    assert len(regs[1].status_changes) == 3


def test_a_school_no_longer_accepted_cannot_confirm(ctx):
    """A school that withdrew after the round opened: its confirmation is refused (409)."""
    network, coach, users, regs = _scene(1)
    renewal_round = renewal.open_round(coach, network, THIS_YEAR)
    transition(users[0], regs[0], S.withdrawn)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        renewal.confirm(users[0], renewal_round.answers[0])
    assert refused.value.status_code == 409


def test_reminders_go_once_a_week_to_the_schools_that_have_not_answered(ctx, outbox):
    """Six days after the question nothing; on the seventh a reminder to the unconfirmed school
    only (the daily command), the same day again nothing; none after the close."""
    network, coach, users, regs = _scene(2)
    renewal_round = renewal.open_round(coach, network, THIS_YEAR)
    renewal.confirm(users[0], renewal_round.answers[0])
    db.session.commit()
    asked = today()
    assert send_reminders(asked + timedelta(days=6)) == 0
    result = send_daily(asked + timedelta(days=7))
    db.session.commit()
    assert result.renewal_reminders == 1
    reminder = read_mails(outbox)[-1]
    assert reminder.to == ["directie1@school.be"]
    assert reminder.subject.startswith("Herinnering: bevestig de deelname van School 1")
    assert send_reminders(asked + timedelta(days=7)) == 0
    assert send_reminders(asked + timedelta(days=14)) == 1
    renewal.close_round(coach, renewal_round)
    db.session.commit()
    assert send_reminders(asked + timedelta(days=30)) == 0
    assert db.session.get(RenewalAnswer, renewal_round.answers[1].id).withdrawn_on == (
        THIS_YEAR.starts_on
    )


def test_closing_asks_to_confirm_a_changed_publication(ctx):
    """A participation report published as of today counts the unconfirmed school: closing is
    refused (409, naming the publication) until the coach confirms it; then the school goes."""
    network, coach, _users, regs = _scene(1)
    admin = db.session.get(User, make_user(role="admin"))
    publish(admin, "participation", "Schriftelijke vraag nr. 7", ReportParams(today()))
    renewal_round = renewal.open_round(coach, network, THIS_YEAR)
    db.session.commit()
    with pytest.raises(DomainError) as refused:
        renewal.close_round(coach, renewal_round)
    assert refused.value.status_code == 409 and "Schriftelijke vraag nr. 7" in refused.value.message
    db.session.rollback()
    assert regs[0].status is S.accepted and not renewal_round.is_closed
    renewal.close_round(coach, renewal_round, acknowledge_publications=True)
    db.session.commit()
    assert regs[0].status is S.withdrawn and renewal_round.is_closed


def test_closing_carries_the_confirmed_schools_over_to_the_networks_copy(ctx):
    """With a copy for the round's school year (previous_network_id), a confirmed school is
    accepted there from its first day and withdrawn here on that day; the unconfirmed one is
    only withdrawn; on every day exactly one of the two networks counts a carried school."""
    network, coach, users, regs = _scene(2)
    copy = db.session.get(Network, open_network(coach_ids=[coach.id], with_call=False))
    copy.previous_network_id = network.id
    copy.starts_on = THIS_YEAR.starts_on
    db.session.commit()
    renewal_round = renewal.open_round(coach, network, THIS_YEAR)
    answers = {a.registration_id: a for a in renewal_round.answers}
    renewal.confirm(users[0], answers[regs[0].id])
    db.session.commit()
    assert renewal.successor_of(renewal_round) == copy

    renewal.close_round(coach, renewal_round)
    db.session.commit()

    first_day = THIS_YEAR.starts_on
    assert [r.status for r in regs] == [S.withdrawn, S.withdrawn]
    carried = db.session.scalars(
        select(Registration).where(Registration.network_id == copy.id)
    ).all()
    assert [(r.school_id, r.status) for r in carried] == [(regs[0].school_id, S.accepted)]
    assert [r.status_changes[-1].effective_on for r in (regs[0], carried[0])] == [first_day] * 2
    assert carried[0].status_changes[-1].reason == renewal.REASON_NEXT_YEAR
    counted = {
        day: sorted(r.network_id for r in accepted_registrations_on_both(network, copy, day))
        for day in (first_day - timedelta(days=1), first_day)
    }
    assert counted == {
        first_day - timedelta(days=1): [network.id, network.id],
        first_day: [copy.id],
    }


def accepted_registrations_on_both(network: Network, copy: Network, day: date):
    """The accepted registrations of a network and its copy on a day."""
    return accepted_registrations_on(network.id, day) + accepted_registrations_on(copy.id, day)


def test_a_full_copy_refuses_the_close_and_moves_nothing(ctx):
    """The copy has no place left: the close is refused in Dutch and every school stays as it was
    (no half-moved round)."""
    network, coach, users, regs = _scene(2)
    copy = db.session.get(Network, open_network(coach_ids=[coach.id], with_call=False, capacity=1))
    copy.previous_network_id = network.id
    copy.starts_on = THIS_YEAR.starts_on
    db.session.commit()
    renewal_round = renewal.open_round(coach, network, THIS_YEAR)
    for user, answer in zip(users, sorted(renewal_round.answers, key=lambda a: a.id), strict=True):
        renewal.confirm(user, answer)
    db.session.commit()

    with pytest.raises(DomainError):
        renewal.close_round(coach, renewal_round)
    db.session.rollback()

    db.session.expire_all()
    assert [r.status for r in regs] == [S.accepted, S.accepted]
    assert not renewal_round.is_closed
    assert db.session.scalar(select(func.count()).where(Registration.network_id == copy.id)) == 0
