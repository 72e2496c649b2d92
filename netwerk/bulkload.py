"""Loading many rows at once: is the database empty, foreign keys set aside during the load and
checked after it, sequences moved past the ids the rows were written with. Used by `flask data
import` and `flask demo scale`."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Integer, literal, select, text

from netwerk.extensions import db


def database_is_empty(connection: Connection | None = None) -> bool:
    """True when no table of the application holds a single row."""
    conn = connection or db.session.connection()
    return all(
        conn.execute(select(literal(1)).select_from(table).limit(1)).first() is None
        for table in data_tables()
    )


def data_tables() -> list:
    """The application's tables in dependency order, but those that hold no data (the data
    generation counter, netwerk/generation.py: info not_data)."""
    return [t for t in db.metadata.sorted_tables if not t.info.get("not_data")]


def reset_sequences(connection: Connection) -> None:
    """On PostgreSQL, move every id sequence past the highest id (rows were written with ids)."""
    if connection.dialect.name != "postgresql":
        return
    preparer = connection.dialect.identifier_preparer
    for table in db.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer):
            continue
        name = preparer.format_table(table)
        column = preparer.quote(pk[0].name)
        # setval(seq, max + 1, false): the next nextval() returns max + 1 (1 on an empty table).
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE((SELECT MAX({column}) FROM {name}), 0) + 1, false)"
            ),
            {"table": name, "column": pk[0].name},
        )


@contextmanager
def foreign_keys_set_aside(connection: Connection) -> Iterator[None]:
    """On PostgreSQL, drop the foreign keys for a bulk load and add them back after it.

    Checking a foreign key row by row costs more than writing the row; adding the constraint back
    validates all rows in one pass (the PostgreSQL manual's advice for populating a database). The
    exact definitions are read from pg_constraint, and all of it runs in the caller's transaction,
    so a row that breaks a constraint still rolls the whole load back.
    """
    if connection.dialect.name != "postgresql":
        yield
        return
    preparer = connection.dialect.identifier_preparer
    foreign_keys = connection.execute(
        text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND connamespace = current_schema()::regnamespace ORDER BY conrelid, conname"
        )
    ).all()
    for table, name, _definition in foreign_keys:
        connection.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {preparer.quote(name)}"))
    yield
    for table, name, definition in foreign_keys:
        connection.execute(
            text(f"ALTER TABLE {table} ADD CONSTRAINT {preparer.quote(name)} {definition}")
        )


@contextmanager
def indexes_set_aside(connection: Connection, tables: list[str]) -> Iterator[None]:
    """On PostgreSQL, drop the plain indexes of these tables for a bulk load and build them
    again after it (the manual's "remove indexes": one sort per index beats keeping it up to date
    row by row). Primary keys and indexes behind a constraint (unique, exclusion) stay and keep
    checking every row; the definitions are read from pg_index, all in the caller's transaction.
    """
    if connection.dialect.name != "postgresql":
        yield
        return
    indexes = connection.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
            "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(:tables) "
            "AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
            "ORDER BY 1"
        ),
        {"tables": tables},
    ).all()
    for name, _definition in indexes:
        connection.execute(text(f"DROP INDEX {name}"))
    yield
    for _name, definition in indexes:
        connection.execute(text(definition))
