"""Factories of the networks tests: a network with an open call, users, API tokens."""

from datetime import date

from netwerk.auth.models import User
from netwerk.auth.services import create_api_token
from netwerk.extensions import db
from netwerk.networks.models import Network, Registration
from tests.factories import make_call, make_network, make_programme, make_school, make_user


def open_network(
    *,
    capacity: int | None = None,
    auto_accept: bool = False,
    coach_ids: list[int] | None = None,
    with_call: bool = True,
    anchor_ids: list[int] | None = None,
    opens_on: date | None = None,
) -> int:
    """A network offered by a call that is open today (unless with_call=False); returns its id."""
    programme_id = make_programme()
    network_id = make_network(
        programme_id=programme_id, capacity=capacity, coach_ids=coach_ids, anchor_ids=anchor_ids
    )
    if auto_accept:
        db.session.get(Network, network_id).auto_accept = True
        db.session.commit()
    if with_call:
        make_call(programme_id=programme_id, network_ids=[network_id], opens_on=opens_on)
    return network_id


def token_for(user_id: int) -> str:
    """A new API token for a user."""
    token = create_api_token(db.session.get(User, user_id))
    db.session.commit()
    return token


def bearer(token: str) -> dict:
    """The Authorization header of a token."""
    return {"Authorization": f"Bearer {token}"}


def school_user(**kwargs) -> tuple[int, int]:
    """A school user with one school of its own: (user_id, school_id)."""
    school_id = make_school(**{k: v for k, v in kwargs.items() if k in ("level", "province")})
    return make_user(role="school", school_ids=[school_id]), school_id


def status_of(registration_id: int):
    """The current status of a registration, read fresh."""
    db.session.expire_all()
    return db.session.get(Registration, registration_id).status
