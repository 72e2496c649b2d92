"""The report pages on A4 paper: printed by Chromium (page.pdf(), the print stylesheet) and read
back with pdftotext, page by page.

Every page carries the title, the peildatum, the stand van de gegevens (the moment of printing),
the source line and "pagina X van Y"; no page ends with a heading, a caption or a table header
whose rows are on the next page; totals print once, with the last rows; every count stands on the
same line, so the same page, as its anchor school and network."""

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import login
from tests.e2e.conftest import REQUIRE_BROWSER
from tests.e2e.flows import make_world
from tests.factories import make_network, make_programme, make_school
from tests.meetings.factories import accept

pytestmark = pytest.mark.browser

PDFTOTEXT = shutil.which("pdftotext")
DAY = re.compile(r"\d{2}/\d{2}/\d{4}")
STAND = re.compile(r"Stand van de gegevens: \d{2}/\d{2}/\d{4} \d{2}:\d{2}")
PAGE_NUMBER = re.compile(r"pagina (\d+) van (\d+)")
# The names of the big secondary report: short, so no cell wraps and a row is one printed line.
ANCHORS = 48
POOL = 5


@pytest.fixture(autouse=True)
def _pdftotext():
    """pdftotext reads the PDF back: a missing one skips, or fails where the browser is required."""
    if PDFTOTEXT:
        return
    message = "pdftotext niet gevonden: apt-get install poppler-utils"
    if REQUIRE_BROWSER:
        pytest.fail(message + " (NETWERK_REQUIRE_BROWSER=1)")
    pytest.skip(message)


# --- printing and reading back --------------------------------------------------------------


def printed_pages(page: Page, folder) -> list[str]:
    """Print the page as on Ctrl+P (A4 from the print stylesheet) and return each page's text."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "afdruk.pdf"
    page.pdf(
        path=str(target),
        format="A4",
        display_header_footer=False,
        prefer_css_page_size=True,
    )
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    while pages and not pages[-1].strip():
        pages.pop()
    return pages


def _flat(text: str) -> str:
    return " ".join(text.split())


def _is_margin(line: str) -> bool:
    """A line of the page margins (the frame every page carries), not of the report itself."""
    return bool(
        "Peildatum:" in line
        or "Stand van de gegevens:" in line
        or PAGE_NUMBER.search(line)
        or line.startswith("bron: gegevens")
    )


def content_lines(text: str) -> list[str]:
    """The report's own lines of one printed page, whitespace collapsed."""
    return [_flat(line) for line in text.splitlines() if line.strip() and not _is_margin(line)]


def page_shape(page: Page) -> dict:
    """What the screen page holds: headings and captions, and per table its first header cell
    and the texts of its row headers (what a printed header must be followed by)."""
    # Read as printed: folded parts opened by the page's own beforeprint handler (a closed
    # <details> has no rendered text), folded again afterwards.
    return page.evaluate(
        """() => { window.dispatchEvent(new Event('beforeprint')); try { return {
          heads: [...document.querySelectorAll('main h1, main h2, main table caption')]
                   .filter(e => e.offsetParent !== null || e.tagName === 'CAPTION')
                   .map(e => e.innerText.replace(/\\s+/g, ' ').trim()),
          tables: [...document.querySelectorAll('main table.report-table')]
                   .filter(t => t.tHead)
                   .map(t => ({
                     header: t.tHead.rows[0].cells[0].innerText.replace(/\\s+/g, ' ').trim(),
                     rows: [...t.querySelectorAll('tbody th[scope=row], tbody td:first-child')]
                             .map(c => c.innerText.replace(/\\s+/g, ' ').trim()).filter(Boolean),
                   })),
        }; } finally { window.dispatchEvent(new Event('afterprint')); } }"""
    )


