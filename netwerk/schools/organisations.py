"""The organisation registry (issue 20): organisations that are not schools, their identifiers,
and the ids every new organisation (a school too) takes."""

from sqlalchemy import func, select, text

from netwerk.extensions import db
from netwerk.schools.models import Organisation


def reserve_organisation_ids(count: int) -> list[int]:
    """Ids for `count` new organisations, for Core inserts that write a school with its
    organisation row (the import). PostgreSQL hands them out from the sequence, safe under
    concurrency; SQLite lets one writer in at a time, so the next ids after the highest will do."""
    if count <= 0:
        return []
    if db.session.get_bind().dialect.name == "postgresql":
        return list(
            db.session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence('organisation', 'id')) "
                    "FROM generate_series(1, :count)"
                ),
                {"count": count},
            )
        )
    first = (db.session.scalar(select(func.max(Organisation.id))) or 0) + 1
    return list(range(first, first + count))
