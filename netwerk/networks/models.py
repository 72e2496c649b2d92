"""Programmes, networks with their anchor schools and coaches, calls and registrations."""

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    DDL,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    event,
    text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from netwerk.auth.models import User
from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.schools.models import Organisation, OrganisationKind, Province, School, SchoolLevel
from netwerk.searchtext import keep_search_name, search_name_column
from netwerk.timeutil import BRUSSELS, utcnow


class NetworkType(enum.Enum):
    """Lerend netwerk or (subject-based) leergemeenschap."""

    lerend_netwerk = "lerend_netwerk"
    leergemeenschap = "leergemeenschap"


class RegistrationStatus(enum.Enum):
    """Where a registration stands; the allowed moves live in networks.registrations."""

    submitted = "submitted"
    accepted = "accepted"
    waitlisted = "waitlisted"
    declined = "declined"
    withdrawn = "withdrawn"


# The earliest day anything may be dated when a programme has no start.
EARLIEST_DAY = date(2000, 1, 1)

# A registration that still counts: one per school and network at a time (a school that withdrew
# or was declined registers again on a new row, so every period keeps its own history).
ACTIVE_STATUSES = (
    RegistrationStatus.submitted,
    RegistrationStatus.waitlisted,
    RegistrationStatus.accepted,
)
_ACTIVE_SQL = text("status IN ('submitted', 'waitlisted', 'accepted')")


