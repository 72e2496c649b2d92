"""Every writing service of reports logs one change line, with its actor."""

import logging

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.reports.answer_order import save_order
from tests.reports.factories import add_user
from tests.reports.seed000 import build_seed000

WRITING_SERVICES = ["netwerk.reports.answer_order.save_order"]


def test_saving_an_answer_order_logs_one_line(rctx, caplog):
    """The admin's order of a programme's anchor schools: one line on the programme."""
    ns = build_seed000()
    admin = db.session.get(User, add_user("admin"))
    caplog.set_level(logging.INFO, logger="netwerk.changes")
    save_order(admin, ns.programme, {ns.anchors["VBS De Ark"]: 1})
    lines = [r for r in caplog.records if r.name == "netwerk.changes"]
    assert [(r.actor_id, r.action, r.object_type, r.object_id) for r in lines] == [
        (admin.id, "answer_order.saved", "programme", ns.programme)
    ]
    assert lines[0].details["schools"].startswith(f"{ns.anchors['VBS De Ark']},")
