"""Staff, their assignments in FTE, planned FTE, logged hours, closed months and hours per FTE,
and the versions of assignments, planned FTE and hour entries (netwerk/versions.py)."""

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netwerk.auth.models import User
from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.meetings.models import Meeting
from netwerk.networks.models import Network, Programme
from netwerk.schools.models import Organisation, School
from netwerk.timeutil import utcnow
from netwerk.versions import VersionColumns, version_indexes


class StaffRole(enum.Enum):
    """The role a staff member has in an assignment."""

    projectmedewerker = "projectmedewerker"
    procescoach = "procescoach"
    netwerkcoordinator = "netwerkcoordinator"
    projectcoordinator = "projectcoordinator"
    professionaliseringsmedewerker = "professionaliseringsmedewerker"
    other = "other"


class FundingSource(enum.Enum):
    """Who pays for the effort."""

    projectsubsidie = "projectsubsidie"
    eigen_middelen = "eigen_middelen"
    gekleurde_middelen = "gekleurde_middelen"
    provincie = "provincie"
    other = "other"


class Activity(enum.Enum):
    """What logged hours were spent on."""

    bijeenkomst = "bijeenkomst"
    voorbereiding = "voorbereiding"
    schoolbezoek = "schoolbezoek"
    verplaatsing = "verplaatsing"
    opleiding = "opleiding"
    administratie = "administratie"
    other = "other"


class StaffMember(db.Model):
    """A person whose time goes into the networks; optionally a user of the app."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), unique=True
    )
    employer_school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    employer_name: Mapped[str] = mapped_column(String(200), default="")
    seniority_years: Mapped[int | None]
    diploma_level: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version an API call saw (PATCH sends it back): raised by every UPDATE, so a stale save
    # is refused (409 stale_version).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    user: Mapped[User | None] = relationship()
    employer_school: Mapped[School | None] = relationship()
    assignments: Mapped[list["StaffAssignment"]] = relationship(
        back_populates="staff_member", order_by="StaffAssignment.starts_on"
    )


class StaffAssignment(db.Model):
    """Part of a person's time (FTE) serving a network, an anchor (of any kind) or a programme."""

    __table_args__ = (
        CheckConstraint("fte > 0 AND fte <= 1", name="fte_range"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="period_order"),
        CheckConstraint(
            "(CASE WHEN network_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN anchor_school_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN programme_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        Index("ix_staff_assignment_period", "starts_on", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id"), index=True)
    # An anchor of any kind (issue 20): the name stays, the API's field, a school's id is its
    # organisation's id.
    anchor_school_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programme.id"), index=True)
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole, 40))
    fte: Mapped[Decimal] = mapped_column(Numeric(5, 3))
    funding_source: Mapped[FundingSource] = mapped_column(enum_column(FundingSource))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    # Set when an admin confirmed that this person works more than 1,0 FTE on some day.
    overload_confirmed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    overload_confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version an API call saw (PATCH sends it back): raised by every UPDATE, so a stale save
    # is refused (409 stale_version).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    staff_member: Mapped[StaffMember] = relationship(back_populates="assignments")
    network: Mapped[Network | None] = relationship()
    anchor_school: Mapped[Organisation | None] = relationship()
    programme: Mapped[Programme | None] = relationship()


