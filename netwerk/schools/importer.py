"""Import the school registry from a CSV file: validate every row first, then upsert in bulk.

The file: comma or semicolon separated (csv.Sniffer guesses, the header confirms), UTF-8 with or
without BOM or the Windows-1252 that Excel writes in Flanders; Dutch column names (see
COLUMN_ALIASES and the README). Line numbers are file lines, the header being line 1.
"""

import contextlib
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.csvfiles import decode
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.schools.models import (
    MIRRORED_FIELDS,
    ORGANISATION_SEARCH_FIELDS,
    SEARCH_FIELDS,
    Organisation,
    School,
    organisation_row,
)
from netwerk.schools.organisations import reserve_organisation_ids
from netwerk.schools.services import (
    FIELDS,
    check_registry_actor,
    clean_school,
    new_public_codes,
    simplify,
)
from netwerk.searchtext import search_name_of
from netwerk.timeutil import utcnow

COLUMN_ALIASES = {
    "institution_number": ("instellingsnummer", "instellingsnr", "instelnr", "institution_number"),
    "name": ("naam", "schoolnaam", "naam school", "name"),
    "level": ("niveau", "onderwijsniveau", "level"),
    "umbrella": ("net", "onderwijsnet", "koepel", "umbrella"),
    "street": ("straat", "adres", "straat en nummer", "street"),
    "postcode": ("postcode", "postnummer"),
    "municipality": ("gemeente", "plaats", "municipality"),
    "province": ("provincie", "province"),
    "parent_institution_number": (
        "hoofdschool",
        "hoofdinstelling",
        "instellingsnummer hoofdschool",
        "parent_institution_number",
    ),
    "scholengemeenschap": ("scholengemeenschap", "sg"),
}
COLUMN_OF = {simplify(alias): f for f, aliases in COLUMN_ALIASES.items() for alias in aliases}
REQUIRED_COLUMNS = ("institution_number", "name", "level", "umbrella", "postcode", "municipality")
# The Dutch column name shown in messages.
COLUMN_NAME = {f: aliases[0] for f, aliases in COLUMN_ALIASES.items()}
DELIMITERS = ";,\t"
PROGRESS_STEP = 200
# Optional columns a file may leave out, for new schools.
NEW_SCHOOL_DEFAULTS = {"street": "", "scholengemeenschap": None}


@dataclass
class ParsedFile:
    """The rows of a CSV file by field name, with the file line each starts on."""

    rows: list[tuple[int, dict[str, str]]]
    columns: list[str]
    ignored_columns: list[str]
    delimiter: str
    encoding: str


@dataclass
class RowError:
    """The messages for one line of the file."""

    line: int
    messages: list[str]


@dataclass
class ImportResult:
    """What an import did, or would have done."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def skipped(self) -> int:
        """Invalid rows left out (only when the valid ones were written)."""
        return len(self.errors) if self.written else 0


def _header_fields(cells: list[str]) -> list[str | None]:
    return [COLUMN_OF.get(simplify(cell)) for cell in cells]


def _choose_delimiter(text: str) -> str:
    """csv.Sniffer's guess when the header then names our columns, else the best of ; , and tab."""
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    candidates = []
    # Too little or too irregular text to guess: the header decides.
    with contextlib.suppress(csv.Error):
        candidates.append(csv.Sniffer().sniff(text[:20000], delimiters=DELIMITERS).delimiter)
    candidates += [d for d in DELIMITERS if d not in candidates]

    def known(delimiter: str) -> int:
        try:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
        except csv.Error:  # e.g. a field beyond csv's size limit: read_csv reports it
            return 0
        return sum(1 for f in _header_fields(cells) if f)

    return max(candidates, key=known)  # max keeps the first (the Sniffer's) on a tie


def read_csv(data: bytes) -> ParsedFile:
    """Decode and split a CSV file; DomainError when the file as a whole cannot be read."""
    text, encoding = decode(data)
    if not text.strip():
        raise DomainError(_("Het bestand is leeg."))
    delimiter = _choose_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        while not any(c.strip() for c in header):  # blank lines above the header
            header = next(reader)
    except (csv.Error, StopIteration) as exc:
        raise DomainError(_("De kopregel van het bestand is onleesbaar.")) from exc
    header_line = reader.line_num
    fields = _header_fields(header)
    columns = [f for f in fields if f]
    doubles = sorted({COLUMN_NAME[f] for f in columns if columns.count(f) > 1})
    if doubles:
        raise DomainError(
            _(
                "Regel %(line)d: kolom %(columns)s staat er meer dan eens in.",
                line=header_line,
                columns=", ".join(doubles),
            )
        )
    missing = [COLUMN_NAME[f] for f in REQUIRED_COLUMNS if f not in columns]
    if missing:
        raise DomainError(
            _(
                "Regel %(line)d: de kolommen %(missing)s ontbreken. Verwacht: %(expected)s "
                "(gescheiden door ; of ,).",
                line=header_line,
                missing=", ".join(missing),
                expected=";".join(COLUMN_NAME[f] for f in FIELDS),
            )
        )
    ignored = [
        cell.strip() for cell, f in zip(header, fields, strict=True) if not f and cell.strip()
    ]
    rows: list[tuple[int, dict[str, str]]] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DomainError(
                _("Regel %(line)d is onleesbaar (%(reason)s).", line=line, reason=str(exc)[:100])
            ) from exc
        if not any(c.strip() for c in cells):
            continue
        row = {f: (cells[i] if i < len(cells) else "") for i, f in enumerate(fields) if f}
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            row["_too_many"] = "1"
        rows.append((line, row))
    return ParsedFile(rows, columns, ignored, delimiter, encoding)


