"""An administrator imports the school registry: a file with errors, the line numbers, the fix."""

import pytest
from playwright.sync_api import expect

from tests.e2e.flows import MODE_IDS, MODES, Person

pytestmark = pytest.mark.browser

HEADER = (
    "instellingsnummer;naam;niveau;net;straat;postcode;gemeente;provincie;hoofdschool;"
    "scholengemeenschap"
)
GOOD = [
    "126771;Sint-Jozefscollege;secundair;Katholiek Onderwijs Vlaanderen;Kerkstraat 1;3800;"
    "Sint-Truiden;Limburg;;SG Haspengouw",
    "000141;GO! Basisschool De Klimop;basis;GO!;Dorpsstraat 3;9000;Gent;Oost-Vlaanderen;;",
    "031161;BuSO De Sterretjes;BuSO;OVSG;;1000;Brussel;;;",
    "126789;Sint-Jozefscollege campus Zuid;secundair;Katholiek Onderwijs Vlaanderen;"
    "Stationsstraat 5;3800;Sint-Truiden;Limburg;126771;SG Haspengouw",
]
# Line 3 has a level that does not exist, line 5 has no name (the header is line 1).
BROKEN = [
    GOOD[0],
    GOOD[1].replace(";basis;", ";kleuterklas;"),
    GOOD[2],
    GOOD[3].replace("Sint-Jozefscollege campus Zuid", ""),
]


def _csv(rows: list[str]) -> dict:
    """A file for the upload field, as Excel would save it (UTF-8 with BOM, CRLF)."""
    text = "\r\n".join([HEADER, *rows]) + "\r\n"
    return {"name": "scholen.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8-sig")}


@pytest.mark.parametrize(("lang", "keyboard"), MODES, ids=MODE_IDS)
def test_admin_imports_schools_fixes_the_errors_and_imports_again(live, page, lang, keyboard):
    """Scholen -> CSV inlezen: two bad lines are named by number and nothing is written; the
    corrected file creates the four schools, and they are in the registry."""
    me = Person(page, lang, keyboard)
    me.log_in(live.user("admin").email)
    me.menu("Scholen")
    me.press(me.link("CSV inlezen"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        me.t("Scholen inlezen uit een CSV-bestand")
    )
    upload = me.field("CSV-bestand")
    upload.set_input_files(_csv(BROKEN))
    me.press(me.button("Inlezen"))
    # A refused file is a refused form: its message is in the error summary.
    expect(page.locator(".error-summary")).to_contain_text(
        me.t("Er is niets ingelezen: verbeter de fouten hieronder.")
    )
    errors = page.get_by_role("table", name=me.t("Fouten per regel (de kopregel is regel 1)"))
    expect(errors.locator("tbody").get_by_role("rowheader")).to_have_text(["3", "5"])
    expect(errors.get_by_role("row").nth(1)).to_contain_text("kleuterklas")
    me.menu("Scholen")
    expect(page.get_by_role("link", name="Sint-Jozefscollege")).to_have_count(0)

    me.press(me.link("CSV inlezen"))
    me.field("CSV-bestand").set_input_files(_csv(GOOD))
    me.press(me.button("Inlezen"))
    expect(page.locator(".flashes")).to_contain_text(me.t("Het bestand is ingelezen."))
    summary = page.get_by_role("table", name=me.t("Samenvatting van de import"))
    created = summary.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=me.t("Nieuw"), exact=True)
    )
    expect(created.get_by_role("cell")).to_have_text("4")
    me.menu("Scholen")
    me.press(page.get_by_role("link", name="Sint-Jozefscollege campus Zuid"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sint-Jozefscollege campus Zuid")
    expect(page.get_by_text("Sint-Truiden").first).to_be_visible()
