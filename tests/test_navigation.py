"""The main menu marks exactly one item as the current page."""

import re

from netwerk.navigation import NavItem, current_href


def _entries(*hrefs):
    return [(NavItem(f"x.{i}", str(i), ()), href) for i, href in enumerate(hrefs)]


def test_the_longest_menu_url_containing_the_path_is_the_current_one():
    """/netwerken/oproepen belongs to Oproepen, not also to Netwerken (/netwerken/)."""
    menu = _entries("/netwerken/oproepen", "/netwerken/mijn-aanmeldingen", "/netwerken/", "/inzet")
    assert current_href(menu, "/netwerken/oproepen") == "/netwerken/oproepen"
    assert current_href(menu, "/netwerken/oproepen/3") == "/netwerken/oproepen"
    assert current_href(menu, "/netwerken/12") == "/netwerken/"
    assert current_href(menu, "/inzet/uren") == "/inzet"
    assert current_href(menu, "/inzetten") is None  # a prefix of the word, not of the path
    assert current_href(menu, "/") is None


def _current_menu_links(page: str) -> list[str]:
    menu = page.split('id="hoofdmenu"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="nav-link active" href="([^"]+)"\s+aria-current="page"', menu)


def test_one_menu_item_carries_aria_current(client, login_as):
    """On the calls page only "Oproepen" is current; on the networks list only "Netwerken"."""
    login_as("school")
    calls = client.get("/netwerken/oproepen").get_data(as_text=True)
    assert _current_menu_links(calls) == ["/netwerken/oproepen"]
    assert calls.split('id="hoofdmenu"', 1)[1].split("</ul>", 1)[0].count("aria-current") == 1
    networks = client.get("/netwerken/").get_data(as_text=True)
    assert _current_menu_links(networks) == ["/netwerken/"]
