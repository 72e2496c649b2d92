"""Euro next to FTE: the effort report's FTE per network at the year's FTE rate, beside the
network's grants; the effort report itself unchanged."""

from datetime import date
from decimal import Decimal

from netwerk.auth.models import User
from netwerk.effort.report import EffortParams, effort_report
from netwerk.extensions import db
from netwerk.money import budgets
from netwerk.money.effort_euro import effort_in_euro
from netwerk.timeutil import SchoolYear
from tests.effort.factories import make_assignment, make_planned, make_staff
from tests.factories import make_network, make_user
from tests.money.factories import make_grant

YEAR = SchoolYear(2016)


def test_planned_and_realised_fte_in_euro_beside_the_grant(ctx):
    """Planned 1,000 FTE = 64.000,00 € at the 2016-2017 rate; realised 0,500 FTE = 32.000,00 €;
    the total converts the summed FTE (aggregate first, convert last) and names the rate."""
    admin = db.session.get(User, make_user(role="admin"))
    first, second = make_network(name="Netwerk A"), make_network(name="Netwerk B")
    make_grant(admin_id=admin.id, network_ids=[first])
    make_planned(str(YEAR), "1.000", "0.500", network_id=first)
    make_planned(str(YEAR), "0.333", network_id=second)
    make_planned(str(YEAR), "0.333", network_id=second)  # 0,666 summed
    make_assignment(make_staff(), "0.5", YEAR.starts_on, YEAR.ends_on, network_id=first)
    before = effort_report(admin, EffortParams(school_year=YEAR, group_by="network")).rollup
    rate = budgets.add_fte_rate(admin, YEAR, "64.000,00", note="15 jaar anciënniteit")
    db.session.commit()

    result = effort_in_euro(admin, YEAR)
    rows = {row.label: row for row in result.rows}
    a = rows["Netwerk A"]
    assert a.converted["planned_fte"].euro == Decimal("64000.00")
    assert a.converted["earmarked_fte"].euro == Decimal("32000.00")
    assert a.converted["realised_fte"].fte == Decimal("0.500")
    assert a.converted["realised_fte"].euro == Decimal("32000.00")
    assert a.converted["planned_fte"].rate_id == rate.id
    assert a.current == Decimal("64000.00")
    assert rows["Netwerk B"].converted["planned_fte"].euro == Decimal("42624.00")  # 0,666 x 64.000
    assert result.total.converted["planned_fte"].fte == Decimal("1.666")
    assert result.total.converted["planned_fte"].euro == Decimal("106624.00")
    # The effort report reads the same before and after.
    after = effort_report(admin, EffortParams(school_year=YEAR, group_by="network")).rollup
    assert [(r.label, r.planned_fte, r.realised_fte) for r in after.rows] == [
        (r.label, r.planned_fte, r.realised_fte) for r in before.rows
    ]


def test_without_a_rate_the_euro_stay_empty(ctx):
    """No FTE rate for the school year: FTE are shown, the euro are None."""
    admin = db.session.get(User, make_user(role="admin"))
    network = make_network(name="Netwerk C")
    make_planned("2030-2031", "1.000", network_id=network)
    result = effort_in_euro(admin, SchoolYear(2030))
    assert result.rate is None
    assert result.rows[0].converted["planned_fte"].euro is None
    assert date(2030, 9, 1) == result.school_year.starts_on


def test_the_page_shows_euro_next_to_fte(app, client, login_as):
    """/geld/inzet in Belgian formats; a wrong school year is a 400 with the message."""
    login_as("admin")
    with app.app_context():
        network = make_network(name="Netwerk D")
        make_planned(str(YEAR), "1.000", network_id=network)
        budgets.add_fte_rate(db.session.get(User, make_user(role="admin")), YEAR, "64000")
        db.session.commit()
    text = client.get("/geld/inzet?school_year=2016-2017").get_data(as_text=True)
    assert "1,000" in text and "64.000,00\u00a0€" in text
    assert client.get("/geld/inzet?school_year=2016").status_code == 400
