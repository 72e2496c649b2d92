"""Every service of auth, accounts and the school registry that writes logs one line per change."""

import logging

from flask import Flask
from sqlalchemy import select

from netwerk.accounts import services as accounts
from netwerk.auth import services as auth
from netwerk.auth.models import ApiToken, Role, User
from netwerk.extensions import db
from netwerk.schools import services as schools
from netwerk.schools.importer import import_schools, read_csv
from netwerk.schools.models import School
from tests.changelog import changes, start
from tests.factories import DEFAULT_PASSWORD, make_school, make_user
from tests.schools.factories import csv_bytes

WRITING_SERVICES = [
    "netwerk.auth.services.authenticate",
    "netwerk.auth.services.change_password",
    "netwerk.auth.services.create_api_token",
    "netwerk.accounts.services.create_user",
    "netwerk.accounts.services.update_user",
    "netwerk.accounts.services.reset_password",
    "netwerk.accounts.services.resend_invitation",
    "netwerk.schools.services.create_school",
    "netwerk.schools.services.update_school",
    "netwerk.schools.importer.import_schools",
]

SCHOOL = {
    "institution_number": "126771",
    "name": "Sint-Jozefscollege",
    "level": "secundair",
    "umbrella": "kov",
    "postcode": "3800",
    "municipality": "Sint-Truiden",
}


def test_logging_in_and_passwords(ctx, caplog):
    """A login, a password change and a new token: one line each, the user as actor."""
    user = db.session.get(User, make_user(role=Role.coach, email="c@test.be"))
    start(caplog)
    assert auth.authenticate("c@test.be", DEFAULT_PASSWORD) is user
    auth.change_password(user, DEFAULT_PASSWORD, "een-nieuw-wachtwoord")
    auth.create_api_token(user, name="test")
    token = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert changes(caplog) == [
        (user.id, "user.logged_in", "user", user.id),
        (user.id, "user.password_changed", "user", user.id),
        (user.id, "api_token.created", "api_token", token.id),
    ]


def test_a_failed_login_changes_nothing(ctx, caplog):
    """A wrong password writes nothing, so it logs no change."""
    make_user(email="d@test.be")
    start(caplog)
    assert auth.authenticate("d@test.be", "fout-wachtwoord") is None
    assert changes(caplog) == []


def test_account_administration(ctx, caplog):
    """Create, change and reset an account: one line each, the admin as actor."""
    admin = db.session.get(User, make_user(role=Role.admin))
    school = db.session.get(School, make_school())
    start(caplog)
    user = accounts.create_user(
        "nieuw@test.be",
        Role.school,
        "een-goed-wachtwoord",
        school_numbers=[school.institution_number],
        actor=admin,
    )
    accounts.update_user(admin, user, role=Role.coach, name="Nieuwe naam", active=True)
    accounts.reset_password(admin, user)
    invited = accounts.create_user("uitgenodigd@test.be", Role.coach, None, actor=admin)
    accounts.resend_invitation(admin, invited)
    assert changes(caplog) == [
        (admin.id, "user.created", "user", user.id),
        (admin.id, "user.updated", "user", user.id),
        (admin.id, "user.password_reset_sent", "user", user.id),
        (admin.id, "user.created", "user", invited.id),
        (admin.id, "user.invitation_sent", "user", invited.id),
    ]
    assert caplog.records[-2].details["invited"] is True


def test_a_line_is_readable_text(ctx, caplog):
    """The message itself carries the same facts as key=value, for a plain log file."""
    start(caplog)
    user = accounts.create_user("tekst@test.be", Role.ministry, "een-goed-wachtwoord")
    assert caplog.records[-1].getMessage() == (
        f"change action=user.created actor_id=None object_type=user object_id={user.id} "
        "role=ministry schools=0 invited=False"
    )


def test_the_school_registry(ctx, caplog):
    """A school created and changed by hand: a line each; an import: one line with its counts."""
    admin = db.session.get(User, make_user(role=Role.admin))
    start(caplog)
    school = schools.create_school(admin, SCHOOL)
    schools.update_school(admin, school, {**SCHOOL, "name": "Sint-Jozef"})
    result = import_schools(
        admin,
        read_csv(csv_bytes(["000141;De Klimop;basis;GO!;Dorpsstraat 3;9000;Gent;;;"])),
    )
    assert result.created == 1
    assert changes(caplog) == [
        (admin.id, "school.created", "school", school.id),
        (admin.id, "school.updated", "school", school.id),
        (admin.id, "school_import.written", "school_import", None),
    ]
    assert caplog.records[-1].details == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 0}


def test_the_app_lets_change_lines_through(app: Flask):
    """create_app sets the change logger to INFO, so production logs them without setup."""
    assert logging.getLogger("netwerk.changes").isEnabledFor(logging.INFO)
