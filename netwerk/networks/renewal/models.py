"""A network's re-confirmation round for a school year, and each accepted school's answer.

Before a new school year a coach of the network or an admin opens a round: every school accepted
at that moment gets an answer row, confirmed or not. Closing the round withdraws the schools that
did not confirm (networks.renewal); the round and its answers stay as the record of who did what.
"""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Network, Registration
from netwerk.timeutil import SchoolYear, utcnow


class RenewalRound(db.Model):
    """The re-confirmation of a network's accepted schools for one school year."""

    # One round per network and school year: a second open is refused (in Dutch, then here).
    __table_args__ = (UniqueConstraint("network_id", "school_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    # The school year the schools confirm for, written 2027-2028 (as WorkPlan.school_year).
    school_year: Mapped[str] = mapped_column(String(9))
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # NULL while the round is open.
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    network: Mapped[Network] = relationship()
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    answers: Mapped[list["RenewalAnswer"]] = relationship(
        back_populates="round", order_by="RenewalAnswer.id", cascade="all, delete-orphan"
    )

    @property
    def year(self) -> SchoolYear:
        """The school year as a value (its first day is when a withdrawal takes effect)."""
        return SchoolYear.parse(self.school_year)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class RenewalAnswer(db.Model):
    """One accepted school's answer in a round: confirmed (when, by whom) or not yet."""

    __table_args__ = (UniqueConstraint("round_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("renewal_round.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    # The day the school was asked, and the day of the last reminder (the daily command).
    asked_on: Mapped[date]
    reminded_on: Mapped[date | None]
    # The day the closing of the round withdrew the registration (NULL: it was not withdrawn).
    withdrawn_on: Mapped[date | None]

    round: Mapped[RenewalRound] = relationship(back_populates="answers")
    registration: Mapped[Registration] = relationship()
    confirmed_by: Mapped[User | None] = relationship()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
