"""Money: funders, grants (toelagen) with their amendments, payments and requirements, budget
lines, and the cost of one FTE per school year.

Every record is dated and append-only: an award is never overwritten (an amendment changes it),
a payment is its own record, and each row keeps when it was recorded and by whom (recorded_at,
recorded_by), so a report can be asked "as known at" a moment.
"""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netwerk.auth.models import User
from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.networks.models import Network, link_table
from netwerk.schools.models import Organisation
from netwerk.timeutil import utcnow

# Euro to the cent: Numeric(14, 2), up to 999.999.999.999,99.
Euro = Numeric(14, 2)

# The organisation a grant is paid to (a school, a CLB, a local government, ...).
RECIPIENT_TABLE = Organisation
RECIPIENT_FK = "organisation.id"


class FunderKind(enum.Enum):
    """Who gives the money."""

    ministerie = "ministerie"
    provincie = "provincie"
    esf = "esf"
    gemeente = "gemeente"
    other = "other"


class AmountBasis(enum.Enum):
    """What a grant's amount is: the whole award, or the award per twelve months."""

    total = "total"
    per_year = "per_year"


class ProRata(enum.Enum):
    """How a grant's amount is spread over a part of its period: by months or by inclusive days."""

    months = "months"
    days = "days"


class Rounding(enum.Enum):
    """What a pro-rated amount is rounded to, half up: cents, or whole euro (as seed 001)."""

    cents = "cents"
    euro = "euro"


class BudgetCategory(enum.Enum):
    """What a budget line is for."""

    personeel = "personeel"
    werking = "werking"
    investering = "investering"
    other = "other"


class Recorded:
    """The moment a row was recorded and the actor who recorded it."""

    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )


class Funder(Recorded, db.Model):
    """A funder: the ministry, a province, the ESF, ..."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[FunderKind] = mapped_column(enum_column(FunderKind, 20))

    grants: Mapped[list["Grant"]] = relationship(back_populates="funder")


grant_network = link_table(
    "grant_network", ("grant_id", "funding_grant.id"), ("network_id", "network.id"),
    right_ondelete="RESTRICT",
)  # fmt: skip


class Grant(Recorded, db.Model):
    """A grant (toelage, beschikking): an amount for a period, to a recipient, for networks.

    The award (amount, basis, period, rules) is fixed once recorded: a change is an amendment.
    """

    __tablename__ = "funding_grant"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint("amount >= 0", name="amount"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    funder_id: Mapped[int] = mapped_column(ForeignKey("funder.id"), index=True)
    reference: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(300))
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey(RECIPIENT_FK, ondelete="RESTRICT"), index=True
    )
    decided_on: Mapped[date]
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(Euro)
    amount_basis: Mapped[AmountBasis] = mapped_column(enum_column(AmountBasis, 20))
    prorata: Mapped[ProRata] = mapped_column(enum_column(ProRata, 20))
    rounding: Mapped[Rounding] = mapped_column(enum_column(Rounding, 20))

    funder: Mapped[Funder] = relationship(back_populates="grants")
    recipient: Mapped[Organisation] = relationship()
    networks: Mapped[list[Network]] = relationship(secondary=grant_network, order_by=Network.id)
    recorded_by: Mapped[User | None] = relationship()
    amendments: Mapped[list["GrantAmendment"]] = relationship(
        back_populates="grant", order_by="GrantAmendment.id"
    )
    payments: Mapped[list["GrantPayment"]] = relationship(
        back_populates="grant", order_by="GrantPayment.id"
    )
    requirements: Mapped[list["GrantRequirement"]] = relationship(
        back_populates="grant", order_by="GrantRequirement.id"
    )
    budget_lines: Mapped[list["BudgetLine"]] = relationship(
        back_populates="grant", order_by="BudgetLine.id"
    )


class GrantAmendment(Recorded, db.Model):
    """A dated change of a grant's award (plus or minus), never an overwrite."""

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("funding_grant.id"), index=True)
    effective_on: Mapped[date]
    amount_change: Mapped[Decimal] = mapped_column(Euro)
    reason: Mapped[str] = mapped_column(Text, default="")

    grant: Mapped[Grant] = relationship(back_populates="amendments")
    recorded_by: Mapped[User | None] = relationship()


class GrantRequirement(Recorded, db.Model):
    """Something the recipient owes by a date (a report), that a payment can wait on."""

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("funding_grant.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date]
    # When it was met, and when and by whom that was recorded (a record of its own).
    met_on: Mapped[date | None]
    met_recorded_at: Mapped[datetime | None]
    met_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    grant: Mapped[Grant] = relationship(back_populates="requirements")


class GrantPayment(Recorded, db.Model):
    """A payment (uitbetaling) of a grant on a date; one waiting on a requirement is paid out on
    the day the requirement is met (not before its own date)."""

    __table_args__ = (CheckConstraint("amount > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("funding_grant.id"), index=True)
    paid_on: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(Euro)
    requirement_id: Mapped[int | None] = mapped_column(
        ForeignKey("grant_requirement.id", ondelete="RESTRICT"), index=True
    )
    note: Mapped[str] = mapped_column(String(300), default="")

    grant: Mapped[Grant] = relationship(back_populates="payments")
    requirement: Mapped[GrantRequirement | None] = relationship()
    recorded_by: Mapped[User | None] = relationship()


class BudgetLine(Recorded, db.Model):
    """A grant's budget for a period of at most twelve months, for one network or one partner,
    in a category: the original amount and, once revised, the revised one."""

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint("network_id IS NOT NULL OR partner_id IS NOT NULL", name="target"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("funding_grant.id"), index=True)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="RESTRICT"), index=True
    )
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey(RECIPIENT_FK, ondelete="RESTRICT"), index=True
    )
    category: Mapped[BudgetCategory] = mapped_column(enum_column(BudgetCategory, 20))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    original_amount: Mapped[Decimal] = mapped_column(Euro)
    revised_amount: Mapped[Decimal | None] = mapped_column(Euro)
    revised_at: Mapped[datetime | None]
    revised_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    grant: Mapped[Grant] = relationship(back_populates="budget_lines")
    network: Mapped[Network | None] = relationship()
    partner: Mapped[Organisation | None] = relationship()

    @property
    def current_amount(self) -> Decimal:
        """The revised amount once revised, else the original."""
        return self.original_amount if self.revised_amount is None else self.revised_amount


class FteRate(Recorded, db.Model):
    """The cost of one FTE in a school year (per funder where it differs). A newer record for
    the same year and funder replaces an older one from its recorded_at on."""

    __table_args__ = (CheckConstraint("amount_per_fte > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_year: Mapped[str] = mapped_column(String(9), index=True)
    funder_id: Mapped[int | None] = mapped_column(
        ForeignKey("funder.id", ondelete="CASCADE"), index=True
    )
    amount_per_fte: Mapped[Decimal] = mapped_column(Euro)
    note: Mapped[str] = mapped_column(String(300), default="")

    funder: Mapped[Funder | None] = relationship()
