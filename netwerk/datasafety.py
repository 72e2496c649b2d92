"""flask data export / import: the whole database as one JSON file.

The file is ordinary JSON with a format version, the schema revision and, per table (in dependency
order), its columns with a type tag and its rows as arrays:

    {"meta": {"format": "netwerk-export", "version": 1, ...}, "tables": [
    {"table": {"name": "school", "columns": [...], "types": [...], "count": 3600}, "rows": [
    [1,"100000",...],
    ...
    ]},
    ...
    ]}

It is written one row per line, so both export and import stream it in chunks and a Flanders-sized
database never sits in memory whole. A file in any other JSON layout (pretty-printed, say) is still
read, only not streamed. Dates, datetimes and Decimals are written as ISO strings and decimal
strings, enums as their stored values; the type tags say how to read them back.

The file is a secret: it holds every password hash, the hashes of the API and calendar-feed
tokens (an import keeps them working), the webhooks' signing secrets in plain text (a receiver
checks signatures with them) and all personal data (names, e-mail addresses, motivations,
minutes). `--without-secrets` writes a copy for test or acceptance environments: password hashes
become a value no password matches, and the token and webhook tables are left out (an
acceptance copy then never sends to production's receivers).
"""

import base64
import json
import os
import tempfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

import click
from flask.cli import AppGroup
from sqlalchemy import (
    JSON,
    Boolean,
    Connection,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
    Text,
    Time,
    bindparam,
    func,
    insert,
    inspect,
    literal,
    select,
    text,
    update,
)
from sqlalchemy.exc import DataError as SqlDataError
from sqlalchemy.exc import DBAPIError, IntegrityError, StatementError

from netwerk.bulkload import (
    data_tables,
    database_is_empty,
    foreign_keys_set_aside,
    reset_sequences,
)
from netwerk.extensions import db
from netwerk.timeutil import utcnow

FORMAT = "netwerk-export"
FORMAT_VERSION = 1
CHUNK = 2000
_META_END = ', "tables": ['
_TABLE_END = ', "rows": ['

# What --without-secrets leaves out: tables whose rows are credentials, and credential columns
# replaced by a value that still satisfies NOT NULL. "!" has no "$", so werkzeug's
# check_password_hash matches no password against it (the account stays, its login does not).
# The webhook endpoints hold their signing secrets (and their deliveries belong to them); the
# Idempotency-Keys belong to the API tokens and hold the answers the tokens were given.
SECRET_TABLES = frozenset(
    {"api_token", "calendar_feed", "idempotency_key", "webhook_endpoint", "webhook_delivery"}
)
SECRET_COLUMNS = {("user", "password_hash"): "!geen-wachtwoord"}

data_cli = AppGroup(
    "data",
    help=(
        "De hele database exporteren en importeren (JSON). Het exportbestand is geheim: het bevat "
        "wachtwoord- en tokenhashes en alle persoonsgegevens. Versleutel het, bewaar het kort."
    ),
)


class DataError(Exception):
    """An export file that cannot be imported here, with a message for the operator."""


# -- the schema revision ----------------------------------------------------------------------


