"""Helpers for browser tests: log in, watch a page for errors, download, flash, keyboard, axe.

Flows import what they need from here; the fixtures that start the app and the browser are in
tests/e2e/conftest.py. Selectors use ids and attributes, not Dutch words, where the same flow also
has to run in English.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.factories import DEFAULT_PASSWORD

# The rules a Flemish public-sector site is held to: WCAG 2.1 levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")
# Static files whose absence breaks a page even though the page itself answers 200.
SUBRESOURCE_TYPES = {"stylesheet", "script", "image", "font", "media"}
FLASH_CLASS = {"error": "alert-danger", "success": "alert-success", "warning": "alert-warning"}

_axe = Axe()


class BrowserProblem(AssertionError):
    """The browser saw a server error, a console error or a missing static file."""


@dataclass
class PageWatch:
    """Everything that went wrong in one browser context, whatever the test asserted."""

    problems: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    # Console messages matching one of these are expected by the test (see allow_console()).
    allowed: list[re.Pattern] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        """Listen to every page of the context (also pop-ups and pages opened later)."""
        context.on("console", self._on_console)
        context.on("weberror", lambda error: self.problems.append(f"JavaScript: {error.error}"))
        context.on("response", self._on_response)

    def _on_console(self, message) -> None:
        line = f"{message.type}: {message.text}"
        self.console.append(line)
        if message.type != "error" or any(p.search(message.text) for p in self.allowed):
            return
        # Chromium logs every 4xx as "Failed to load resource"; _on_response judges those
        # (a 404 page is a fine answer to a wrong URL, a missing stylesheet is not).
        if re.match(
            r"Failed to load resource: the server responded with a status of 4", message.text
        ):
            return
        self.problems.append(f"console-fout: {message.text}")

    def _on_response(self, response) -> None:
        status = response.status
        if status >= 500:
            method = response.request.method
            self.problems.append(f"HTTP {status} op {method} {response.url}")
        elif status >= 400 and response.request.resource_type in SUBRESOURCE_TYPES:
            self.problems.append(
                f"HTTP {status} voor {response.request.resource_type} {response.url}"
            )

    def allow_console(self, pattern: str) -> None:
        """Accept console errors matching this regular expression for the rest of the test."""
        self.allowed.append(re.compile(pattern))

    def check(self) -> None:
        """Fail when anything went wrong (called after every browser test by conftest)."""
        if self.problems:
            raise BrowserProblem(
                "De browser zag fouten tijdens de test:\n  " + "\n  ".join(self.problems)
            )

    def clear(self) -> None:
        """Forget what was seen (only for the test that proves the detection works)."""
        self.problems.clear()


def watch_of(page: Page) -> PageWatch:
    """The watch of a page made by the page/phone/open_page fixtures (set on its context)."""
    return page.context._netwerk_watch  # type: ignore[attr-defined]


@dataclass(frozen=True)
class SeededUser:
    """A user made for a browser test, with the password to log in with."""

    id: int
    email: str
    password: str = DEFAULT_PASSWORD
    role: str = ""


def login(page: Page, email: str, password: str = DEFAULT_PASSWORD, *, expect_ok=True) -> None:
    """Log in through the login form, as a person would (fields by id: works in any language)."""
    page.goto("/aanmelden")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#submit").click()
    if expect_ok:
        expect(page).not_to_have_url(re.compile(r"/aanmelden"))
        expect(page.locator('form[action$="/afmelden"] button')).to_be_attached()


def logout(page: Page) -> None:
    """Log out with the button in the menu (opens the menu first on a phone)."""
    open_menu(page)
    page.locator('form[action$="/afmelden"] button').click()
    expect(page).to_have_url(re.compile(r"/aanmelden"))


def open_menu(page: Page) -> None:
    """On a narrow screen the menu is folded behind a button: unfold it."""
    # Until the stylesheets are in, the toggler shows even on a wide screen: wait for them.
    page.wait_for_load_state("load")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        # Bootstrap marks the menu "show" only once it has finished unfolding.
        expect(page.locator("#hoofdmenu")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))


def switch_language(page: Page, lang: str) -> None:
    """Use the language button in the menu; the same page comes back in that language."""
    open_menu(page)
    page.locator(f'button[name="lang"][value="{lang}"]').click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.wait_for_load_state("load")


def expect_flash(page: Page, text: str | re.Pattern, category: str | None = None) -> Locator:
    """A flash message with this text (and category: success|error|warning|info) is shown."""
    alerts = page.locator(".flashes .alert")
    if category:
        alerts = page.locator(f".flashes .alert.{FLASH_CLASS.get(category, 'alert-info')}")
    message = alerts.filter(has_text=text)
    expect(message).to_be_visible()
    return message


def expect_field_error(page: Page, field_id: str, text: str | re.Pattern) -> Locator:
    """The field shows this error, tied to it with aria-describedby and aria-invalid."""
    control = page.locator(f"#{field_id}")
    error = page.locator(f"#{field_id}-fout")
    expect(error).to_contain_text(text)
    expect(control).to_have_attribute("aria-invalid", "true")
    described_by = (control.get_attribute("aria-describedby") or "").split()
    assert f"{field_id}-fout" in described_by, described_by
    return error


def download(page: Page, click_action, folder: Path | None = None) -> Path:
    """Do click_action (e.g. lambda: page.get_by_role("link", name="CSV").click()) and return
    the path of the file the browser downloaded, saved under its suggested name."""
    with page.expect_download() as info:
        click_action()
    result = info.value
    assert result.failure() is None, result.failure()
    folder = folder or page.context._netwerk_downloads  # type: ignore[attr-defined]
    target = folder / result.suggested_filename
    target.parent.mkdir(parents=True, exist_ok=True)
    result.save_as(target)
    return target


def read_table(path: Path) -> list[list]:
    """The rows of a downloaded CSV (separator sniffed) or XLSX (first sheet), header included."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        try:
            return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        finally:
            workbook.close()
    text = path.read_text(encoding="utf-8-sig")
    try:
        delimiter = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", ",;\t").delimiter
    except csv.Error:
        # A report starts with title lines of one cell: the most frequent separator decides.
        head = "\n".join(text.splitlines()[:20])
        delimiter = max(";,\t", key=head.count)
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def print_page(page: Page, folder: Path | None = None) -> Path:
    """Print the page as the browser would (print stylesheet, A4) to a PDF; returns its path.
    Look at the printed layout first with page.emulate_media(media="print")."""
    folder = folder or page.context._netwerk_downloads  # type: ignore[attr-defined]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "afdruk.pdf"
    page.pdf(path=str(target), format="A4", print_background=False)
    return target


