"""The CSV import of hour entries: all lines or none, every bad line reported with its number.

The lookups (staff, networks, schools, closed months) take a constant number of queries whatever
the size of the file, and the entries are written in one bulk insert, logged as one change.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, insert, select

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.csvfiles import decode
from netwerk.effort.hours import month_start
from netwerk.effort.models import Activity, ClosedMonth, HourEntry, HourEntryVersion, StaffMember
from netwerk.effort.parsing import MAX_MINUTES, parse_duration
from netwerk.effort.permissions import require_admin
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.labels import enum_label
from netwerk.networks.models import Network
from netwerk.schools.models import School
from netwerk.timeutil import parse_date, today, utcnow


class ImportFailed(DomainError):
    """The file has errors; nothing was stored. `errors` lists (line number, message)."""

    status_code = 422
    code = "import_failed"

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__(
            ngettext(
                "Het bestand bevat %(num)d fout; er is niets opgeslagen.",
                "Het bestand bevat %(num)d fouten; er is niets opgeslagen.",
                len(errors),
            )
        )


HOUR_COLUMNS = {
    "staff": ("medewerker", "e-mail", "email", "naam", "staff", "name"),
    "date": ("datum", "date", "dag"),
    "duration": ("duur", "uren", "duration", "minuten", "tijd"),
    "activity": ("activiteit", "activity"),
    "network": ("netwerk", "network", "netwerk-id", "netwerk_id"),
    "school": ("school", "instellingsnummer", "institution_number"),
    "note": ("notitie", "opmerking", "note"),
}
REQUIRED_COLUMNS = ("staff", "date", "duration", "activity", "network")
MAX_IMPORT_LINES = 20000


def decode_csv(data: bytes) -> list[list[str]]:
    """Rows of a CSV file: UTF-8 (with or without BOM) or Windows-1252, ',' or ';' separated."""
    text, _encoding = decode(data)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return list(reader)
    except csv.Error as exc:  # an unclosed quote running past csv's field size limit, ...
        raise ImportFailed(
            [
                (
                    reader.line_num or 1,
                    _("Deze regel is onleesbaar (%(reason)s).", reason=str(exc)[:100]),
                )
            ]
        ) from exc


def import_hours_csv(actor: User, data: bytes) -> int:
    """Import hour entries from CSV, all or nothing; returns how many were stored (admin).

    Columns (header row, Dutch or English names): medewerker (e-mail or name), datum, duur,
    activiteit, netwerk (id or name), optional school (institution number) and notitie.
    Raises ImportFailed listing every bad line with its line number.
    """
    require_admin(actor)
    rows = _rows_from_header(decode_csv(data))
    columns = _columns(rows[0])
    if len(rows) - 1 > MAX_IMPORT_LINES:
        limit = f"{MAX_IMPORT_LINES:,}".replace(",", ".")
        raise ImportFailed([(1, _("Hoogstens %(n)s regels per bestand.", n=limit))])
    lookups = _Lookups.load(rows, columns)
    values, errors = _read_lines(rows, columns, lookups, actor)
    if not values and not errors:
        raise ImportFailed([(2, _("Het bestand bevat geen regels met uren."))])
    errors.extend(_day_total_errors(values))
    if errors:
        raise ImportFailed(sorted(errors))
    for value in values:
        value.pop("_line")
    # The ids come back in the order of the lines, for the entries' first versions.
    ids = db.session.scalars(
        insert(HourEntry).returning(HourEntry.id, sort_by_parameter_order=True), values
    ).all()
    _first_versions(actor, values, ids)
    db.session.flush()
    log_change(
        actor,
        "hour_entry.imported",
        object_type="hour_entry",
        count=len(values),
        staff_members=len({v["staff_member_id"] for v in values}),
    )
    return len(values)


def _first_versions(actor: User, values: list[dict], ids: list[int]) -> None:
    """The imported entries' first versions, in one bulk insert (the lines' order is the ids')."""
    now = utcnow()
    db.session.execute(
        insert(HourEntryVersion),
        [
            {
                "hour_entry_id": entry_id,
                **{name: value.get(name) for name in HourEntryVersion.COPIED},
                "recorded_at": now,
                "recorded_by_id": actor.id,
            }
            for value, entry_id in zip(values, ids, strict=True)
        ],
    )


