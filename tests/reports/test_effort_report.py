"""The effort report (/rapporten/inzet) against effort_rollup and against figures made by hand.

School year 2022-2023 has 365 days (1/9/2022 - 31/8/2023); 100 hours per FTE that year. The scene:
- anchor schools A (Antwerpen) and B (Limburg) run network N1 (programme P, coach 1) together;
  C (Oost-Vlaanderen) runs N2 (programme Q, coach 2);
- s1: 0,5 FTE project subsidy on N1 from 1/9/2022, open-ended        -> 0,5, half to A, half to B
- s2: 0,4 FTE own means on N1, 1/3/2023 - 31/10/2023 (two school years)
                                              -> 0,4 x 184/365 in 2022-2023, 0,4 x 61/366 in 2023-2024
- s3: 0,2 FTE earmarked funds (subsidised) on anchor school C, 1/9/2022 - 28/2/2023 -> 0,2 x 181/365
- planned 2022-2023: N1 1,0 (earmarked 0,3), N2 0,5
- hours: N1 10/10/2022 90 min meeting, N1 11/10/2022 45 min preparation, N2 15/1/2023 120 min
  school visit, N1 5/9/2023 60 min meeting (2023-2024).
"""

import csv
import io
from datetime import date
from decimal import Decimal
from fractions import Fraction
from html.parser import HTMLParser

import openpyxl
import pytest

from netwerk.auth.models import User
from netwerk.effort.models import Activity, FundingSource, SchoolYearSetting
from netwerk.effort.report import EffortParams, effort_report
from netwerk.effort.rollup import effort_rollup
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from netwerk.formatting import format_number, round_half_up
from netwerk.reports.tables import effort_fte_values, effort_page_rows
from netwerk.timeutil import SchoolYear
from tests.conftest import login
from tests.effort.factories import make_assignment, make_hours, make_planned, make_staff
from tests.factories import make_network, make_programme, make_school, make_user
from tests.reports.test_statements import counting

YEAR = "2022-2023"
URL = f"/rapporten/inzet?school_year={YEAR}"
SOURCE_PREFIX = "bron: gegevens "
FTE_HEADERS = [
    "Gepland (VTE)",
    "Waarvan gekleurde VTE",
    "Gerealiseerd (VTE)",
    "Waarvan subsidie (VTE)",
    "Waarvan eigen middelen (VTE)",
    "Andere bron (VTE)",
    "Verschil gerealiseerd - gepland (VTE)",
    "Uren",
    "Uren in VTE",
]
ACTIVITY_HEADERS = [
    "Uren bijeenkomst",
    "Uren voorbereiding",
    "Uren schoolbezoek",
    "Uren verplaatsing",
    "Uren opleiding",
    "Uren administratie",
    "Uren andere",
]


def build_scene() -> dict:
    """The dataset of the module docstring (inside an app context); its ids by name."""
    a = make_school(name="Ankerschool Antwerpen", province="antwerpen")
    b = make_school(name="Ankerschool Limburg", province="limburg")
    c = make_school(name="Ankerschool Gent", province="oost_vlaanderen")
    p = make_programme("Programma P")
    q = make_programme("Programma Q")
    coach1 = make_user(role="coach", email="coach1@inzet.test")
    coach2 = make_user(role="coach", email="coach2@inzet.test")
    n1 = make_network(name="Netwerk N1", anchor_ids=[a, b], programme_id=p, coach_ids=[coach1])
    n2 = make_network(name="Netwerk N2", anchor_ids=[c], programme_id=q, coach_ids=[coach2])
    s1, s2, s3 = (make_staff(f"Medewerker {i}") for i in (1, 2, 3))
    make_assignment(s1, "0.5", date(2022, 9, 1), network_id=n1)
    make_assignment(
        s2,
        "0.4",
        date(2023, 3, 1),
        date(2023, 10, 31),
        network_id=n1,
        funding=FundingSource.eigen_middelen,
    )
    make_assignment(
        s3,
        "0.2",
        date(2022, 9, 1),
        date(2023, 2, 28),
        anchor_school_id=c,
        funding=FundingSource.gekleurde_middelen,
    )
    make_planned(YEAR, "1", "0.3", network_id=n1)
    make_planned(YEAR, "0.5", network_id=n2)
    make_hours(s1, n1, date(2022, 10, 10), 90, Activity.bijeenkomst)
    make_hours(s1, n1, date(2022, 10, 11), 45, Activity.voorbereiding)
    make_hours(s3, n2, date(2023, 1, 15), 120, Activity.schoolbezoek)
    make_hours(s1, n1, date(2023, 9, 5), 60, Activity.bijeenkomst)
    db.session.add(SchoolYearSetting(school_year=YEAR, hours_per_fte=Decimal("100")))
    db.session.commit()
    return {"A": a, "B": b, "C": c, "P": p, "Q": q, "N1": n1, "N2": n2}