def check_every_page(pages: list[str], title: str, peildatum: str, shape: dict) -> None:
    """The frame on every page, and no page that ends with (or holds nothing but) a heading,
    a caption or a table header."""
    assert pages, "geen enkele pagina afgedrukt"
    for n, text in enumerate(pages, start=1):
        where = f"pagina {n}:\n{text}"
        assert f"pagina {n} van {len(pages)}" in text, where
        margins = [_flat(line) for line in text.splitlines() if _is_margin(line)]
        top = " ".join(margins)
        assert title in top, where
        assert f"Peildatum: {peildatum}" in top, where
        assert STAND.search(top), where
        assert "bron: gegevens" in top, where
        lines = content_lines(text)
        # A page holds more than the source line repeated under the report.
        assert [ln for ln in lines if not ln.startswith("(bron: ")], f"een lege pagina: {where}"
        last = lines[-1]
        assert not any(last == head or head.startswith(last) for head in shape["heads"]), (
            f"de pagina eindigt met een kop of bijschrift: {last!r}\n{where}"
        )
        rows_under = {}
        for table in shape["tables"]:
            # A row's start: a long row name may wrap onto a second printed line.
            rows_under.setdefault(table["header"], []).extend(r[:8] for r in table["rows"])
        for header, rows in rows_under.items():
            for i, line in enumerate(lines):
                if line.startswith(header) and not any(row in line for row in rows):
                    assert any(later.startswith(row) for later in lines[i + 1 :] for row in rows), (
                        f"een tabelkop zonder rijen eronder: {line!r}\n{where}"
                    )


# --- the participation report over several pages -------------------------------------------


def _participation_scene() -> dict:
    """48 secondary anchor schools (every seventh with three networks, one network with two
    anchors), each network 1-5 accepted schools; a small primary level besides."""
    today = date.today()
    accepted_on = today - timedelta(days=30)
    programme = make_programme("Programma Druk")
    pool = [make_school(name=f"Deelnemer {n}") for n in range(POOL)]
    rows, last_anchor = [], None
    anchors = [make_school(name=f"Anker {n:02d}") for n in range(1, ANCHORS + 1)]
    for n, anchor in enumerate(anchors, start=1):
        for k in range(3 if n % 7 == 0 else 1):
            name = f"Netwerk {n:02d}{'abc'[k]}"
            ids = [anchor, anchors[n]] if n == 20 and k == 0 else [anchor]
            network = make_network(anchor_ids=ids, programme_id=programme, name=name)
            count = (n + k) % POOL + 1
            for school in pool[:count]:
                accept(school, network, on=accepted_on)
            for anchor_id in ids:
                rows.append((f"Anker {anchors.index(anchor_id) + 1:02d}", name, count))
        last_anchor = f"Anker {n:02d}"
    klimop = make_school(name="Basisschool Klimop", level="basis")
    primary = make_network(
        anchor_ids=[klimop], programme_id=programme, level="basis", name="Netwerk Lezen"
    )
    for n in range(2):
        accept(make_school(name=f"Basisschool {n}", level="basis"), primary, on=accepted_on)
    rows.append(("Basisschool Klimop", "Netwerk Lezen", 2))
    secondary_total = sum(
        c for a, net, c in rows if net.startswith("Netwerk ") and a != "Basisschool Klimop"
    )
    # A shared network stands under both anchors but counts once in the total.
    shared = next(c for a, net, c in rows if net == "Netwerk 20a")
    return {
        "rows": rows,
        "last_anchor": last_anchor,
        "secondary_total": secondary_total - shared,
    }


