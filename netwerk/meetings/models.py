"""Meetings (bijeenkomsten) and series, attendance, minutes, outputs, work plans, calendar feeds."""

import enum
from datetime import date, datetime, timedelta

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netwerk.auth.models import User
from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.networks.models import Network, link_table
from netwerk.schools.models import School
from netwerk.timeutil import utcnow
from netwerk.versions import VersionColumns, version_indexes


class MeetingType(enum.Enum):
    """Kind of meeting."""

    bijeenkomst = "bijeenkomst"
    werksessie = "werksessie"
    toonmoment = "toonmoment"
    infosessie = "infosessie"
    opleiding = "opleiding"
    other = "other"


class MeetingStatus(enum.Enum):
    """Where a meeting stands."""

    planned = "planned"
    held = "held"
    cancelled = "cancelled"
    postponed = "postponed"


class AttendanceStatus(enum.Enum):
    """Present, absent or excused (verontschuldigd)."""

    present = "present"
    absent = "absent"
    excused = "excused"


class OutputType(enum.Enum):
    """Kind of deliverable."""

    lesmateriaal = "lesmateriaal"
    fiche = "fiche"
    servicedocument = "servicedocument"
    planningsdocument = "planningsdocument"
    other = "other"


class OutputStatus(enum.Enum):
    """Draft or final."""

    draft = "draft"
    final = "final"


class MeetingSeries(db.Model):
    """A series of meetings planned in one go (e.g. monthly on the second Tuesday)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    # A readable description of the rule, e.g. "maandelijks, 2e dinsdag".
    rule: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meetings: Mapped[list["Meeting"]] = relationship(
        back_populates="series", order_by="Meeting.starts_at"
    )


def _part_of_meeting():
    """The meeting a row is part of: deleted with it."""
    return mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)


class Meeting(db.Model):
    """A meeting of a network. starts_at is local time in Brussels (naive)."""

    __table_args__ = (
        CheckConstraint("duration_minutes > 0 AND duration_minutes <= 1440", name="duration"),
        Index("ix_meeting_network_starts", "network_id", "starts_at"),
        Index("ix_meeting_status_starts", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True
    )
    type: Mapped[MeetingType] = mapped_column(
        enum_column(MeetingType), default=MeetingType.bijeenkomst
    )
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime]
    duration_minutes: Mapped[int] = mapped_column(default=120)
    location: Mapped[str] = mapped_column(String(300), default="")
    host_school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    online_url: Mapped[str] = mapped_column(String(500), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column(MeetingStatus), default=MeetingStatus.planned
    )
    status_reason: Mapped[str] = mapped_column(String(500), default="")
    # Date and place imposed by an admin: the coach may not move it.
    is_imposed: Mapped[bool] = mapped_column(default=False)
    # iCalendar SEQUENCE: raised on every change so calendar programs pick it up.
    sequence: Mapped[int] = mapped_column(default=0)
    # The version a form or API call saw: raised by every UPDATE, so a stale save is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}

    network: Mapped[Network] = relationship()
    series: Mapped[MeetingSeries | None] = relationship(back_populates="meetings")
    host_school: Mapped[School | None] = relationship()
    attendances: Mapped[list["Attendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    persons: Mapped[list["AttendancePerson"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AttendancePerson.name"
    )
    minutes_revisions: Mapped[list["MinutesRevision"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MinutesRevision.id"
    )
    outputs: Mapped[list["Output"]] = relationship(back_populates="meeting")

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class Attendance(db.Model):
    """Whether a registered school was represented at a held meeting."""

    __table_args__ = (
        UniqueConstraint("meeting_id", "school_id"),
        Index("ix_attendance_school_meeting", "school_id", "meeting_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _part_of_meeting()
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus))

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    school: Mapped[School] = relationship()


class AttendancePerson(db.Model):
    """A person at a meeting, with the school they came for."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _part_of_meeting()
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus))

    meeting: Mapped[Meeting] = relationship(back_populates="persons")
    school: Mapped[School | None] = relationship()