@pytest.fixture
def scene(app):
    """The scene written to the test database; its ids."""
    with app.app_context():
        return build_scene()


# --- the figures by hand -------------------------------------------------------------------------

F = Fraction
OWN_N1 = F(4, 10) * F(184, 365)  # s2 in 2022-2023
SUBSIDY_C = F(2, 10) * F(181, 365)  # s3
HPF = 100


def _fte(x: Fraction) -> Decimal:
    return round_half_up(Decimal(x.numerator) / Decimal(x.denominator), 3)


def _hours(minutes: Fraction) -> Decimal:
    x = F(minutes) / 60
    return round_half_up(Decimal(x.numerator) / Decimal(x.denominator), 1)


def _line(planned, earmarked, subsidy, own, minutes: dict[str, Fraction]) -> dict:
    """One row computed by hand from exact fractions, rounded once."""
    realised = subsidy + own
    total_minutes = sum(minutes.values(), F(0))
    return {
        "planned_fte": _fte(planned),
        "earmarked_fte": _fte(earmarked),
        "realised_fte": _fte(realised),
        "subsidised_fte": _fte(subsidy),
        "own_fte": _fte(own),
        "other_fte": _fte(F(0)),
        "difference_fte": _fte(realised - planned),
        "hours": _hours(total_minutes),
        "hours_fte": _fte(total_minutes / 60 / HPF),
        "activities": {a.value: _hours(minutes.get(a.value, F(0))) for a in Activity},
    }


# Each anchor of N1 gets half of N1's figures.
HALF_N1 = _line(
    F(1, 2), F(3, 20), F(1, 4), OWN_N1 / 2, {"bijeenkomst": F(45), "voorbereiding": F(45, 2)}
)
BY_ANCHOR = {
    "Ankerschool Antwerpen": HALF_N1,
    "Ankerschool Gent": _line(F(1, 2), F(0), SUBSIDY_C, F(0), {"schoolbezoek": F(120)}),
    "Ankerschool Limburg": HALF_N1,
}
TOTAL = _line(
    F(3, 2),
    F(3, 10),
    F(1, 2) + SUBSIDY_C,
    OWN_N1,
    {"bijeenkomst": F(90), "voorbereiding": F(45), "schoolbezoek": F(120)},
)
BY_NETWORK = {
    "Netwerk N1": _line(
        F(1), F(3, 10), F(1, 2), OWN_N1, {"bijeenkomst": F(90), "voorbereiding": F(45)}
    ),
    "Netwerk N2": BY_ANCHOR["Ankerschool Gent"],
}


def test_hand_figures_are_what_we_think():
    """The hand computation, spelled out for the key cells (guards the helper above)."""
    a, c = BY_ANCHOR["Ankerschool Antwerpen"], BY_ANCHOR["Ankerschool Gent"]
    assert [a["realised_fte"], a["own_fte"], a["difference_fte"], a["hours"]] == [
        Decimal("0.351"),
        Decimal("0.101"),
        Decimal("-0.149"),
        Decimal("1.1"),
    ]
    assert [c["realised_fte"], c["subsidised_fte"], c["difference_fte"]] == [
        Decimal("0.099"),
        Decimal("0.099"),
        Decimal("-0.401"),
    ]
    # The total is rounded itself: 4,25 h -> 4,3 (the rows say 1,1 + 1,1 + 2,0 = 4,2).
    assert [TOTAL["realised_fte"], TOTAL["own_fte"], TOTAL["hours"], TOTAL["hours_fte"]] == [
        Decimal("0.801"),
        Decimal("0.202"),
        Decimal("4.3"),
        Decimal("0.043"),
    ]


def _as_hand(row) -> dict:
    return {
        **{k: getattr(row, k) for k in HALF_N1 if k != "activities"},
        "activities": row.hours_by_activity,
    }


