"""The report filter panel stays open with the basis as a visible switch; an empty report says
why it is empty."""

import re

import pytest

PAGES = ["/rapporten/deelname", "/rapporten/bereik", "/rapporten/evolutie"]


def _basis_radios(html: str) -> dict[str, bool]:
    """value -> checked, of the basis radio buttons."""
    radios = re.findall(r'<input[^>]*name="basis"[^>]*>', html)
    return {re.search(r'value="([^"]*)"', r).group(1): "checked" in r for r in radios}


@pytest.mark.parametrize("path", PAGES)
def test_panel_is_open_with_a_basis_switch(client, data, login_as, path):
    """No folding panel: the filters are in sight before, beside and after a report; the basis
    shows both its options as radio buttons, the one in use checked."""
    login_as("ministry")
    first = client.get(path).get_data(as_text=True)
    shown = client.get(f"{path}?as_of=19/11/2021&basis=participating").get_data(as_text=True)
    for html in (first, shown):
        # Not inside a fold, nor folded itself (the participation page folds its anchors only).
        before, panel = html.split('class="card mb-3 no-print report-filters"')
        assert "<details" not in before and "<details" not in panel.split("</section>")[0]
        assert 'type="radio"' in html and "<legend" in html
    assert _basis_radios(first) == {"registered": True, "participating": False}
    assert _basis_radios(shown) == {"registered": False, "participating": True}


def test_panel_stays_open_after_an_error(client, login_as):
    """A refused filter shows the message and the same open panel, not a folded one."""
    login_as("admin")
    response = client.get("/rapporten/deelname?as_of=31/13/2021")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<details" not in html and "report-filters" in html and 'role="alert"' in html
    assert "31/13/2021" in html  # the wrong value is still in the field to correct


def test_empty_participation_says_why(client, data, login_as):
    """Before any registration: the reason in the terms of the basis, and what to try."""
    login_as("ministry")
    html = client.get("/rapporten/deelname?as_of=01/01/2015").get_data(as_text=True)
    assert "Geen inschrijvingen op deze peildatum (01/01/2015) binnen deze selectie." in html
    assert "Kies een latere peildatum" in html
    html = client.get("/rapporten/deelname?as_of=01/01/2015&basis=participating").get_data(
        as_text=True
    )
    assert (
        "Geen gehouden bijeenkomsten met aanwezigheden vóór deze datum (01/01/2015)"
        " binnen deze selectie." in html
    )


def test_empty_trends_say_why_per_chart(client, data, login_as):
    """Each empty chart of the trends page names what is missing before the peildatum."""
    login_as("ministry")
    html = client.get("/rapporten/evolutie?as_of=01/01/2015").get_data(as_text=True)
    assert "Geen gegevens voor deze selectie." not in html
    assert "Geen begeleidingsuren geregistreerd vóór deze peildatum (01/01/2015)" in html
    assert "Geen inschrijvingen op deze peildatum (01/01/2015)" in html


def test_empty_reach_population_says_why(client, data, login_as):
    """A population without schools names the filters that emptied it, not a bare 0/0."""
    login_as("ministry")
    html = client.get("/rapporten/bereik?as_of=19/11/2021&province=limburg&umbrella=ovsg").get_data(
        as_text=True
    )
    assert "Geen scholen in deze populatie" in html
    full = client.get("/rapporten/bereik?as_of=19/11/2021").get_data(as_text=True)
    assert "Geen scholen in deze populatie" not in full
