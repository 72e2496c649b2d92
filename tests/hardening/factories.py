"""Factories of the hardening tests: many rows in one transaction, so that a race's scene is quick."""

import itertools
import secrets
from datetime import date

from netwerk.auth.models import ApiToken, Role, User
from netwerk.auth.tokens import hash_token
from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from tests.factories import _hash, with_history

_counter = itertools.count(1)


def _school(n: int) -> School:
    return School(
        institution_number=f"7{n:07d}",
        name=f"Raceschool {n}",
        level=SchoolLevel.secundair,
        umbrella=Umbrella.go,
        province=Province.limburg,
        postcode="3500",
        municipality="Hasselt",
        public_code=f"S-R{n:06d}",
    )


def school_users_with_tokens(count: int) -> list[tuple[str, str]]:
    """`count` school users, each with a school of its own and an API token, in one commit:
    [(token, institution number), ...]."""
    jobs = []
    for _ in range(count):
        n = next(_counter)
        school = _school(n)
        user = User(
            email=f"race{n}@school.be",
            name=f"Raceschool {n}",
            role=Role.school,
            password_hash=_hash("correct-horse-battery"),
            schools=[school],
        )
        token = secrets.token_urlsafe(24)
        db.session.add(ApiToken(user=user, token_hash=hash_token(token)))
        jobs.append((token, school.institution_number))
    db.session.commit()
    return jobs


def registrations(
    network_id: int, count: int, history: list[tuple[RegistrationStatus, date]]
) -> list[int]:
    """`count` registrations of new schools with the same status history, in one commit."""
    made = []
    for _ in range(count):
        registration = Registration(school=_school(next(_counter)), network_id=network_id)
        db.session.add(with_history(registration, history))
        made.append(registration)
    db.session.commit()
    return [r.id for r in made]
