"""Signed links to choose a password: a reset link ("Wachtwoord vergeten?") and an invitation.

No table holds them. A link carries the user's id and a fingerprint of the password hash and the
session version, signed with SECRET_KEY (itsdangerous) and stamped with the time it was made.
Setting a password changes the hash (a new salt even for the same password), so a link works
once; a logout everywhere, a deactivation, a new role or a newer invitation ends older links too.
"""

import enum
import hashlib
import hmac

from flask import current_app, url_for
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from netwerk.auth.models import User
from netwerk.auth.services import find_user_by_email, replace_password, unusable_password_hash
from netwerk.changelog import log_change
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.ids import is_id
from netwerk.mail import queue_mail, render_mail
from netwerk.timeutil import utcnow

# A signed link of ours is about 100 characters; anything far longer is not worth decoding.
MAX_TOKEN_LENGTH = 400


class LinkPurpose(enum.Enum):
    """What a link is for: each has its own signature salt, lifetime, page and mail."""

    reset = "reset"
    invitation = "invitation"


class LinkRefused(DomainError):
    """A link that cannot be used: tampered with, expired, or already used."""


def _serializer(purpose: LinkPurpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt=f"netwerk.password-link.{purpose.value}"
    )


def lifetime_seconds(purpose: LinkPurpose) -> int:
    """How long a link of this kind holds (PASSWORD_RESET_HOURS, INVITATION_DAYS)."""
    config = current_app.config
    if purpose is LinkPurpose.reset:
        return int(config["PASSWORD_RESET_HOURS"] * 3600)
    return int(config["INVITATION_DAYS"] * 86400)


def _fingerprint(password_hash: str, session_version: int) -> str:
    # The link is readable (only signed), so it holds a digest, never the hash itself.
    text = f"{password_hash}|{session_version}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def make_token(user: User, purpose: LinkPurpose) -> str:
    """The token of a new link for this user."""
    return _serializer(purpose).dumps(
        [user.id, _fingerprint(user.password_hash, user.session_version)]
    )


def link_url(token: str, purpose: LinkPurpose) -> str:
    """The absolute URL a mail carries (built on the request's host: see TRUSTED_HOSTS)."""
    endpoint = "auth.reset_password" if purpose is LinkPurpose.reset else "auth.accept_invitation"
    return url_for(endpoint, token=token, _external=True)


def user_for_token(token: str, purpose: LinkPurpose, *, lock: bool = False) -> User:
    """The active user a link is for; LinkRefused with a Dutch message when it cannot be used.
    With lock, the user's row is locked first, so two uses of one link at once set it once."""
    if len(token or "") > MAX_TOKEN_LENGTH:
        raise _invalid()
    try:
        payload = _serializer(purpose).loads(token, max_age=lifetime_seconds(purpose))
    except SignatureExpired:
        raise LinkRefused(
            _("Deze link is verlopen. Vraag een nieuwe link aan."), status_code=410
        ) from None
    except BadSignature:
        raise _invalid() from None
    if not (isinstance(payload, list) and len(payload) == 2 and is_id(str(payload[0]))):
        raise _invalid()
    user = db.session.get(
        User, int(payload[0]), with_for_update=lock or None, populate_existing=lock
    )
    if (
        user is None
        or not user.is_active
        or not hmac.compare_digest(
            _fingerprint(user.password_hash, user.session_version), str(payload[1])
        )
    ):
        raise LinkRefused(
            _("Deze link is al gebruikt of geldt niet meer. Vraag een nieuwe link aan."),
            status_code=410,
        )
    return user


def _invalid() -> LinkRefused:
    return LinkRefused(
        _(
            "Deze link is ongeldig. Kopieer de volledige link uit de e-mail, of vraag een nieuwe aan."
        ),
        status_code=400,
    )


# --- the mails ----------------------------------------------------------------------------------
# The mail bodies are Dutch only (templates/mail/account_*.txt and .html), as is the subject: the
# recipient's language is not known (an invitation) or not yet chosen in this app.


def _link_mail(user: User, purpose: LinkPurpose, template: str) -> tuple[str, str]:
    token = make_token(user, purpose)
    return render_mail(
        template,
        user=user,
        url=link_url(token, purpose),
        hours=lifetime_seconds(purpose) // 3600,
        days=lifetime_seconds(purpose) // 86400,
        organisation=current_app.config["ORGANISATION_NAME"],
    )


def queue_reset_mail(user: User) -> None:
    """Mail the user a reset link (sent after the commit)."""
    text, html = _link_mail(user, LinkPurpose.reset, "account_reset")
    queue_mail(user.email, "Een nieuw wachtwoord kiezen voor netwerk", text, html=html)


def queue_invitation_mail(user: User) -> None:
    """Mail the user an invitation to choose a first password (sent after the commit)."""
    text, html = _link_mail(user, LinkPurpose.invitation, "account_invitation")
    queue_mail(user.email, "Uw account voor netwerk: kies een wachtwoord", text, html=html)


def request_password_reset(email: str) -> None:
    """Mail a reset link ("Wachtwoord vergeten?") when the address is an active account's.

    An unknown or inactive address gets no mail but costs the same work (a token signed and a
    mail rendered), so neither the answer nor much of its timing tells which addresses exist.
    An invited user who lost the invitation gets a reset link too: it sets the first password.
    """
    user = find_user_by_email(email)
    if user is not None and user.is_active:
        queue_reset_mail(user)
        log_change(None, "user.password_reset_requested", user)
        return
    stand_in = User(id=0, email="", name="", password_hash=unusable_password_hash())
    stand_in.session_version = 1
    _link_mail(stand_in, LinkPurpose.reset, "account_reset")


def set_password_from_link(token: str, purpose: LinkPurpose, new: str) -> User:
    """Set the password of the user a link is for; the link then no longer works (nor any other
    link, session, remember cookie or API token of the user)."""
    user = user_for_token(token, purpose, lock=True)
    action = (
        "user.password_reset_by_link"
        if purpose is LinkPurpose.reset
        else "user.invitation_accepted"
    )
    replace_password(user, user, new, action=action)
    user.last_login_at = utcnow()
    db.session.flush()
    return user
