"""What the daily command (flask meldingen versturen) already sent, so it never sends it twice."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.timeutil import utcnow


class NoticeKind(enum.Enum):
    """A line of a daily digest (a new registration) or of a reminder (still undecided)."""

    digest = "digest"
    reminder = "reminder"


class SentReminder(db.Model):
    """One registration named to one user in a digest or a reminder."""

    __table_args__ = (UniqueConstraint("kind", "user_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind, 20))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
