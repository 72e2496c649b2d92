"""The organisation registry: schools and the organisations that are not schools (issue 20).

Joined-table inheritance in the database: every school is an organisation of kind `school`, with
`school.id` the primary key AND a foreign key to `organisation.id`, so a school keeps its id.
The school keeps its own columns (name, number, address, level, ...): the reports and the import
read them from the one table without a join. Its organisation row carries what every kind has
(kind, name, address, search text), kept in step by the flush hook below, so one search finds
organisations of every kind.
"""

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, String, Table, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.searchtext import keep_search_name, search_name_column, search_name_of
from netwerk.timeutil import utcnow

# The organisations a contact (role `school`) acts for: schools and, since issue 20, organisations
# of any kind. The column keeps its name and values (a school's id is its organisation's id); it
# references organisation.id. The user side (auth) stands above the registry, so the registry
# names users only by their table.
user_school = Table(
    "user_school",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "school_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class SchoolLevel(enum.Enum):
    """Onderwijsniveau."""

    basis = "basis"
    secundair = "secundair"
    buitengewoon_basis = "buitengewoon_basis"
    buitengewoon_secundair = "buitengewoon_secundair"
    volwassenen = "volwassenen"
    deeltijds = "deeltijds"


class Umbrella(enum.Enum):
    """Onderwijsnet / koepel."""

    go = "go"
    kov = "kov"
    ovsg = "ovsg"
    pov = "pov"
    other = "other"


class Province(enum.Enum):
    """The five Flemish provinces and Brussels as a region."""

    antwerpen = "antwerpen"
    limburg = "limburg"
    oost_vlaanderen = "oost_vlaanderen"
    vlaams_brabant = "vlaams_brabant"
    west_vlaanderen = "west_vlaanderen"
    brussel = "brussel"


class OrganisationKind(enum.Enum):
    """The kinds of organisation (after W3C ORG and OSLO "Organisatie"); a school is one kind."""

    school = "school"
    clb = "clb"
    lokaal_bestuur = "lokaal_bestuur"
    expertisecentrum = "expertisecentrum"
    pedagogische_begeleidingsdienst = "pedagogische_begeleidingsdienst"
    lerarenopleiding = "lerarenopleiding"
    scholengemeenschap = "scholengemeenschap"
    schoolbestuur = "schoolbestuur"
    onderwijskoepel = "onderwijskoepel"
    andere = "andere"


class IdentifierType(enum.Enum):
    """An official identifier: a school's instellingsnummer, the KBO's enterprise number or
    the OVO code of the Flemish organisation register."""

    instellingsnummer = "instellingsnummer"
    kbo = "kbo"
    ovo = "ovo"


# What an organisation search looks in.
ORGANISATION_SEARCH_FIELDS = ("name", "postcode", "municipality")
# The columns a school's organisation row mirrors from the school.
MIRRORED_FIELDS = ("name", "street", "postcode", "municipality", "province")


class Organisation(db.Model):
    """A school, CLB, local government, expertise centre, ...: member, anchor or applicant.

    The id means nothing; official numbers are OrganisationIdentifier rows (a school's
    instellingsnummer stays School.institution_number).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, 40), index=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    municipality: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[Province | None] = mapped_column(enum_column(Province))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    search_name: Mapped[str] = search_name_column(ORGANISATION_SEARCH_FIELDS)

    identifiers: Mapped[list["OrganisationIdentifier"]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        order_by="OrganisationIdentifier.id",
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind.value} {self.name}>"


keep_search_name(Organisation, ORGANISATION_SEARCH_FIELDS)


class OrganisationIdentifier(db.Model):
    """An official identifier of an organisation, valid over a span of days (inclusive)."""

    __table_args__ = (
        CheckConstraint(
            "valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from",
            name="span_order",
        ),
        Index("ix_organisation_identifier_type_value", "type", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[IdentifierType] = mapped_column(enum_column(IdentifierType))
    value: Mapped[str] = mapped_column(String(40))
    valid_from: Mapped[date | None]
    valid_until: Mapped[date | None]

    organisation: Mapped[Organisation] = relationship(back_populates="identifiers")


# What a school search looks in.
SEARCH_FIELDS = ("name", "institution_number", "postcode", "municipality")


class School(db.Model):
    """A school (or campus, or part-time centre) with its official institution number."""

    # The school's organisation row has the same id (joined-table inheritance).
    id: Mapped[int] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    institution_number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    level: Mapped[SchoolLevel] = mapped_column(enum_column(SchoolLevel), index=True)
    umbrella: Mapped[Umbrella] = mapped_column(enum_column(Umbrella))
    street: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    municipality: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[Province] = mapped_column(enum_column(Province), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    scholengemeenschap: Mapped[str | None] = mapped_column(String(200))
    # Random, stable and unrelated to the name: safe to publish (GDPR).
    public_code: Mapped[str] = mapped_column(String(12), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Name, number, postcode and municipality without case, accents or hyphens (searchtext).
    search_name: Mapped[str] = search_name_column(SEARCH_FIELDS)
    # The version an API call saw (PATCH sends it back): raised by every UPDATE, so a stale save
    # is refused (409 stale_version).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    organisation: Mapped[Organisation] = relationship(
        single_parent=True, cascade="save-update, merge"
    )
    parent: Mapped["School | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["School"]] = relationship(back_populates="parent")
    # "User" is resolved by the mapper registry: auth stands above the registry, so no import.
    users: Mapped[list["User"]] = relationship(  # noqa: F821
        secondary=user_school,
        primaryjoin="School.id == user_school.c.school_id",
        secondaryjoin="User.id == user_school.c.user_id",
        foreign_keys="[user_school.c.user_id, user_school.c.school_id]",
        back_populates="schools",
        overlaps="organisations",
    )

    @property
    def label(self) -> str:
        """Name, institution number and municipality: two schools of one name told apart."""
        place = f", {self.municipality}" if self.municipality else ""
        return f"{self.name} ({self.institution_number}{place})"

    def __repr__(self) -> str:
        return f"<School {self.institution_number} {self.name}>"


keep_search_name(School, SEARCH_FIELDS)


def organisation_row(school: dict) -> dict:
    """The organisation row of a school row (for Core inserts: the import, the demo data)."""
    return {
        "id": school["id"],
        "kind": OrganisationKind.school,
        "search_name": search_name_of(*(school.get(f) for f in ORGANISATION_SEARCH_FIELDS)),
        **{f: school.get(f, "") if f != "province" else school.get(f) for f in MIRRORED_FIELDS},
        **{f: school[f] for f in ("created_at", "updated_at") if f in school},
    }


@event.listens_for(Session, "before_flush")
def _mirror_schools(session: Session, _context, _instances) -> None:
    """A new school gets its organisation row (same id); a changed one passes name and address
    on (a school changed otherwise, e.g. its users, loads nothing)."""
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, School):
            continue
        state = inspect(obj)
        if obj not in session.new and not any(
            state.attrs[f].history.has_changes() for f in MIRRORED_FIELDS
        ):
            continue
        org = obj.organisation
        if org is None:
            org = Organisation(kind=OrganisationKind.school, id=obj.id)
            obj.organisation = org
        for field in MIRRORED_FIELDS:
            value = getattr(obj, field)
            if value is None and field != "province":
                value = ""  # a column default not applied yet
            if getattr(org, field) != value:
                setattr(org, field, value)
