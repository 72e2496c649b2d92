"""The migration that dates network anchors, level and programme carries every network forward."""

from datetime import date, datetime

from flask_migrate import upgrade
from sqlalchemy import text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import (  # noqa: F401 - empty_database_url is a fixture
    empty_database_url,
    insert,
    network_row,
    programme_row,
    school_row,
)

BEFORE = "2ff9735d1f9e"
NOW = datetime(2026, 12, 1, 12, 0)
EARLIER = datetime(2025, 3, 4, 8, 30)
PROGRAMMES = [
    programme_row(1, "Met start", NOW, starts_on="2019-09-01"),
    programme_row(2, "Zonder start", NOW, starts_on=None),
]
# N1: the programme's start is the earliest; N2: a registration's move; N3: a call's opening;
# N4: nothing but its creation.
NETWORKS = [
    network_row(1, NOW),
    network_row(2, NOW, programme_id=2, level="secundair"),
    network_row(3, NOW, programme_id=2, level="secundair", type="leergemeenschap"),
    network_row(4, EARLIER, programme_id=2),
]
SCHOOLS = [
    school_row(1, "Anker A", NOW),
    school_row(2, "Anker B", NOW, level="secundair"),
    school_row(3, "Deelnemer", NOW, level="secundair"),
]
ROWS = [
    "INSERT INTO network_anchor (network_id, school_id) VALUES (1, 1), (2, 1), (2, 2), (3, 2), "
    "(4, 1)",
    'INSERT INTO "call" (id, title, programme_id, opens_on, closes_on, starts_on, text, '
    "created_at) VALUES (1, 'Oproep', 2, '2024-09-01', '2024-10-01', '2024-11-01', '', :now)",
    "INSERT INTO call_network (call_id, network_id) VALUES (1, 3)",
    "INSERT INTO registration (id, school_id, network_id, status, contact_name, contact_email, "
    "motivation, commitment, created_at, updated_at) VALUES "
    "(1, 3, 2, 'accepted', '', '', '', true, :now, :now)",
    "INSERT INTO registration_status_change (id, registration_id, to_status, effective_on, "
    "recorded_at, reason) VALUES (1, 1, 'submitted', '2021-11-12', :now, ''), "
    "(2, 1, 'accepted', '2021-11-15', :now, '')",
]


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _moment(value) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def test_existing_networks_keep_their_anchors_level_and_programme_for_past_days(
    empty_database_url,  # noqa: F811
):
    """Each network's anchors, level and programme become its opening history, valid from its
    earliest known day and recorded at its creation; the tables are empty of anything else."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade(revision=BEFORE)
        with db.engine.begin() as connection:
            insert(connection, "programme", *PROGRAMMES)
            insert(connection, "network", *NETWORKS)
            insert(connection, "school", *SCHOOLS)
            for statement in ROWS:
                connection.execute(text(statement), {"now": NOW})
        upgrade()
        with db.engine.connect() as connection:
            periods = connection.execute(
                text(
                    # organisation_id since issue 20 (the school's id, carried over).
                    "SELECT network_id, organisation_id, valid_from, valid_until, opening, "
                    "recorded_at, recorded_until FROM network_anchor_period "
                    "ORDER BY network_id, organisation_id"
                )
            ).all()
            profiles = connection.execute(
                text(
                    "SELECT network_id, level, programme_id, effective_on, opening, recorded_at "
                    "FROM network_profile_change ORDER BY network_id"
                )
            ).all()
        db.engine.dispose()
    starts = {1: date(2019, 9, 1), 2: date(2021, 11, 12), 3: date(2024, 9, 1), 4: date(2025, 3, 4)}
    created = {1: NOW, 2: NOW, 3: NOW, 4: EARLIER}
    assert [(n, s, _day(f), u, bool(o), _moment(r), ru) for n, s, f, u, o, r, ru in periods] == [
        (n, s, starts[n], None, True, created[n], None)
        for n, s in [(1, 1), (2, 1), (2, 2), (3, 2), (4, 1)]
    ]
    assert [(n, lv, p, _day(e), bool(o), _moment(r)) for n, lv, p, e, o, r in profiles] == [
        (1, "basis", 1, starts[1], True, NOW),
        (2, "secundair", 2, starts[2], True, NOW),
        (3, "secundair", 2, starts[3], True, NOW),
        (4, "basis", 2, starts[4], True, EARLIER),
    ]
