"""The effort pages in the seeds' words: gekleurde VTE, FTE with three decimals, and the planning
page says which school year it saves into."""

import io
from datetime import date

from tests.effort.factories import make_assignment, make_staff
from tests.factories import make_network, make_school


def test_planning_page_names_its_school_year_and_says_gekleurde_vte(app, client, login_as):
    """The form's heading and text name 2023-2024; planned 2,275 and 1 show as 2,275 and 1,000."""
    with app.app_context():
        school = make_school()
        network = make_network(anchor_ids=[school], name="Netwerk Kempen")
    login_as("admin")
    url = "/inzet/planning?school_year=2023-2024"
    saved = client.post(
        url, data={"target": f"network:{network}", "planned_fte": "2,275", "earmarked_fte": "1"}
    )
    assert saved.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Planning toevoegen of wijzigen voor schooljaar 2023-2024" in page
    assert "Wordt opgeslagen in schooljaar 2023-2024." in page
    assert "Waarvan gekleurde VTE" in page and "gekleurd (VTE)" not in page
    assert ">2,275<" in page and ">1,000<" in page


def test_fte_has_three_decimals_on_the_staff_page_and_the_rollup(app, client, login_as):
    """A half-time assignment is 0,500 on the staff member's page and in the roll-up report."""
    with app.app_context():
        school = make_school()
        network = make_network(anchor_ids=[school])
        staff = make_staff("Els Peeters")
        make_assignment(staff, "0.5", date(2023, 9, 1), network_id=network)
    login_as("admin")
    staff_page = client.get(f"/inzet/medewerkers/{staff}").get_data(as_text=True)
    assert "0,500" in staff_page and ">0,5<" not in staff_page
    report = client.get("/rapporten/inzet?school_year=2023-2024").get_data(as_text=True)
    assert "0,500" in report and "geoormerkt" not in report.lower()


def test_an_import_of_one_line_speaks_in_the_singular(app, client, login_as):
    """One bad line: '1 fout'; one good line: '1 urenregistratie geïmporteerd.'."""
    with app.app_context():
        school = make_school()
        network = make_network(anchor_ids=[school])
        make_staff("Els Peeters", email="els@test.be")
    login_as("admin")
    header = "medewerker;datum;duur;activiteit;netwerk\n"

    def post(line: str):
        data = {"file": (io.BytesIO((header + line).encode()), "uren.csv")}
        return client.post("/inzet/uren/import", data=data, content_type="multipart/form-data")

    bad = post("els@test.be;05/03/2024;0;bijeenkomst;1\n")
    assert bad.status_code == 422
    assert "Het bestand bevat 1 fout; er is niets opgeslagen." in bad.get_data(as_text=True)
    good = post(f"els@test.be;06/03/2024;1u;bijeenkomst;{network}\n")
    assert good.status_code == 302
    page = client.get(good.headers["Location"]).get_data(as_text=True)
    assert "1 urenregistratie geïmporteerd." in page
