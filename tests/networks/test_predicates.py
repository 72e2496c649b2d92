"""The template predicates that replaced role checks in the networks pages: one table each
(role x ownership -> allowed), so that a button and its endpoint never disagree."""

import pytest

from netwerk.auth.models import Role, User
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_manage_catalogue, can_read_roster
from tests.factories import make_network, make_user


@pytest.mark.parametrize(
    "role, allowed",
    [(Role.admin, True), (Role.ministry, False), (Role.coach, False), (Role.school, False)],
)
def test_only_admins_manage_programmes_networks_and_calls(ctx, role, allowed):
    """The 'Nieuw netwerk', 'Netwerk bewerken' and 'Oproepen beheren' buttons."""
    assert can_manage_catalogue(db.session.get(User, make_user(role=role))) is allowed


@pytest.mark.parametrize(
    "role, coaches_it, allowed",
    [
        (Role.admin, False, True),
        (Role.ministry, False, True),
        (Role.coach, True, True),
        (Role.coach, False, False),
        (Role.school, False, False),
    ],
)
def test_who_reads_a_roster(ctx, role, coaches_it, allowed):
    """Managers and ministry staff read a network's registrations; other coaches and schools not."""
    user_id = make_user(role=role)
    network_id = make_network(coach_ids=[user_id] if coaches_it else [])
    user, network = db.session.get(User, user_id), db.session.get(Network, network_id)
    assert can_read_roster(user, network) is allowed


def test_anonymous_visitors_get_nothing(ctx):
    """A visitor who is not logged in passes no predicate."""

    class Anonymous:
        is_authenticated = False

    network = db.session.get(Network, make_network())
    assert not can_manage_catalogue(Anonymous())
    assert not can_read_roster(Anonymous(), network)