def test_participation_prints_on_a4_with_its_frame_and_nothing_orphaned(live, page, tmp_path):
    """48 anchors run over several A4 pages: every page carries title, peildatum, stand, source
    and "pagina X van Y"; no header or totals alone; each level's totals once, with the last
    rows; every count on the line (so the page) of its anchor school and network."""
    scene = live.seed(_participation_scene)
    login(page, live.user("ministry").email)
    page.goto("/rapporten/deelname")
    peildatum = date.today().strftime("%d/%m/%Y")
    shape = page_shape(page)
    pages = printed_pages(page, tmp_path)
    assert len(pages) >= 3, f"{len(pages)} pagina's"
    check_every_page(pages, "Deelname per ankerschool", peildatum, shape)

    page_of = {}
    for n, text in enumerate(pages, start=1):
        for line in content_lines(text):
            page_of.setdefault(line, n)
    # Every count on the line of its anchor school and network (the row is never split).
    for anchor, network, count in scene["rows"]:
        line = next((ln for ln in page_of if anchor in ln and network in ln), None)
        assert line is not None, f"{anchor} / {network} niet afgedrukt"
        assert re.search(rf"{re.escape(network)}\s*\*?\s+{count}$", line), line
    # An anchor with three networks: all three and its subtotal on one page.
    for n in range(7, ANCHORS + 1, 7):
        anchor = f"Anker {n:02d}"
        on = {page_of[ln] for ln in page_of if anchor in ln}
        assert len(on) == 1, f"{anchor} over pagina's {sorted(on)}"

    printed = [(n, line) for n, text in enumerate(pages, start=1) for line in content_lines(text)]
    registrations = "Totaal inschrijvingen (elk netwerk één keer geteld)"
    distinct = "Verschillende scholen"
    # Two levels and the table of all levels together: three totals of each kind, each printed
    # once (a footer group repeated on every page would print them more often).
    totals = [(n, ln) for n, ln in printed if re.fullmatch(rf"{re.escape(registrations)} \d+", ln)]
    assert len(totals) == 3, totals
    assert len([ln for _, ln in printed if re.fullmatch(rf"{distinct} \d+", ln)]) == 3
    secondary = next((n, ln) for n, ln in totals if ln.endswith(f" {scene['secondary_total']}"))
    # The secondary totals come with the last anchor's rows, never alone on a page.
    last_rows = {n for n, ln in printed if ln.startswith(scene["last_anchor"])}
    assert secondary[0] in last_rows, (secondary, last_rows)


def test_no_header_or_totals_alone_wherever_the_tables_fall(live, page, tmp_path):
    """The same report printed with the tables shifted down in steps of 9 mm over a whole page:
    wherever a page break falls, no heading, caption or table header ends a page, every level's
    totals share a page with its last rows, and an anchor's networks and subtotal one page."""
    scene = live.seed(_participation_scene)
    login(page, live.user("ministry").email)
    page.goto("/rapporten/deelname")
    peildatum = date.today().strftime("%d/%m/%Y")
    shape = page_shape(page)
    page.evaluate(
        """() => { const gap = document.createElement('div'); gap.id = 'schuif'; gap.textContent = 'Schuif';
                   document.querySelector('main').prepend(gap); }"""
    )
    for shift in range(0, 260, 9):
        page.evaluate(f"document.querySelector('#schuif').style.height = '{shift}mm'")
        pages = printed_pages(page, tmp_path)
        check_every_page(pages, "Deelname per ankerschool", peildatum, shape)
        printed = [(n, ln) for n, text in enumerate(pages, start=1) for ln in content_lines(text)]
        for level_last in (scene["last_anchor"], "Basisschool Klimop"):
            rows = {n for n, ln in printed if ln.startswith(level_last)}
            assert len(rows) == 1, (shift, level_last, rows)
            total = next(
                n for n, ln in printed if n >= min(rows) and ln.startswith("Totaal inschrijvingen")
            )
            assert total in rows, (shift, level_last, rows, total)
        for n in range(7, ANCHORS + 1, 7):
            on = {
                p
                for p, ln in printed
                if ln.startswith(f"Anker {n:02d} ") or ln.startswith(f"Subtotaal Anker {n:02d}")
            }
            assert len(on) == 1, (shift, n, on)


