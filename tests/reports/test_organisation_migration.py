"""The organisation migrations (issue 20) carry the data: on the scale data, every report gives
the same figures after a downgrade to before them and an upgrade again, and every school id
still resolves, as an organisation of kind school with the school's name."""

from datetime import timedelta

from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from netwerk import create_app
from netwerk.auth.models import User
from netwerk.demo.scale.context import SCALE_ADMIN_EMAIL
from netwerk.demo.scale.load import load_scale
from netwerk.extensions import db
from netwerk.reports.bodies import participation_body
from netwerk.reports.params import PARTICIPATING, ReportParams
from netwerk.reports.participation import participation_report
from netwerk.schools.models import Organisation, School
from netwerk.timeutil import today
from tests.test_migrations import down_revision_of, empty_database_url  # noqa: F401

FIRST = "fc11beb22030"  # organisation; then 5d2a7c9e4b18 (anchors), 5c3e45fecb50 (members)
BEFORE = down_revision_of(FIRST)


def _figures() -> list:
    """The participation report's body on a few days, on both bases."""
    admin = db.session.scalar(select(User).where(User.email == SCALE_ADMIN_EMAIL))
    bodies = []
    for days in (0, 200, 400, 800):
        for basis in (None, PARTICIPATING):
            params = ReportParams(
                today() - timedelta(days=days), **({"basis": basis} if basis else {})
            )
            body = participation_body(participation_report(admin, params))
            bodies.append({k: body[k] for k in ("rows", "totals")})
    db.session.rollback()
    return bodies


def test_reports_and_school_ids_survive_the_organisation_migrations(empty_database_url):  # noqa: F811
    """Scale data, its figures; down to before the organisations and up again: the same figures,
    and every school an organisation with its own id."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        load_scale(0.005, seed=7, show_progress=False)
        schools = dict(db.session.execute(select(School.id, School.name)).all())
        before = _figures()
        assert sum(len(b["rows"]) for b in before) > 0
        db.session.remove()
        downgrade(revision=BEFORE)
        upgrade()
        assert _figures() == before
        organisations = db.session.execute(
            select(Organisation.id, Organisation.kind, Organisation.name)
        ).all()
        assert {o.id: o.name for o in organisations} == schools
        assert {o.kind.value for o in organisations} == {"school"}
        db.session.remove()
        db.engine.dispose()
