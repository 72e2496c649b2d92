"""Every export of the app on paper: each XLSX printed to PDF by LibreOffice, read back.

The exports are collected the way a user finds them: the report pages listed on /rapporten/
(with seed 000's peildatum and school year), every download link on them, the pages they link to
(the lists behind the counts, other layouts) and their downloads, and the roster's CSV. Each XLSX
goes through one `soffice --headless --convert-to pdf` run; `pdftotext -layout` gives the pages
back, `pdftotext -bbox` the size of the words. On paper:
- every figure of a row is on the same page and line as the row's label (no counts alone on a
  page of their own), with the header row on every page, and no page with only a header;
- seed 000's participation table (4 anchor schools in secondary, 9 networks in basic education)
  has each level on one page;
- the print is readable: fit to width only at 60 % or more (openpyxl), words at least as high as
  Calibri 11 at that scale (the PDF).
Every CSV says one charset in its Content-Type.

Without soffice or pdftotext the paper tests are skipped, unless NETWERK_REQUIRE_BROWSER=1 (CI).
"""

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import openpyxl
import pytest

from netwerk.effort.models import Activity, FundingSource
from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from netwerk.spreadsheets import FONT_SIZE, MIN_FIT_SCALE, column_points, printable_points
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.reports.factories import add_call, add_network, add_programme, add_school

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"
REQUIRE = os.environ.get("NETWERK_REQUIRE_BROWSER") == "1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# Seed 000: the minister's answer of 25/11/2021, figures of 19/11/2021.
P = "19/11/2021"
YEAR = "2021-2022"
SECONDARY = {
    "Sint-Jozef Humaniora Brugge": [20],
    "GO! Atheneum Geraardsbergen": [21],
    "GO! Koninklijk Lyceum Antwerpen": [14],
    "Scholengemeenschap SO Leuven": [21],
}
BASIC = {
    "VBS De Ark – Heverlee": [20, 17],  # one anchor, two networks (Heverlee, regio Antwerpen)
    "VGB Sancta Maria - Leuven": [20],
    "BS Erasmus – Deinze": [27],
    "De Kleine Icarus – Gent": [20],
    "Sint-Cordula - Schoten": [18],
    "GO! Pientere Piste - Deurne": [16],
    "De Boomhut – Sint-Andries": [15],
    "De Goede Basis – Anzegem": [16],
}
# The report pages a user reaches from /rapporten/, with the query that shows seed 000.
PAGES = {
    "/rapporten/deelname": [f"as_of={P}"],
    "/rapporten/bereik": [f"as_of={P}"],
    "/rapporten/evolutie": [f"as_of={P}"],
    "/rapporten/inzet": [
        f"school_year={YEAR}&group_by={group}"
        for group in ("anchor_school", "network", "programme", "province")
    ],
}


def _paper_tools_missing() -> str | None:
    """What is missing to print exports, or None."""
    for tool in (SOFFICE, PDFTOTEXT):
        if not (os.path.isfile(tool) and os.access(tool, os.X_OK)):
            return tool
    # LibreOffice prints the exports' Arial as Liberation Sans; without it, in a wider font.
    fc_list = shutil.which("fc-list")
    fonts = fc_list and subprocess.run([fc_list], capture_output=True, text=True).stdout
    return None if fonts and "Liberation Sans" in fonts else "Liberation Sans"


def _need_paper_tools() -> None:
    """Skip without LibreOffice or poppler; in CI (NETWERK_REQUIRE_BROWSER=1) fail instead."""
    missing = _paper_tools_missing()
    if missing is None:
        return
    message = (
        f"{missing} niet gevonden: afdruktests overgeslagen; apt-get install "
        "libreoffice-calc-nogui poppler-utils fonts-liberation2"
    )
    if REQUIRE:
        pytest.fail(message)
    pytest.skip(message)


# --- seed 000 ------------------------------------------------------------------------------------


def _participants(level: str, count: int, start: int) -> list[int]:
    """count new schools of a level, flushed together; their ids."""
    schools = [
        School(
            institution_number=f"{700000 + start + i}",
            name=f"Deelnemende school {start + i}",
            level=SchoolLevel(level),
            umbrella=list(Umbrella)[i % 4],
            province=list(Province)[i % 5],
            municipality="Gemeente",
            public_code=f"S-P{start + i:05d}",
        )
        for i in range(count)
    ]
    db.session.add_all(schools)
    db.session.flush()
    return [s.id for s in schools]


