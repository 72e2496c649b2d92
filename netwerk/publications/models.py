"""Published reports: a frozen snapshot of the participation, reach or effort report, never
deleted."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netwerk.auth.models import User
from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.timeutil import utcnow


class ReportKind(enum.Enum):
    """The reports that can be published."""

    participation = "participation"
    reach = "reach"
    effort = "effort"


class Publication(db.Model):
    """A report as it was published: its parameters, the moment its data were taken at
    (known_at) and exactly the body GET /api/v1/reports/<report> gave for them.

    A publication is never deleted (the figures of a written answer must stay findable); an
    admin may withdraw it, with a reason, and it stays listed as withdrawn.
    """

    __table_args__ = (Index("ix_publication_published_at", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report: Mapped[ReportKind] = mapped_column(enum_column(ReportKind, 20))
    title: Mapped[str] = mapped_column(String(300))
    # The report's query arguments (as_of, basis, filters; known_at as resolved), as the API
    # takes them: the report can be asked again with these.
    parameters: Mapped[dict] = mapped_column(JSON)
    as_of: Mapped[date]
    # The moment the figures were taken at, naive UTC like recorded_at.
    known_at: Mapped[datetime]
    # Exactly the API's answer for the parameters at known_at (dates as ISO strings).
    body: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(500))
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)

    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    withdrawn_by: Mapped[User | None] = relationship(foreign_keys=[withdrawn_by_id])

    @property
    def is_withdrawn(self) -> bool:
        """Marked "ingetrokken" by an admin."""
        return self.withdrawn_at is not None
