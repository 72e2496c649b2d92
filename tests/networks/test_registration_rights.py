"""Who follows a registration, withdraws it and changes its contact: one table per predicate
(role x ownership -> allowed), and the contact service with its refusals."""

import pytest

from netwerk.auth.models import Role, User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.networks import registrations
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.networks.permissions import can_edit_contact, can_follow_registration
from netwerk.timeutil import today
from tests.factories import make_network, make_registration, make_school, make_user

S = RegistrationStatus
# (role, owner: its school / its network's coach) -> (follows, changes the contact, withdraws)
TABLE = [
    (Role.admin, False, True, True, True),
    (Role.ministry, False, False, False, False),
    (Role.coach, True, True, False, False),
    (Role.coach, False, False, False, False),
    (Role.school, True, True, True, True),
    (Role.school, False, False, False, False),
]


def _scene(role: Role, owner: bool, status: S = S.submitted) -> tuple[User, Registration]:
    school_id = make_school()
    user_id = make_user(
        role=role, school_ids=[school_id] if role is Role.school and owner else None
    )
    network_id = make_network(coach_ids=[user_id] if role is Role.coach and owner else [])
    steps = [S.submitted] if status is S.submitted else [S.submitted, status]
    registration_id = make_registration(
        school_id=school_id, network_id=network_id, history=[(s, today()) for s in steps]
    )
    return db.session.get(User, user_id), db.session.get(Registration, registration_id)


@pytest.mark.parametrize(("role", "owner", "follows", "contact", "withdraws"), TABLE)
def test_who_may_do_what_with_a_registration(ctx, role, owner, follows, contact, withdraws):
    """The page, the contact and the withdraw button agree with the services."""
    user, registration = _scene(role, owner)
    assert can_follow_registration(user, registration) is follows
    assert can_edit_contact(user, registration) is contact
    assert registrations.can_withdraw(user, registration) is withdraws


@pytest.mark.parametrize("status", [S.withdrawn, S.declined])
def test_nobody_withdraws_what_is_already_over(ctx, status):
    """A withdrawn or declined registration offers no withdraw button, even to its school."""
    user, registration = _scene(Role.school, True, status)
    assert registrations.can_withdraw(user, registration) is False


@pytest.mark.parametrize(("role", "owner", "_follows", "allowed", "_withdraws"), TABLE)
def test_the_contact_service_follows_the_predicate(ctx, role, owner, _follows, allowed, _withdraws):
    """update_contact changes the contact for the allowed, refuses the others with NotAllowed."""
    user, registration = _scene(role, owner)
    if not allowed:
        with pytest.raises(NotAllowed):
            registrations.update_contact(
                user, registration, contact_name="Jan", contact_email=user.email
            )
        return
    registrations.update_contact(
        user, registration, contact_name=" Jan Peeters ", contact_email=user.email.upper()
    )
    assert (registration.contact_name, registration.contact_email) == ("Jan Peeters", user.email)


def test_a_school_user_mails_no_stranger_and_names_a_contact(ctx):
    """A school user's address is its own or one known for the school; the name is required.
    Nothing changes on a refusal."""
    user, registration = _scene(Role.school, True)
    with pytest.raises(DomainError) as info:
        registrations.update_contact(
            user, registration, contact_name="Jan", contact_email="jan@elders.be"
        )
    assert "contact_email" in info.value.fields
    with pytest.raises(DomainError) as info:
        registrations.update_contact(
            user, registration, contact_name="  ", contact_email=user.email
        )
    assert "contact_name" in info.value.fields
    db.session.rollback()
    assert registration.contact_email == ""
    colleague = make_user(role=Role.school, school_ids=[registration.school_id])
    address = db.session.get(User, colleague).email
    registrations.update_contact(user, registration, contact_name="Els", contact_email=address)
    assert registration.contact_email == address
