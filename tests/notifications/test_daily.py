"""flask meldingen versturen on a frozen day: the digest of yesterday's (Brussels) registrations
to the coaches who chose it, reminders of undecided registrations a week before their call's
start to the coaches who did not switch them off; never the same twice."""

from datetime import date, datetime, timedelta

import pytest

from netwerk.auth.models import RegistrationMail, User
from netwerk.extensions import db
from netwerk.networks.models import Call, Registration, RegistrationStatus
from netwerk.notifications import cli
from netwerk.notifications.models import NoticeKind, SentReminder
from tests.factories import (
    make_call,
    make_network,
    make_programme,
    make_registration,
    make_school,
    make_user,
)
from tests.mailbox import read_mails

DAY = date(2026, 3, 10)  # CET: Brussels is UTC+1
S = RegistrationStatus


def _registration(network_id, call_id, created_at, name, status=S.submitted) -> int:
    school_id = make_school(name=name)
    history = [(S.submitted, created_at.date())]
    if status is not S.submitted:
        history.append((status, created_at.date()))
    registration_id = make_registration(school_id=school_id, network_id=network_id, history=history)
    registration = db.session.get(Registration, registration_id)
    registration.created_at, registration.call_id = created_at, call_id
    db.session.commit()
    return registration_id


@pytest.fixture
def scene(app):
    """Three coaches of one network (daily digest; at once; nothing) and a call starting in
    five days with registrations of yesterday, of ten days ago, of today, and a decided one."""
    with app.app_context():
        coaches = {
            mode: make_user(role="coach", email=f"{mode}@test.be", name=f"Coach {mode}")
            for mode in ("daily", "immediately", "never")
        }
        for mode, user_id in coaches.items():
            user = db.session.get(User, user_id)
            user.registration_mail = RegistrationMail(mode)
            user.wants_reminders = mode != "never"
        programme = make_programme()
        network = make_network(
            programme_id=programme, coach_ids=list(coaches.values()), name="Netwerk Rekenen"
        )
        call = make_call(
            programme_id=programme, network_ids=[network], opens_on=DAY - timedelta(days=45)
        )
        db.session.get(Call, call).starts_on = DAY + timedelta(days=5)
        db.session.commit()
        return {
            "coaches": coaches,
            "yesterday": _registration(
                network, call, datetime(2026, 3, 9, 9, 0), "School Gisteren"
            ),
            "old": _registration(network, call, datetime(2026, 2, 28, 9, 0), "School Vroeger"),
            # 00:30 on 10/03 in Brussels: today's, not in the digest of 10/03.
            "today": _registration(network, call, datetime(2026, 3, 9, 23, 30), "School Vandaag"),
            "decided": _registration(
                network, call, datetime(2026, 2, 28, 10, 0), "School Aanvaard", S.accepted
            ),
        }


def _run(app, *args):
    result = app.test_cli_runner().invoke(args=["meldingen", "versturen", *args])
    return result


def test_digest_and_reminders_of_a_frozen_day(app, scene, outbox, monkeypatch):
    """Without --dag the command takes today (frozen here)."""
    monkeypatch.setattr(cli, "today", lambda: DAY)
    result = _run(app)
    assert result.exit_code == 0, result.output
    assert "10/03/2026: 1 overzicht(en) en 2 herinnering(en) verstuurd." in result.output
    mails = {(m.to[0], m.subject): m for m in read_mails(outbox)}
    assert set(mails) == {
        ("daily@test.be", "Nieuwe inschrijving in uw netwerken"),
        ("daily@test.be", "Herinnering: 3 inschrijvingen wachten op uw beslissing"),
        ("immediately@test.be", "Herinnering: 3 inschrijvingen wachten op uw beslissing"),
    }
    digest = mails[("daily@test.be", "Nieuwe inschrijving in uw netwerken")]
    reference = f"INS-{scene['yesterday']:06d}"
    for part in (digest.text, digest.html):
        assert "School Gisteren" in part and reference in part and "Netwerk Rekenen" in part
        assert "School Vandaag" not in part and "School Vroeger" not in part
        assert "/meldingen" in part
    assert digest.sender == "netwerk@onderwijs.vlaanderen.be"
    reminder = mails[
        ("immediately@test.be", "Herinnering: 3 inschrijvingen wachten op uw beslissing")
    ]
    for part in (reminder.text, reminder.html):
        for name in ("School Gisteren", "School Vroeger", "School Vandaag"):
            assert name in part
        assert "School Aanvaard" not in part and "15/03/2026" in part
    with app.app_context():
        assert db.session.query(SentReminder).filter_by(kind=NoticeKind.reminder).count() == 6


def test_a_second_run_sends_nothing_again(app, scene, outbox):
    """What was named once is not named again: the same day nothing; the next day only the
    digest of that day's new registration."""
    assert _run(app, "--dag", "10/03/2026").exit_code == 0
    assert len(outbox()) == 3
    again = _run(app, "--dag", "2026-03-10")
    assert "0 overzicht(en) en 0 herinnering(en)" in again.output
    assert len(outbox()) == 3
    next_day = _run(app, "--dag", "2026-03-11")
    assert "1 overzicht(en) en 0 herinnering(en)" in next_day.output
    (digest,) = read_mails(outbox)[3:]
    assert "School Vandaag" in digest.text and "School Gisteren" not in digest.text


def test_no_reminder_before_the_week_or_after_the_start(app, scene, outbox):
    """Eight days before the start, or on the start day: no reminder."""
    for day in ("07/03/2026", "15/03/2026"):
        result = _run(app, "--dag", day)
        assert result.exit_code == 0 and "0 herinnering(en)" in result.output
    assert all("Herinnering" not in m.subject for m in read_mails(outbox))


def test_a_wrong_day_is_refused_in_dutch(app, scene, outbox):
    """--dag that is no date: exit 2 with the Dutch message, nothing sent."""
    result = _run(app, "--dag", "morgen")
    assert result.exit_code == 2 and "Ongeldige datum" in result.output
    assert outbox() == []


def test_the_command_counts_the_renewal_reminders_on_a_line_of_their_own(app, scene):
    """The daily command's second line names the renewal reminders (none in this scene)."""
    result = _run(app, "--dag", "10/03/2026")
    assert result.exit_code == 0, result.output
    assert "10/03/2026: 0 herinnering(en) om te herbevestigen." in result.output
