"""The hand-written SQL behind the report timings: one query per report, computing its figures.

The rules the queries mirror are those of netwerk/reports/ (queries.py, participation.py,
reach.py), netwerk/effort/ (rollup.py, attribution.py) and networks/history.py (see DOMAIN.md):

- a registration's status on a date is its newest status change (by id) with effective_on on or
  before that date; 'registered' means that status is accepted;
- rows per anchor school x network x level of the registered school; a network with two anchors is
  listed under both, and the level totals count each school-network pair once ("registrations")
  and each school once ("distinct schools");
- effort figures on a network are split equally over its anchor schools, an assignment to an
  anchor school stays with that school, figures on a whole programme go to a 'programme_wide'
  line; realised FTE = fte x days covered in the school year / days in the school year.
"""

from collections.abc import Mapping
from datetime import date

from sqlalchemy import Date, Integer, String, bindparam, text

from netwerk.extensions import db
from netwerk.reports.reach import MAX_REACH_YEARS
from netwerk.timeutil import SchoolYear

# -- the hand-written queries --------------------------------------------------------------------

# Participation on :as_of (basis registered, no filters). `latest` is the newest status change of
# every registration on or before the peildatum: its to_status is the status on that day, so a
# count for a past date never moves. `pairs` are the accepted school-network pairs with the level
# of the registered school. The first branch gives one row per anchor school x network x level (a
# network with two anchors joins network_anchor twice, so it is listed under each anchor); the
# second gives per level the school-network pairs (each once, whatever the number of anchors) and
# the distinct schools. Names are selected as the report shows them, in the report's order. An
# anchor is an organisation of any kind (issue 20); a network without one keeps its rows, with
# a NULL anchor ("zonder anker").
_PARTICIPATION_SELECT = """
SELECT 'row' AS kind, anchor.id AS anchor_id, anchor.name AS anchor_name,
       anchor_school.institution_number AS anchor_institution_number,
       n.id AS network_id, n.name AS network_name, p.level AS level,
       COUNT(*) AS registrations, NULL AS distinct_schools
FROM pairs p
LEFT JOIN network_anchor na ON na.network_id = p.network_id
LEFT JOIN organisation anchor ON anchor.id = na.organisation_id
LEFT JOIN school anchor_school ON anchor_school.id = na.organisation_id
JOIN network n ON n.id = p.network_id
GROUP BY anchor.id, anchor.name, anchor_school.institution_number, n.id, n.name, p.level
UNION ALL
SELECT 'total', NULL, NULL, NULL, NULL, NULL, p.level,
       COUNT(*), COUNT(DISTINCT p.school_id)
FROM pairs p
GROUP BY p.level
ORDER BY kind, anchor_name, anchor_id, network_name, network_id
"""

PARTICIPATION_SQL = (
    """
WITH latest AS (
    SELECT registration_id, MAX(id) AS change_id
    FROM registration_status_change
    WHERE effective_on <= :as_of
    GROUP BY registration_id
),
pairs AS (
    SELECT r.school_id, r.network_id, s.level
    FROM latest l
    JOIN registration_status_change c ON c.id = l.change_id
    JOIN registration r ON r.id = l.registration_id
    JOIN school s ON s.id = r.school_id
    WHERE c.to_status = 'accepted'
)
"""
    + _PARTICIPATION_SELECT
)

# The same report over the status periods (registration_status_period, kept by the app next to
# the history, one row per status a registration held over [valid_from, valid_until)): "accepted on
# :as_of" is a range condition on one table instead of the newest change per registration. The
# floor the app's participation report is measured against (issue 19).
PARTICIPATION_PERIODS_SQL = (
    """
WITH pairs AS (
    SELECT p.school_id, p.network_id, s.level
    FROM registration_status_period p
    JOIN school s ON s.id = p.school_id
    WHERE p.status = 'accepted'
      AND p.valid_from <= :as_of
      AND (p.valid_until IS NULL OR p.valid_until > :as_of)
)
"""
    + _PARTICIPATION_SELECT
)