@pytest.mark.parametrize(
    ("group_by", "expected"), [("anchor_school", BY_ANCHOR), ("network", BY_NETWORK)]
)
def test_report_equals_rollup_and_hand_figures(app, scene, group_by, expected):
    """effort_report gives effort_rollup's rows, and those are the figures made by hand."""
    with app.app_context():
        admin = db.session.get(User, make_user(role="admin"))
        report = effort_report(admin, EffortParams(SchoolYear.parse(YEAR), group_by))
        rollup = effort_rollup(YEAR, group_by)
    assert report.rollup == rollup
    assert {r.label: _as_hand(r) for r in report.rollup.rows} == expected
    assert _as_hand(report.rollup.total) == TOTAL


def test_assignment_spanning_two_school_years_counts_pro_rata_in_each(app, scene):
    """s2 runs 1/3/2023 - 31/10/2023: 184/365 of 0,4 in 2022-2023, 61/366 of 0,4 in 2023-2024."""
    with app.app_context():
        ministry = db.session.get(User, make_user(role="ministry"))
        later = effort_report(ministry, EffortParams(SchoolYear.parse("2023-2024"), "network"))
    n1 = {r.label: r for r in later.rollup.rows}["Netwerk N1"]
    assert n1.own_fte == _fte(F(4, 10) * F(61, 366)) == Decimal("0.067")
    assert n1.subsidised_fte == Decimal("0.500")  # s1 is open-ended
    assert n1.planned_fte == Decimal("0.000") and n1.hours == Decimal("1.0")


# --- the page ------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """The text of every cell of every table with an id, row by row."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _shown(line: dict, label: str) -> list[str]:
    """A hand row as the page shows it: FTE with three decimals, hours with one (1.234,5)."""
    keys = [k for k in HALF_N1 if k != "activities"]
    return [label] + [format_number(line[k], 1 if k == "hours" else 3) for k in keys]


def test_page_shows_the_rollup_figures(app, client, scene, login_as):
    """The FTE table and the activity table are effort_rollup's rows and total, Belgian style."""
    login_as("ministry")
    response = client.get(URL)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    found = _tables(html)
    with app.test_request_context():
        rollup = effort_rollup(YEAR, "anchor_school")
        expected = [["Ankerschool", *FTE_HEADERS]]
        for row in [*rollup.rows, rollup.total]:
            expected.append(_shown(_as_hand(row), row.label))
        hand = [
            _shown(BY_ANCHOR[label], label)
            for label in ("Ankerschool Antwerpen", "Ankerschool Gent", "Ankerschool Limburg")
        ] + [_shown(TOTAL, "Totaal")]
    assert found["inzet-vte"] == expected
    assert found["inzet-vte"][1:] == hand
    assert found["inzet-vte"][1] == [
        "Ankerschool Antwerpen",
        "0,500",
        "0,150",
        "0,351",
        "0,250",
        "0,101",
        "0,000",
        "-0,149",
        "1,1",
        "0,011",
    ]
    activity = found["inzet-activiteit"]
    assert activity[0][0] == "Ankerschool" and activity[0][-1] == "Totaal"
    assert activity[1] == [
        "Ankerschool Antwerpen",
        "0,8",
        "0,4",
        "0,0",
        "0,0",
        "0,0",
        "0,0",
        "0,0",
        "1,1",
    ]
    assert activity[-1] == ["Totaal", "1,5", "0,8", "2,0", "0,0", "0,0", "0,0", "0,0", "4,3"]
    # The chart, and its figures in a table beneath.
    assert '<svg role="img" aria-label="Geplande en gerealiseerde VTE' in html
    assert "<script" not in html.split('<figure class="chart">')[1].split("</figure>")[0]
    # FTE and hours on their own charts (one unit per axis).
    assert found["inzet-grafiek"][1] == ["Ankerschool Antwerpen", "0,500", "0,351"]
    assert len(found["inzet-grafiek"]) == 4  # header + three anchors, no total
    assert found["inzet-grafiek-uren"][1] == ["Ankerschool Antwerpen", "1,1"]
    # Peildatum, source, print button, downloads.
    assert SOURCE_PREFIX in html and "Peildatum" in html and "Schooljaar 2022-2023" in html
    assert "data-print" in html and "js/print.js" in html
    assert f"/rapporten/inzet?school_year={YEAR}&amp;group_by=anchor_school&amp;format=xlsx" in html


