"""The written-answer layout (/rapporten/deelname?layout=antwoord) against seed 000, cell by cell.

Seed 000 (tests/reports/seed000.py): secondary 20 + 21 + 14 + 21 = 76 with Sint-Jozef Humaniora
Brugge's network shared with a second anchor; basic eight rows = 169, VBS De Ark's two networks in
one row of 37. The page, the XLSX and the DOCX show the same cells; each count column adds up to
its total, which is a value (never a formula). LibreOffice prints each level's table on one page.
"""

import io
import os
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser

import docx
import openpyxl
import pytest

from netwerk.auth.models import User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.reports.answer import fte_in_words, participation_answer
from netwerk.reports.answer_order import save_order, saved_order
from netwerk.reports.params import PARTICIPATING, ReportFilters, ReportParams, parse_known_at
from netwerk.schools.models import School, SchoolLevel
from netwerk.timeutil import SchoolYear
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.reports.conftest import P
from tests.reports.factories import add_school, add_user
from tests.reports.seed000 import (
    BASIC_TOTAL,
    PEILDATUM,
    SECONDARY_TOTAL,
    SHARED_WITH,
    SOURCE,
    build_seed000,
)

URL = "/rapporten/deelname?as_of=19/11/2021&known_at=2021-11-19&layout=antwoord"
HEADER = ["Ankerschool", "Aantal ingeschreven scholen"]
# The answer's tables as the seed's answer lists them (in our layout, by name).
BASIC_ROWS = [
    ["BS Erasmus – Deinze", "27"],
    ["De Boomhut – Sint-Andries", "15"],
    ["De Goede Basis – Anzegem", "16"],
    ["De Kleine Icarus – Gent", "20"],
    ["GO! Pientere Piste - Deurne", "16"],
    ["Sint-Cordula - Schoten", "18"],
    ["VBS De Ark*", "37"],
    ["VGB Sancta Maria - Leuven", "20"],
]
SECONDARY_ROWS = [
    ["GO! Atheneum Geraardsbergen", "21"],
    ["GO! Koninklijk Lyceum Antwerpen", "14"],
    ["Scholengemeenschap SO Leuven", "21"],
    ["Sint-Jozef Humaniora Brugge**", "20"],
]
BASIC_NOTE = (
    "* som van de netwerken VBS De Ark - Lerend netwerk regio Antwerpen (17) en "
    "VBS De Ark – Heverlee (20)"
)
SECONDARY_NOTE = f"** samen met {SHARED_WITH}"


@pytest.fixture
def seed(app):
    """Seed 000 in the test database; its ids."""
    with app.app_context():
        return build_seed000()


# --- the answer's words for FTE ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("fte", "words"),
    [
        ("0", "geen inzet"),
        ("0.124", "minder dan een kwart opdracht"),
        ("0.125", "ongeveer een kwart opdracht"),
        ("0.374", "ongeveer een kwart opdracht"),
        ("0.375", "ongeveer een halftijdse opdracht"),
        ("0.5", "ongeveer een halftijdse opdracht"),
        ("0.624", "ongeveer een halftijdse opdracht"),
        ("0.625", "ongeveer een driekwart opdracht"),
        ("0.875", "ongeveer een voltijdse opdracht"),
        ("1.249", "ongeveer een voltijdse opdracht"),
        ("1.25", "ongeveer 1,5 voltijdse opdrachten"),
        ("1.74", "ongeveer 1,5 voltijdse opdrachten"),
        ("1.75", "ongeveer 2 voltijdse opdrachten"),
        ("6.5", "ongeveer 6,5 voltijdse opdrachten"),
    ],
)
def test_fte_in_words_to_the_nearest_quarter(rctx, fte, words):
    """Each threshold: half-way between two quarters goes up; from 1,25 in halves of a job."""
    assert fte_in_words(Decimal(fte)) == words


# --- the service --------------------------------------------------------------------------------