class AttendanceVersion(VersionColumns, db.Model):
    """One school's attendance in a version of a held meeting's attendance (key: the meeting).

    Open versions are the attendance of the meetings that are held, on the meeting's day: a save
    replaces the meeting's whole set (schools and persons) at one recorded_at; a meeting that
    moves to another day, stops being held or is deleted closes its set (and records it again on
    the new day when it is still held). network_id and meeting_on make a version readable on its
    own, so "taking part as known at K" needs no history of the meeting itself.
    """

    __table_args__ = version_indexes("attendance_version", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: versions outlive the meeting (version_indexes index it).
    meeting_id: Mapped[int]
    network_id: Mapped[int] = mapped_column(index=True)
    # The meeting's local start date (meetings store naive Brussels times).
    meeting_on: Mapped[date]
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus))


class AttendancePersonVersion(VersionColumns, db.Model):
    """One person in a version of a held meeting's attendance (key: the meeting)."""

    __table_args__ = version_indexes("attendance_person_version", "meeting_id")

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int]
    network_id: Mapped[int]
    meeting_on: Mapped[date]
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus))


class MinutesRevision(db.Model):
    """One saved version of a meeting's minutes (Markdown); the newest is the current text."""

    # Revisions of one meeting are numbered 1, 2, ...: two saves of the same version cannot both land.
    __table_args__ = (UniqueConstraint("meeting_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = _part_of_meeting()
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    body_markdown: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="minutes_revisions")
    author: Mapped[User | None] = relationship()


class Output(db.Model):
    """A deliverable of a network, usually of one meeting: a link or an uploaded file."""

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    type: Mapped[OutputType] = mapped_column(enum_column(OutputType))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[OutputStatus] = mapped_column(
        enum_column(OutputStatus), default=OutputStatus.draft
    )
    url: Mapped[str] = mapped_column(String(500), default="")
    # Name on disk under instance/uploads (random, safe) and the name the user gave it.
    stored_name: Mapped[str | None] = mapped_column(String(100))
    original_name: Mapped[str | None] = mapped_column(String(255))
    content_type: Mapped[str | None] = mapped_column(String(100))
    size_bytes: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version a form saw: raised by every UPDATE, so a stale save is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    network: Mapped[Network] = relationship()
    meeting: Mapped[Meeting | None] = relationship(back_populates="outputs")


work_plan_theme_meeting = link_table(
    "work_plan_theme_meeting", ("theme_id", "work_plan_theme.id"), ("meeting_id", "meeting.id")
)


class WorkPlan(db.Model):
    """Organisatiefiche: a network's plan for one school year."""

    __table_args__ = (UniqueConstraint("network_id", "school_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    school_year: Mapped[str] = mapped_column(String(9))
    needs: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    network: Mapped[Network] = relationship()
    themes: Mapped[list["WorkPlanTheme"]] = relationship(
        back_populates="work_plan", cascade="all, delete-orphan", order_by="WorkPlanTheme.id"
    )


class WorkPlanTheme(db.Model):
    """A theme chosen for the year, with its goals, planned realisations and meetings."""

    id: Mapped[int] = mapped_column(primary_key=True)
    work_plan_id: Mapped[int] = mapped_column(
        ForeignKey("work_plan.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    goals: Mapped[str] = mapped_column(Text, default="")
    realisations: Mapped[str] = mapped_column(Text, default="")

    work_plan: Mapped[WorkPlan] = relationship(back_populates="themes")
    meetings: Mapped[list[Meeting]] = relationship(
        secondary=work_plan_theme_meeting, order_by=Meeting.starts_at
    )


class CalendarFeed(db.Model):
    """A private, revocable iCalendar URL for a network or for a user; only the token hash is kept."""

    __table_args__ = (
        CheckConstraint("(network_id IS NULL) <> (user_id IS NULL)", name="network_or_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