def alembic_revision(connection: Connection) -> str | None:
    """The migration revision of the database, or None when it was not built by migrations."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


# -- values ------------------------------------------------------------------------------------


def column_kind(column) -> str:
    """The type tag of a column in the export file."""
    kind = column.type
    checks = (
        (Enum, "enum"),  # before String: an Enum is a String
        (DateTime, "datetime"),
        (Date, "date"),
        (Time, "time"),
        (Float, "float"),  # before Numeric: a Float is a Numeric
        (Numeric, "decimal"),
        (Boolean, "bool"),
        (Integer, "int"),
        (LargeBinary, "bytes"),
        (JSON, "json"),
        (String, "str"),
        (Text, "str"),
    )
    for type_, tag in checks:
        if isinstance(kind, type_):
            return tag
    raise DataError(f"Onbekend kolomtype {kind!r} in {column.table.name}.{column.name}.")


def encode(kind: str, value: Any) -> Any:
    """A database value as a JSON value."""
    if value is None:
        return None
    if kind == "enum":
        return value.value if hasattr(value, "value") else value
    if kind in ("date", "datetime", "time"):
        return value.isoformat()
    if kind == "decimal":
        return str(value)
    if kind == "bytes":
        return base64.b64encode(value).decode("ascii")
    return value


def decode(kind: str, value: Any) -> Any:
    """A JSON value from the file as the value to write (enums stay their stored string)."""
    if value is None:
        return None
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "time":
        return time.fromisoformat(value)
    if kind == "decimal":
        return Decimal(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


# -- export ------------------------------------------------------------------------------------


def _exported_column(table: Table, column, without_secrets: bool):
    """The column to select, or a literal in its place when --without-secrets blanks it."""
    blank = SECRET_COLUMNS.get((table.name, column.name)) if without_secrets else None
    return column if blank is None else literal(blank, column.type).label(column.name)


def export_database(fh: IO[str], without_secrets: bool = False) -> dict[str, int]:
    """Write every table, rows ordered by primary key, to an open text file; rows per table.

    Without secrets the token tables are left out and password hashes made unusable.
    """
    conn = db.session.connection()
    meta = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "exported_at": utcnow().isoformat(),
        "revision": alembic_revision(conn),
        "dialect": conn.dialect.name,
        "without_secrets": without_secrets,
    }
    tables = [t for t in data_tables() if not (without_secrets and t.name in SECRET_TABLES)]
    fh.write('{"meta": ' + json.dumps(meta) + _META_END + "\n")
    counts = {}
    for t_index, table in enumerate(tables):
        columns = list(table.columns)
        kinds = [column_kind(c) for c in columns]
        count = conn.execute(select(func.count()).select_from(table)).scalar_one()
        header = {
            "name": table.name,
            "columns": [c.name for c in columns],
            "types": kinds,
            "count": count,
        }
        fh.write('{"table": ' + json.dumps(header) + _TABLE_END + "\n")
        selected = [_exported_column(table, c, without_secrets) for c in columns]
        stmt = select(*selected).order_by(*table.primary_key.columns)
        result = conn.execute(stmt.execution_options(yield_per=CHUNK))
        written = 0
        for row in result:
            values = [encode(k, v) for k, v in zip(kinds, row, strict=True)]
            line = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
            written += 1
            fh.write(line + ("," if written < count else "") + "\n")
        if written != count:  # the database changed while we read it
            raise DataError(f"Tabel {table.name} veranderde tijdens de export; probeer opnieuw.")
        fh.write("]}" + ("," if t_index < len(tables) - 1 else "") + "\n")
        counts[table.name] = count
    fh.write("]}\n")
    return counts


def export_to_path(path: str, without_secrets: bool = False) -> dict[str, int]:
    """Export to a file, written beside it first so a failed export leaves no half file."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".json", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            counts = export_database(fh, without_secrets)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return counts


# -- import ------------------------------------------------------------------------------------


def _read(fh: IO[str]) -> tuple[dict, Iterator[tuple[dict, Iterator[list]]]]:
    """The meta block and (table header, rows) pairs; streamed when the file has our layout."""
    first = fh.readline().rstrip("\r\n")
    if first.startswith('{"meta": ') and first.endswith(_META_END):
        try:
            meta = json.loads(first[: -len(_META_END)] + "}")["meta"]
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"Het bestand is geen geldig exportbestand: {exc}") from exc
        return meta, _stream_tables(fh)
    fh.seek(0)
    try:
        whole = json.load(fh)
        tables = [(t["table"], iter(t["rows"])) for t in whole["tables"]]
        return whole["meta"], iter(tables)
    except (ValueError, KeyError, TypeError) as exc:
        raise DataError(f"Het bestand is geen geldig exportbestand: {exc}") from exc