def _register(school_ids: list[int], network_id: int) -> None:
    """Accepted registrations of 15/06/2021, flushed together."""
    for school_id in school_ids:
        registration = Registration(
            school_id=school_id, network_id=network_id, status=RegistrationStatus.accepted
        )
        registration.status_changes = [
            RegistrationStatusChange(
                to_status=RegistrationStatus.submitted, effective_on=date(2021, 6, 1)
            ),
            RegistrationStatusChange(
                from_status=RegistrationStatus.submitted,
                to_status=RegistrationStatus.accepted,
                effective_on=date(2021, 6, 15),
            ),
        ]
        db.session.add(registration)
    db.session.flush()


def build_seed_000() -> dict:
    """Seed 000's networks (76 secondary and 169 basic registrations on 19/11/2021), a half-time
    assignment and some hours per anchor school in 2021-2022; the ids the test needs."""
    programme = add_programme("Hoogbegaafdheid")
    networks, start = [], 0
    for level, anchors in (("secundair", SECONDARY), ("basis", BASIC)):
        for k, (anchor, counts) in enumerate(anchors.items()):
            anchor_id = add_school(name=anchor, level=level, province=list(Province)[k % 5].value)
            for i, count in enumerate(counts, start=1):
                name = f"Netwerk {anchor}" + (f" {i}" if i > 1 else "")
                network = add_network(
                    name=name, programme_id=programme, anchor_ids=[anchor_id], level=level
                )
                _register(_participants(level, count, start), network)
                start += count
                networks.append((network, anchor_id))
    add_call(
        programme_id=programme,
        network_ids=[n for n, _a in networks],
        opens_on=date(2021, 5, 28),
        starts_on=date(2021, 9, 1),
    )
    db.session.commit()
    activities = list(Activity)
    for k, (network, _anchor) in enumerate(networks):
        staff = make_staff(f"Projectmedewerker {k + 1}")
        make_assignment(staff, "0.5", date(2021, 9, 1), network_id=network)
        if k % 3 == 0:
            make_assignment(
                staff,
                "0.1",
                date(2021, 9, 1),
                network_id=network,
                funding=FundingSource.eigen_middelen,
            )
        make_planned(YEAR, "0.5", "0.1", network_id=network)
        for j, activity in enumerate(activities):
            make_hours(staff, network, date(2021, 10, 1 + j), 60 * (k + j + 1), activity)
    return {"programme": programme, "network": networks[0][0]}


# --- collecting the exports ----------------------------------------------------------------------


class _Links(HTMLParser):
    """The links of a page: (href, whether it has the download attribute)."""

    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append((attrs["href"], "download" in attrs))


def _links(html: str) -> list[tuple[str, bool]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def _is_download(href: str, download: bool) -> bool:
    query = parse_qs(urlsplit(href).query)
    return download or "format" in query or urlsplit(href).path.endswith((".csv", ".xlsx"))


def _pages(ids: dict) -> list[str]:
    """The pages to look for downloads on: the report pages, the lists and layouts they link to,
    and a network's roster."""
    pages = [f"{path}?{query}" for path, queries in PAGES.items() for query in queries]
    return [*pages, f"/netwerken/{ids['network']}/aanmeldingen"]


def collect_exports(client, ids: dict) -> dict[str, object]:
    """Every download linked from the pages (and from the report pages they link to), fetched:
    url -> response."""
    index = client.get("/rapporten/")
    assert index.status_code == 200
    report_paths = {urlsplit(href).path for href, _d in _links(index.text)}
    report_paths = {p for p in report_paths if p.startswith("/rapporten/") and p != "/rapporten/"}
    # A new report page on the index needs its seed 000 query above, or it would go unprinted.
    assert report_paths <= set(PAGES), report_paths - set(PAGES)
    to_visit, seen, downloads = _pages(ids), set(), {}
    while to_visit:
        page = to_visit.pop(0)
        if page in seen:
            continue
        seen.add(page)
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        for href, download in _links(response.text):
            href = href.replace("&amp;", "&")
            if _is_download(href, download):
                downloads.setdefault(href, None)
            elif _is_sub_page(page, href, [*seen, *to_visit]):
                to_visit.append(href)
    for url in downloads:
        downloads[url] = client.get(url)
    return downloads


LIST_PATH = "/rapporten/deelname/scholen"


def _list_key(href: str) -> tuple[str, bool]:
    """Which kind of school list a link opens: its level, and behind a network or a total."""
    query = parse_qs(urlsplit(href).query)
    return query.get("level", [""])[0], "network_id" in query


def _is_sub_page(page: str, href: str, planned: list[str]) -> bool:
    """A report page reached from a report page: the school list behind a count (one of each
    kind, not all), another layout of the same report."""
    path, query = urlsplit(href).path, parse_qs(urlsplit(href).query)
    if not path.startswith("/rapporten/") or "page" in query:
        return False
    if path == LIST_PATH:
        return _list_key(href) not in {_list_key(p) for p in planned if p.startswith(LIST_PATH)}
    return "layout" in query and path == urlsplit(page).path


# --- printing ------------------------------------------------------------------------------------


def print_to_pdf(files: dict[str, bytes], folder: Path) -> dict[str, Path]:
    """Every XLSX through one LibreOffice run: name -> the PDF."""
    for name, data in files.items():
        (folder / f"{name}.xlsx").write_bytes(data)
    profile = folder / "profile"
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(folder / "pdf"),
        *[str(folder / f"{name}.xlsx") for name in files],
    ]
    env = {**os.environ, "HOME": str(folder)}
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
    pdfs = {name: folder / "pdf" / f"{name}.pdf" for name in files}
    missing = [name for name, pdf in pdfs.items() if not pdf.exists()]
    assert not missing, (missing, done.stdout, done.stderr)
    return pdfs


