"""Every writing service of publications logs one change line, with its actor."""

import logging
from datetime import date

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.publications.services import publish, withdraw
from netwerk.reports.params import ReportParams
from tests.reports.factories import add_user

WRITING_SERVICES = [
    "netwerk.publications.services.publish",
    "netwerk.publications.services.withdraw",
]


def test_publishing_and_withdrawing_log_one_line_each(app, caplog):
    """Publishing logs publication.created (report, peildatum, moment); withdrawing logs
    publication.withdrawn, never the reason's text."""
    with app.app_context():
        admin = db.session.get(User, add_user("admin"))
        caplog.set_level(logging.INFO, logger="netwerk.changes")
        publication = publish(
            admin, "participation", "Vraag nr. 1", ReportParams(date(2021, 11, 19))
        )
        withdraw(admin, publication, "geheime reden")
        lines = [r for r in caplog.records if r.name == "netwerk.changes"]
        assert [(r.actor_id, r.action, r.object_type, r.object_id) for r in lines] == [
            (admin.id, "publication.created", "publication", publication.id),
            (admin.id, "publication.withdrawn", "publication", publication.id),
        ]
        assert lines[0].details["as_of"] == "2021-11-19"
        assert "geheime reden" not in repr(lines[1].__dict__)