def test_page_rows_write_every_figure_as_the_number_filter_does(app, scene):
    """effort_page_rows writes each figure once per page: every cell is format_number of its
    figure at its column's places, and equal figures (0,5 and 0,500) share one text."""
    with app.test_request_context():
        rollup = effort_rollup(YEAR, "anchor_school")
        rows = [*rollup.rows, rollup.total]
        written = effort_page_rows(rows)
        for row, line in zip(rows, written, strict=True):
            places = [1 if i == 7 else 3 for i in range(9)]  # "Uren" has one decimal
            assert line.label == row.label
            assert line.fte == [
                format_number(v, p) for v, p in zip(effort_fte_values(row), places, strict=True)
            ]
            assert line.activities == [
                *(format_number(row.hours_by_activity[a.value], 1) for a in Activity),
                format_number(row.hours, 1),
            ]
        zeros = [text for line in written for text in line.fte if text == "0,000"]
        assert len(zeros) > 1 and len({id(text) for text in zeros}) == 1


@pytest.mark.parametrize(
    ("group_by", "first"),
    [
        ("network", ["Netwerk N1", "1,000", "0,300", "0,702", "0,500", "0,202"]),
        ("programme", ["Programma P", "1,000", "0,300", "0,702", "0,500", "0,202"]),
        ("province", ["Antwerpen", "0,500", "0,150", "0,351", "0,250", "0,101"]),
    ],
)
def test_page_groups_per_network_programme_and_province(client, scene, login_as, group_by, first):
    """The selector 'per' changes the rows; the total stays the same."""
    login_as("admin")
    found = _tables(client.get(f"{URL}&group_by={group_by}").get_data(as_text=True))
    assert found["inzet-vte"][1][:6] == first
    assert found["inzet-vte"][-1][:4] == ["Totaal", "1,500", "0,300", "0,801"]


def test_filters_programme_and_province(client, scene, login_as):
    """programme_id and province narrow the rows (province of the anchor school)."""
    login_as("admin")
    found = _tables(client.get(f"{URL}&programme_id={scene['Q']}").get_data(as_text=True))
    assert [r[0] for r in found["inzet-vte"][1:]] == ["Ankerschool Gent", "Totaal"]
    found = _tables(client.get(f"{URL}&province=limburg").get_data(as_text=True))
    assert [r[0] for r in found["inzet-vte"][1:]] == ["Ankerschool Limburg", "Totaal"]
    assert found["inzet-vte"][-1][3] == "0,351"


# --- exports -------------------------------------------------------------------------------------


def _hand_export_rows() -> list[list]:
    rows = []
    for label, line in [*sorted(BY_ANCHOR.items()), ("Totaal", TOTAL)]:
        keys = [k for k in HALF_N1 if k != "activities"]
        rows.append(
            [label, *[line[k] for k in keys], *[line["activities"][a.value] for a in Activity]]
        )
    return rows


def _csv_text(value) -> str:
    return format(value, "f").replace(".", ",")


def test_csv_cell_by_cell(client, scene, login_as):
    """Title, peildatum, stand van de gegevens, source, selection and notes, a blank line, the
    header, every row."""
    login_as("admin")
    response = client.get(f"{URL}&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert (
        disposition.startswith('attachment; filename="inzet_2022-2023_') and ".csv" in disposition
    )
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Inzet: VTE en uren, schooljaar 2022-2023"]
    assert rows[1][0] == "Peildatum" and len(rows[1][1]) == 10
    # The stand van de gegevens: now, to the minute (effort figures keep no versions yet).
    assert rows[2][0] == "Stand van de gegevens" and len(rows[2][1]) == 16
    assert rows[3][0].startswith(SOURCE_PREFIX + rows[1][1] + ", stand van de gegevens ")
    assert rows[4][0].startswith("Schooljaar 2022-2023 (01/09/2022 - 31/08/2023), per ankerschool")
    blank = rows.index([])
    assert rows[blank + 1] == ["Ankerschool", *FTE_HEADERS, *ACTIVITY_HEADERS]
    body = rows[blank + 2 :]
    assert body == [[r[0], *[_csv_text(v) for v in r[1:]]] for r in _hand_export_rows()]
    # Three decimals for FTE, one for hours, also for round values.
    assert body[0][:4] == ["Ankerschool Antwerpen", "0,500", "0,150", "0,351"]
    assert body[-1][8] == "4,3"


