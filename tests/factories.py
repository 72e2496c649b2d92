"""Factories that write real rows and return their ids (call them inside an app context)."""

import itertools
from datetime import date, timedelta

from werkzeug.security import generate_password_hash

from netwerk.auth.models import Role, User
from netwerk.extensions import db
from netwerk.networks.models import (
    Call,
    Network,
    Programme,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella

DEFAULT_PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)
# scrypt is slow on purpose; tests hash the shared password once.
_HASH_CACHE: dict[str, str] = {}


def _hash(password: str) -> str:
    if password not in _HASH_CACHE:
        _HASH_CACHE[password] = generate_password_hash(password, method="scrypt")
    return _HASH_CACHE[password]


def make_school(
    *,
    level: SchoolLevel | str = SchoolLevel.secundair,
    province: Province | str = Province.antwerpen,
    umbrella: Umbrella | str = Umbrella.kov,
    name: str | None = None,
    institution_number: str | None = None,
) -> int:
    """A school; returns its id."""
    n = next(_counter)
    school = School(
        institution_number=institution_number or f"{900000 + n}",
        name=name or f"Testschool {n}",
        level=SchoolLevel(level),
        umbrella=Umbrella(umbrella),
        province=Province(province),
        street="Schoolstraat 1",
        postcode="2000",
        municipality="Antwerpen",
        public_code=f"S-T{n:05d}",
    )
    db.session.add(school)
    db.session.commit()
    return school.id


def make_user(
    *,
    role: Role | str = Role.admin,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    school_ids: list[int] | None = None,
    name: str | None = None,
) -> int:
    """A user (a school user gets a school of its own when none is given); returns its id."""
    role = Role(role)
    n = next(_counter)
    user = User(
        email=email or f"{role.value}{n}@test.be",
        name=name or f"{role.value.title()} {n}",
        role=role,
        password_hash=_hash(password),
    )
    if role is Role.school:
        ids = school_ids or [make_school()]
        user.schools = [db.session.get(School, i) for i in ids]
    db.session.add(user)
    db.session.commit()
    return user.id


def make_programme(name: str | None = None) -> int:
    """A programme; returns its id."""
    programme = Programme(name=name or f"Programma {next(_counter)}")
    db.session.add(programme)
    db.session.commit()
    return programme.id


def make_network(
    *,
    anchor_ids: list[int] | None = None,
    programme_id: int | None = None,
    level: SchoolLevel | str = SchoolLevel.secundair,
    capacity: int | None = None,
    coach_ids: list[int] | None = None,
    name: str | None = None,
) -> int:
    """A network with its anchors (one new anchor school when none are given); returns its id."""
    network = Network(
        name=name or f"Netwerk {next(_counter)}",
        programme_id=programme_id or make_programme(),
        level=SchoolLevel(level),
        capacity=capacity,
    )
    network.anchors = [
        db.session.get(School, i) for i in (anchor_ids or [make_school(level=level)])
    ]
    network.coaches = [db.session.get(User, i) for i in (coach_ids or [])]
    db.session.add(network)
    db.session.commit()
    return network.id


def make_call(
    *, programme_id: int, network_ids: list[int], opens_on: date | None = None, days_open: int = 30
) -> int:
    """A call offering these networks, open from opens_on (default: 10 days ago); returns its id."""
    opens_on = opens_on or date.today() - timedelta(days=10)
    call = Call(
        title=f"Oproep {next(_counter)}",
        programme_id=programme_id,
        opens_on=opens_on,
        closes_on=opens_on + timedelta(days=days_open),
        starts_on=opens_on + timedelta(days=days_open + 10),
    )
    call.networks = [db.session.get(Network, i) for i in network_ids]
    db.session.add(call)
    db.session.commit()
    return call.id


def make_registration(
    *,
    school_id: int,
    network_id: int,
    history: list[tuple[RegistrationStatus | str, date]] | None = None,
) -> int:
    """A registration with a status history written directly: [(status, effective_on), ...].

    The first entry is the submission (default: submitted today). Use the services to test the
    rules; this factory only sets the scene.
    """
    history = history or [(RegistrationStatus.submitted, date.today())]
    registration = with_history(Registration(school_id=school_id, network_id=network_id), history)
    db.session.add(registration)
    db.session.commit()
    return registration.id


def with_history(
    registration: Registration, history: list[tuple[RegistrationStatus | str, date]]
) -> Registration:
    """The registration with its status history written directly, each move from the status
    before it, and the last status as its own; not yet in the session."""
    previous = None
    for status, effective_on in history:
        status = RegistrationStatus(status)
        registration.status_changes.append(
            RegistrationStatusChange(
                from_status=previous, to_status=status, effective_on=effective_on
            )
        )
        previous = status
    registration.status = previous
    return registration