# --- keyboard ---------------------------------------------------------------------------------

_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  // What lies under the ring: the element behind the middle of each side, just outside the box
  // (the ring is drawn outside it, outline-offset > 0). Positioned elements make parents lie.
  const gap = (parseFloat(s.outlineOffset) || 0) + (parseFloat(s.outlineWidth) || 0) / 2;
  const points = [[r.left - gap, r.top + r.height / 2], [r.right + gap, r.top + r.height / 2],
                  [r.left + r.width / 2, r.top - gap], [r.left + r.width / 2, r.bottom + gap]]
    .filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
  const under = ([x, y]) => {
    for (const p of document.elementsFromPoint(x, y)) {
      if (p === el || el.contains(p)) continue;
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
                            return (x + 0.05) / (y + 0.05); };
  const ring = rgb(s.outlineColor).slice(0, 3);
  let bg = [255, 255, 255], worst = 21;
  for (const pt of points) { const c = under(pt); const q = ratio(ring, c); if (q < worst) { worst = q; bg = c; } }
  return {
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' +
          (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40) + '"',
    outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
    outlineColor: s.outlineColor, background: 'rgb(' + bg.join(', ') + ')',
    contrast: Math.round(worst * 100) / 100,
    visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden',
  };
}"""


def focused(page: Page) -> dict | None:
    """What has the keyboard focus, with its computed outline and the contrast of that outline."""
    return page.evaluate(_FOCUS_JS)


def assert_focus_visible(page: Page) -> dict:
    """The focused element is on screen with an outline of at least 2px that contrasts 3:1 with
    the background around it (WCAG 2.4.7 focus visible, 1.4.11 non-text contrast)."""
    info = focused(page)
    assert info is not None, "niets heeft de focus"
    assert info["visible"], f"het element met de focus is onzichtbaar: {info['what']}"
    assert info["outlineStyle"] != "none" and info["outlineWidth"] >= 2, (
        f"geen zichtbare focusrand op {info['what']}: {info['outlineStyle']} {info['outlineWidth']}px"
    )
    assert info["contrast"] >= 3, (
        f"focusrand van {info['what']} contrasteert te weinig: {info['outlineColor']} op "
        f"{info['background']} = {info['contrast']}:1 (minstens 3:1)"
    )
    return info


def tab_to(page: Page, target: Locator, *, backwards=False, max_presses=40) -> int:
    """Press Tab (or Shift+Tab) until target has the focus, checking the focus ring at every stop;
    returns the number of presses. Fails when the target cannot be reached with the keyboard."""
    key = "Shift+Tab" if backwards else "Tab"
    # The focus ring comes from our stylesheet: after a navigation, wait until it is in.
    page.wait_for_load_state("load")
    for presses in range(1, max_presses + 1):
        page.keyboard.press(key)
        if focused(page) is None:
            continue  # past the last element the focus goes to the browser's own bar, then wraps
        assert_focus_visible(page)
        if target.evaluate("el => el === document.activeElement"):
            return presses
    pytest.fail(f"{target} niet bereikt na {max_presses}x {key}")


# --- accessibility ----------------------------------------------------------------------------


def axe_violations(page: Page, *, context=None) -> list[dict]:
    """All WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    results = _axe.run(
        page,
        context=context,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def describe_violations(violations: list[dict], name: str, url: str) -> str:
    """Rule, impact, help text and target selectors of each violation, for a failure message."""
    lines = [f"axe-core: {len(violations)} ernstige toegankelijkheidsfouten op {name} ({url})"]
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


def blocking(violations: list[dict]) -> list[dict]:
    """The violations that fail a test: impact serious or critical."""
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page: Page, name: str, *, context=None) -> list[dict]:
    """Run axe-core with the WCAG 2.1 A/AA rules; fail on any serious or critical violation.

    Returns the minor and moderate violations, so a test can look at them too.
    """
    violations = axe_violations(page, context=context)
    if blocking(violations):
        pytest.fail(describe_violations(blocking(violations), name, page.url))
    return [v for v in violations if v not in blocking(violations)]


