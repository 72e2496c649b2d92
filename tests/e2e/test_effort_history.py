"""The history of an assignment with a change and of a deleted one, as an admin reads it: reached
from the person's page, axe clean in Dutch and English, and on a 390 px phone."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from netwerk.auth.models import User
from netwerk.effort import staff
from netwerk.effort.models import FundingSource, StaffRole
from netwerk.extensions import db
from netwerk.networks.models import Network
from tests.e2e.browser import assert_accessible, assert_fits, login, switch_language
from tests.factories import make_network

pytestmark = pytest.mark.browser


def _seed(admin_id: int) -> dict:
    """Els Peeters: an assignment changed twice and one deleted, by the admin."""
    admin = db.session.get(User, admin_id)
    network = db.session.get(Network, make_network(name="Netwerk Wiskunde Kempen"))
    member = staff.create_staff_member(admin, name="Els Peeters")

    def data(fte: str, ends_on=None) -> staff.AssignmentData:
        return staff.AssignmentData(
            role=StaffRole.procescoach,
            fte=Decimal(fte),
            funding_source=FundingSource.projectsubsidie,
            starts_on=date(2024, 9, 1),
            ends_on=ends_on,
            network=network,
        )

    kept = staff.save_assignment(admin, member, data("0.5"))
    gone = staff.save_assignment(admin, member, data("0.2"))
    db.session.commit()
    staff.save_assignment(admin, member, data("0.8", date(2025, 6, 30)), kept)
    db.session.commit()
    staff.delete_assignment(admin, gone)
    db.session.commit()
    return {"member": member.id, "kept": kept.id, "gone": gone.id}


def test_assignment_history_from_the_person_page(live, page, phone, tmp_path):
    """Admin opens the history from the person's page; both languages axe clean; the phone fits."""
    admin = live.user("admin", name="Ann Beheerder")
    ids = live.seed(lambda: _seed(admin.id))
    login(page, admin.email)
    page.goto(f"/inzet/medewerkers/{ids['member']}")
    page.get_by_role("link", name=f"Geschiedenis van opdracht nr. {ids['kept']}").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Geschiedenis van opdracht")
    expect(page.locator("main")).to_contain_text("0,800")
    assert_accessible(page, "geschiedenis opdracht")
    switch_language(page, "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("History of assignment")
    assert_accessible(page, "history assignment")

    login(phone, admin.email)
    for record in ("kept", "gone"):
        phone.goto(f"/inzet/opdrachten/{ids[record]}/geschiedenis")
        assert_fits(phone, f"geschiedenis {record}")
        phone.screenshot(path=str(tmp_path / f"history-{record}.png"), full_page=True)
    expect(phone.locator("main")).to_contain_text("verwijderd")
