"""Writing generated rows fast: in chunks, with COPY on PostgreSQL and executemany elsewhere."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext

import click
from sqlalchemy import Enum, Table, insert

from netwerk.extensions import db
from netwerk.generation import note_write

CHUNK = 5000


def chunked(rows: Iterable[dict], size: int = CHUNK) -> Iterator[list[dict]]:
    """Lists of at most size rows."""
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_rows(table: Table, length: int, rows: Iterator[dict], show_progress: bool) -> int:
    """Write rows in chunks (COPY on PostgreSQL, executemany elsewhere), with a progress bar."""
    write = _writer(table)
    count = 0
    progress = (
        click.progressbar(length=length, label=f"{table.name:28}", show_pos=True)
        if show_progress
        else nullcontext()
    )
    with progress as bar:
        for batch in chunked(rows):
            write(batch)
            count += len(batch)
            if bar is not None:
                bar.update(len(batch))
    return count


def _writer(table: Table) -> Callable[[list[dict]], None]:
    """How a chunk goes in: COPY on PostgreSQL (several times faster), executemany elsewhere."""
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        return lambda batch: db.session.execute(insert(table), batch)
    dialect = connection.dialect
    preparer = dialect.identifier_preparer

    def copy_batch(batch: list[dict]) -> None:
        """One chunk through COPY ... FROM STDIN."""
        columns = list(batch[0])
        missing = [c for c in table.columns if c.name not in batch[0] and c.default is not None]
        if missing:
            # A Python-side default is applied by executemany, not by COPY: keep it simple.
            db.session.execute(insert(table), batch)
            return
        # The column types' own bind processing (enums to names, type decorators) as insert() does.
        processors = [_processor(table.c[name].type, dialect) for name in columns]
        names = ", ".join(preparer.quote(name) for name in columns)
        statement = f"COPY {preparer.format_table(table)} ({names}) FROM STDIN"
        raw = connection.connection.driver_connection
        note_write(connection)  # the engine does not see COPY on the driver's own cursor
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for row in batch:
                copy.write_row(
                    [
                        process(row[name]) if process else row[name]
                        for name, process in zip(columns, processors, strict=True)
                    ]
                )

    return copy_batch


def _processor(column_type, dialect) -> Callable | None:
    """A column type's bind processor; an enum's remembers each member's value (an enum column
    takes a handful of values over millions of rows, and its processor checks each one)."""
    process = column_type.bind_processor(dialect)
    if process is None or not isinstance(column_type, Enum):
        return process
    seen: dict = {}

    def remembered(value):
        found = seen.get(value, seen)
        if found is seen:
            found = seen[value] = process(value)
        return found

    return remembered