# --- phones -----------------------------------------------------------------------------------

_OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= width + 1 || r.width === 0) continue;
    // Inside a region that scrolls on its own (a report table), sticking out is the point.
    if (el.parentElement && el.parentElement.closest('.table-scroll, .visually-hidden')) continue;
    if (el.closest('.visually-hidden, .skip-link')) continue;
    wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
              (el.className && typeof el.className === 'string'
                ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
              ' (' + Math.round(r.right) + 'px)');
  }
  return {width: width, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}"""


def overflow(page: Page) -> dict:
    """How wide the page is against its screen: {"width", "scrollWidth", "wide": [elements]}."""
    return page.evaluate(_OVERFLOW_JS)


def assert_fits(page: Page, name: str = "") -> None:
    """The page is no wider than its screen (a 390 px phone scrolls only up and down)."""
    # Measured only once the stylesheets are in: a layout forced while one is still loading is
    # the unstyled page, wide tables and all (seen on a busy CI machine).
    page.wait_for_load_state("load")
    found = overflow(page)
    assert found["scrollWidth"] <= found["width"], (
        f"{name or page.url} is {found['scrollWidth']} px breed op een scherm van "
        f"{found['width']} px; te breed: {', '.join(found['wide'])}"
    )


# --- forms in an error state --------------------------------------------------------------------

# Values the browser itself would refuse are set by script, with the browser's own checks off
# (novalidate): the server must refuse them with a message, as it must for any client.
_FILL_JS = """([form, mode]) => {
  form.noValidate = true;
  const texts = ['text', 'email', 'number', 'date', 'time', 'datetime-local', 'month', 'url',
                 'password', 'search', 'tel', 'textarea'];
  for (const el of form.elements) {
    const t = el.type;
    if (!t || t === 'hidden' || t === 'submit' || t === 'button' || t === 'file' || el.disabled) continue;
    if (mode === 'empty') {
      if (texts.includes(t)) el.value = '';
      else if (t === 'select-one' && [...el.options].some(o => o.value === '')) el.value = '';
      else if (t === 'checkbox' || t === 'radio') el.checked = false;
      continue;
    }
    if (['date', 'time', 'datetime-local', 'month'].includes(t)) { el.type = 'text'; el.value = '31-02-zondag'; }
    else if (t === 'email') el.value = 'geen-e-mailadres';
    else if (t === 'number') el.value = '-99999';
    else if (t === 'url') el.value = 'geen adres';
    else if (t === 'password') el.value = 'x';
    else if (texts.includes(t)) el.value = 'x'.repeat(3000);
    else if (t === 'radio' && el.checked) el.value = '999999999';
    else if (t === 'select-one' || t === 'select-multiple') {
      el.add(new Option('bestaat niet', '999999999', true, true));
    }
  }
}"""
# A form that is in an error state shows one of these.
ERROR_STATE = "[aria-invalid=true], .invalid-feedback, .alert-danger, .error-summary"


def main_form(page: Page) -> Locator | None:
    """The first form in the page's main content that has a field to fill (not a lone button)."""
    forms = page.locator("main form").filter(
        has=page.locator(
            "input:not([type=hidden]):not([type=submit]):not([type=checkbox]), select, textarea"
        )
    )
    return forms.first if forms.count() else None


def submit_with(page: Page, form: Locator, mode: str) -> bool:
    """Submit the form with every field emptied (mode "empty") or holding a wrong value
    ("wrong"); returns whether the page that comes back shows an error."""
    form.evaluate(f"(form) => ({_FILL_JS})([form, {mode!r}])")
    # Its main submit button (not "one more row" or "preview"), also when a folded panel hides
    # it (a report filter on a phone).
    with page.expect_navigation():
        form.evaluate(
            "(form) => { const buttons = 'button[type=submit], input[type=submit], "
            "button:not([type])'; form.requestSubmit(form.querySelector("
            "'.btn-primary:is(' + buttons + ')') || form.querySelector(buttons)); }"
        )
    page.wait_for_load_state("load")
    return page.locator(ERROR_STATE).count() > 0
