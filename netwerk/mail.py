"""E-mail through Flask-Mail, sent only once the transaction that caused it commits.

Services call queue_mail() (or render_mail() to build both parts from templates); the mails wait in
the session and leave after a successful commit, so a rolled-back change never sends a mail. In
development and tests MAIL_OUTBOX_DIR is set and mails are written there as .eml files that a person
can open.

Every mail has a plain-text part; an HTML part and attachments (an .ics, say) are optional.
"""

import os
import uuid
from dataclasses import dataclass, field

from flask import current_app, render_template
from flask_mail import Message
from sqlalchemy import event
from sqlalchemy.orm import Session

from netwerk.extensions import db, mail
from netwerk.timeutil import utcnow

_KEY = "netwerk_outgoing_mail"


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail."""

    filename: str
    content_type: str
    data: bytes | str


@dataclass(frozen=True)
class Mail:
    """One outgoing mail: recipients, subject, a text part, optionally an HTML part and files."""

    to: tuple[str, ...]
    subject: str
    body: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


def _recipients(to: str | list[str] | tuple[str, ...]) -> tuple[str, ...]:
    addresses = [to] if isinstance(to, str) else list(to)
    # One mail per distinct address, in the order given.
    return tuple(dict.fromkeys(a for a in addresses if a))


def queue_mail(
    to: str | list[str] | tuple[str, ...],
    subject: str,
    body: str,
    *,
    html: str | None = None,
    attachments: tuple[Attachment, ...] | list[Attachment] = (),
) -> None:
    """Send this mail when the current transaction commits (nothing when there is no recipient)."""
    recipients = _recipients(to)
    if recipients:
        message = Mail(recipients, subject, body, html, tuple(attachments))
        db.session().info.setdefault(_KEY, []).append(message)


def render_mail(template: str, **context) -> tuple[str, str]:
    """The text and HTML parts of a mail from `templates/mail/<template>.txt` and `.html`."""
    text = render_template(f"mail/{template}.txt", **context)
    html = render_template(f"mail/{template}.html", **context)
    return text, html


def send_now(
    to: str | list[str] | tuple[str, ...],
    subject: str,
    body: str,
    *,
    html: str | None = None,
    attachments: tuple[Attachment, ...] | list[Attachment] = (),
) -> None:
    """Send a mail, or write it to MAIL_OUTBOX_DIR when that is set."""
    _deliver(Mail(_recipients(to), subject, body, html, tuple(attachments)))


def _deliver(outgoing: Mail) -> None:
    message = Message(
        subject=outgoing.subject,
        recipients=list(outgoing.to),
        body=outgoing.body,
        html=outgoing.html,
    )
    for item in outgoing.attachments:
        message.attach(item.filename, item.content_type, item.data)
    outbox = current_app.config.get("MAIL_OUTBOX_DIR")
    if outbox:
        os.makedirs(outbox, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
        with open(os.path.join(outbox, name), "w", encoding="utf-8") as handle:
            handle.write(message.as_string())
        return
    mail.send(message)


@event.listens_for(Session, "after_commit")
def _send_queued(session: Session) -> None:
    for outgoing in session.info.pop(_KEY, []):
        try:
            _deliver(outgoing)
        except Exception:  # noqa: BLE001  (a mail server hiccup must not undo a committed change)
            current_app.logger.exception("Kon mail aan %s niet versturen", ", ".join(outgoing.to))


@event.listens_for(Session, "after_rollback")
def _drop_queued(session: Session) -> None:
    session.info.pop(_KEY, None)
