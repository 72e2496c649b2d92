"""The roll-up in SQL gives the figures of the roll-up in Python it replaced, on random data."""

from dataclasses import asdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netwerk.effort.rollup import GROUP_BY, effort_rollup
from tests.conftest import _empty_all_tables
from tests.effort import legacy_rollup
from tests.effort.worlds import PROVINCES, YEAR, build, worlds


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
def test_sql_rollup_equals_the_python_rollup(app, world, question):
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
            expected = legacy_rollup.effort_rollup(YEAR, group_by, dict(filters))
            got = effort_rollup(YEAR, group_by, dict(filters))
            assert [asdict(r) for r in got.rows] == [asdict(r) for r in expected.rows]
            assert asdict(got.total) == asdict(expected.total)
            assert got.hours_per_fte == expected.hours_per_fte
        finally:
            _empty_all_tables()
