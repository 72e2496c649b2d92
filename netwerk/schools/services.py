"""The school registry: creating, editing, searching and importing schools."""

import secrets

from sqlalchemy import select

from netwerk.extensions import db
from netwerk.schools.models import School

# No 0/O or 1/I: codes are read aloud and typed over.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_public_code() -> str:
    """A random pseudonymous code like S-7K3F9Q, unrelated to the school's name or number."""
    while True:
        code = "S-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if db.session.scalar(select(School.id).where(School.public_code == code)) is None:
            return code
