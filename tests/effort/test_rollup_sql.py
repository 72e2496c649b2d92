"""The roll-up in SQL against the figures the test computes itself (tests/effort/oracle.py), on
random data, for every grouping and filter. (Before the roll-up in Python was removed, this test
compared the two on 400 random worlds.)"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwerk.effort.fte import hours_per_fte
from netwerk.effort.rollup import GROUP_BY, effort_rollup
from netwerk.timeutil import SchoolYear
from tests.conftest import _empty_all_tables
from tests.effort.oracle import expected_rollup, shape_of, shown_rollup
from tests.effort.worlds import PROVINCES, YEAR, World, build, target_ids, worlds


@st.composite
def questions(draw) -> dict:
    """A grouping and filters, as indexes into the world's ids."""
    return {
        "group_by": draw(st.sampled_from(GROUP_BY)),
        "programme": draw(st.one_of(st.none(), st.integers(0, 1))),
        "province": draw(st.one_of(st.none(), st.sampled_from(PROVINCES))),
        "networks": draw(st.one_of(st.none(), st.lists(st.integers(0, 4), max_size=3))),
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(world=worlds(), question=questions())
def test_sql_rollup_equals_the_oracle(app, world, question):
    """Every row, every figure and the total, for any grouping and filters."""
    with app.test_request_context():
        try:
            ids = build(world)
            filters: dict = {}
            if question["programme"] is not None:
                filters["programme_id"] = ids.programmes[question["programme"]]
            if question["province"] is not None:
                filters["province"] = question["province"]
            if question["networks"] is not None:
                filters["network_ids"] = [
                    ids.networks[i] for i in question["networks"] if i < len(ids.networks)
                ]
            group_by = question["group_by"]
            got = effort_rollup(YEAR, group_by, dict(filters))
            expected = expected_rollup(
                shape_of(ids),
                SchoolYear.parse(YEAR),
                group_by,
                _records(world, ids),
                programme_id=filters.get("programme_id"),
                network_ids=filters.get("network_ids"),
                province=filters.get("province"),
                hours_per_fte=hours_per_fte(YEAR),
            )
            assert shown_rollup(got) == expected
        finally:
            _empty_all_tables()


def _records(world: World, ids) -> tuple[list, list, list]:
    """The world's assignments, planned lines and hours as the oracle reads them."""
    assignments = [
        {
            "network_id": None,
            "anchor_school_id": None,
            "programme_id": None,
            **target_ids(ids, a["target"]),
            "fte": a["fte"],
            "funding_source": a["funding"],
            "starts_on": a["starts_on"],
            "ends_on": a["ends_on"],
        }
        for a in world.assignments
    ]
    planned = []
    for p in world.planned:
        kind, index = p["target"]
        planned.append(
            {
                "network_id": ids.networks[index] if kind == "network" else None,
                "programme_id": ids.programmes[index] if kind == "programme" else None,
                "school_year": YEAR,
                "planned_fte": p["planned"],
                "earmarked_fte": p["earmarked"],
            }
        )
    hours = [
        {
            "network_id": ids.networks[h["network"]],
            "worked_on": h["worked_on"],
            "minutes": h["minutes"],
            "activity": h["activity"],
        }
        for h in world.hours
    ]
    return assignments, planned, hours