# The candidate school years of the reach report: the last MAX_REACH_YEARS up to the peildatum,
# as bound dates (portable SQL has no way to build a date from a year).
_CANDIDATE_YEARS = "\n    UNION ALL\n    ".join(
    f"SELECT {i} AS position, :starts_{i} AS starts_on, :ends_{i} AS ends_on, "
    f"{int(i == MAX_REACH_YEARS - 1)} AS is_last"
    for i in range(MAX_REACH_YEARS)
)

# Reach on :as_of (basis registered, population = every school in the registry, no filters).
# `periods` keeps the candidate school years from the one of the first acceptance ever (when that
# is not after the peildatum) up to the one of the peildatum, which always stays; the last period
# ends on the peildatum. A school is reached in a period when one of its registrations had status
# accepted on the period's first day or a change to accepted took effect within the period, even
# when it was withdrawn later. `history` gives every change the day the next change of its
# registration took effect (LEAD by id): the status it set held from effective_on up to, not
# including, next_on. That is the app's "newest change on or before the day, by id" because
# effective dates never go back within a registration (networks/history.py), and it reads the
# history once instead of once per school year. Cumulative: any change to accepted on or before
# the peildatum. Every count is of distinct schools of the population.
REACH_SQL = f"""
WITH candidate AS (
    {_CANDIDATE_YEARS}
),
first_acceptance AS (
    SELECT MIN(effective_on) AS first_on
    FROM registration_status_change
    WHERE to_status = 'accepted'
),
periods AS (
    SELECT c.position, c.starts_on, c.ends_on
    FROM candidate c CROSS JOIN first_acceptance f
    WHERE c.is_last = 1 OR (f.first_on <= :as_of AND c.ends_on >= f.first_on)
),
history AS (
    SELECT registration_id, to_status, effective_on,
           LEAD(effective_on) OVER (PARTITION BY registration_id ORDER BY id) AS next_on
    FROM registration_status_change
)
SELECT 'year' AS kind, p.starts_on AS starts_on, COUNT(DISTINCT s.id) AS schools
FROM periods p
LEFT JOIN history h
  ON h.to_status = 'accepted'
 AND h.effective_on <= p.ends_on
 AND (h.effective_on >= p.starts_on OR h.next_on IS NULL OR h.next_on > p.starts_on)
LEFT JOIN registration r ON r.id = h.registration_id
LEFT JOIN school s ON s.id = r.school_id
GROUP BY p.position, p.starts_on
UNION ALL
SELECT 'population', CAST(NULL AS DATE), COUNT(*)
FROM school
UNION ALL
SELECT 'cumulative', CAST(NULL AS DATE), COUNT(DISTINCT s.id)
FROM registration_status_change c
JOIN registration r ON r.id = c.registration_id
JOIN school s ON s.id = r.school_id
WHERE c.to_status = 'accepted' AND c.effective_on <= :as_of
ORDER BY kind, starts_on
"""

