"""Browser tests: the real app on a free local port, Debian's Chromium through Playwright.

One live server per test session (the migrated schema on a database of its own, CSRF on as in
production); every table and the mail outbox are emptied after each test. Each test gets its own
browser context (cookies, language), watched for server errors and console errors; on failure a
screenshot and the HTML of every open page land in test-artifacts/e2e/<test>/.
"""

import email
import email.policy
import io
import os
import re
import secrets
import shutil
from pathlib import Path

import pytest
from flask import Blueprint, Response
from flask_migrate import upgrade
from openpyxl import Workbook

from netwerk import create_app
from netwerk.extensions import db
from tests.conftest import _empty_all_tables, new_database
from tests.e2e.browser import PageWatch, SeededUser
from tests.factories import make_user
from tests.serving import serve

CHROMIUM = os.environ.get("NETWERK_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("NETWERK_REQUIRE_BROWSER") == "1"
SKIP_MESSAGE = "Chromium niet gevonden: browsertests overgeslagen; apt-get install chromium"
# Without the background-networking flags Chromium waits for servers it cannot reach here.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
ARTIFACTS = Path(os.environ.get("NETWERK_E2E_ARTIFACTS", "test-artifacts/e2e"))
_PAGES = pytest.StashKey[list]()
_WATCHES = pytest.StashKey[list]()
_SKIPPED = pytest.StashKey[int]()


def chromium_available() -> bool:
    """Is the browser binary there?"""
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


# --- skipping ---------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    """Skip browser tests with one clear message when Chromium is missing (unless it is required)."""
    if chromium_available() or REQUIRE_BROWSER:
        return
    skip = pytest.mark.skip(reason=SKIP_MESSAGE)
    skipped = 0
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)
            skipped += 1
    config.stash[_SKIPPED] = skipped


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say once, loudly, that the browser tests did not run."""
    skipped = config.stash.get(_SKIPPED, 0)
    if skipped:
        terminalreporter.write_line(f"{SKIP_MESSAGE} ({skipped} tests)", yellow=True, bold=True)


# --- failing on what the browser saw, keeping screenshots ---------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a browser test passed its own asserts, fail it on server errors or console errors."""
    result = yield
    for watch in item.stash.get(_WATCHES, []):
        watch.check()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On failure: screenshot, HTML and console log of every open page of the test."""
    report = yield
    if report.when == "call" and report.failed and item.stash.get(_PAGES, None):
        folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", item.name).strip("_")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
        for n, (page, watch) in enumerate(item.stash[_PAGES], start=1):
            _save_page(folder, n, page, watch)
        problems = [p for _, watch in item.stash[_PAGES] for p in watch.problems]
        text = "\n".join([f"screenshots en HTML in {folder}", *problems])
        report.sections.append(("browser", text))
    return report


def _save_page(folder: Path, n: int, page, watch: PageWatch) -> None:
    try:
        if not page.is_closed():
            page.screenshot(path=str(folder / f"{n}-screenshot.png"), full_page=True)
            (folder / f"{n}-page.html").write_text(page.content(), encoding="utf-8")
    except Exception as exc:  # noqa: BLE001  (a failing screenshot must not hide the real failure)
        (folder / f"{n}-screenshot-error.txt").write_text(repr(exc), encoding="utf-8")
    log = [f"url: {page.url}", "problemen:", *watch.problems, "console:", *watch.console]
    (folder / f"{n}-console.txt").write_text("\n".join(log), encoding="utf-8")


# --- the live server --------------------------------------------------------------------------


class LiveServer:
    """The running app: its URL, seed helpers that write through our factories, the mail outbox."""

    def __init__(self, app, url: str, outbox: Path):
        self.app = app
        self.url = url
        self.outbox = outbox

    def seed(self, function, *args, **kwargs):
        """Call a factory or service inside an app context (it commits) and return its result."""
        with self.app.app_context():
            try:
                return function(*args, **kwargs)
            finally:
                db.session.remove()

    def user(self, role: str, **kwargs) -> SeededUser:
        """A user with this role (kw as tests.factories.make_user: email, school_ids, name)."""
        from netwerk.auth.models import User

        def _make():
            user_id = make_user(role=role, **kwargs)
            return SeededUser(user_id, db.session.get(User, user_id).email, role=role)

        return self.seed(_make)

    def mails(self) -> list[email.message.EmailMessage]:
        """The e-mails the app wrote to its outbox during this test, oldest first."""
        if not self.outbox.is_dir():
            return []
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(self.outbox.glob("*.eml"))
        ]

    def reset(self) -> None:
        """Empty every table and the outbox, so the next test starts from nothing."""
        with self.app.app_context():
            db.session.remove()
            _empty_all_tables()
        shutil.rmtree(self.outbox, ignore_errors=True)


def _add_test_routes(app) -> None:
    """Routes only the browser-test app has, to prove the harness itself works: a page that
    breaks, and a page with two downloads (CSV and XLSX) for download() and read_table()."""
    bp = Blueprint("e2e", __name__, url_prefix="/_e2e")

    @bp.route("/kapot")
    def broken():
        """A page with a bug in it."""
        raise RuntimeError("opzettelijke fout voor de browsertest")

    @bp.route("/bestanden")
    def files():
        """Two download links."""
        return (
            '<!doctype html><html lang="nl"><head><title>Bestanden</title></head><body><main>'
            '<h1>Bestanden</h1><a href="/_e2e/bestand.csv">CSV</a> '
            '<a href="/_e2e/bestand.xlsx">XLSX</a></main></body></html>'
        )

    @bp.route("/bestand.csv")
    def csv_file():
        """A CSV as the exports write it: UTF-8 with BOM, semicolons."""
        body = "\ufeffschool;aantal\nSint-Jozef;12\nDe Linde;3\n"
        return Response(
            body.encode("utf-8"),
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=deelname.csv"},
        )

    @bp.route("/bestand.xlsx")
    def xlsx_file():
        """The same table as a workbook."""
        workbook = Workbook()
        workbook.active.append(["school", "aantal"])
        workbook.active.append(["Sint-Jozef", 12])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return Response(
            buffer.getvalue(),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": "attachment; filename=deelname.xlsx"},
        )

    app.register_blueprint(bp)


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory):
    """A database for the live server only: a SQLite file, or a new PostgreSQL database."""
    with new_database(tmp_path_factory.mktemp("e2e-db"), "e2e") as url:
        yield url


@pytest.fixture(scope="session")
def live_server(e2e_database_url, tmp_path_factory):
    """The real app with the migrated schema, served by werkzeug in a thread on a free port."""
    files = tmp_path_factory.mktemp("e2e-files")
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": secrets.token_hex(32),
            "SQLALCHEMY_DATABASE_URI": e2e_database_url,
            "WTF_CSRF_ENABLED": True,
            "RATELIMIT_ENABLED": False,
            # Render our own 500 page, as in production, instead of werkzeug's.
            "PROPAGATE_EXCEPTIONS": False,
            "MAIL_OUTBOX_DIR": str(files / "outbox"),
            "UPLOAD_DIR": str(files / "uploads"),
        }
    )
    _add_test_routes(app)
    with app.app_context():
        upgrade()
    with serve(app, "e2e-live-server") as url:
        yield LiveServer(app, url, files / "outbox")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live(live_server):
    """The live server for one test; its data and mails are gone after the test."""
    yield live_server
    live_server.reset()


# --- the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless (never Playwright's own download)."""
    if not chromium_available():
        pytest.fail(
            f"Chromium niet gevonden op {CHROMIUM} en NETWERK_REQUIRE_BROWSER=1: de browsertests "
            "moeten hier lopen; apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def open_page(browser, live, request, tmp_path):
    """A function that opens a page in a new browser context (own cookies): open_page(**PHONE).

    Every page is watched (500s and console errors fail the test) and screenshotted on failure.
    Use it directly for a test with two people at once (a school and its coach).
    """
    contexts = []
    request.node.stash.setdefault(_PAGES, [])
    request.node.stash.setdefault(_WATCHES, [])

    def _open(**context_options):
        options = {
            **DESKTOP,
            "locale": "nl-BE",
            "timezone_id": "Europe/Brussels",
            # Without animations a click never lands on a menu that is still unfolding.
            "reduced_motion": "reduce",
            **context_options,
        }
        context = browser.new_context(base_url=live.url, accept_downloads=True, **options)
        context.set_default_timeout(10_000)
        watch = PageWatch()
        watch.attach(context)
        context._netwerk_watch = watch
        context._netwerk_downloads = tmp_path / f"downloads-{len(contexts) + 1}"
        contexts.append(context)
        page = context.new_page()
        request.node.stash[_PAGES].append((page, watch))
        request.node.stash[_WATCHES].append(watch)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    """A desktop-sized page in a browser context of its own."""
    return open_page()


@pytest.fixture
def phone(open_page):
    """A phone-sized page (390x844, touch) in a browser context of its own."""
    return open_page(**PHONE)