def _answer(user_role="ministry", order="naam", **params):
    user = db.session.get(User, add_user(user_role))
    params.setdefault("known_at", parse_known_at("2021-11-19"))
    return participation_answer(user, ReportParams(PEILDATUM, **params), order)


def _cells(table):
    return [[row.label, str(row.count)] for row in table.rows]


def test_seed000_answer_tables(rctx):
    """Basic: eight rows = 169 with De Ark's two networks summed; secondary: four rows = 76 with
    the shared network once, under Sint-Jozef; markers run on over the answer."""
    build_seed000()
    basic, secondary = _answer().tables
    assert (basic.level.value, secondary.level.value) == ("basis", "secundair")
    assert _cells(basic) == BASIC_ROWS and _cells(secondary) == SECONDARY_ROWS
    assert basic.total == BASIC_TOTAL == sum(r.count for r in basic.rows) == 169
    assert secondary.total == SECONDARY_TOTAL == sum(r.count for r in secondary.rows) == 76
    assert [f"{n.marker} {n.text}" for n in basic.footnotes] == [BASIC_NOTE]
    assert [f"{n.marker} {n.text}" for n in secondary.footnotes] == [SECONDARY_NOTE]
    assert basic.source == secondary.source == SOURCE
    assert basic.count_header == HEADER[1]


def test_seed000_effort_in_words(rctx):
    """About a half-time job per anchor school, a full-time one at De Ark; total 6,5 FTE."""
    build_seed000()
    effort = _answer().effort
    lines = {x.label: x for x in effort.lines}
    assert effort.school_year == "2021-2022" and len(lines) == 12
    assert lines["VBS De Ark"].fte == Decimal("1.000")
    assert lines["VBS De Ark"].words == "ongeveer een voltijdse opdracht"
    assert lines["VBS De Ark"].hours == Decimal("1.5")
    assert lines["GO! Atheneum Geraardsbergen"].hours == Decimal("3.0")
    assert {x.words for label, x in lines.items() if label != "VBS De Ark"} == {
        "ongeveer een halftijdse opdracht"
    }
    assert (effort.total.fte, effort.total.hours) == (Decimal("6.500"), Decimal("4.5"))
    assert sum(x.fte for x in effort.lines) == effort.total.fte


def test_effort_says_which_filters_it_follows_and_is_left_out_when_empty(rctx):
    """A filter on the registered schools does not narrow effort: the note says so; without
    any effort in the school year there is no effort table."""
    build_seed000()
    narrowed = _answer(filters=ReportFilters(level=SchoolLevel.basis))
    assert [t.level for t in narrowed.tables] == [SchoolLevel.basis]
    assert "De inzet volgt enkel de filters programma en schooljaar." in narrowed.effort.notes
    assert _answer(filters=ReportFilters(school_year=SchoolYear(2019))).effort is None


def test_order_by_count_then_name(rctx):
    """order=aantal: largest first, a tie by name (21 Geraardsbergen before 21 Leuven)."""
    build_seed000()
    secondary = _answer(order="aantal").tables[1]
    assert [r.count for r in secondary.rows] == [21, 21, 20, 14]
    assert secondary.rows[0].anchor_name == "GO! Atheneum Geraardsbergen"
    assert secondary.rows[1].anchor_name == "Scholengemeenschap SO Leuven"


def test_own_order_saved_by_an_admin(rctx):
    """order=eigen: the saved places first, the other anchor schools after them by name."""
    ns = build_seed000()
    admin = db.session.get(User, add_user("admin"))
    leuven, brugge = ns.anchors["Scholengemeenschap SO Leuven"], ns.anchors[SHARED_WITH]
    save_order(admin, ns.programme, {leuven: 1, ns.anchors["Sint-Jozef Humaniora Brugge"]: 2})
    db.session.commit()
    assert saved_order(ns.programme)[:2] == [leuven, ns.anchors["Sint-Jozef Humaniora Brugge"]]
    secondary = _answer(order="eigen", filters=_programme(ns)).tables[1]
    assert [r.anchor_name for r in secondary.rows] == [
        "Scholengemeenschap SO Leuven",
        "Sint-Jozef Humaniora Brugge",
        "GO! Atheneum Geraardsbergen",
        "GO! Koninklijk Lyceum Antwerpen",
    ]
    assert brugge in saved_order(ns.programme)  # every anchor school gets its place
    basic = _answer(order="eigen", filters=_programme(ns)).tables[0]
    assert sum(r.count for r in basic.rows) == basic.total == 169