# Effort of one school year (:starts_on to :ends_on, :days days) per anchor school. `per_target`
# sums per target (a network, an anchor school or a programme): planned and earmarked FTE of the
# year, FTE in thousandths x days covered of the assignments running in the year (an integer, so
# the sum is exact), and the minutes logged in the year. The outer select splits a network's
# figures equally over its anchor schools (LEFT JOIN: a network without anchors stays whole, as
# 'unattributed'); an assignment to an anchor school stays with that school; a programme's figures
# form its 'programme_wide' line. {covered_days} is the one dialect-specific fragment: SQL has no
# portable date difference (see COVERED_DAYS).
EFFORT_SQL = """
WITH anchor_count AS (
    SELECT network_id, COUNT(*) AS anchors
    FROM network_anchor
    GROUP BY network_id
),
per_target AS (
    SELECT network_id, school_id, programme_id,
           SUM(planned) AS planned, SUM(earmarked) AS earmarked,
           SUM(milli_fte_days) AS milli_fte_days, SUM(minutes) AS minutes
    FROM (
        SELECT network_id, NULL AS school_id, programme_id,
               planned_fte AS planned, earmarked_fte AS earmarked,
               0 AS milli_fte_days, 0 AS minutes
        FROM planned_effort
        WHERE school_year = :school_year
        UNION ALL
        SELECT network_id, anchor_school_id, programme_id, 0, 0,
               ROUND(fte * 1000) * ({covered_days}), 0
        FROM staff_assignment
        WHERE starts_on <= :ends_on AND (ends_on IS NULL OR ends_on >= :starts_on)
        UNION ALL
        SELECT network_id, NULL, NULL, 0, 0, 0, SUM(minutes)
        FROM hour_entry
        WHERE worked_on BETWEEN :starts_on AND :ends_on
        GROUP BY network_id
    ) figures
    GROUP BY network_id, school_id, programme_id
),
shares AS (
    SELECT
        CASE WHEN t.school_id IS NOT NULL OR na.organisation_id IS NOT NULL THEN 'anchor_school'
             WHEN t.network_id IS NULL THEN 'programme_wide'
             ELSE 'unattributed' END AS kind,
        CASE WHEN t.school_id IS NOT NULL THEN t.school_id
             WHEN na.organisation_id IS NOT NULL THEN na.organisation_id
             WHEN t.network_id IS NULL THEN t.programme_id END AS id,
        t.planned * 1.0 / COALESCE(ac.anchors, 1) AS planned,
        t.earmarked * 1.0 / COALESCE(ac.anchors, 1) AS earmarked,
        t.milli_fte_days * 1.0 / COALESCE(ac.anchors, 1) AS milli_fte_days,
        t.minutes * 1.0 / COALESCE(ac.anchors, 1) AS minutes
    FROM per_target t
    LEFT JOIN network_anchor na ON na.network_id = t.network_id
    LEFT JOIN anchor_count ac ON ac.network_id = t.network_id
)
SELECT kind, id,
       SUM(planned) AS planned_fte,
       SUM(earmarked) AS earmarked_fte,
       SUM(milli_fte_days) / (1000.0 * :days) AS realised_fte,
       SUM(minutes) / 60.0 AS hours
FROM shares
GROUP BY kind, id
ORDER BY kind, id
"""

# Days of the school year an assignment covers: from the later of its start and the year's start
# to the earlier of its end (open: the year's end) and the year's end, both included.
COVERED_DAYS = {
    "postgresql": (
        "LEAST(COALESCE(ends_on, :ends_on), :ends_on) - GREATEST(starts_on, :starts_on) + 1"
    ),
    "sqlite": (
        "CAST(julianday(MIN(COALESCE(ends_on, :ends_on), :ends_on))"
        " - julianday(MAX(starts_on, :starts_on)) AS INTEGER) + 1"
    ),
}


def effort_sql(dialect: str) -> str:
    """EFFORT_SQL with the date difference of this database (postgresql or sqlite)."""
    return EFFORT_SQL.format(covered_days=COVERED_DAYS[dialect])


def run_sql(sql: str, params: Mapping[str, object], columns: Mapping | None = None) -> list:
    """Rows of a hand-written query through the app's session; dates bound as dates."""
    # Typed binds: SQLite stores dates as ISO text and Python 3.12 deprecates sqlite3's own
    # date adapter; PostgreSQL gets a real date either way.
    dates = [bindparam(k, type_=Date) for k, v in params.items() if isinstance(v, date)]
    stmt = text(sql).bindparams(*dates)
    if columns:
        stmt = stmt.columns(**columns)
    return db.session.execute(stmt, dict(params)).all()


def participation_sql_params(as_of: date) -> dict:
    """The parameters of PARTICIPATION_SQL."""
    return {"as_of": as_of}


def reach_sql_params(as_of: date) -> dict:
    """The parameters of REACH_SQL: the peildatum and the candidate school years before it."""
    last = SchoolYear.of(as_of)
    params: dict = {"as_of": as_of}
    for i in range(MAX_REACH_YEARS):
        year = SchoolYear(last.start_year - (MAX_REACH_YEARS - 1) + i)
        params[f"starts_{i}"] = year.starts_on
        params[f"ends_{i}"] = min(year.ends_on, as_of)
    return params


REACH_COLUMNS = {"kind": String, "starts_on": Date, "schools": Integer}


def effort_sql_params(school_year: SchoolYear) -> dict:
    """The parameters of EFFORT_SQL for a school year."""
    return {
        "school_year": str(school_year),
        "starts_on": school_year.starts_on,
        "ends_on": school_year.ends_on,
        "days": school_year.days,
    }


def dialect() -> str:
    """The name of the app database's dialect (postgresql or sqlite)."""
    return db.session.get_bind().dialect.name
