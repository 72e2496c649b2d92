"""Not collected on its own (no test_ prefix): test_harness.py runs it in a separate pytest to show
that a broken page makes a browser test fail, with a screenshot, although its asserts pass."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_page_that_answers_500(live, page):
    """The user sees our friendly error page, so the test's own assert passes; the watch fails it."""
    page.goto("/_e2e/kapot")
    expect(page.get_by_role("heading", level=1)).to_have_text("Fout 500")


def test_a_button_that_was_removed(live, page):
    """A flow that clicks a button the page no longer has fails within the timeout."""
    page.goto("/aanmelden")
    page.get_by_role("button", name="Inschrijven").click(timeout=1_000)