def _programme(ns) -> ReportFilters:
    return ReportFilters(programme_id=ns.programme)


def test_only_an_admin_saves_an_order_and_only_anchor_schools(rctx):
    """The ministry never changes data; a school that anchors nothing in the programme is refused."""
    ns = build_seed000()
    ministry = db.session.get(User, add_user("ministry"))
    with pytest.raises(NotAllowed):
        save_order(ministry, ns.programme, {})
    admin = db.session.get(User, add_user("admin"))
    stranger = add_school(name="Geen ankerschool")
    with pytest.raises(DomainError, match="Enkel ankerscholen van dit programma"):
        save_order(admin, ns.programme, {stranger: 1})


def test_participating_basis_and_a_shared_network_under_its_first_anchor(ns):
    """The report tests' dataset, participating basis: the column says 'deelnemende'; the network
    of A2 and A3 counts under A2 (first by name) with a footnote naming A3; A1's two networks
    make one row with their sum."""
    user = db.session.get(User, add_user("ministry"))
    answer = participation_answer(user, ReportParams(P, PARTICIPATING), "naam")
    basic, secondary = answer.tables
    assert _cells(basic) == [["VBS De Ark Heverlee", "1"]] and not basic.footnotes
    assert secondary.count_header == "Aantal deelnemende scholen"
    assert _cells(secondary) == [
        ["GO! Atheneum Geraardsbergen*", "2"],
        ["Sint-Jozef Humaniora Brugge**", "2"],
    ]
    assert [f"{n.marker} {n.text}" for n in secondary.footnotes] == [
        "* samen met Scholengemeenschap SO Leuven",
        "** som van de netwerken Netwerk Brugge 1 (1) en Netwerk Brugge 2 (1)",
    ]
    assert secondary.total == 4
    registered = participation_answer(user, ReportParams(P), "naam")
    assert [(t.level.value, t.total) for t in registered.tables] == [("basis", 3), ("secundair", 6)]
    assert all(sum(r.count for r in t.rows) == t.total for t in registered.tables)


# --- the page -----------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Per table: its caption, and the text of each row's cells (head, body and foot)."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._text = None
        self._row = None
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._text = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._text is not None:
            self._row.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._in_caption:
            self.tables[-1]["caption"] += data.strip()
        elif self._text is not None:
            self._text.append(data)


def _page_tables(html: str) -> list[dict]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def test_page_tables_cell_by_cell(client, seed, login_as):
    """Caption, header, the rows, the total row; the count column sums to the total; source."""
    login_as("ministry")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    basic, secondary, effort = _page_tables(html)
    assert basic["caption"] == "Basisonderwijs"
    assert basic["rows"] == [HEADER, *BASIC_ROWS, ["Totaal", "169"]]
    assert secondary["caption"] == "Secundair onderwijs"
    assert secondary["rows"] == [HEADER, *SECONDARY_ROWS, ["Totaal", "76"]]
    for table in (basic, secondary):
        *rows, total = table["rows"][1:]
        assert sum(int(count) for _name, count in rows) == int(total[1])
    assert effort["rows"][0] == ["Ankerschool", "Ingezette VTE", "Uren", "In woorden"]
    assert ["VBS De Ark", "1,000", "1,5", "ongeveer een voltijdse opdracht"] in effort["rows"]
    assert effort["rows"][-1] == ["Totaal", "6,500", "4,5", "ongeveer 6,5 voltijdse opdrachten"]
    assert html.count(f"({SOURCE})") == 2  # under each level's table
    assert BASIC_NOTE in html and SECONDARY_NOTE in html
    assert "Subtotaal" not in html and "Netwerk</th>" not in html
    assert "format=docx" in html and "format=xlsx" in html


