"""The organisation registry (issue 20): organisations that are not schools, their identifiers,
and the ids every new organisation (a school too) takes."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, select, text
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.schools.models import (
    IdentifierType,
    Organisation,
    OrganisationIdentifier,
    OrganisationKind,
    Province,
    School,
)
from netwerk.schools.services import check_registry_actor
from netwerk.searchtext import where_matches


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


@dataclass(frozen=True)
class IdentifierData:
    """An official identifier as asked for."""

    type: IdentifierType
    value: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class OrganisationData:
    """An organisation that is not a school, as a form or the API gives it."""

    kind: OrganisationKind
    name: str
    street: str = ""
    postcode: str = ""
    municipality: str = ""
    province: Province | None = None
    # None: keep the identifiers as they are (a PATCH without them).
    identifiers: list[IdentifierData] | None = None


def search_organisations(kind: OrganisationKind | None = None, q: str | None = None) -> Select:
    """The organisations of a kind (any when None) whose name, postcode or municipality has
    every word of q, by name."""
    stmt = (
        select(Organisation)
        .options(selectinload(Organisation.identifiers))
        .order_by(Organisation.name, Organisation.id)
    )
    if kind is not None:
        stmt = stmt.where(Organisation.kind == kind)
    if q:
        stmt = stmt.where(where_matches(Organisation.search_name, q))
    return stmt


def institution_numbers(organisation_ids: list[int]) -> dict[int, str]:
    """The instellingsnummer of those organisations that are schools."""
    if not organisation_ids:
        return {}
    rows = db.session.execute(
        select(School.id, School.institution_number).where(School.id.in_(organisation_ids))
    )
    return dict(rows.tuples().all())


def create_organisation(actor: User, data: OrganisationData) -> Organisation:
    """Add an organisation that is not a school (a school comes in through the registry)."""
    check_registry_actor(actor)
    _refuse_school(data.kind)
    organisation = Organisation(kind=data.kind)
    _set(organisation, data)
    db.session.add(organisation)
    db.session.flush()
    log_change(actor, "organisation.created", organisation, kind=data.kind.value)
    return organisation


def update_organisation(
    actor: User, organisation: Organisation, data: OrganisationData
) -> Organisation:
    """Change an organisation that is not a school (a school changes in the registry)."""
    check_registry_actor(actor)
    _refuse_school(organisation.kind)
    _refuse_school(data.kind)
    organisation.kind = data.kind
    _set(organisation, data)
    db.session.flush()
    log_change(actor, "organisation.updated", organisation, kind=data.kind.value)
    return organisation


def _refuse_school(kind: OrganisationKind) -> None:
    """Schools have their own registry (levels, umbrella, codes, the CSV import)."""
    if kind is OrganisationKind.school:
        raise DomainError(
            _("Scholen beheert u in het scholenregister."),
            status_code=409,
            code="use_school",
            field="kind",
        )


def _set(organisation: Organisation, data: OrganisationData) -> None:
    """Write the fields, refused as a whole when one is wrong (nothing half-written)."""
    refusals: dict[str, list[str]] = {}
    name = _clean(data.name, 200)
    if not name:
        refusals["name"] = [_("Geef de naam van de organisatie.")]
    identifiers = data.identifiers
    if identifiers is not None:
        for problem in _identifier_problems(organisation, identifiers):
            refusals.setdefault("identifiers", []).append(problem)
    if refusals:
        first = next(iter(refusals.values()))[0]
        raise DomainError(first, fields=refusals)
    organisation.name = name
    organisation.street = _clean(data.street, 200)
    organisation.postcode = _clean(data.postcode, 10)
    organisation.municipality = _clean(data.municipality, 100)
    organisation.province = data.province
    if identifiers is not None:
        organisation.identifiers = [
            OrganisationIdentifier(
                type=i.type,
                value=i.value.strip(),
                valid_from=i.valid_from,
                valid_until=i.valid_until,
            )
            for i in identifiers
        ]


def _identifier_problems(organisation: Organisation, identifiers: list[IdentifierData]):
    """What is wrong with the identifiers: an empty or too long value, an end before the
    start, a number another organisation holds."""
    for i in identifiers:
        value = i.value.strip()
        if not value or len(value) > 40:
            yield _("Een identificator heeft een waarde van 1 tot 40 tekens.")
        elif i.valid_from and i.valid_until and i.valid_until < i.valid_from:
            yield _("De identificator %(value)s eindigt voor hij begint.", value=value)
        else:
            taken = select(OrganisationIdentifier.organisation_id).where(
                OrganisationIdentifier.type == i.type,
                OrganisationIdentifier.value == value,
            )
            if organisation.id is not None:
                taken = taken.where(OrganisationIdentifier.organisation_id != organisation.id)
            if db.session.scalar(taken.limit(1)) is not None:
                yield _(
                    "De identificator %(value)s hoort al bij een andere organisatie.", value=value
                )


def _clean(text: str | None, limit: int) -> str:
    """Trimmed text cut to the column's length."""
    return (text or "").strip()[:limit]
