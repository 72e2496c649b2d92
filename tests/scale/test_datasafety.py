"""flask data export / import: a whole database round-trips into a fresh, migrated one."""

import json

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from netwerk import create_app
from netwerk.auth.models import ApiToken, User
from netwerk.auth.services import authenticate
from netwerk.bulkload import data_tables
from netwerk.datasafety import (
    FORMAT_VERSION,
    SECRET_TABLES,
    DataError,
    export_to_path,
    import_from_path,
)
from netwerk.demo.scale.load import load_scale
from netwerk.extensions import db
from netwerk.meetings.feeds import create_feed
from netwerk.meetings.models import CalendarFeed
from netwerk.schools.models import Organisation, School
from tests.conftest import BACKEND, _empty_all_tables
from tests.factories import DEFAULT_PASSWORD, make_school, make_user
from tests.meetings.factories import make_api_token
from tests.scale.conftest import extra_database
from tests.scale.factories import UNICODE_NAME, add_awkward_rows, add_webhook_and_key


@pytest.fixture(scope="module")
def second_database_url(tmp_path_factory):
    """An empty database migrated to head, beside the test database (made once per module;
    second_app empties it after every test)."""
    with extra_database(tmp_path_factory, "second") as url:
        migrated = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        with migrated.app_context():
            upgrade()
            db.session.remove()
            db.engine.dispose()
        yield url


@pytest.fixture
def second_app(second_database_url):
    """An app on the second database; the database is emptied and the engine closed after."""
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": second_database_url})
    yield other
    with other.app_context():
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every data table (the generation counter is not data), by primary key."""
    return {
        table.name: [
            tuple(row)
            for row in db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        ]
        for table in data_tables()
    }


def test_round_trip_keeps_every_row_and_column(app, second_app, tmp_path):
    """Scale data plus awkward rows: export, import elsewhere, the two databases are equal."""
    path = str(tmp_path / "export.json")
    with app.app_context():
        load_scale(0.005, seed=11, show_progress=False)
        add_awkward_rows()
        before = snapshot()
        counts = export_to_path(path)
        db.session.rollback()
    empty = [name for name, rows in before.items() if not rows]
    assert not empty, f"give these tables a hand-made row in tests/scale/factories.py: {empty}"
    assert counts == {name: len(rows) for name, rows in before.items()}

    with open(path, encoding="utf-8") as fh:
        document = json.load(fh)  # ordinary JSON
    assert document["meta"]["version"] == FORMAT_VERSION
    assert [t["table"]["name"] for t in document["tables"]] == list(before)

    with second_app.app_context():
        imported = import_from_path(path)
        after = snapshot()
        # The sequences moved on: new rows get fresh ids.
        # A school takes its id from its organisation row (schools.models).
        highest = db.session.scalar(select(func.max(Organisation.id)))
        assert make_school() == highest + 1
    assert imported == counts
    for name, rows in before.items():
        assert after[name] == rows, f"table {name} differs after the round trip"
    schools = {row[2]: row for row in after["school"]}
    child = schools[UNICODE_NAME]
    parent_id = child[9]
    assert parent_id is not None and parent_id > child[0]


def test_pretty_printed_file_is_read_too(app, second_app, tmp_path):
    """A file re-indented by hand (not our line layout) still imports, just not streamed."""
    path = str(tmp_path / "export.json")
    with app.app_context():
        make_school(name="Vrije Basisschool Sint-Jozef")
        export_to_path(path)
        before = snapshot()
    pretty = str(tmp_path / "pretty.json")
    with open(path, encoding="utf-8") as src, open(pretty, "w", encoding="utf-8") as dst:
        json.dump(json.load(src), dst, indent=2, ensure_ascii=False)
    with second_app.app_context():
        import_from_path(pretty)
        assert snapshot() == before


def test_import_into_a_database_with_data_is_refused(app, tmp_path):
    """Importing over existing rows is refused with a clear message, and nothing changes."""
    path = str(tmp_path / "export.json")
    with app.app_context():
        make_school()
        export_to_path(path)
        with pytest.raises(DataError, match="niet leeg"):
            import_from_path(path)
        assert db.session.scalar(select(func.count(School.id))) == 1
    result = app.test_cli_runner().invoke(args=["data", "import", path])
    assert result.exit_code == 1
    assert "De doeldatabase is niet leeg" in result.output


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda text: "dit is geen json", "geen geldig exportbestand"),
        (lambda text: text.replace('"version": 1', '"version": 99'), "versie 99"),
        (lambda text: text.replace('"format": "netwerk-export"', '"format": "x"'), "geen netwerk"),
        (lambda text: text.replace('"revision": null', '"revision": "deadbeef"'), "schemaversie"),
        (lambda text: text.replace('"public_code"', '"code"'), "kolommen van tabel 'school'"),
        (lambda text: text.replace('"basis"', '"universiteit"'), "Ongeldige waarde"),
        (lambda text: text.rsplit("]}", 2)[0], "onvolledig"),
    ],
)
def test_bad_files_are_refused_and_leave_nothing(app, second_app, tmp_path, change, message):
    """A broken, foreign, newer or mismatched file is refused with a message; nothing is written."""
    path = str(tmp_path / "export.json")
    with app.app_context():
        make_school(level="basis")
        export_to_path(path)
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    assert '"revision": null' in text  # the test database is built without migrations
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(change(text))
    with second_app.app_context():
        with pytest.raises(DataError, match=message):
            import_from_path(path)
        assert db.session.scalar(select(func.count(School.id))) == 0


def test_export_and_import_commands(app, second_app, tmp_path):
    """flask data export and flask data import print what they wrote."""
    path = str(tmp_path / "export.json")
    with app.app_context():
        make_school()
    exported = app.test_cli_runner().invoke(args=["data", "export", path])
    assert exported.exit_code == 0, exported.output
    assert "school" in exported.output
    imported = second_app.test_cli_runner().invoke(args=["data", "import", path])
    assert imported.exit_code == 0, imported.output
    assert "Geïmporteerd" in imported.output
    with second_app.app_context():
        assert db.session.scalar(select(func.count(School.id))) == 1


def test_export_without_secrets_leaves_credentials_out(app, second_app, tmp_path):
    """--without-secrets: no hash of a password or token is in the file, the token tables are
    left out, the users stay but no password logs in; the file imports like any other."""
    path = str(tmp_path / "test.json")
    with app.app_context():
        make_school(name="Basisschool De Linde")
        admin_id = make_user(email="beheer@test.be")
        make_api_token(admin_id)
        create_feed(db.session.get(User, admin_id))
        # A webhook endpoint (its secret) with a delivery, and an Idempotency-Key of the token.
        webhook_secret = add_webhook_and_key(admin_id)
        db.session.commit()
        secrets_in_db = [
            webhook_secret,
            db.session.get(User, admin_id).password_hash,
            *db.session.scalars(select(ApiToken.token_hash)),
            *db.session.scalars(select(CalendarFeed.token_hash)),
        ]
        before = snapshot()
    result = app.test_cli_runner().invoke(args=["data", "export", "--without-secrets", path])
    assert result.exit_code == 0, result.output

    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    for secret in secrets_in_db:
        assert secret not in text
    names = [t["table"]["name"] for t in json.loads(text)["tables"]]
    assert SECRET_TABLES.isdisjoint(names) and "user" in names

    with second_app.app_context():
        import_from_path(path)
        after = snapshot()
        user = db.session.scalars(select(User)).one()
        assert user.email == "beheer@test.be" and user.password_hash
        assert authenticate("beheer@test.be", DEFAULT_PASSWORD) is None
        assert authenticate("beheer@test.be", user.password_hash) is None
        assert authenticate("beheer@test.be", "") is None
        db.session.rollback()
    for name in SECRET_TABLES:
        assert before[name] and not after[name]
    assert after["school"] == before["school"]


def test_export_help_says_the_file_is_a_secret(app):
    """The command's help warns what the file holds and offers --without-secrets."""
    result = app.test_cli_runner().invoke(args=["data", "export", "--help"])
    assert result.exit_code == 0
    assert "password hashes, token hashes" in result.output
    assert "--without-secrets" in result.output