def test_xlsx_typed_cell_by_cell(client, scene, login_as):
    """Numbers as numbers with 0.000 (FTE) and 0.0 (hours) formats, the total row bold."""
    login_as("admin")
    response = client.get(f"{URL}&format=xlsx")
    assert response.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(response.data))
    ws = wb.active
    assert ws["A1"].value == "Inzet: VTE en uren, schooljaar 2022-2023"
    assert ws["A2"].value == "Peildatum" and ws["B2"].is_date
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Ankerschool")
    assert [c.value for c in ws[header]] == ["Ankerschool", *FTE_HEADERS, *ACTIVITY_HEADERS]
    expected = _hand_export_rows()
    for i, row in enumerate(expected):
        cells = ws[header + 1 + i]
        assert cells[0].value == row[0]
        for j, value in enumerate(row[1:], start=1):
            cell = cells[j]
            assert isinstance(cell.value, int | float), (i, j, cell.value)
            assert Decimal(str(cell.value)) == value, (i, j, cell.value, value)
            is_hours = FTE_HEADERS[j - 1] == "Uren" if j <= len(FTE_HEADERS) else True
            assert cell.number_format == ("#,##0.0" if is_hours else "#,##0.000"), (i, j)
    assert ws.max_row == header + len(expected)
    total = ws[header + len(expected)]
    assert total[0].value == "Totaal" and total[0].font.bold and not ws[header + 1][0].font.bold
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    wb.close()


def test_publication_variant_keeps_the_figures_and_says_why(client, scene, login_as):
    """Nothing to hide in effort figures: same rows and columns, a note that says so."""
    login_as("ministry")
    plain = client.get(f"{URL}&format=csv").data.decode("utf-8-sig")
    response = client.get(f"{URL}&format=csv&publication=1")
    assert 'filename="inzet_2022-2023_publicatie_' in response.headers["Content-Disposition"]
    published = response.data.decode("utf-8-sig")
    assert plain.split("\r\n\r\n")[1] == published.split("\r\n\r\n")[1]
    assert "Publicatieversie: niets weggelaten" in published
    assert "< 5" not in published


# --- who sees what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("ministry", 200), ("coach", 200), ("school", 403)]
)
def test_route_by_role(client, scene, login_as, role, status):
    """Admins, ministry and coaches read the effort report (page and downloads); schools 403."""
    login_as(role)
    for url in (URL, f"{URL}&format=csv", f"{URL}&format=xlsx&publication=1"):
        assert client.get(url).status_code == status, url


def test_visitors_are_sent_to_login(client):
    """Not logged in: to the login page."""
    response = client.get(URL)
    assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]


@pytest.mark.parametrize(
    ("email", "anchors"),
    [
        ("coach1@inzet.test", ["Ankerschool Antwerpen", "Ankerschool Limburg"]),
        ("coach2@inzet.test", ["Ankerschool Gent"]),
    ],
)
def test_coach_sees_only_own_networks(client, scene, email, anchors):
    """A coach's page and export hold the networks the coach runs, and their total only."""
    login(client, email)
    html = client.get(URL).get_data(as_text=True)
    rows = _tables(html)["inzet-vte"][1:]
    assert [r[0] for r in rows] == [*anchors, "Totaal"]
    assert "netwerken waarvan u procescoach bent" in html
    csv_text = client.get(f"{URL}&format=csv").data.decode("utf-8-sig")
    for other in {"Ankerschool Antwerpen", "Ankerschool Limburg", "Ankerschool Gent"} - set(
        anchors
    ):
        assert other not in html and other not in csv_text
    if email == "coach2@inzet.test":
        assert rows[-1][1:4] == ["0,500", "0,000", "0,099"]


def test_coach_without_networks_sees_nothing(app, scene):
    """A coach who runs no network gets an empty report with zero totals, not everybody's."""
    with app.app_context():
        coach = db.session.get(User, make_user(role="coach"))
        report = effort_report(coach, EffortParams(SchoolYear.parse(YEAR)))
    assert report.rollup.rows == [] and report.rollup.total.planned_fte == 0
    assert report.coach_scope


def test_service_refuses_school_users(app, scene):
    """The service itself refuses a school user (not only the page)."""
    with app.app_context():
        school_user = db.session.get(User, make_user(role="school"))
        with pytest.raises(NotAllowed):
            effort_report(school_user, EffortParams(SchoolYear.parse(YEAR)))


