"""The harness itself: a broken page fails a browser test, downloads can be read back."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import BrowserProblem, download, login, print_page, read_table, watch_of

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


def test_a_server_error_is_recorded_and_would_fail_the_test(live, page):
    """A 500 is seen by the watch, and check() (run after every browser test) raises on it."""
    response = page.goto("/_e2e/kapot")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Fout 500")
    watch = watch_of(page)
    assert any(p.startswith("HTTP 500 op GET") for p in watch.problems), watch.problems
    with pytest.raises(BrowserProblem, match="HTTP 500 op GET .*/_e2e/kapot"):
        watch.check()
    watch.clear()  # seen and proven: this test itself must pass


def test_console_errors_script_errors_and_missing_files_are_recorded(live, page):
    """console.error, an uncaught exception, a missing image and a missing stylesheet are each
    recorded (the stylesheet as the console error Chromium gives for it)."""
    page.goto("/aanmelden")
    page.evaluate("console.error('iets ging mis')")
    page.evaluate("setTimeout(() => { throw new Error('boem') }, 0)")
    page.set_content(
        f'<link rel="stylesheet" href="{live.url}/static/css/weg.css">'
        f'<img src="{live.url}/static/weg.png" alt="weg">',
        wait_until="load",
    )
    page.wait_for_timeout(200)  # the uncaught error arrives after the timer fires
    watch = watch_of(page)
    problems = "\n".join(watch.problems)
    assert "console-fout: iets ging mis" in problems
    assert "JavaScript:" in problems and "boem" in problems
    assert "HTTP 404 voor image" in problems and "/static/weg.png" in problems
    assert "Refused to apply style" in problems and "/static/css/weg.css" in problems
    watch.clear()
    watch.allow_console("iets ging mis")
    page.evaluate("console.error('iets ging mis, maar verwacht')")
    page.wait_for_timeout(100)
    assert any("maar verwacht" in line for line in watch.console), watch.console
    assert watch.problems == []


def test_a_broken_page_fails_a_browser_test_with_a_screenshot(tmp_path):
    """Run broken_page_check.py in its own pytest: both tests fail, each with a screenshot."""
    artifacts = tmp_path / "artifacts"
    env = {**os.environ, "NETWERK_E2E_ARTIFACTS": str(artifacts)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/e2e/broken_page_check.py"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "2 failed" in output, output
    assert "BrowserProblem: De browser zag fouten tijdens de test" in output, output
    assert "HTTP 500 op GET" in output, output
    for name in ("test_a_page_that_answers_500", "test_a_button_that_was_removed"):
        assert (artifacts / name / "1-screenshot.png").stat().st_size > 1000
        assert "<html" in (artifacts / name / "1-page.html").read_text(encoding="utf-8")


def test_downloads_are_saved_and_read_back(live, page):
    """download() saves what a click downloads; read_table() reads CSV and XLSX back."""
    page.goto("/_e2e/bestanden")
    csv_path = download(page, lambda: page.get_by_role("link", name="CSV").click())
    assert csv_path.name == "deelname.csv"
    assert read_table(csv_path) == [["school", "aantal"], ["Sint-Jozef", "12"], ["De Linde", "3"]]
    xlsx_path = download(page, lambda: page.get_by_role("link", name="XLSX").click())
    assert read_table(xlsx_path) == [["school", "aantal"], ["Sint-Jozef", 12]]


def test_printing_hides_the_menu_and_makes_a_pdf(live, page):
    """The print stylesheet hides menu and buttons; print_page() makes an A4 PDF."""
    login(page, live.user("ministry").email)
    page.emulate_media(media="print")
    expect(page.locator("header")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.emulate_media(media="screen")
    expect(page.locator("header")).to_be_visible()
    pdf = print_page(page)
    assert pdf.read_bytes().startswith(b"%PDF")