class Programme(db.Model):
    """A programme or project that networks belong to (e.g. Hoogbegaafdheid)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    # The first day a registration or move of its networks may be dated (01/01/2000 when empty).
    starts_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version an API call saw (PATCH sends it back): raised by every UPDATE, so a stale save
    # is refused (409 stale_version).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    networks: Mapped[list["Network"]] = relationship(back_populates="programme")
    calls: Mapped[list["Call"]] = relationship(back_populates="programme")

    @property
    def first_day(self) -> date:
        """The first day a registration, move or network change may be dated."""
        return self.starts_on or EARLIEST_DAY


def link_table(
    name: str, left: tuple[str, str], right: tuple[str, str], *, right_ondelete: str = "CASCADE"
) -> Table:
    """A many-to-many table: two foreign keys, each (column, "table.id"), together its primary key.

    Deleting the left row removes its links; the right column has its own index, for the lookups
    from that side (the primary key's index serves only the left).
    """
    return Table(
        name,
        db.metadata,
        Column(left[0], ForeignKey(left[1], ondelete="CASCADE"), primary_key=True),
        Column(
            right[0], ForeignKey(right[1], ondelete=right_ondelete), primary_key=True, index=True
        ),
    )


# An anchor organisation (a school, a scholengemeenschap, an expertise centre, ...) cannot be
# deleted while it anchors a network.
network_anchor = link_table(
    "network_anchor",
    ("network_id", "network.id"),
    ("organisation_id", "organisation.id"),
    right_ondelete="RESTRICT",
)
network_coach = link_table("network_coach", ("network_id", "network.id"), ("user_id", "user.id"))
call_network = link_table("call_network", ("call_id", "call.id"), ("network_id", "network.id"))


# What a network search looks in.
NETWORK_SEARCH_FIELDS = ("name", "theme")


class Network(db.Model):
    """A learning network led by one or two anchor schools."""

    __table_args__ = (
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="life_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[NetworkType] = mapped_column(
        enum_column(NetworkType), default=NetworkType.lerend_netwerk
    )
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    theme: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[SchoolLevel] = mapped_column(enum_column(SchoolLevel), index=True)
    province: Mapped[Province | None] = mapped_column(enum_column(Province))
    region: Mapped[str] = mapped_column(String(100), default="")
    capacity: Mapped[int | None]
    description: Mapped[str] = mapped_column(Text, default="")
    rhythm: Mapped[str] = mapped_column(String(200), default="")
    is_active: Mapped[bool] = mapped_column(default=True)
    # First come, first served: registrations are accepted at once while places are left and
    # waitlisted when the network is full. Otherwise a coach decides on every registration.
    auto_accept: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The network's life (networks.life): its first day (the programme's first day when none is
    # given) and its last (NULL: it goes on). After its end it takes no registrations, meetings
    # or hours.
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    # The network this one continues into a new school year (networks.next_year), so that the
    # renewal of its schools finds it; SET NULL: deleting the old one leaves the copy whole.
    previous_network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="SET NULL"), index=True
    )
    # Name and theme without case, accents or hyphens (searchtext).
    search_name: Mapped[str] = search_name_column(NETWORK_SEARCH_FIELDS)
    # The version an API call saw (PATCH sends it back): raised by every UPDATE, so a stale save
    # is refused (409 stale_version).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    programme: Mapped[Programme] = relationship(back_populates="networks")
    # The anchor organisations of any kind (0..2), as networks.networks writes them.
    anchor_organisations: Mapped[list[Organisation]] = relationship(
        secondary=network_anchor, order_by=Organisation.name, overlaps="anchors"
    )
    # The anchors that are schools (a school's id is its organisation's): what the meetings, the
    # effort and the school pages read. Writable too (the demo data and older code set schools);
    # one change sets one of the two, never both.
    anchors: Mapped[list[School]] = relationship(
        secondary=network_anchor,
        primaryjoin=lambda: Network.id == network_anchor.c.network_id,
        secondaryjoin=lambda: School.id == network_anchor.c.organisation_id,
        foreign_keys=lambda: [network_anchor.c.network_id, network_anchor.c.organisation_id],
        order_by=School.name,
        overlaps="anchor_organisations",
    )
    coaches: Mapped[list[User]] = relationship(secondary=network_coach, order_by=User.name)
    registrations: Mapped[list["Registration"]] = relationship(back_populates="network")
    calls: Mapped[list["Call"]] = relationship(secondary=call_network, back_populates="networks")


keep_search_name(Network, NETWORK_SEARCH_FIELDS)


class NetworkAnchorPeriod(db.Model):
    """An organisation (a school or any other kind) anchoring a network over a span of days, as
    recorded at a moment."""

    __table_args__ = (Index("ix_network_anchor_period_network_valid", "network_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    # An anchor cannot be deleted while its history names it.
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    # The network's first anchors: they stand for the days before valid_from too.
    opening: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When a later change replaced this row (NULL: current knowledge).
    recorded_until: Mapped[datetime | None]
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")

    network: Mapped[Network] = relationship()
    organisation: Mapped[Organisation] = relationship()


class NetworkParentPeriod(db.Model):
    """A network under a parent network over a span of days, as recorded at a moment.

    Kept as the anchors are (NetworkAnchorPeriod): valid_until inclusive (NULL = still), a change
    supersedes a row (recorded_until) and records a shortened copy; one parent at a time, never
    the network itself, never a cycle (networks.parents checks, in Dutch).
    """

    __table_args__ = (
        Index("ix_network_parent_period_network_valid", "network_id", "valid_from"),
        CheckConstraint("parent_id <> network_id", name="not_itself"),
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="span_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    # A parent cannot be deleted while a child's history names it.
    parent_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="RESTRICT"), index=True
    )
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    # The parent the network was created with: it stands for the days before valid_from too.
    opening: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When a later change replaced this row (NULL: current knowledge).
    recorded_until: Mapped[datetime | None]
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")

    network: Mapped[Network] = relationship(foreign_keys=[network_id])
    parent: Mapped[Network] = relationship(foreign_keys=[parent_id])


class NetworkProfileChange(db.Model):
    """A network's level and programme from a day on, as recorded at a moment."""

    __table_args__ = (Index("ix_network_profile_change_network_eff", "network_id", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    level: Mapped[SchoolLevel] = mapped_column(enum_column(SchoolLevel))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    effective_on: Mapped[date]
    # The network's first level and programme: they stand for the days before effective_on too.
    opening: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")

    network: Mapped[Network] = relationship()
    programme: Mapped[Programme] = relationship()


@event.listens_for(Session, "before_flush")
def _date_new_networks(session, _context, _instances) -> None:
    """Every new network gets its opening history rows, however it was made (the service, the
    demo data, the tests' factories): reports read the anchors, level and programme from them."""
    for network in [obj for obj in session.new if isinstance(obj, Network)]:
        with session.no_autoflush:
            programme = network.programme or session.get(Programme, network.programme_id)
            network.created_at = network.created_at or utcnow()
            start = programme.first_day if programme is not None else EARLIEST_DAY
            network.starts_on = network.starts_on or start
            for anchor in _new_anchors(network):
                session.add(
                    NetworkAnchorPeriod(
                        network=network,
                        organisation=anchor,
                        valid_from=start,
                        opening=True,
                        recorded_at=network.created_at,
                    )
                )
            session.add(
                NetworkProfileChange(
                    network=network,
                    level=network.level,
                    programme=programme,
                    effective_on=start,
                    opening=True,
                    recorded_at=network.created_at,
                )
            )


def _new_anchors(network: Network) -> list[Organisation]:
    """The anchors a new network was made with, whichever of the two relationships was set."""
    found = {id(o): o for o in network.anchor_organisations}
    for school in network.anchors:
        found.setdefault(id(school.organisation), school.organisation)
    return list(found.values())


class Call(db.Model):
    """A call for participation (oproep) with its sign-up window."""

    __table_args__ = (CheckConstraint("closes_on >= opens_on", name="window_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    opens_on: Mapped[date]
    closes_on: Mapped[date]
    starts_on: Mapped[date]
    text: Mapped[str] = mapped_column(Text, default="")
    # The organisation kinds that may sign up, comma-separated values of OrganisationKind (issue
    # 20): a school registers, another kind's contact becomes a member (deelnemer).
    signup_kinds: Mapped[str] = mapped_column(
        String(400), default="school", server_default="school"
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The version an API call saw (PATCH sends it back): raised by every UPDATE, so a stale save
    # is refused (409 stale_version).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    programme: Mapped[Programme] = relationship(back_populates="calls")

    @property
    def organisation_kinds(self) -> list[OrganisationKind]:
        """The kinds that may sign up, in the enum's order."""
        chosen = set((self.signup_kinds or "school").split(","))
        return [kind for kind in OrganisationKind if kind.value in chosen]

    def allows(self, kind: OrganisationKind) -> bool:
        return kind in self.organisation_kinds

    networks: Mapped[list[Network]] = relationship(
        secondary=call_network, back_populates="calls", order_by=Network.name
    )

    def is_open_on(self, day: date) -> bool:
        return self.opens_on <= day <= self.closes_on


class Registration(db.Model):
    """A school's registration for a learning network; its past lives in status_changes."""

    # One registration that still counts per school and network; withdrawn and declined ones stay
    # beside it as the school's earlier periods (the service refuses first, in Dutch).
    __table_args__ = (
        Index(
            "ux_registration_active_school_network",
            "school_id",
            "network_id",
            unique=True,
            sqlite_where=_ACTIVE_SQL,
            postgresql_where=_ACTIVE_SQL,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    call_id: Mapped[int | None] = mapped_column(ForeignKey("call.id"), index=True)
    # The current status; always equal to the to_status of the newest status change.
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column(RegistrationStatus), default=RegistrationStatus.submitted, index=True
    )
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    motivation: Mapped[str] = mapped_column(Text, default="")
    commitment: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # The version an API call saw (PATCH sends it back): raised by every UPDATE, so a stale save
    # is refused (409 stale_version).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    school: Mapped[School] = relationship()
    network: Mapped[Network] = relationship(back_populates="registrations")
    call: Mapped[Call | None] = relationship()
    status_changes: Mapped[list["RegistrationStatusChange"]] = relationship(
        back_populates="registration",
        order_by="RegistrationStatusChange.id",
        cascade="all, delete-orphan",
    )

    @property
    def submitted_at(self) -> datetime:
        """When it was last submitted (naive UTC): a school that registers again queues anew, as
        the waiting list does (capacity.waiting_list_select)."""
        times = [
            c.recorded_at
            for c in self.status_changes
            if c.to_status is RegistrationStatus.submitted
        ]
        return max((t for t in times if t is not None), default=self.created_at)

    @property
    def reference(self) -> str:
        """The number a school quotes when it asks about its registration: INS-000123."""
        return f"INS-{self.id:06d}"


class RegistrationStatusChange(db.Model):
    """One move of a registration, with the date it took effect and when it was recorded.

    The first change of a registration has from_status NULL (the submission). Effective dates never
    go back in time within a registration, so the newest change on or before a date (by id) is the
    status on that date.
    """

    __table_args__ = (
        Index("ix_registration_status_change_reg_eff", "registration_id", "effective_on"),
        Index("ix_registration_status_change_eff", "effective_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[RegistrationStatus | None] = mapped_column(
        enum_column(RegistrationStatus, name="from_status")
    )
    to_status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    effective_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")

    registration: Mapped[Registration] = relationship(back_populates="status_changes")
    actor: Mapped[User | None] = relationship()

    @property
    def is_backdated(self) -> bool:
        """The move took effect before the (Brussels) day it was recorded: shown in the history."""
        if self.recorded_at is None:
            return False
        recorded_on = self.recorded_at.replace(tzinfo=UTC).astimezone(BRUSSELS).date()
        return self.effective_on < recorded_on


class RegistrationStatusPeriod(db.Model):
    """A status a registration held from valid_from until valid_until (exclusive; NULL = still).

    Derived from the registration's status_changes, never written by hand: networks.status_periods
    rebuilds a registration's periods in the flush that writes its changes. A change superseded on
    its own day held for no day and has no period. Reports "as of D" known now read these rows (a
    range lookup); "known at" a past moment reads the history (networks.history).

    On PostgreSQL the table also has `period daterange` (generated from the two dates), a GiST
    index on it and an exclusion constraint: two periods of one registration never overlap
    (POSTGRES_PERIOD_DDL, kept out of the model so that SQLite needs none of it).
    """

    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR valid_until > valid_from", name="not_empty"),
        Index("ix_registration_status_period_status_from", "status", "valid_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus))
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]


# The same statements as the migration (revision 5c1e9a7b3d20); here for databases built from the
# models (the tests' create_all). The column, index and constraint are PostgreSQL only.
POSTGRES_PERIOD_DDL = (
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE registration_status_period ADD COLUMN period daterange GENERATED ALWAYS AS "
    "(daterange(valid_from, valid_until, '[)')) STORED",
    "CREATE INDEX ix_registration_status_period_period ON registration_status_period "
    "USING gist (period)",
    "ALTER TABLE registration_status_period ADD CONSTRAINT ex_registration_status_period_overlap "
    "EXCLUDE USING gist (registration_id WITH =, period WITH &&)",
)
for _statement in POSTGRES_PERIOD_DDL:
    event.listen(
        RegistrationStatusPeriod.__table__,
        "after_create",
        DDL(_statement).execute_if(dialect="postgresql"),
    )


class MembershipRole(enum.Enum):
    """What an organisation is in a network besides a registered school (issue 20). A school
    taking part is a registration, never a membership; an anchor is an anchor period."""

    deelnemer = "deelnemer"
    anker = "anker"
    coordinator = "coordinator"
    partner = "partner"
    trekker = "trekker"


class NetworkMembership(db.Model):
    """An organisation in a role in a network from valid_from to valid_until (inclusive, NULL =
    still), as recorded at a moment: kept as the anchor periods are (a change supersedes a row,
    recorded_until, and records a shortened copy), so a report as known at K stays exact."""

    __table_args__ = (
        Index("ix_network_membership_network_valid", "network_id", "valid_from"),
        CheckConstraint("valid_until IS NULL OR valid_until >= valid_from", name="span_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    # A member cannot be deleted while its history names it.
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[MembershipRole] = mapped_column(enum_column(MembershipRole))
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    recorded_until: Mapped[datetime | None]
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )

    network: Mapped[Network] = relationship()
    organisation: Mapped[Organisation] = relationship()