def test_participation_page_links_to_the_answer(client, seed, login_as):
    """The participation page offers the answer layout with the same filters."""
    login_as("ministry")
    html = client.get("/rapporten/deelname?as_of=19/11/2021").get_data(as_text=True)
    assert "Als antwoord op een parlementaire vraag" in html
    assert "as_of=2021-11-19&amp;basis=registered&amp;layout=antwoord" in html


def _xlsx(client, query=""):
    response = client.get(URL + "&format=xlsx" + query)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert "antwoord_deelname_2021-11-19.xlsx" in response.headers["Content-Disposition"]
    return openpyxl.load_workbook(io.BytesIO(response.data))


def _sheet_rows(ws):
    return [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]


def test_xlsx_values_not_formulas_and_sum_equals_total(client, seed, login_as):
    """A sheet per table: values only, bold header and total, sum of counts = total, the source
    in a wrapped merged cell, A4 portrait fit to width with the header as print title."""
    login_as("ministry")
    wb = _xlsx(client)
    assert wb.sheetnames == ["Basisonderwijs", "Secundair onderwijs", "Inzet"]
    for name, rows, total in (
        ("Basisonderwijs", BASIC_ROWS, 169),
        ("Secundair onderwijs", SECONDARY_ROWS, 76),
    ):
        ws = wb[name]
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
        values = _sheet_rows(ws)
        assert values[2] == HEADER
        body = values[3 : 3 + len(rows)]
        assert body == [[label, int(count)] for label, count in rows]
        assert values[3 + len(rows)] == ["Totaal", total]
        assert sum(count for _label, count in body) == total
        assert ws.cell(row=3, column=1).font.bold and ws.cell(row=4 + len(rows), column=2).font.b
        source_cell = ws.cell(row=ws.max_row, column=1)
        assert source_cell.value == f"({SOURCE})" and source_cell.alignment.wrap_text
        assert f"A{ws.max_row}:B{ws.max_row}" in {str(r) for r in ws.merged_cells.ranges}
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.page_setup.orientation == "portrait"
        # Narrow enough for A4 standing at full size: no shrinking to fit.
        assert not ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$3:$3"
        assert ws.column_dimensions["A"].width >= 25
    effort = _sheet_rows(wb["Inzet"])
    assert ["VBS De Ark", 1, 1.5, "ongeveer een voltijdse opdracht"] in effort
    assert ["Totaal", 6.5, 4.5, "ongeveer 6,5 voltijdse opdrachten"] in effort


