"""E-mail through Flask-Mail, sent only once the transaction that caused it commits.

Services call queue_mail(); the mails wait in the session and leave after a successful commit, so a
rolled-back change never sends a mail. In development and tests MAIL_OUTBOX_DIR is set and mails are
written there as .eml files that a person can open.
"""

import os
import uuid

from flask import current_app
from flask_mail import Message
from sqlalchemy import event
from sqlalchemy.orm import Session

from netwerk.extensions import db, mail
from netwerk.timeutil import utcnow

_KEY = "netwerk_outgoing_mail"


def queue_mail(to: str, subject: str, body: str) -> None:
    """Send this mail when the current transaction commits."""
    if to:
        db.session().info.setdefault(_KEY, []).append((to, subject, body))


def send_now(to: str, subject: str, body: str) -> None:
    """Send a plain-text mail, or write it to MAIL_OUTBOX_DIR when that is set."""
    message = Message(subject=subject, recipients=[to], body=body)
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
    for to, subject, body in session.info.pop(_KEY, []):
        try:
            send_now(to, subject, body)
        except Exception:  # noqa: BLE001  (a mail server hiccup must not undo a committed change)
            current_app.logger.exception("Kon mail aan %s niet versturen", to)


@event.listens_for(Session, "after_rollback")
def _drop_queued(session: Session) -> None:
    session.info.pop(_KEY, None)
