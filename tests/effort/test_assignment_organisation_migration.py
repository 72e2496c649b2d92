"""Migration b7d41e8a2c93 (an assignment's anchor references organisation.id) carries the data:
on the scale data the effort roll-up gives the same figures after a downgrade to before it and
an upgrade again."""

from dataclasses import asdict
from datetime import timedelta

from flask_migrate import downgrade, upgrade

from netwerk import create_app
from netwerk.demo.scale.load import load_scale
from netwerk.effort.rollup import _kept_statement, effort_rollup
from netwerk.extensions import db
from netwerk.timeutil import SchoolYear, today
from tests.test_migrations import down_revision_of, empty_database_url  # noqa: F401

REVISION = "b7d41e8a2c93"


def _figures() -> list:
    """The roll-up of three school years, per anchor, network and province."""
    _kept_statement.cache_clear()
    years = [SchoolYear.of(today() - timedelta(days=365 * n)) for n in range(3)]
    out = [
        asdict(effort_rollup(year, group_by))
        for year in years
        for group_by in ("anchor_school", "network", "province")
    ]
    db.session.rollback()
    return out


def test_the_effort_rollup_survives_the_assignment_migration(empty_database_url):  # noqa: F811
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.test_request_context():
        upgrade()
        load_scale(0.005, seed=7, show_progress=False)
        before = _figures()
        assert any(r["rows"] for r in before)
        db.session.remove()
        downgrade(revision=down_revision_of(REVISION))
        upgrade()
        assert _figures() == before
        db.session.remove()
        db.engine.dispose()