def _docx(client):
    response = client.get(URL + "&format=docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "antwoord_deelname_2021-11-19.docx" in response.headers["Content-Disposition"]
    return docx.Document(io.BytesIO(response.data))


def test_docx_table_cells(client, seed, login_as):
    """The Word document: A4, a table per level with the same cells, notes and source."""
    login_as("ministry")
    document = _docx(client)
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    basic, secondary, effort = (
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    )
    assert basic == [HEADER, *BASIC_ROWS, ["Totaal", "169"]]
    assert secondary == [HEADER, *SECONDARY_ROWS, ["Totaal", "76"]]
    assert sum(int(c) for _n, c in basic[1:-1]) == 169
    assert effort[-1] == ["Totaal", "6,500", "4,5", "ongeveer 6,5 voltijdse opdrachten"]
    text = [p.text for p in document.paragraphs]
    assert BASIC_NOTE in text and SECONDARY_NOTE in text
    assert text.count(f"({SOURCE})") == 2
    assert "Deelname per ankerschool op 19/11/2021" in text
    # The header row repeats on a next page; no row splits.
    first_row = document.tables[0].rows[0]._tr
    assert first_row.trPr.xpath("./w:tblHeader") and first_row.trPr.xpath("./w:cantSplit")


# --- LibreOffice: each table on one page, each count beside its anchor ------------------------

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
REQUIRE = os.environ.get("NETWERK_REQUIRE_BROWSER") == "1"


@pytest.fixture
def soffice():
    """LibreOffice and pdftotext; skipped when missing, unless NETWERK_REQUIRE_BROWSER=1."""
    missing = [p for p in (SOFFICE, shutil.which("pdftotext")) if not p or not os.path.exists(p)]
    if missing:
        message = "LibreOffice of pdftotext niet gevonden; apt-get install libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils"
        if REQUIRE:
            pytest.fail(message + " (NETWERK_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    return SOFFICE


def _pdf_pages(soffice: str, data: bytes, name: str, tmp_path) -> list[str]:
    """The document converted to PDF by LibreOffice, read back page by page."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = tmp_path / name
    source.write_bytes(data)
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own: runs may overlap
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    pdf = source.with_suffix(".pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")


def _check_printed(pages: list[str]) -> None:
    """Each level's table on one page with its total; each count on its anchor's line."""
    tables = (("Basisonderwijs", BASIC_ROWS, "169"), ("Secundair onderwijs", SECONDARY_ROWS, "76"))
    for caption, rows, total in tables:
        holding = [p for p in pages if any(line.strip() == caption for line in p.splitlines())]
        assert len(holding) == 1, caption
        page = holding[0]
        lines = page.splitlines()
        # The table ends on the page it starts on: its header, every row and its total.
        assert any(line.split()[:1] == ["Ankerschool"] for line in lines)
        for label, count in rows:
            line = next(line for line in lines if line.strip().startswith(label))
            assert line.split()[-1] == count, line
        assert any(line.split()[:1] == ["Totaal"] and line.split()[-1] == total for line in lines)
        assert SOURCE in " ".join(page.split())


@pytest.mark.slow
def test_libreoffice_prints_xlsx_and_docx_tables_on_one_page(
    client, seed, login_as, soffice, tmp_path
):
    """XLSX and DOCX through LibreOffice to PDF: every table on one page, counts beside anchors."""
    login_as("ministry")
    xlsx = client.get(URL + "&format=xlsx").data
    document = client.get(URL + "&format=docx").data
    _check_printed(_pdf_pages(soffice, xlsx, "antwoord.xlsx", tmp_path / "x"))
    _check_printed(_pdf_pages(soffice, document, "antwoord.docx", tmp_path / "d"))


# --- who may, and bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("ministry", 200), ("school", 403)])
def test_route_by_role(client, seed, login_as, role, status):
    """Admins and ministry read and download the answer; school users get 403."""
    login_as(role)
    for query in ("", "&format=xlsx", "&format=docx"):
        assert client.get(URL + query).status_code == status


def test_coach_sees_own_networks_only(app, client, seed, login_as):
    """A coach's answer holds the networks the coach runs, as on the participation page."""
    coach = login_as("coach")
    with app.app_context():
        network = db.session.get(Network, seed.networks["Lerend netwerk Erasmus"])
        network.coaches.append(db.session.get(User, coach))
        db.session.commit()
    tables = _page_tables(client.get(URL).get_data(as_text=True))
    assert tables[0]["rows"] == [HEADER, ["BS Erasmus – Deinze", "27"], ["Totaal", "27"]]
    assert len(tables) == 2  # no secondary table; the effort table of the coach's networks


def test_visitor_is_sent_to_login(client):
    """Not logged in: to the login page."""
    response = client.get(URL)
    assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("&order=groot", "Onbekende volgorde"),
        ("&order=eigen", "eerst een programma"),
        ("&format=csv", "Onbekend formaat: kies xlsx of docx."),
        ("&format=pdf", "Onbekend formaat"),
        ("&publication=1", "exacte aantallen"),
        ("&as_of=31/13/2021", "Ongeldige datum"),
    ],
)
def test_bad_input_is_a_400_in_dutch(client, login_as, query, message):
    """A bad order, format, publication or date: the answer page again with the message, 400."""
    login_as("ministry")
    response = client.get("/rapporten/deelname?layout=antwoord" + query)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Deelname als antwoord op een parlementaire vraag" in html