def _validate(parsed: ParsedFile, existing: dict, progress) -> tuple[list, dict[int, list[str]]]:
    """Clean every row; the messages per line, including duplicates and missing parents."""
    errors: dict[int, list[str]] = {}
    cleaned: list[tuple[int, dict]] = []
    first_line: dict[str, int] = {}
    for index, (line, raw) in enumerate(parsed.rows, start=1):
        values, field_errors = clean_school(raw)
        messages = [m for ms in field_errors.values() for m in ms]
        if raw.get("_too_many"):
            messages.append(_("Deze regel heeft meer kolommen dan de kopregel."))
        number = values.get("institution_number")
        if number and "institution_number" not in field_errors:
            if number in first_line:
                messages.append(
                    _(
                        "Instellingsnummer %(n)s staat ook al op regel %(line)d.",
                        n=number,
                        line=first_line[number],
                    )
                )
            else:
                first_line[number] = line
        if messages:
            errors[line] = messages
        cleaned.append((line, values))
        if progress and index % PROGRESS_STEP == 0:
            progress(PROGRESS_STEP)
    if progress:
        progress(len(parsed.rows) % PROGRESS_STEP)
    for line, values in cleaned:
        parent = values.get("parent_institution_number")
        if parent and parent not in existing and parent not in first_line:
            errors.setdefault(line, []).append(
                _(
                    "Hoofdschool %(n)s bestaat niet (niet in het register en niet in dit bestand).",
                    n=parent,
                )
            )
    return cleaned, errors


def _find_cycles(cleaned, errors, existing, number_of_id) -> None:
    """A school may not end up under itself through its parents."""
    parent_of = {
        number: number_of_id.get(row.parent_id)
        for number, row in existing.items()
        if row.parent_id is not None
    }
    for line, values in cleaned:
        if line not in errors and "parent_institution_number" in values:
            parent_of[values["institution_number"]] = values["parent_institution_number"]
    for line, values in cleaned:
        if line in errors:
            continue
        start = values["institution_number"]
        node, seen = parent_of.get(start), set()
        while node is not None and node not in seen:
            if node == start:
                errors[line] = [
                    _(
                        "Hoofdschool %(n)s hoort zelf (onrechtstreeks) onder deze school.",
                        n=values["parent_institution_number"],
                    )
                ]
                break
            seen.add(node)
            node = parent_of.get(node)


def _drop_orphans(cleaned, errors, existing) -> None:
    """When invalid rows are skipped, rows whose parent was one of them cannot be written either."""
    kept = {v["institution_number"] for line, v in cleaned if line not in errors}
    changed = True
    while changed:
        changed = False
        for line, values in cleaned:
            parent = values.get("parent_institution_number")
            if line in errors or not parent or parent in existing or parent in kept:
                continue
            errors[line] = [
                _(
                    "Hoofdschool %(n)s wordt niet ingelezen (ongeldige regel), deze regel dus ook niet.",
                    n=parent,
                )
            ]
            kept.discard(values["institution_number"])
            changed = True


