"""Random effort data for the property tests: schools, networks with zero to three anchor schools,
programmes, and assignments, planned effort and hours of school year 2023-2024 and around it.

A world is drawn as plain values (hypothesis), then written with `build`, which returns the ids.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from netwerk.effort.models import Activity, FundingSource
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.schools.models import Province, School, SchoolLevel
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.factories import make_programme, make_school

YEAR = "2023-2024"
PROVINCES = [Province.antwerpen, Province.limburg, Province.oost_vlaanderen]
FIRST_DAY = date(2023, 6, 1)


@dataclass
class World:
    """Drawn values; indexes point into the lists of `Ids`."""

    school_provinces: list[Province]
    networks: list[tuple[int, list[int], Province | None]]  # programme, anchors, province
    assignments: list[dict]
    planned: list[dict]
    hours: list[dict]


@dataclass
class Ids:
    """The ids `build` wrote."""

    schools: list[int]
    programmes: list[int]
    networks: list[int]
    staff: int


def _target(draw, n_schools: int, n_networks: int, n_programmes: int) -> dict:
    kind = draw(st.sampled_from(["network", "school", "programme"]))
    bound = {"network": n_networks, "school": n_schools, "programme": n_programmes}[kind]
    return {"kind": kind, "index": draw(st.integers(0, bound - 1))}


def assignment_values(draw, n_schools: int, n_networks: int, n_programmes: int) -> dict:
    """One assignment's values: a target, FTE in thousandths, a period around the school year."""
    starts_on = FIRST_DAY + timedelta(days=draw(st.integers(0, 520)))
    length = draw(st.one_of(st.none(), st.integers(0, 400)))
    return {
        "target": _target(draw, n_schools, n_networks, n_programmes),
        "fte": Decimal(draw(st.integers(1, 1000))).scaleb(-3),
        "starts_on": starts_on,
        "ends_on": None if length is None else starts_on + timedelta(days=length),
        "funding": draw(st.sampled_from(list(FundingSource))),
    }


def hour_values(draw, n_networks: int) -> dict:
    """One hour entry's values."""
    return {
        "network": draw(st.integers(0, n_networks - 1)),
        "worked_on": date(2023, 8, 25) + timedelta(days=draw(st.integers(0, 380))),
        "minutes": draw(st.integers(1, 1440)),
        "activity": draw(st.sampled_from(list(Activity))),
    }


def planned_values(draw, n_networks: int, n_programmes: int) -> dict:
    """One planned line's values: on a network or a programme."""
    on_network = draw(st.booleans())
    planned = draw(st.integers(0, 2000))
    return {
        "target": ("network", draw(st.integers(0, n_networks - 1)))
        if on_network
        else ("programme", draw(st.integers(0, n_programmes - 1))),
        "planned": Decimal(planned).scaleb(-3),
        "earmarked": Decimal(draw(st.integers(0, planned))).scaleb(-3),
    }


@st.composite
def worlds(draw) -> World:
    """A random world (see the module docstring)."""
    provinces = draw(st.lists(st.sampled_from(PROVINCES), min_size=1, max_size=5))
    n_schools = len(provinces)
    n_programmes = draw(st.integers(1, 2))
    networks = draw(
        st.lists(
            st.tuples(
                st.integers(0, n_programmes - 1),
                st.lists(st.integers(0, n_schools - 1), max_size=3, unique=True),
                st.one_of(st.none(), st.sampled_from(PROVINCES)),
            ),
            min_size=1,
            max_size=5,
        )
    )
    n_networks = len(networks)
    n = draw(st.integers(0, 8))
    assignments = [assignment_values(draw, n_schools, n_networks, n_programmes) for _ in range(n)]
    planned = [
        planned_values(draw, n_networks, n_programmes) for _ in range(draw(st.integers(0, 5)))
    ]
    # One planned line per target and school year (the table's unique key).
    planned = list({p["target"]: p for p in planned}.values())
    hours = [hour_values(draw, n_networks) for _ in range(draw(st.integers(0, 8)))]
    return World(provinces, networks, assignments, planned, hours)


def structure(world: World) -> Ids:
    """Schools, programmes and networks of the world (no figures); their ids."""
    schools = [make_school(province=p.value) for p in world.school_provinces]
    programmes = [make_programme() for _ in range(max(p for p, _a, _v in world.networks) + 1)]
    networks = []
    for i, (programme, anchors, province) in enumerate(world.networks):
        network = Network(
            name=f"Netwerk {i}",
            programme_id=programmes[programme],
            level=SchoolLevel.secundair,
            province=province,
        )
        network.anchors = [db.session.get(School, schools[a]) for a in anchors]
        db.session.add(network)
        db.session.commit()
        networks.append(network.id)
    # Programmes the networks do not use may still carry figures.
    programmes += [make_programme() for _ in range(2 - len(programmes))]
    return Ids(schools, programmes, networks, make_staff())


def target_ids(ids: Ids, target: dict) -> dict:
    """An assignment's target as the keyword arguments of make_assignment."""
    kind, index = target["kind"], target["index"]
    if kind == "network":
        return {"network_id": ids.networks[index]}
    if kind == "school":
        return {"anchor_school_id": ids.schools[index]}
    return {"programme_id": ids.programmes[index]}


def build(world: World) -> Ids:
    """Write the world's rows directly (the rules are tested through the services)."""
    ids = structure(world)
    for a in world.assignments:
        make_assignment(
            ids.staff,
            str(a["fte"]),
            a["starts_on"],
            a["ends_on"],
            funding=a["funding"],
            **target_ids(ids, a["target"]),
        )
    for p in world.planned:
        kind, index = p["target"]
        where = (
            {"network_id": ids.networks[index]}
            if kind == "network"
            else {"programme_id": ids.programmes[index]}
        )
        make_planned(YEAR, str(p["planned"]), str(p["earmarked"]), **where)
    for h in world.hours:
        make_hours(
            ids.staff, ids.networks[h["network"]], h["worked_on"], h["minutes"], h["activity"]
        )
    return ids
