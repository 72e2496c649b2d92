"""The main menu and the home page: features register their menu items and home page blocks;
a user sees those of its role.

An item shows only once its endpoint exists, so features can land one by one.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app, url_for


@dataclass(frozen=True)
class NavItem:
    """One entry of the main menu, for the roles (enum members of auth.Role) that may use it."""

    endpoint: str
    label: object
    roles: tuple
    description: object = ""


_ITEMS: list[NavItem] = []


def register_menu(*items: NavItem) -> None:
    """Add menu items, in the order given (create_app registers every feature's MENU)."""
    _ITEMS.extend(item for item in items if item not in _ITEMS)


def nav_items(user) -> list[tuple[NavItem, str]]:
    """The menu entries this user may see, with their URLs."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [
        (item, url_for(item.endpoint))
        for item in _ITEMS
        if user.role in item.roles and item.endpoint in current_app.view_functions
    ]


@dataclass(frozen=True)
class HomePanel:
    """A block of the home page for some roles: a template partial, and the function that loads
    what it shows (called with the user; the partial reads the result as `panel`)."""

    template: str
    roles: tuple
    load: Callable[[object], object]


_PANELS: list[HomePanel] = []


def register_home_panels(*panels: HomePanel) -> None:
    """Add home page blocks, in the order given (create_app registers the features' panels)."""
    _PANELS.extend(panel for panel in panels if panel not in _PANELS)


def home_panels(user) -> list[tuple[str, object]]:
    """(template, what it shows) of each home page block for this user's role."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [(panel.template, panel.load(user)) for panel in _PANELS if user.role in panel.roles]


def current_href(entries: list[tuple[NavItem, str]], path: str) -> str | None:
    """The one menu URL the page belongs to: the longest that contains the path, so that
    /netwerken/oproepen marks "Oproepen" and not also "Netwerken" (/netwerken/)."""
    matches = [
        href for _item, href in entries if path == href or path.startswith(href.rstrip("/") + "/")
    ]
    return max(matches, key=len, default=None)
