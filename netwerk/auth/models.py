"""Users, roles, links to schools and API tokens."""

import enum
import time
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.searchtext import keep_search_name, search_name_column
from netwerk.timeutil import utcnow


class Role(enum.Enum):
    """What a user is: the coarse permission."""

    admin = "admin"
    ministry = "ministry"
    coach = "coach"
    school = "school"


# The password hash of an account that was invited but has not chosen its password yet starts
# with this: no password matches it (werkzeug only checks hashes of the form "method$salt$hash").
UNUSABLE_PASSWORD_PREFIX = "!"


class RegistrationMail(enum.Enum):
    """How a coach hears of a new registration in one of its networks (set on /meldingen)."""

    immediately = "immediately"
    daily = "daily"
    never = "never"


# What a user search looks in.
USER_SEARCH_FIELDS = ("name", "email")


class User(UserMixin, db.Model):
    """A person who logs in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_column(Role, 20))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Part of every session and remember cookie: raising it (logout, a new password, a new role,
    # deactivation) ends every session of the user, on every device.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Notification settings (netwerk.notifications): a mail per new registration or a daily
    # digest, and the reminder of registrations still undecided before a call's start.
    registration_mail: Mapped[RegistrationMail] = mapped_column(
        enum_column(RegistrationMail, 20),
        default=RegistrationMail.immediately,
        server_default=RegistrationMail.immediately.value,
    )
    wants_reminders: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Name and e-mail address without case, accents or punctuation (searchtext).
    search_name: Mapped[str] = search_name_column(USER_SEARCH_FIELDS)

    # The registry (schools) stands above auth: its class and the link table are named, not imported.
    # The link table references organisation.id: `schools` is the school kind of them (written
    # by the account forms), `organisations` every kind (read only; the account service writes
    # the non-school ones through the table).
    schools: Mapped[list["School"]] = relationship(  # noqa: F821
        secondary="user_school",
        primaryjoin="User.id == user_school.c.user_id",
        secondaryjoin="School.id == user_school.c.school_id",
        foreign_keys="[user_school.c.user_id, user_school.c.school_id]",
        back_populates="users",
        overlaps="organisations",
    )
    organisations: Mapped[list["Organisation"]] = relationship(  # noqa: F821
        secondary="user_school", viewonly=True, order_by="Organisation.name"
    )
    api_tokens: Mapped[list["ApiToken"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.is_active_account

    @property
    def is_invited(self) -> bool:
        """Invited, but no password chosen yet."""
        return self.password_hash.startswith(UNUSABLE_PASSWORD_PREFIX)

    def get_id(self) -> str:
        """What the session and the remember cookie hold: the id, the session version and the
        moment of login (so the cookie differs per login and can expire on the server)."""
        return f"{self.id}:{self.session_version}:{int(time.time())}"

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


keep_search_name(User, USER_SEARCH_FIELDS)


class TokenScope(enum.Enum):
    """What an API token may do: only read (GET), or read and write."""

    read = "read"
    read_write = "read write"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 hash is stored.

    It works until it expires or is revoked (by its owner, an admin, or a new password).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    scopes: Mapped[TokenScope] = mapped_column(
        enum_column(TokenScope, 20), default=TokenScope.read_write, server_default="read write"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # None: no expiry (only rows made outside the services, such as test fixtures).
    expires_at: Mapped[datetime | None]
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="api_tokens")

    @property
    def scope_names(self) -> list[str]:
        """The scopes as the API writes them: ["read"] or ["read", "write"]."""
        return self.scopes.value.split()

    def is_expired(self, now: datetime) -> bool:
        return self.expires_at is not None and self.expires_at <= now

    def is_usable(self, now: datetime) -> bool:
        """Neither revoked nor expired."""
        return self.revoked_at is None and not self.is_expired(now)
