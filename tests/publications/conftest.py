"""The publication tests build on the report tests' dataset (tests/reports/conftest.py)."""

from tests.reports.conftest import data, rctx  # noqa: F401  (fixtures shared with the reports)