def import_schools(
    actor: User | None,
    parsed: ParsedFile,
    *,
    skip_invalid: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Upsert the schools of a parsed file on institution number.

    Every row is validated before anything is written; with any invalid row nothing is written
    unless skip_invalid. Bulk: one query loads the registry, one statement inserts, one updates.
    `progress(n)` is called as rows are validated (for a progress bar).
    """
    check_registry_actor(actor)
    existing = {
        row.institution_number: row
        for row in db.session.execute(
            select(
                School.id,
                School.public_code,
                School.parent_id,
                School.version,
                *(getattr(School, f) for f in FIELDS if f != "parent_institution_number"),
            )
        )
    }
    number_of_id = {row.id: number for number, row in existing.items()}
    cleaned, errors = _validate(parsed, existing, progress)
    _find_cycles(cleaned, errors, existing, number_of_id)
    result = ImportResult()
    if errors and not skip_invalid:
        result.errors = [RowError(line, errors[line]) for line in sorted(errors)]
        return result
    if skip_invalid:
        _drop_orphans(cleaned, errors, existing)
    valid = [values for line, values in cleaned if line not in errors]
    result.errors = [RowError(line, errors[line]) for line in sorted(errors)]
    result.written = True

    id_of = {number: row.id for number, row in existing.items()}
    inserted_parent = _insert_new(valid, existing, id_of)
    changes = _changes(valid, existing, id_of, inserted_parent, result)
    if changes:
        db.session.execute(update(School), changes)
        _mirror(changes)
    log_change(
        actor,
        "school_import.written",
        object_type="school_import",
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        skipped=len(result.errors),
    )
    return result


def _insert_new(valid: list[dict], existing: dict, id_of: dict) -> dict[str, int | None]:
    """Insert the rows new to the registry in one statement; fills id_of with their ids and
    returns the parent id each got (parents new in this file are set by _changes after)."""
    inserted_parent: dict[str, int | None] = {}
    new = [v for v in valid if v["institution_number"] not in existing]
    if not new:
        return inserted_parent
    codes = new_public_codes(len(new), {row.public_code for row in existing.values()})
    for v in new:
        inserted_parent[v["institution_number"]] = id_of.get(v.get("parent_institution_number"))
    now = utcnow()
    table = School.__table__
    ids = reserve_organisation_ids(len(new))
    # A Core executemany with the same keys in every row: the driver pipelines it. Measured
    # on PostgreSQL, faster than the ORM bulk insert (which splits the batch wherever the set
    # of None values changes) and than INSERT .. RETURNING (huge statements to parse).
    rows = [
        {
            **NEW_SCHOOL_DEFAULTS,
            **{f: v[f] for f in FIELDS if f in v and f != "parent_institution_number"},
            "id": school_id,
            "parent_id": inserted_parent[v["institution_number"]],
            "public_code": code,
            "created_at": now,
            "updated_at": now,
        }
        for v, code, school_id in zip(new, codes, ids, strict=True)
    ]
    # Every school is an organisation with the same id (schools.models): that row first.
    db.session.execute(insert(Organisation), [organisation_row(row) for row in rows])
    db.session.execute(insert(table), rows)
    id_of.update(db.session.execute(select(table.c.institution_number, table.c.id)).all())
    return inserted_parent


def _mirror(changes: list[dict]) -> None:
    """Pass the changed names and addresses on to the schools' organisation rows."""
    mirrored = [c for c in changes if any(f in c for f in MIRRORED_FIELDS)]
    if not mirrored:
        return
    current = {
        row.id: row
        for row in db.session.execute(
            select(School.id, *(getattr(School, f) for f in MIRRORED_FIELDS)).where(
                School.id.in_([c["id"] for c in mirrored])
            )
        )
    }
    rows = []
    for change in mirrored:
        values = {f: getattr(current[change["id"]], f) for f in MIRRORED_FIELDS}
        search = search_name_of(*(values[f] for f in ORGANISATION_SEARCH_FIELDS))
        rows.append({"id": change["id"], **values, "search_name": search})
    db.session.execute(update(Organisation), rows)


def _changes(valid, existing, id_of, inserted_parent, result: ImportResult) -> list[dict]:
    """The UPDATE parameters of the rows that change (a new parent included), counting created,
    updated and unchanged rows into result."""
    changes = []
    for values in valid:
        number = values["institution_number"]
        row = existing.get(number)
        diff = {}
        if row is not None:
            for f in FIELDS:
                if (
                    f in values
                    and f != "parent_institution_number"
                    and getattr(row, f) != values[f]
                ):
                    diff[f] = values[f]
            if any(f in diff for f in SEARCH_FIELDS):
                # A bulk UPDATE passes no ORM event: the search text is written here.
                diff["search_name"] = search_name_of(
                    *(diff.get(f, getattr(row, f)) for f in SEARCH_FIELDS)
                )
        if "parent_institution_number" in values:
            parent_id = id_of.get(values["parent_institution_number"])
            before = row.parent_id if row is not None else inserted_parent[number]
            if before != parent_id:
                diff["parent_id"] = parent_id
        if diff:
            # The version the row has (a row inserted above: 1): the bulk UPDATE checks it and
            # raises it, as every ORM update of a school does (an API PATCH then sees the change).
            version = row.version if row is not None else 1
            changes.append({"id": id_of[number], "version": version, **diff})
        if row is None:
            result.created += 1
        elif diff:
            result.updated += 1
        else:
            result.unchanged += 1
    return changes
