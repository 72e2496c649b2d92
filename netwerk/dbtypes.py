"""Column types shared by the models of every feature."""

import enum

from netwerk.extensions import db


def enum_column(enum_cls: type[enum.Enum], length: int = 30, name: str | None = None):
    """Store an enum as its value in a VARCHAR with a CHECK, the same on SQLite and PostgreSQL.

    Two enum columns of one type in one table need their own `name` for the CHECK constraint.
    """
    return db.Enum(
        enum_cls,
        native_enum=False,
        length=length,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        create_constraint=True,
        name=name or enum_cls.__name__.lower(),
    )