# --- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("school_year=2023", "Ongeldig schooljaar"),
        ("school_year=2023-2025", "Ongeldig schooljaar"),
        ("group_by=school", "Onbekende groepering"),
        ("province=mars", "Onbekende provincie"),
        ("programme_id=999", "Onbekend programma"),
        ("programme_id=abc", "Onbekend programma"),
        ("format=pdf", "Onbekend formaat"),
        ("known_at=gisteren", "Ongeldige stand van de gegevens"),
        ("known_at=2021-11-19T12:00:00", "geen tijdzone"),
        ("known_at=2099-01-01", "ligt in de toekomst"),
    ],
)
def test_bad_input_gives_400_page(client, login_as, query, message):
    """A bad parameter: the page with its filters and a Dutch message, status 400."""
    login_as("ministry")
    response = client.get(f"/rapporten/inzet?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and "Er is een probleem" in html
    assert 'name="school_year"' in html  # the filters stay, to correct the value


def test_without_school_year_the_current_one(client, login_as):
    """No school year: the running school year, with an empty table on an empty database."""
    from netwerk.timeutil import SchoolYear, today

    login_as("admin")
    html = client.get("/rapporten/inzet").get_data(as_text=True)
    assert f"Schooljaar {SchoolYear.of(today())}" in html
    assert "Geen inzet geregistreerd" in html


def test_index_lists_the_effort_report(client, login_as):
    """The reports index links to the effort report."""
    login_as("coach")
    assert 'href="/rapporten/inzet"' in client.get("/rapporten/").get_data(as_text=True)


# --- speed ---------------------------------------------------------------------------------------


def _grow(scene: dict, n: int) -> None:
    """n more networks with two anchors, assignments of every kind, planned FTE and hours."""
    staff = make_staff("Groei")
    for k in range(n):
        anchors = [make_school(province="limburg"), make_school()]
        network = make_network(anchor_ids=anchors, programme_id=scene["P"])
        make_assignment(staff, "0.01", date(2022, 9, 1 + k % 20), network_id=network)
        make_assignment(staff, "0.01", date(2022, 10, 1), anchor_school_id=anchors[0])
        make_planned(YEAR, "0.1", network_id=network)
        make_hours(staff, network, date(2022, 11, 1 + k % 28), 30 + k, Activity.opleiding)


@pytest.mark.parametrize("role", ["admin", "ministry", "coach"])
def test_statements_independent_of_data_size(app, client, scene, login_as, role):
    """The page and its downloads cost the same number of statements with 2 and with 22 networks."""
    if role == "coach":
        login(client, "coach1@inzet.test")
    else:
        login_as(role)
    urls = [
        URL,
        f"{URL}&group_by=network&programme_id={scene['P']}&province=limburg",
        f"{URL}&format=xlsx",
        f"{URL}&format=csv&publication=1&group_by=province",
    ]

    def counts() -> list[int]:
        result = []
        for url in urls:
            with counting(app) as statements:
                assert client.get(url).status_code == 200, url
            result.append(len(statements))
        return result

    small = counts()
    with app.app_context():
        _grow(scene, 20)
    large = counts()
    assert small == large, (small, large)
    # 13, and 2 for the report cache: the data generation and the reader's networks (its key).
    assert max(small) <= 15, small


def test_fte_and_hours_columns_always_show_their_decimals(ctx):
    """An FTE cell of 0,5 is written 0,500 and an hour cell of 2 is 2,0, whatever the Decimal."""
    from netwerk.reports.exports import FTE, HOURS, Column, ReportTable, to_csv

    table = ReportTable(
        title="t",
        as_of=date(2023, 1, 1),
        source="s",
        columns=[Column("VTE", FTE), Column("Uren", HOURS)],
        rows=[[Decimal("0.5"), Decimal("2")], [Decimal("0.12345"), Decimal("1.25")]],
    )
    lines = to_csv(table).decode("utf-8-sig").split("\r\n")
    assert lines[-3:] == ["0,500;2,0", "0,123;1,3", ""]  # half up, the one rounding rule


def test_the_chart_shows_only_the_largest_groups_and_says_so(
    app, client, scene, login_as, monkeypatch
):
    """Beyond CHART_LIMIT groups the chart keeps the largest; the full table keeps every group."""
    from netwerk.reports import tables

    monkeypatch.setattr(tables, "CHART_LIMIT", 2)
    login_as("ministry")
    html = client.get(URL).get_data(as_text=True)
    found = _tables(html)
    with app.test_request_context():
        rows = effort_rollup(YEAR, "anchor_school").rows
    assert len(rows) == 3 and len(found["inzet-vte"]) == 1 + 3 + 1  # header, groups, total
    size = {r.label: max(r.planned_fte, r.realised_fte) for r in rows}
    largest = set(sorted(size, key=size.get, reverse=True)[:2])
    # The largest two, in the table's order (bars never re-sorted against the table).
    in_table_order = [r.label for r in rows if r.label in largest]
    assert [line[0] for line in found["inzet-grafiek"][1:]] == in_table_order
    assert "De grafiek toont de 2 grootste van 3; de tabel heeft ze allemaal." in html