def pdf_pages(pdf: Path) -> list[list[str]]:
    """The lines of each page, as pdftotext -layout lays them out."""
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [page.splitlines() for page in pages]


def word_heights(pdf: Path) -> list[float]:
    """The height of every word in the PDF (points)."""
    html = subprocess.run(
        [PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        float(y2) - float(y1)
        for y1, y2 in re.findall(r'<word [^>]*yMin="([\d.]+)"[^>]*yMax="([\d.]+)"', html)
    ]


# --- what the sheet says should be on paper ------------------------------------------------------


@dataclass
class Row:
    """A table row: its label texts (in order) and its figures, each in the ways it may print."""

    labels: list[str]
    figures: list[set[str]]
    level: str


def _number_texts(value, number_format: str) -> set[str]:
    """A number as LibreOffice prints it with this format ('#,##0.0##': one to three decimals),
    in English or in Belgian notation."""
    if isinstance(value, datetime):
        return {value.strftime("%d/%m/%Y")}
    percent = number_format.endswith("%")
    decimals = number_format.rstrip("%").split(".")[1] if "." in number_format else ""
    if percent:
        value = value * 100
    texts = set()
    for places in range(decimals.count("0"), len(decimals) + 1):
        english = f"{value:,.{places}f}" + ("%" if percent else "")
        texts |= {english, english.replace(",", " ").replace(".", ",").replace(" ", ".")}
    return texts


# How high pdftotext's box of a word of the exports' text is (points).
FULL_SIZE_WORD = 1.3 * FONT_SIZE
SUPPRESSED = re.compile(r"^(< \d+|x)$")


def table_rows(ws) -> tuple[int, list[Row]]:
    """The header row and the data rows of a sheet."""
    header = ws[ws.freeze_panes].row - 1
    rows = []
    for cells in ws.iter_rows(min_row=header + 1):
        labels, figures = [], []
        for cell in cells:
            value = cell.value
            if value is None:
                continue
            if isinstance(value, str) and not SUPPRESSED.match(value):
                labels.append(value)
            elif isinstance(value, str):
                figures.append({value})
            else:
                figures.append(_number_texts(value, cell.number_format))
        rows.append(Row(labels, figures, str(cells[0].value)))
    return header, rows


def _label_pattern(labels: list[str]) -> re.Pattern:
    """The labels in order on one line, each by its start (a long name may be cut off)."""
    parts = [re.escape(label[:14].strip()) for label in labels]
    return re.compile(r".*?".join(parts))


def _figures_on(line: str, start: int, figures: list[set[str]]) -> int:
    """How many of the figures follow each other on the line after start."""
    found = 0
    for texts in figures:
        pattern = "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
        match = re.compile(rf"(?<![\d.,])(?:{pattern})(?![\d.,])").search(line, start)
        if not match:
            break
        found, start = found + 1, match.end()
    return found


def locate(rows: list[Row], pages: list[list[str]], title_labels: int | None):
    """For each row: the pages its figures print on; every figure must be found.

    title_labels: how many labels print on every part of a table split over pages wide (None:
    the table is not split, all labels and all figures on one line).
    """
    where = []
    for row in rows:
        labels = row.labels if title_labels is None else row.labels[:title_labels]
        pattern, todo, pages_of_row = _label_pattern(labels), list(row.figures), []
        for number, lines in enumerate(pages):
            for line in lines:
                match = pattern.search(line)
                if match and not row.figures:  # a list of schools: the row itself
                    pages_of_row.append(number)
                if not match or not todo:
                    continue
                found = _figures_on(line, match.end(), todo)
                if found:
                    pages_of_row.append(number)
                    todo = todo[found:]
        assert not todo, (row.labels, "figures not on a line with their label:", todo)
        where.append(sorted(set(pages_of_row)))
    return where


# --- the tests -----------------------------------------------------------------------------------


@pytest.fixture
def exports(app, client, login_as):
    """Seed 000 written, every export fetched as an admin: url -> response."""
    with app.app_context():
        ids = build_seed_000()
    login_as("admin")
    return collect_exports(client, ids)


def test_every_csv_says_one_charset(exports):
    """Every CSV route: Content-Type text/csv with exactly one charset, UTF-8."""
    csvs = {url: r for url, r in exports.items() if r.mimetype == "text/csv"}
    assert any("aanmeldingen" in url for url in csvs)
    assert len([url for url in csvs if "/rapporten/" in url]) >= 20
    for url, response in csvs.items():
        assert response.status_code == 200, url
        assert response.headers["Content-Type"] == CSV_CONTENT_TYPE, url


@pytest.mark.paper
def test_every_xlsx_prints_readably_on_a4(exports, tmp_path):
    """Each XLSX in LibreOffice: figures beside their labels, header on every page, no page with
    only a header, seed 000's levels on one page each, readable print."""
    _need_paper_tools()
    xlsx = {url: r for url, r in exports.items() if r.mimetype == XLSX}
    assert len(xlsx) >= 20 and all(r.status_code == 200 for r in xlsx.values())
    names = {url: f"export{i:02d}" for i, url in enumerate(xlsx)}
    pdfs = print_to_pdf({names[url]: r.data for url, r in xlsx.items()}, tmp_path)
    for url, response in xlsx.items():
        try:
            _check_on_paper(response.data, pdfs[names[url]], url)
        except AssertionError as exc:
            raise AssertionError(f"{url}: {exc}") from exc


def _check_on_paper(data: bytes, pdf: Path, url: str) -> None:
    """One export's sheet against its PDF."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    if len(wb.sheetnames) > 1:
        # A workbook of several tables (the answer layout: a sheet per table) prints them one after
        # the other; each sheet's setup is checked here, its pages in tests/reports/test_answer.py.
        for sheet in wb.worksheets:
            _check_page_setup(sheet)
        wb.close()
        return
    ws = wb.active
    scale = _check_page_setup(ws)
    header, rows = table_rows(ws)
    headers = [c.value for c in ws[header] if c.value]
    split = bool(ws.print_title_cols)
    wb.close()
    pages = pdf_pages(pdf)
    where = locate(rows, pages, 1 if split else None)
    # The header line: its first cell, then the first word of another one (of the next one, or
    # on a later part of a split table of that part's first); no row label has both.
    others = "|".join(re.escape(h.split(" ")[0]) for h in headers[1:]) or "$"
    header_line = re.compile(rf"^\s*{re.escape(headers[0][:14])}\s+({others})", re.MULTILINE)
    for number, lines in enumerate(pages):
        text = "\n".join(lines)
        assert header_line.search(text) or not rows, f"page {number + 1} without the header"
        assert any(number in pages_of_row for pages_of_row in where) or not rows, (
            f"page {number + 1} has no row of the table"
        )
    if "/rapporten/deelname?" in url and "layout" not in url:
        levels = {}
        for row, pages_of_row in zip(rows, where, strict=True):
            levels.setdefault(row.level, set()).update(pages_of_row)
        assert {"secundair onderwijs", "basisonderwijs"} <= set(levels)
        assert all(len(p) == 1 for p in levels.values()), levels
    heights = sorted(word_heights(pdf))
    # Printed no smaller than planned (and the plan is at MIN_FIT_SCALE or more).
    assert heights[len(heights) // 2] >= 0.9 * FULL_SIZE_WORD * scale, (scale, heights[:5])


def _check_page_setup(ws) -> float:
    """A4, header row repeated, notes not widening a column; fitting only when readable.
    Returns the scale the fit gives (1 without fitting)."""
    setup = ws.page_setup
    assert int(setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.print_title_rows and ws.freeze_panes
    assert ws.page_margins.left <= 0.5 and ws.page_margins.right <= 0.5
    widths = []
    for j in range(1, ws.max_column + 1):
        dim = ws.column_dimensions.get(openpyxl.utils.get_column_letter(j))
        widths.append(dim.width if dim and dim.width else 8.43)
    assert max(widths) <= 60
    total = sum(column_points(w) for w in widths)
    room = printable_points(setup.orientation or "portrait")
    if ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage:
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert setup.orientation == "landscape"
        scale = min(room / total, 1)
        assert scale >= MIN_FIT_SCALE, scale
        return scale
    assert not setup.scale or setup.scale >= 100 * MIN_FIT_SCALE
    if total > room:
        assert setup.orientation == "landscape" and ws.print_title_cols
    return 1.0
