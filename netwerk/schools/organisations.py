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
    return dict(rows.all())


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


def form_identifiers(
    organisation: Organisation | None, kbo: str | None, ovo: str | None
) -> list[IdentifierData]:
    """The identifiers after a page's form: its KBO and OVO numbers as the current ones (a kept
    number keeps its dates), the ended ones as they were."""
    current = list(organisation.identifiers) if organisation is not None else []
    kept = [
        IdentifierData(i.type, i.value, i.valid_from, i.valid_until)
        for i in current
        if i.valid_until is not None or i.type not in (IdentifierType.kbo, IdentifierType.ovo)
    ]
    for kind, value in ((IdentifierType.kbo, kbo), (IdentifierType.ovo, ovo)):
        value = (value or "").strip()
        if not value:
            continue
        same = next(
            (i for i in current if i.type is kind and i.value == value and i.valid_until is None),
            None,
        )
        kept.append(IdentifierData(kind, value, same.valid_from if same else None, None))
    return kept


def current_identifier(organisation: Organisation, kind: IdentifierType) -> str:
    """The organisation's open-ended identifier of a type ('' when it has none)."""
    return next(
        (i.value for i in organisation.identifiers if i.type is kind and i.valid_until is None),
        "",
    )


# The CSV columns of an organisation import (Dutch names, as the school import has them).
IMPORT_COLUMNS = {
    "name": ("naam", "name"),
    "street": ("straat", "adres", "straat en nummer", "street"),
    "postcode": ("postcode", "postnummer"),
    "municipality": ("gemeente", "plaats", "municipality"),
    "province": ("provincie", "province"),
    "kbo": ("kbo", "ondernemingsnummer"),
    "ovo": ("ovo", "ovo-code", "ovo code"),
}


@dataclass
class OrganisationImport:
    """What an import did, or the messages per line when it wrote nothing."""

    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] | None = None


def import_organisations(
    actor: User, kind: OrganisationKind, rows: list[dict[str, str]]
) -> OrganisationImport:
    """Upsert organisations of one kind from the rows of a CSV file (line 2 on): an organisation
    is found by its current KBO number, else by its name within the kind. Every row is checked
    first; with any wrong row nothing is written."""
    check_registry_actor(actor)
    _refuse_school(kind)
    result = OrganisationImport(errors=[])
    plans = []
    for line, row in enumerate(rows, start=2):
        name = _clean(row.get("name"), 200)
        if not name:
            result.errors.append((line, _("Regel %(line)d: de naam ontbreekt.", line=line)))
            continue
        province = (row.get("province") or "").strip().lower().replace("-", "_")
        if province and province not in {p.value for p in Province}:
            message = _("Regel %(line)d: onbekende provincie.", line=line)
            result.errors.append((line, message))
            continue
        plans.append((line, name, province, row))
    if result.errors:
        return result
    for line, name, province, row in plans:
        existing = _find_for_import(kind, name, (row.get("kbo") or "").strip())
        data = OrganisationData(
            kind=kind,
            name=name,
            street=row.get("street") or "",
            postcode=row.get("postcode") or "",
            municipality=row.get("municipality") or "",
            province=Province(province) if province else None,
            identifiers=form_identifiers(existing, row.get("kbo"), row.get("ovo")),
        )
        try:
            if existing is None:
                create_organisation(actor, data)
                result.created += 1
            else:
                update_organisation(actor, existing, data)
                result.updated += 1
        except DomainError as exc:
            result.errors.append((line, f"{_('Regel %(line)d', line=line)}: {exc.message}"))
    return result


def _find_for_import(kind: OrganisationKind, name: str, kbo: str) -> Organisation | None:
    """The organisation a row is about: its KBO number, else its name within the kind."""
    if kbo:
        found = db.session.scalar(
            select(Organisation)
            .join(OrganisationIdentifier)
            .where(
                OrganisationIdentifier.type == IdentifierType.kbo,
                OrganisationIdentifier.value == kbo,
                OrganisationIdentifier.valid_until.is_(None),
            )
        )
        if found is not None:
            return found
    return db.session.scalar(
        select(Organisation).where(Organisation.kind == kind, Organisation.name == name).limit(1)
    )


def organisation_ref(organisation, institution_number: str | None = None) -> dict:
    """The body of OrganisationRefSchema."""
    return {
        "organisation_id": organisation.id,
        "kind": organisation.kind,
        "name": organisation.name,
        "institution_number": institution_number,
    }
