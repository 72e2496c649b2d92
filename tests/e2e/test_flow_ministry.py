"""A ministry user answers a parliamentary question: the participation report on a peildatum,
the schools behind a count (codes only), the XLSX and CSV read back, and the printed page."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import download, print_page, read_table
from tests.e2e.flows import CODE, MODE_IDS, MODES, Person, make_world
from tests.factories import make_network, make_registration, make_school
from tests.meetings.factories import accept

pytestmark = pytest.mark.browser


def _scene() -> dict:
    """Two levels: the secondary network of make_world (three schools, one more accepted only
    today, after the peildatum) and a primary network with two schools."""
    world = make_world()
    today = date.today()
    late = make_school(name="Middenschool Laat")
    make_registration(
        school_id=late,
        network_id=world.network,
        history=[("submitted", today - timedelta(days=3)), ("accepted", today)],
    )
    klimop = make_school(name="Basisschool De Klimop", level="basis", institution_number="000141")
    primary = make_network(
        anchor_ids=[klimop], programme_id=world.programme, level="basis", name="Netwerk Lezen"
    )
    for name in ("Basisschool Regenboog", "Basisschool Zonnebloem"):
        accept(make_school(name=name, level="basis"), primary, on=today - timedelta(days=30))
    return {"peildatum": today - timedelta(days=1)}


def _open_folds(me: Person, page) -> None:
    """Open every anchor school's fold, as a person does: its summary clicked, or Enter on it."""
    for summary in page.locator("details.anchor-block > summary").all():
        me.press(summary)
    expect(page.locator("details:not([open])")).to_have_count(0)


def _page_counts(page) -> dict[str, int]:
    """Network name -> count, from the rows of the report tables on the page."""
    counts = {}
    for row in page.locator("table.report-table tbody tr:not(.subtotal)").all():
        cells = row.locator("td").all_inner_texts()
        if len(cells) == 2:
            counts[cells[0].strip(" *")] = int(cells[1].replace(".", ""))
    return counts


def _file_counts(rows: list[list], networks) -> dict[str, int]:
    """Network name -> count, from the rows of a downloaded report (CSV text or XLSX numbers)."""
    return {
        str(row[3]).strip(" *"): int(row[4])
        for row in rows
        if len(row) >= 5 and str(row[3]).strip(" *") in networks
    }


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_ministry_counts_schools_on_a_peildatum(live, page, lang, keyboard):
    """Rapporten -> participation on yesterday: 3 secondary schools (not the one accepted today),
    2 primary; the list behind a count shows codes only; XLSX and CSV agree with the page."""
    scene = live.seed(_scene)
    peildatum = scene["peildatum"].strftime("%d/%m/%Y")
    me = Person(page, lang, keyboard)
    me.log_in(live.user("ministry").email)

    me.menu("Rapporten")
    me.press(me.link("Deelname per ankerschool"))
    me.type(me.field("Peildatum"), peildatum)
    me.press(me.button("Rapport tonen"))
    meta = page.locator(".report-meta")
    expect(meta.locator("time").first).to_have_text(peildatum)
    _open_folds(me, page)
    counts = _page_counts(page)
    assert counts == {"Netwerk Wiskunde": 3, "Netwerk Lezen": 2}, counts

    # --- follow a count to the schools behind it -------------------------------------------
    me.press(
        page.get_by_role(
            "link",
            name=me.t(
                "%(n)s scholen in %(network)s: toon de lijst", n=3, network="Netwerk Wiskunde"
            ),
        )
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(me.t("Scholen achter de telling"))
    expect(page.get_by_text(me.t("Netwerk: %(name)s", name="Netwerk Wiskunde"))).to_be_visible()
    table = page.locator("table.report-table")
    codes = table.locator("tbody").get_by_role("rowheader").all_inner_texts()
    assert len(codes) == 3 and all(CODE.match(c) for c in codes), codes
    # A ministry user never sees which schools they are.
    expect(table).not_to_contain_text("Middenschool")
    expect(table.get_by_role("columnheader", name=me.t("School"), exact=True)).to_have_count(0)
    me.press(me.link("Terug naar het rapport"))
    expect(meta.locator("time").first).to_have_text(peildatum)
    # The way back keeps the level of the count followed: the report now shows that level.
    _open_folds(me, page)
    shown = _page_counts(page)
    assert shown.items() <= counts.items() and "Netwerk Wiskunde" in shown, shown

    # --- the downloads, read back ------------------------------------------------------------
    xlsx = download(page, lambda: me.press(me.link("Excel (XLSX)")))
    csv = download(page, lambda: me.press(me.link("CSV")))
    assert xlsx.suffix == ".xlsx" and csv.suffix == ".csv", (xlsx, csv)
    for rows in (read_table(xlsx), read_table(csv)):
        assert rows[0][0] == me.t("Deelname per ankerschool"), rows[:3]
        assert rows[1][0] == me.t("Peildatum"), rows[:3]
        assert str(rows[1][1]).startswith((peildatum, scene["peildatum"].isoformat())), rows[1]
        assert _file_counts(rows, counts) == shown, "\n".join(map(repr, rows))
        flat = " ".join(str(c) for row in rows for c in row if c is not None)
        assert "Middenschool" not in flat and "Basisschool Regenboog" not in flat

    # --- printing: no menu or buttons, the peildatum and the source on paper ----------------
    expect(me.button("Afdrukken")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name=me.exact("Hoofdmenu"))).to_be_hidden()
    expect(me.button("Afdrukken")).to_be_hidden()
    expect(me.link("Excel (XLSX)")).to_be_hidden()
    expect(meta).to_be_visible()
    expect(meta).to_contain_text(peildatum)
    expect(page.locator(".report-source")).to_be_visible()
    expect(page.locator(".report-source")).to_contain_text(re.compile(r"\w"))
    pdf = print_page(page)
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 1000
    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name=me.exact("Hoofdmenu"))).to_be_visible()
