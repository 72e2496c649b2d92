"""The report pages: who sees what, bad input on the page, CSP, printing."""

import re

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from tests.conftest import login
from tests.reports.conftest import P

PAGES = [
    "/rapporten/",
    "/rapporten/deelname?as_of=19/11/2021",
    "/rapporten/deelname/scholen?as_of=19/11/2021&level=secundair",
    "/rapporten/bereik?as_of=19/11/2021",
    "/rapporten/evolutie?as_of=19/11/2021",
]


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("ministry", 200), ("coach", 200), ("school", 403)]
)
def test_route_by_role(client, login_as, role, status):
    """Admins, ministry and coaches read reports (empty ones too); school users get 403."""
    login_as(role)
    assert {url: client.get(url).status_code for url in PAGES} == dict.fromkeys(PAGES, status)


def test_visitors_are_sent_to_login(client):
    """Not logged in: to the login page."""
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]


def test_participation_page_shows_counts_totals_peildatum_and_source(client, data, login_as):
    """The tables per level with subtotal, the two totals, the peildatum and the source line."""
    login_as("ministry")
    html = client.get("/rapporten/deelname?as_of=19/11/2021").get_data(as_text=True)
    assert "19/11/2021" in html
    assert re.search(
        r"bron: gegevens 19/11/2021, stand van de gegevens \d\d/\d\d/\d{4} \d\d:\d\d - "
        "Vlaams Ministerie van Onderwijs en Vorming",
        html,
    )
    assert "Subtotaal Sint-Jozef Humaniora Brugge" in html
    assert "Totaal inschrijvingen (elk netwerk één keer geteld)" in html
    assert '<th scope="col">Ankerschool</th>' in html and "<caption>" in html
    # Each count links to its list with the same filters plus network and level.
    assert (
        f"/rapporten/deelname/scholen?as_of=2021-11-19&amp;basis=registered&amp;network_id={data.N1}"
        "&amp;level=secundair"
    ) in html
    assert "Deelnemer" not in html  # no school names on the report itself


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("as_of=31/13/2021", "Ongeldige datum"),
        ("as_of=01/01/2199", "toekomst"),
        ("school_year=twintig", "Ongeldig schooljaar"),
        ("programme_id=999", "Onbekend programma"),
        ("basis=iets", "Onbekende basis"),
        ("format=pdf", "Onbekend formaat"),
    ],
)
@pytest.mark.parametrize(
    "path", ["/rapporten/deelname", "/rapporten/bereik", "/rapporten/evolutie"]
)
def test_bad_input_on_the_page_is_a_clear_400(client, login_as, path, query, message):
    """The page comes back with the filters and a Dutch message, status 400."""
    login_as("admin")
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html and 'role="alert"' in html
    assert "Peildatum en filters" in html


def test_unknown_period_and_table_on_trends(client, login_as):
    """The trends page refuses an unknown period or download table with 400."""
    login_as("admin")
    assert client.get("/rapporten/evolutie?period=week").status_code == 400
    assert client.get("/rapporten/evolutie?format=csv&table=x").status_code == 400


@pytest.mark.parametrize(
    ("who", "status", "sees"),
    [
        ("admin", 200, "names"),
        ("ministry", 200, "codes"),
        ("coach of N1", 200, "names"),
        ("coach of N2", 403, None),
        ("coach without networks", 403, None),
        ("school", 403, None),
    ],
)
def test_list_behind_n1_by_reader(app, client, data, login_as, who, status, sees):
    """Who may open the list behind N1's count, and whether it shows names or only codes."""
    url = f"/rapporten/deelname/scholen?as_of=19/11/2021&network_id={data.N1}&level=secundair"
    coach_ids = {"coach of N1": data.coach1, "coach of N2": data.coach2}
    if who in coach_ids:
        with app.app_context():
            email = db.session.get(User, coach_ids[who]).email
        login(client, email)
    else:
        login_as(who.split()[0])
    response = client.get(url)
    assert response.status_code == status
    if status != 200:
        return
    html = response.get_data(as_text=True)
    assert "S-R" in html  # codes for everyone
    assert ("Deelnemer S1" in html and "Deelnemer S2" in html) is (sees == "names")
    assert ("pseudonieme schoolcode" in html) is (sees == "codes")
    assert "Deelnemer S3" not in html  # waitlisted: never in the list


def test_coach_report_holds_own_networks_only(app, client, data):
    """N1's coach sees N1's row and not N2's."""
    with app.app_context():
        email = db.session.get(User, data.coach1).email
    login(client, email)
    html = client.get("/rapporten/deelname?as_of=19/11/2021").get_data(as_text=True)
    assert "Netwerk Brugge 1" in html and "Netwerk Brugge 2" not in html


def test_unknown_network_in_a_list_is_404(client, login_as):
    """404 before 403: an unknown network id is not found, for every reader."""
    login_as("coach")
    assert client.get("/rapporten/deelname/scholen?network_id=99999").status_code == 404
    assert client.get("/rapporten/deelname/scholen?network_id=abc").status_code == 404


def test_reach_page_shows_numerator_denominator_and_percentage(client, data, login_as):
    """Every percentage with what it was computed from, Belgian format."""
    login_as("ministry")
    html = client.get("/rapporten/bereik?as_of=19/11/2021&level=secundair").get_data(as_text=True)
    assert "6 / 12 (50,0%)" in html
    assert "5 / 12 (41,7%)" in html
    assert "cumulatief tot 19/11/2021" in html


def test_trends_page_has_inline_svg_charts_without_scripts(client, data, login_as):
    """Charts are inline SVG, no inline script (CSP), each followed by an accessible table."""
    login_as("admin")
    response = client.get("/rapporten/evolutie?as_of=19/11/2021")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("<svg ") >= 3 and 'role="img"' in html
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all("src=" in tag for tag in scripts), scripts
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "http://" not in html.split("<svg", 1)[1].split("</svg>")[0].replace(
        "http://www.w3.org", ""
    ).replace("http://pygal.org", "").replace("http://github.com/Kozea/pygal", "")
    assert "de cijfers van de grafiek" in html and '<th scope="row">' in html


def test_print_button_and_print_stylesheet(client, data, login_as, app):
    """An 'Afdrukken' button wired by a static script; print.css hides the filters."""
    login_as("ministry")
    html = client.get("/rapporten/deelname?as_of=19/11/2021").get_data(as_text=True)
    assert "data-print" in html and "Afdrukken" in html
    assert "/static/js/print.js" in html
    assert 'media="print"' in html
    assert 'class="card mb-3 no-print report-filters"' in html
    response = client.get("/static/js/print.js")
    assert b"window.print()" in response.data
    response.close()
    response = client.get("/static/css/print.css")
    assert b".no-print" in response.data and b"A4" in response.data
    response.close()


def test_index_lists_the_reports(client, login_as):
    """The index links to participation, reach and trends (effort once it exists)."""
    login_as("coach")
    html = client.get("/rapporten/").get_data(as_text=True)
    for href in ("/rapporten/deelname", "/rapporten/bereik", "/rapporten/evolutie"):
        assert f'href="{href}"' in html


def test_school_year_only_uses_the_end_of_that_year(client, data, login_as):
    """school_year=2020-2021 without peildatum: 31/08/2021, N5 with B1."""
    login_as("admin")
    html = client.get("/rapporten/deelname?school_year=2020-2021").get_data(as_text=True)
    assert "31/08/2021" in html and "Netwerk Icarus" in html
    assert P.strftime("%d/%m/%Y") not in html
