"""The demo data of the networks feature: believable, consistent with the rules, idempotent."""

import random
from types import SimpleNamespace

from sqlalchemy import func, select
from wtforms.validators import Email

from netwerk.auth.models import User
from netwerk.auth.services import normalise_email
from netwerk.demo import networks as demo
from netwerk.demo.cli import load_demo
from netwerk.demo.scale.context import SCALE_ADMIN_EMAIL, SCALE_MINISTRY_EMAIL
from netwerk.demo.users import DEMO_USERS
from netwerk.effort.models import StaffMember
from netwerk.extensions import db
from netwerk.networks import registrations as services
from netwerk.networks.models import (
    Call,
    Network,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
    network_anchor,
)
from netwerk.timeutil import SchoolYear, today


def test_demo_loads_once_with_every_status_and_a_consistent_history(ctx):
    """Every status, histories that follow the rules, capacity respected on every date."""
    load_demo()
    assert demo.load(random.Random(1)) is False  # idempotent
    statuses = set(db.session.scalars(select(Registration.status).distinct()))
    assert statuses == set(RegistrationStatus)
    assert 12 <= db.session.scalar(select(func.count(Network.id))) <= 20
    anchors_per_network = db.session.execute(
        select(network_anchor.c.network_id, func.count()).group_by(network_anchor.c.network_id)
    ).all()
    assert {n for _id, n in anchors_per_network} == {1, 2}
    networks_per_anchor = db.session.execute(
        select(network_anchor.c.organisation_id, func.count()).group_by(
            network_anchor.c.organisation_id
        )
    ).all()
    assert max(n for _id, n in networks_per_anchor) >= 2
    assert any(c.is_open_on(today()) for c in db.session.scalars(select(Call)))
    assert min(db.session.scalars(select(RegistrationStatusChange.effective_on))) < (
        SchoolYear(2022).starts_on
    )

    for registration in db.session.scalars(select(Registration)):
        changes = registration.status_changes
        assert changes[0].from_status is None and changes[-1].to_status is registration.status
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status is before.to_status
            assert after.to_status in services.ALLOWED_MOVES[before.to_status]
            assert before.effective_on <= after.effective_on <= today()

    for network in db.session.scalars(select(Network).where(Network.capacity.is_not(None))):
        for year in range(2021, SchoolYear.of(today()).start_year + 1):
            day = SchoolYear(year).starts_on
            if day <= today():
                assert len(services.accepted_registrations_on(network.id, day)) <= network.capacity

    school_user = db.session.scalar(select(User).where(User.email == "school@netwerk.example"))
    own = db.session.scalars(
        select(Registration).where(Registration.school_id.in_([s.id for s in school_user.schools]))
    ).all()
    assert {r.school_id for r in own} == {s.id for s in school_user.schools}
    assert len({r.status for r in own}) >= 3


def test_every_demo_address_passes_the_apps_own_validation(ctx):
    """The demo's addresses (logins, contacts, staff, the scale demo's) pass both validators the
    app uses: a demo that pre-fills an address its own form refuses fails its main task."""
    load_demo()
    addresses = {
        *db.session.scalars(select(User.email)),
        *db.session.scalars(select(Registration.contact_email)),
        *db.session.scalars(select(StaffMember.email).where(StaffMember.email != "")),
        *(email for email, _role, _name in DEMO_USERS),
        SCALE_ADMIN_EMAIL,
        SCALE_MINISTRY_EMAIL,
    }
    assert "school@netwerk.example" in addresses and len(addresses) > 10
    form_check = Email()
    for address in sorted(addresses):
        assert normalise_email(address) == address
        form_check(None, SimpleNamespace(data=address))  # raises ValidationError when refused
