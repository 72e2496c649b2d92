"""The effort pages in the seeds' words: gekleurde VTE, FTE with three decimals, and the planning
page says which school year it saves into."""

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