def _stream_tables(fh: IO[str]) -> Iterator[tuple[dict, Iterator[list]]]:
    """Table by table from a file in our one-row-per-line layout."""
    for raw in fh:
        line = raw.rstrip("\r\n")
        if line == "]}":
            return
        if not (line.startswith('{"table": ') and line.endswith(_TABLE_END)):
            raise DataError(f"Het bestand is geen geldig exportbestand: onverwacht '{line[:60]}'.")
        try:
            header = json.loads(line[: -len(_TABLE_END)] + "}")["table"]
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"Het bestand is geen geldig exportbestand: {exc}") from exc
        rows = _stream_rows(fh)
        yield header, rows
        for _rest in rows:  # a caller that stopped early: skip to the next table
            pass
    raise DataError("Het bestand is onvolledig: het einde ontbreekt.")


def _stream_rows(fh: IO[str]) -> Iterator[list]:
    for raw in fh:
        line = raw.rstrip("\r\n")
        if line in ("]}", "]},"):
            return
        try:
            yield json.loads(line.removesuffix(","))
        except ValueError as exc:
            raise DataError(f"Het bestand is geen geldig exportbestand: {exc}") from exc
    raise DataError("Het bestand is onvolledig: een tabel stopt halverwege.")


def import_database(fh: IO[str]) -> dict[str, int]:
    """Load an export into this empty database, in the file's (dependency) order; rows per table.

    Flushes but does not commit; the caller commits, so a bad file leaves nothing behind.
    """
    conn = db.session.connection()
    meta, tables = _read(fh)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise DataError("Het bestand is geen netwerk-export (het veld 'format' ontbreekt).")
    if not isinstance(meta.get("version"), int) or meta["version"] > FORMAT_VERSION:
        raise DataError(
            f"Exportformaat versie {meta.get('version')!r} wordt niet ondersteund "
            f"(deze versie leest tot en met {FORMAT_VERSION})."
        )
    if not database_is_empty(conn):
        raise DataError(
            "De doeldatabase is niet leeg. Importeer enkel in een lege, gemigreerde database "
            "(maak een nieuwe database en voer 'flask db upgrade' uit)."
        )
    here = alembic_revision(conn)
    if meta.get("revision") and here and meta["revision"] != here:
        raise DataError(
            f"Het bestand komt van schemaversie {meta['revision']}, deze database staat op {here}. "
            "Breng de database eerst op dezelfde versie (flask db upgrade of downgrade)."
        )
    counts: dict[str, int] = {}
    try:
        with foreign_keys_set_aside(conn):
            for header, rows in tables:
                table = _check_header(header)
                counts[table.name] = _import_table(conn, table, header, rows)
    except IntegrityError as exc:
        raise DataError(
            f"Het bestand breekt een regel van de database: {exc.orig or exc}".strip()
        ) from exc
    reset_sequences(conn)
    return counts


def _check_header(header: Any) -> Table:
    """The table a header names, when its columns and types are those of this schema."""
    if not isinstance(header, dict) or not isinstance(header.get("name"), str):
        raise DataError("Het bestand is geen geldig exportbestand: een tabel zonder naam.")
    table = db.metadata.tables.get(header["name"])
    if table is None:
        raise DataError(f"Onbekende tabel '{header['name']}' in het bestand.")
    columns, kinds = header.get("columns"), header.get("types")
    ours = {c.name: column_kind(c) for c in table.columns}
    theirs = dict(zip(columns or [], kinds or [], strict=False))
    if not columns or len(columns) != len(kinds or []) or theirs != ours:
        raise DataError(
            f"De kolommen van tabel '{table.name}' in het bestand komen niet overeen met deze "
            "database (andere schemaversie?)."
        )
    return table