def _rows_from_header(rows: list[list[str]]) -> list[list[str]]:
    """The rows from the header on (blank lines above it dropped); an empty file is refused."""
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise ImportFailed([(1, _("Het bestand is leeg."))])
    return rows


def _columns(header: list[str]) -> dict[str, int]:
    """Which column holds what (first matching name wins); missing required columns refused."""
    names = [cell.strip().lower() for cell in header]
    columns: dict[str, int] = {}
    for key, accepted in HOUR_COLUMNS.items():
        for index, name in enumerate(names):
            if name in accepted:
                columns[key] = index
                break
    missing = [HOUR_COLUMNS[k][0] for k in REQUIRED_COLUMNS if k not in columns]
    if missing:
        raise ImportFailed([(1, _("Ontbrekende kolommen: %(cols)s.", cols=", ".join(missing)))])
    return columns


@dataclass
class _Lookups:
    """What the lines refer to, loaded once: staff by e-mail and name, networks by id and name,
    schools by institution number, and the closed months."""

    staff_by_email: dict[str, int]
    staff_by_name: dict[str, list[int]]
    network_ids: set[int]
    networks_by_name: dict[str, list[int]]
    # The last day of each network that has one (networks.life): no hours after it.
    network_ends: dict[int, date]
    schools: dict[str, int]
    closed: set[date]

    @classmethod
    def load(cls, rows: list[list[str]], columns: dict[str, int]) -> "_Lookups":
        """Five queries, whatever the size of the file."""
        staff = db.session.execute(
            select(StaffMember.id, StaffMember.name, StaffMember.email)
        ).all()
        staff_by_name: dict[str, list[int]] = {}
        for s in staff:
            staff_by_name.setdefault(s.name.strip().lower(), []).append(s.id)
        networks = db.session.execute(select(Network.id, Network.name, Network.ends_on)).all()
        networks_by_name: dict[str, list[int]] = {}
        for n in networks:
            networks_by_name.setdefault(n.name.strip().lower(), []).append(n.id)
        return cls(
            staff_by_email={s.email.lower(): s.id for s in staff if s.email},
            staff_by_name=staff_by_name,
            network_ids={n.id for n in networks},
            networks_by_name=networks_by_name,
            network_ends={n.id: n.ends_on for n in networks if n.ends_on is not None},
            schools=_schools_by_number(rows, columns),
            closed=set(db.session.scalars(select(ClosedMonth.month))),
        )


def _schools_by_number(rows: list[list[str]], columns: dict[str, int]) -> dict[str, int]:
    """Institution number -> school id, for the numbers the file names (one query, or none)."""
    index = columns.get("school")
    if index is None:
        return {}
    numbers = {row[index].strip() for row in rows[1:] if len(row) > index and row[index].strip()}
    if not numbers:
        return {}
    return dict(
        db.session.execute(
            select(School.institution_number, School.id).where(
                School.institution_number.in_(numbers)
            )
        ).all()
    )


def _read_lines(
    rows: list[list[str]], columns: dict[str, int], lookups: _Lookups, actor: User
) -> tuple[list[dict], list[tuple[int, str]]]:
    """The values of every good line (with its line number in "_line") and the bad lines."""
    errors: list[tuple[int, str]] = []
    values: list[dict] = []
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row=row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        try:
            values.append(_import_line(cell, lookups, actor))
            values[-1]["_line"] = line_no
        except DomainError as exc:
            errors.append((line_no, exc.message))
    return values, errors