class PlannedEffort(db.Model):
    """Planned and earmarked FTE of a network or a programme for one school year."""

    __table_args__ = (
        UniqueConstraint("network_id", "programme_id", "school_year"),
        CheckConstraint("(network_id IS NULL) <> (programme_id IS NULL)", name="one_target"),
        CheckConstraint(
            "planned_fte >= 0 AND earmarked_fte >= 0 AND earmarked_fte <= planned_fte",
            name="fte_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    school_year: Mapped[str] = mapped_column(String(9), index=True)
    planned_fte: Mapped[Decimal] = mapped_column(Numeric(7, 3))
    earmarked_fte: Mapped[Decimal] = mapped_column(Numeric(7, 3), default=Decimal("0"))

    network: Mapped[Network | None] = relationship()
    programme: Mapped[Programme | None] = relationship()


class HourEntry(db.Model):
    """Time a staff member spent, in whole minutes."""

    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes <= 1440", name="minutes_range"),
        Index("ix_hour_entry_network_worked", "network_id", "worked_on"),
        Index("ix_hour_entry_staff_worked", "staff_member_id", "worked_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_member_id: Mapped[int] = mapped_column(
        ForeignKey("staff_member.id", ondelete="CASCADE"), index=True
    )
    worked_on: Mapped[date] = mapped_column(index=True)
    minutes: Mapped[int]
    activity: Mapped[Activity] = mapped_column(enum_column(Activity))
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version an API call saw (PATCH sends it back): raised by every UPDATE, so a stale save
    # is refused (409 stale_version).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    staff_member: Mapped[StaffMember] = relationship()
    network: Mapped[Network] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    school: Mapped[School | None] = relationship()


class ClosedMonth(db.Model):
    """A month whose hour entries can no longer change (month = its first day)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(unique=True)
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    closed_at: Mapped[datetime] = mapped_column(default=utcnow)


class SchoolYearSetting(db.Model):
    """Per school year: how many hours make one FTE."""

    id: Mapped[int] = mapped_column(primary_key=True)
    school_year: Mapped[str] = mapped_column(String(9), unique=True)
    hours_per_fte: Mapped[Decimal] = mapped_column(Numeric(7, 2))


# --- versions: every state an assignment, a planned-FTE line and an hour entry has had ----------
# The entity key is a plain indexed integer and the copied ids carry no foreign key: a version
# outlives the delete of its record (and of the staff member or network it named). The key's
# indexes are version_indexes (key first), so the key needs no index of its own.


class StaffAssignmentVersion(VersionColumns, db.Model):
    """One known state of a staff assignment, [recorded_at, recorded_until)."""

    __table_args__ = version_indexes("staff_assignment_version", "assignment_id")
    # The columns a version copies from its assignment (netwerk.versions.copy_of).
    COPIED = (
        "staff_member_id",
        "network_id",
        "anchor_school_id",
        "programme_id",
        "role",
        "fte",
        "funding_source",
        "starts_on",
        "ends_on",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int]
    # Indexed: a person's page lists their deleted assignments.
    staff_member_id: Mapped[int] = mapped_column(index=True)
    network_id: Mapped[int | None]
    anchor_school_id: Mapped[int | None]
    programme_id: Mapped[int | None]
    role: Mapped[StaffRole] = mapped_column(enum_column(StaffRole, 40))
    fte: Mapped[Decimal] = mapped_column(Numeric(5, 3))
    funding_source: Mapped[FundingSource] = mapped_column(enum_column(FundingSource))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]


class PlannedEffortVersion(VersionColumns, db.Model):
    """One known state of a planned-FTE line."""

    __table_args__ = version_indexes("planned_effort_version", "planned_effort_id")
    COPIED = ("network_id", "programme_id", "school_year", "planned_fte", "earmarked_fte")

    id: Mapped[int] = mapped_column(primary_key=True)
    planned_effort_id: Mapped[int]
    network_id: Mapped[int | None]
    programme_id: Mapped[int | None]
    school_year: Mapped[str] = mapped_column(String(9))
    planned_fte: Mapped[Decimal] = mapped_column(Numeric(7, 3))
    earmarked_fte: Mapped[Decimal] = mapped_column(Numeric(7, 3), default=Decimal("0"))


class HourEntryVersion(VersionColumns, db.Model):
    """One known state of an hour entry (its note is not a figure and is not kept)."""

    __table_args__ = (
        *version_indexes("hour_entry_version", "hour_entry_id"),
        # "As known at" reads of a network's hours in a period, like the entity's index.
        Index("ix_hour_entry_version_network_worked", "network_id", "worked_on"),
    )
    COPIED = (
        "staff_member_id",
        "worked_on",
        "minutes",
        "activity",
        "network_id",
        "meeting_id",
        "school_id",
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hour_entry_id: Mapped[int]
    staff_member_id: Mapped[int]
    worked_on: Mapped[date]
    minutes: Mapped[int]
    activity: Mapped[Activity] = mapped_column(enum_column(Activity))
    network_id: Mapped[int]
    meeting_id: Mapped[int | None]
    school_id: Mapped[int | None]
