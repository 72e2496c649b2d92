"""The effort API's body is written by hand (netwerk/effort/body.py): it must be exactly what
EffortReportSchema, the API's documentation, dumps for the same report, for every grouping."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from netwerk.effort.body import _decimal, effort_json
from netwerk.effort.models import Activity, FundingSource, SchoolYearSetting
from netwerk.effort.report import EffortParams, EffortReport
from netwerk.effort.rollup import effort_rollup
from netwerk.effort.schemas import EffortReportSchema
from netwerk.extensions import db
from netwerk.timeutil import BRUSSELS, SchoolYear
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.factories import make_network, make_programme, make_school

# The roll-up's attributes in the schema's input (known_at and source come from the report).
ROLLUP_FIELDS = ("school_year", "group_by", "hours_per_fte", "filters", "rows", "total")


@pytest.fixture
def year(ctx) -> str:
    """Two networks, one with two anchor schools; assignments of every target and funding,
    planned FTE and hours of several activities in school year 2023-2024."""
    a = make_school(name="A-school", province="antwerpen")
    b = make_school(name="B-school", province="limburg")
    p = make_programme("Programma P")
    n1 = make_network(name="N1", anchor_ids=[a, b], programme_id=p)
    n2 = make_network(name="N2", anchor_ids=[b], programme_id=p)
    staff = [make_staff(f"Medewerker {i}") for i in range(3)]
    make_assignment(staff[0], "0.5", date(2023, 9, 1), network_id=n1)
    make_assignment(
        staff[1],
        "0.3",
        date(2023, 11, 1),
        date(2024, 3, 31),
        anchor_school_id=b,
        funding=FundingSource.eigen_middelen,
    )
    make_assignment(staff[2], "0.1", date(2023, 9, 1), programme_id=p)
    make_planned("2023-2024", "1", "0.4", network_id=n1)
    make_planned("2023-2024", "0.25", programme_id=p)
    make_hours(staff[0], n1, date(2023, 10, 3), 95, Activity.bijeenkomst)
    make_hours(staff[1], n2, date(2024, 1, 9), 40, Activity.schoolbezoek)
    db.session.add(SchoolYearSetting(school_year="2023-2024", hours_per_fte=Decimal("1000")))
    db.session.commit()
    return "2023-2024"


@pytest.mark.parametrize("group_by", ["anchor_school", "network", "programme", "province"])
def test_the_hand_written_body_is_the_schema_dump(year, group_by):
    """Row for row, figure for figure, as strings."""
    rollup = effort_rollup(year, group_by)
    report = EffortReport(
        as_of=date(2024, 6, 30),
        source="bron: test",
        params=EffortParams(SchoolYear.parse(year), group_by),
        rollup=rollup,
        known_at=datetime(2024, 6, 30, 12, tzinfo=BRUSSELS),
    )
    dumped = EffortReportSchema().dump(
        {
            **{name: getattr(rollup, name) for name in ROLLUP_FIELDS},
            "known_at": report.known_at.isoformat(timespec="microseconds"),
            "source": report.source,
        }
    )
    assert rollup.rows
    assert effort_json(report) == dumped


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("0.500"), "0.500"),
        (Decimal("-0.149"), "-0.149"),
        (Decimal("-0.000"), "-0.000"),
        (Decimal("12.5"), "12.5"),
        (Decimal("0.0"), "0.0"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1E-7"), "0.0000001"),
    ],
)
def test_figures_are_written_in_fixed_point(value, text):
    """str() writes the roll-up's figures; a figure str() would write with an exponent is written
    in fixed point as marshmallow's as_string Decimal does."""
    assert _decimal(value) == text == format(value, "f")
