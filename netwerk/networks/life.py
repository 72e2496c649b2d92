"""A network's life: from its first day (starts_on) to its last (ends_on, NULL: it goes on).

After its last day an ended network takes no registrations (networks.planning asks before every
move), no meetings (meetings.meetings, meetings.series) and no hour entries (effort.hours and the
hours import): each refused in Dutch with the day it ended. Days before the start are not refused:
schools register during the call, before a network starts, and coaches prepare it.
"""

from datetime import date

from flask_babel import gettext as _

from netwerk.errors import DomainError
from netwerk.networks.models import Network

REGISTRATION, MEETING, HOURS = "registration", "meeting", "hours"


def has_ended_by(network: Network, day: date) -> bool:
    """Whether the network had ended on this day (its last day lies before it)."""
    return network.ends_on is not None and day > network.ends_on


def ended_label(ends_on: date) -> str:
    """The words beside an ended network in lists and reports: "beëindigd op 30/06/2026"."""
    return _("beëindigd op %(day)s", day=ends_on.strftime("%d/%m/%Y"))


def refuse_after_end(network: Network, day: date, what: str, *, field: str | None = None) -> None:
    """Refuse a registration, meeting or hour entry dated after the network's last day (409)."""
    if not has_ended_by(network, day):
        return
    ended = network.ends_on.strftime("%d/%m/%Y")
    if what == REGISTRATION:
        message = _(
            "%(network)s is beëindigd op %(day)s: na die dag kan niemand zich nog inschrijven.",
            network=network.name,
            day=ended,
        )
    elif what == MEETING:
        message = _(
            "%(network)s is beëindigd op %(day)s: er kan geen bijeenkomst na die dag gepland "
            "worden.",
            network=network.name,
            day=ended,
        )
    else:
        message = _(
            "%(network)s is beëindigd op %(day)s: er kunnen geen uren na die dag geregistreerd "
            "worden.",
            network=network.name,
            day=ended,
        )
    raise DomainError(message, status_code=409, code="network_ended", field=field)


def check_life(starts_on: date, ends_on: date | None) -> None:
    """A network ends on or after the day it starts."""
    if ends_on is not None and ends_on < starts_on:
        message = _(
            "De einddatum kan niet voor de startdatum (%(day)s) liggen.",
            day=starts_on.strftime("%d/%m/%Y"),
        )
        raise DomainError(message, field="ends_on")
