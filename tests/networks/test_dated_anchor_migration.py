"""The migration that dates network anchors, level and programme carries every network forward."""

from datetime import date, datetime

from flask_migrate import upgrade
from sqlalchemy import text

from netwerk import create_app
from netwerk.extensions import db
from tests.test_migrations import empty_database_url  # noqa: F401 - a fixture

BEFORE = "2ff9735d1f9e"
NOW = datetime(2026, 12, 1, 12, 0)
EARLIER = datetime(2025, 3, 4, 8, 30)
ROWS = [
    "INSERT INTO programme (id, name, description, is_active, created_at, starts_on) VALUES "
    "(1, 'Met start', '', true, :now, '2019-09-01'), (2, 'Zonder start', '', true, :now, NULL)",
    # N1: the programme's start is the earliest; N2: a registration's move; N3: a call's
    # opening; N4: nothing but its creation.
    "INSERT INTO network (id, name, type, programme_id, theme, level, region, description, "
    "rhythm, is_active, auto_accept, created_at, search_name) VALUES "
    "(1, 'N1', 'lerend_netwerk', 1, '', 'basis', '', '', '', true, false, :now, 'n1'), "
    "(2, 'N2', 'lerend_netwerk', 2, '', 'secundair', '', '', '', true, false, :now, 'n2'), "
    "(3, 'N3', 'leergemeenschap', 2, '', 'secundair', '', '', '', true, false, :now, 'n3'), "
    "(4, 'N4', 'lerend_netwerk', 2, '', 'basis', '', '', '', true, false, :earlier, 'n4')",
    "INSERT INTO school (id, institution_number, name, level, umbrella, street, postcode, "
    "municipality, province, public_code, created_at, updated_at, search_name) VALUES "
    "(1, '100001', 'Anker A', 'basis', 'go', '', '3500', 'Hasselt', 'limburg', 'S-1', :now, "
    ":now, 'anker a'), "
    "(2, '100002', 'Anker B', 'secundair', 'go', '', '3500', 'Hasselt', 'limburg', 'S-2', :now, "
    ":now, 'anker b'), "
    "(3, '100003', 'Deelnemer', 'secundair', 'go', '', '3500', 'Hasselt', 'limburg', 'S-3', "
    ":now, :now, 'deelnemer')",
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
            for statement in ROWS:
                connection.execute(text(statement), {"now": NOW, "earlier": EARLIER})
        upgrade()
        with db.engine.connect() as connection:
            periods = connection.execute(
                text(
                    "SELECT network_id, school_id, valid_from, valid_until, opening, "
                    "recorded_at, recorded_until FROM network_anchor_period "
                    "ORDER BY network_id, school_id"
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