@pytest.mark.skipif(BACKEND != "postgres", reason="moves a database between SQLite and PostgreSQL")
def test_a_sqlite_database_moves_to_postgresql_and_back(second_app, tmp_path):
    """The path from `make run` to production: an embedded SQLite database exported, imported into
    PostgreSQL and exported again into a new SQLite file; all three compare equal row by row."""

    def sqlite_app(name: str):
        """A migrated SQLite database of its own."""
        other = create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / name}"}
        )
        with other.app_context():
            upgrade()
        return other

    to_postgres, to_sqlite = str(tmp_path / "from-sqlite.json"), str(tmp_path / "from-pg.json")
    source = sqlite_app("source.db")
    with source.app_context():
        load_scale(0.005, seed=11, show_progress=False)
        add_awkward_rows()
        before = snapshot()
        export_to_path(to_postgres)
        db.session.remove()
        db.engine.dispose()
    with second_app.app_context():
        assert db.engine.dialect.name == "postgresql"
        import_from_path(to_postgres)
        in_postgres = snapshot()
        export_to_path(to_sqlite)
        db.session.rollback()
    back = sqlite_app("back.db")
    with back.app_context():
        import_from_path(to_sqlite)
        again = snapshot()
        db.session.remove()
        db.engine.dispose()
    for name, rows in before.items():
        assert rows, f"table {name} has no rows to compare"
        assert in_postgres[name] == rows, f"table {name} differs in PostgreSQL"
        assert again[name] == rows, f"table {name} differs back in SQLite"