def _import_line(cell, lookups: _Lookups, actor: User) -> dict:
    """One CSV line as the values of an HourEntry, or a DomainError saying what is wrong."""
    staff_id = _staff_id(cell("staff"), lookups)
    worked_on = parse_date(cell("date"))
    if worked_on > today():
        raise DomainError(_("Uren in de toekomst kunnen nog niet geregistreerd worden."))
    if month_start(worked_on) in lookups.closed:
        raise DomainError(_("De maand %(month)s is afgesloten.", month=worked_on.strftime("%m/%Y")))
    minutes = parse_duration(cell("duration"))
    activity = _activity(cell("activity"))
    network_id = _network_id(cell("network"), lookups)
    ends_on = lookups.network_ends.get(network_id)
    if ends_on is not None and worked_on > ends_on:
        raise DomainError(
            _(
                "Het netwerk is beëindigd op %(day)s: er kunnen geen uren na die dag "
                "geregistreerd worden.",
                day=ends_on.strftime("%d/%m/%Y"),
            )
        )
    school_id = None
    if cell("school"):
        school_id = lookups.schools.get(cell("school"))
        if school_id is None:
            raise DomainError(
                _("Onbekend instellingsnummer '%(value)s'.", value=cell("school")[:20])
            )
    note = cell("note")
    if len(note) > 500:
        raise DomainError(_("De notitie is te lang (hoogstens 500 tekens)."))
    return {
        "staff_member_id": staff_id,
        "worked_on": worked_on,
        "minutes": minutes,
        "activity": activity,
        "network_id": network_id,
        "school_id": school_id,
        "note": note,
        "created_by_id": actor.id,
        "created_at": utcnow(),
    }


def _staff_id(who: str, lookups: _Lookups) -> int:
    """The staff member a line names, by e-mail or else by a name only one person has."""
    if not who:
        raise DomainError(_("Geen medewerker opgegeven."))
    staff_id = lookups.staff_by_email.get(who.lower())
    if staff_id is not None:
        return staff_id
    matches = lookups.staff_by_name.get(who.lower(), [])
    if len(matches) > 1:
        raise DomainError(
            _("Meerdere medewerkers heten '%(who)s': gebruik het e-mailadres.", who=who[:60])
        )
    if not matches:
        raise DomainError(_("Onbekende medewerker '%(who)s'.", who=who[:60]))
    return matches[0]


def _activity(text: str) -> Activity:
    """An activity by its value or its label in the current language."""
    wanted = text.strip().lower()
    for member in Activity:
        if wanted in (member.value, enum_label(member).lower()):
            return member
    raise DomainError(
        _(
            "Onbekende activiteit '%(value)s': kies uit %(choices)s.",
            value=text[:40],
            choices=", ".join(a.value for a in Activity),
        )
    )


def _network_id(net: str, lookups: _Lookups) -> int:
    """The network a line names, by id or else by a name only one network has."""
    # isdecimal, not isdigit: '²' is a digit that int() refuses.
    if net.isdecimal() and int(net) in lookups.network_ids:
        return int(net)
    matches = lookups.networks_by_name.get(net.lower(), [])
    if len(matches) != 1:
        raise DomainError(
            _("Onbekend netwerk '%(value)s'.", value=net[:60])
            if not matches
            else _("Meerdere netwerken heten '%(value)s': gebruik het id.", value=net[:60])
        )
    return matches[0]


def _day_total_errors(values: list[dict]) -> list[tuple[int, str]]:
    """Lines that would put a person above 24 hours on a day (file plus what is stored)."""
    if not values:
        return []
    staff_ids = {v["staff_member_id"] for v in values}
    first = min(v["worked_on"] for v in values)
    last = max(v["worked_on"] for v in values)
    totals: dict[tuple[int, date], int] = {
        (row.staff_member_id, row.worked_on): int(row.total)
        for row in db.session.execute(
            select(
                HourEntry.staff_member_id,
                HourEntry.worked_on,
                func.sum(HourEntry.minutes).label("total"),
            )
            .where(
                HourEntry.staff_member_id.in_(staff_ids), HourEntry.worked_on.between(first, last)
            )
            .group_by(HourEntry.staff_member_id, HourEntry.worked_on)
        )
    }
    errors = []
    for value in values:
        key = (value["staff_member_id"], value["worked_on"])
        totals[key] = totals.get(key, 0) + value["minutes"]
        if totals[key] > MAX_MINUTES:
            errors.append(
                (
                    value["_line"],
                    _(
                        "Op %(day)s staan dan meer dan 24 uur voor deze medewerker.",
                        day=value["worked_on"].strftime("%d/%m/%Y"),
                    ),
                )
            )
    return errors