def _import_table(conn: Connection, table: Table, header: dict, rows: Iterator[list]) -> int:
    """Insert one table in chunks; self-references (School.parent_id) in a second pass."""
    names, kinds = header["columns"], header["types"]
    self_refs = [
        c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)
    ]
    pk = [c.name for c in table.primary_key.columns]
    later: list[dict] = []
    batch: list[dict] = []
    count = 0
    for values in rows:
        if not isinstance(values, list) or len(values) != len(names):
            raise DataError(f"Een rij van tabel '{table.name}' heeft niet {len(names)} waarden.")
        try:
            row = {n: decode(k, v) for n, k, v in zip(names, kinds, values, strict=True)}
        except (ValueError, TypeError, ArithmeticError) as exc:
            raise DataError(f"Ongeldige waarde in tabel '{table.name}': {exc}") from exc
        if self_refs and any(row[n] is not None for n in self_refs):
            later.append({**{f"_{n}": row[n] for n in pk + self_refs}})
            for n in self_refs:
                row[n] = None
        batch.append(row)
        count += 1
        if len(batch) >= CHUNK:
            _insert(conn, table, batch)
            batch = []
    if batch:
        _insert(conn, table, batch)
    if isinstance(header.get("count"), int) and header["count"] != count:
        raise DataError(f"Tabel '{table.name}': {count} rijen gelezen, {header['count']} verwacht.")
    if later:
        # Columns with an onupdate default (updated_at) keep their imported value.
        keep = {c.name: c for c in table.columns if c.onupdate is not None}
        stmt = (
            update(table)
            .where(*(table.c[n] == bindparam(f"_{n}") for n in pk))
            .values({**keep, **{n: bindparam(f"_{n}") for n in self_refs}})
        )
        for start in range(0, len(later), CHUNK):
            conn.execute(stmt, later[start : start + CHUNK])
    return count


def _insert(conn: Connection, table: Table, batch: list[dict]) -> None:
    try:
        conn.execute(insert(table), batch)
    except StatementError as exc:
        # An enum value this schema does not know, a text too long for its column, ...
        bad_value = isinstance(exc, SqlDataError) or (
            not isinstance(exc, DBAPIError)
            and isinstance(exc.orig, LookupError | ValueError | TypeError)
        )
        if not bad_value:
            raise
        raise DataError(f"Ongeldige waarde in tabel '{table.name}': {exc.orig}") from exc


def import_from_path(path: str) -> dict[str, int]:
    """Import a file and commit; on any error nothing stays behind."""
    try:
        with open(path, encoding="utf-8") as fh:
            counts = import_database(fh)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return counts


# -- commands ----------------------------------------------------------------------------------


def _print_counts(counts: dict[str, int]) -> None:
    for name, count in counts.items():
        if count:
            click.echo(f"  {name:28} {count:>10,}".replace(",", "."))
    click.echo(f"  {'totaal':28} {sum(counts.values()):>10,}".replace(",", "."))


@data_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--without-secrets",
    is_flag=True,
    help=(
        "Zonder geheimen, voor een test- of acceptatieomgeving: wachtwoordhashes onbruikbaar "
        "gemaakt (niemand kan nog inloggen; maak een beheerder met 'flask users create'), "
        "API-tokens, agendafeeds en webhooks (met hun geheimen) weggelaten. Persoonsgegevens "
        "blijven erin."
    ),
)
def export_command(path: str, without_secrets: bool) -> None:
    """Export the whole database to a JSON file (mode 0600).

    The file holds password hashes, token hashes, the webhooks' signing secrets and all personal
    data: treat it as a secret, encrypt it at rest and keep it only briefly. --without-secrets
    leaves the credentials out.
    """
    counts = export_to_path(path, without_secrets)
    click.echo(f"Geëxporteerd naar {path}:")
    _print_counts(counts)
    if without_secrets:
        click.echo(
            "Zonder geheimen: wachtwoorden onbruikbaar, tokens, agendafeeds en webhooks weggelaten."
        )
    else:
        click.echo(
            "Let op: het bestand bevat wachtwoord- en tokenhashes, de geheimen van de webhooks "
            "en persoonsgegevens. "
            "Versleutel het en bewaar het kort."
        )


@data_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_command(path: str) -> None:
    """Import a JSON export into an empty, migrated database."""
    try:
        counts = import_from_path(path)
    except DataError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Geïmporteerd uit {path}:")
    _print_counts(counts)
