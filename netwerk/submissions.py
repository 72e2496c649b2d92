"""One-time submission tokens: a form that creates rows stores once, however often it is sent.

A create form carries a random token, made when the page is shown (netwerk.forms.OnceForm). The
view stores the token, with where the first submit was sent on, in the same transaction as the
rows the form creates (`remember`). A second submit of the same page (a double tap, a reload, a
second tab) finds the token before it changes anything (`repeated`) and is answered as the first
was: a redirect to the same place, with "Dit was al bewaard.". On PostgreSQL the advisory lock on
the token makes a parallel duplicate wait for the first to commit and then see its row.

The key stored is the token with a digest of what was sent: the same page sent again with other
values (back in the browser, a title changed, saved again) is a new submission, not a repeat.
A submit without a token (the API, a page from before the tokens) is carried out as before.
"""

import hashlib
from datetime import datetime, timedelta

from flask import flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ForeignKey, String, delete, select
from sqlalchemy.orm import Mapped, mapped_column

from netwerk.extensions import db
from netwerk.locks import lock_name
from netwerk.timeutil import utcnow

# Long enough for a reload the next morning; older tokens are pruned when a new one is stored.
KEEP = timedelta(days=2)


class FormSubmission(db.Model):
    """A create form that went through, by its one-time token, and where it sent the user."""

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 of the token and the values sent (see _key): the token itself is never stored.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(String(100))
    location: Mapped[str] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


def _key(token: str) -> str:
    """The token with what was sent (but the CSRF token, which a new page renews)."""
    sent = sorted(
        (name, value)
        for name, values in request.form.lists()
        if name != "csrf_token"
        for value in values
    )
    return hashlib.sha256(repr((token, sent)).encode()).hexdigest()


def repeated(token: str | None):
    """The answer to a submit whose token was stored before (a redirect to where the first went,
    with a flash), or None: carry it out. Call it before the change, in the change's transaction:
    the lock makes a parallel submit of the same token wait here until the first has committed."""
    if not token:
        return None
    key = _key(token)
    lock_name("submission", key)
    location = db.session.scalar(select(FormSubmission.location).where(FormSubmission.token == key))
    if location is None:
        return None
    db.session.rollback()
    flash(_("Dit was al bewaard."), "info")
    return redirect(location)


def remember(token: str | None, location: str) -> None:
    """Store the token with the redirect of its first submit, after the change and before its
    commit, so that the token and the rows it created are saved together or not at all."""
    if not token:
        return
    db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < utcnow() - KEEP))
    db.session.add(
        FormSubmission(
            token=_key(token),
            user_id=current_user.id if current_user.is_authenticated else None,
            endpoint=(request.endpoint or "")[:100],
            location=location[:2000],
        )
    )
    db.session.flush()