def test_layout_in_capitals_or_blank(client, seed, login_as):
    """'ANTWOORD' is the answer; a blank layout is the ordinary participation table."""
    login_as("ministry")
    answer_html = client.get(URL.replace("antwoord", " ANTWOORD ")).get_data(as_text=True)
    assert "Deelname als antwoord op een parlementaire vraag" in answer_html
    table = client.get(URL.replace("antwoord", "  "))
    assert table.status_code == 200 and "Subtotaal VBS De Ark" in table.get_data(as_text=True)


def test_bad_layout_is_a_400(client, login_as):
    """An unknown layout: the participation page with the message, 400."""
    login_as("ministry")
    response = client.get("/rapporten/deelname?layout=boek")
    assert response.status_code == 400
    assert "Onbekende weergave" in response.get_data(as_text=True)


# --- the admin's own order ------------------------------------------------------------------------


def test_admin_saves_the_order_on_its_page(client, seed, login_as):
    """The form numbers the anchor schools; saved, the answer with order=eigen follows it."""
    login_as("admin")
    page = f"/rapporten/deelname/volgorde/{seed.programme}"
    html = client.get(page).get_data(as_text=True)
    assert "Eigen volgorde van de ankerscholen" in html and "VBS De Ark" in html
    leuven = seed.anchors["Scholengemeenschap SO Leuven"]
    response = client.post(page, data={f"anchor_{leuven}": "1"})
    assert response.status_code == 302
    assert "order=eigen" in response.headers["Location"]
    tables = _page_tables(client.get(response.headers["Location"]).get_data(as_text=True))
    assert tables[1]["rows"][1] == ["Scholengemeenschap SO Leuven", "21"]
    refused = client.post(page, data={f"anchor_{leuven}": "eerst"})
    assert refused.status_code == 422
    assert "Geef de plaats als getal" in refused.get_data(as_text=True)


@pytest.mark.parametrize("role", ["ministry", "coach", "school"])
def test_only_admins_reach_the_order_page(client, seed, login_as, role):
    """The ministry reads, never changes data: the order page is for admins only."""
    login_as(role)
    page = f"/rapporten/deelname/volgorde/{seed.programme}"
    assert client.get(page).status_code == 403
    assert client.post(page, data={}).status_code == 403


def test_order_page_needs_a_csrf_token(make_app, seed):
    """With CSRF on, as in production, the order form without its token is refused (400)."""
    protected = make_app(WTF_CSRF_ENABLED=True)
    with protected.app_context():
        make_user(role="admin", email="beheer@antwoord.test")
    client = protected.test_client()
    # Log in through the form with its token, then post the order form without one.
    html = client.get("/aanmelden").get_data(as_text=True)
    token = html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post(
        "/aanmelden",
        data={"email": "beheer@antwoord.test", "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    page = f"/rapporten/deelname/volgorde/{seed.programme}"
    assert client.get(page).status_code == 200
    assert client.post(page, data={}).status_code == 400


def test_a_name_that_looks_like_a_formula_stays_text(client, seed, login_as, app):
    """An anchor school's name starting with '=' is text in the XLSX and the DOCX, never a
    formula (netwerk.spreadsheets.write_cell)."""
    hostile = '=HYPERLINK("http://example.com","klik")'
    with app.app_context():
        db.session.get(School, seed.anchors["BS Erasmus – Deinze"]).name = hostile
        db.session.commit()
    login_as("ministry")
    ws = _xlsx(client)["Basisonderwijs"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == hostile)
    assert cell.data_type == "s"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    rows = [[c.text for c in row.cells] for row in _docx(client).tables[0].rows]
    assert [hostile, "27"] in rows