def test_every_page_of_a_level_carries_the_column_header(live, page, tmp_path):
    """On paper a level's anchors read as one table: its column header stands above the rows at
    the top of every page the table runs over, once per level, not once per anchor school."""
    live.seed(_participation_scene)
    login(page, live.user("ministry").email)
    page.goto("/rapporten/deelname")
    pages = printed_pages(page, tmp_path)
    # The count's header may wrap over lines of its own; the header's line starts so.
    header = "Ankerschool Netwerk"
    with_rows = 0
    for n, text in enumerate(pages, start=1):
        lines = content_lines(text)
        rows = [i for i, ln in enumerate(lines) if ln.startswith(("Anker ", "Basisschool Klimop"))]
        if not rows:
            continue
        with_rows += 1
        headers = [i for i, ln in enumerate(lines) if ln.startswith(header)]
        assert headers and headers[0] < rows[0], f"pagina {n}: rijen zonder kolomkop\n{text}"
        # One header per level table on the page (two levels at most here), never per anchor.
        assert len(headers) <= 2, f"pagina {n}\n{text}"
    assert with_rows >= 3, with_rows


def test_folded_parts_print_open_and_fold_again(live, page, tmp_path):
    """A <details> in a report (an anchor's folded networks) is open on paper, folded on screen
    again afterwards: static/js/print.js opens it before printing."""
    live.seed(_participation_scene)
    login(page, live.user("ministry").email)
    page.goto("/rapporten/deelname")
    page.evaluate(
        """() => {
          const details = document.createElement('details');
          details.id = 'gevouwen';
          details.innerHTML = '<summary>Anker 99: 2 netwerken</summary><p>Netwerk Gevouwen</p>';
          document.querySelector('main').append(details);
        }"""
    )
    assert not page.locator("#gevouwen").get_attribute("open")
    everything = "\n".join(printed_pages(page, tmp_path))
    assert "Netwerk Gevouwen" in everything
    assert page.evaluate("document.querySelector('#gevouwen').open") is False


def test_the_stand_van_de_gegevens_shows_on_screen_and_on_paper(live, page):
    """The report's stand van de gegevens is one line of its details, on screen and on paper."""
    login(page, live.user("ministry").email)
    page.goto("/rapporten/deelname?as_of=19/11/2021&known_at=2021-11-19")
    stand = page.locator(".report-meta dd", has_text="19/11/2021 23:59")
    assert stand.is_visible()
    page.emulate_media(media="print")
    assert stand.is_visible()
    assert page.locator(".report-meta .print-only").count() == 0


# --- reach, trends and effort ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/rapporten/bereik", "Bereik"),
        ("/rapporten/evolutie", "Evolutie en grafieken"),
        ("/rapporten/inzet", "Inzet: VTE en uren"),
    ],
    ids=["bereik", "evolutie", "inzet"],
)
def test_other_reports_print_with_their_frame(live, page, tmp_path, url, title):
    """Reach, trends (charts and their tables) and effort: the frame on every page, page numbers,
    nothing orphaned, and the figures of the tables on paper."""
    live.seed(make_world)
    login(page, live.user("admin").email)
    page.goto(url)
    peildatum = page.locator(".report-meta time").first.inner_text()
    assert DAY.fullmatch(peildatum), peildatum
    shape = page_shape(page)
    pages = printed_pages(page, tmp_path)
    check_every_page(pages, title, peildatum, shape)
    everything = _flat("\n".join(pages))
    for table in shape["tables"]:
        assert table["header"] in everything, table["header"]
        for row in table["rows"][:3]:
            assert row in everything, row
    if url.endswith("evolutie"):
        # The charts print (as SVG, their axis labels on paper beside the same dates in the
        # tables) and fit the A4 text width.
        page.emulate_media(media="print")
        for box in [svg.bounding_box() for svg in page.locator("figure.chart svg").all()]:
            assert box and 100 < box["width"] <= 650, box
        title = _flat(page.locator("figure.chart svg .title").first.text_content())
        printed = [_flat(line) for text in pages for line in text.splitlines()]
        assert printed.count(title) >= 2, title  # the heading, and the chart's own title
