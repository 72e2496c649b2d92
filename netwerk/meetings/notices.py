"""The mail to the accepted schools of a network when its meetings are cancelled or moved: one
mail per school listing every meeting of the change (a whole series at once), in Dutch, with an
.ics that updates the event in the school's calendar (same UID, higher SEQUENCE)."""

from datetime import datetime

from flask_babel import force_locale, ngettext
from sqlalchemy import select

from netwerk.extensions import db
from netwerk.mail import Attachment, queue_mail, render_mail
from netwerk.meetings.ical import build_calendar
from netwerk.meetings.models import Meeting, MeetingStatus
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.networks.notifications import school_addresses
from netwerk.urls import external_url


def mail_cancelled(meetings: list[Meeting]) -> None:
    """Tell the accepted schools that these meetings are cancelled (METHOD:CANCEL)."""
    _mail_schools([m for m in meetings if m.status is MeetingStatus.cancelled], "CANCEL", {})


def mail_moved(meetings: list[Meeting], was: dict[int, datetime]) -> None:
    """Tell the accepted schools that these meetings changed date, time or place
    (METHOD:REQUEST); `was` holds a moved meeting's former start by its id."""
    _mail_schools(meetings, "REQUEST", was)


def _mail_schools(meetings: list[Meeting], method: str, was: dict[int, datetime]) -> None:
    """One mail per accepted school of the network about these meetings (the caller leaves out
    the past ones)."""
    meetings = sorted(meetings, key=lambda m: m.starts_at)
    if not meetings:
        return
    network = meetings[0].network
    cancelled = method == "CANCEL"
    with force_locale("nl"):
        subject = _subject(network.name, len(meetings), cancelled)
        ics = build_calendar(meetings, network.name, method=method)
    attachment = Attachment(
        "bijeenkomsten.ics" if len(meetings) > 1 else "bijeenkomst.ics",
        f"text/calendar; method={method}",
        ics,
    )
    items = [(m, was.get(m.id), external_url("meetings.detail", meeting_id=m.id)) for m in meetings]
    for registration in _accepted(network.id):
        to = school_addresses(registration.school, registration.contact_email)
        if not to:
            continue
        text, html = render_mail(
            "meeting_change",
            school=registration.school,
            network=network,
            items=items,
            cancelled=cancelled,
        )
        queue_mail(to, subject, text, html=html, attachments=[attachment])


def _subject(network: str, n: int, cancelled: bool) -> str:
    if cancelled:
        return ngettext(
            "Bijeenkomst van %(network)s afgelast",
            "%(num)d bijeenkomsten van %(network)s afgelast",
            n,
            network=network,
        )
    return ngettext(
        "Bijeenkomst van %(network)s gewijzigd",
        "%(num)d bijeenkomsten van %(network)s gewijzigd",
        n,
        network=network,
    )


def _accepted(network_id: int) -> list[Registration]:
    """The network's accepted registrations, by school."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.network_id == network_id,
                Registration.status == RegistrationStatus.accepted,
            )
            .order_by(Registration.id)
        )
    )
