"""The school registry."""

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.searchtext import keep_search_name, search_name_column
from netwerk.timeutil import utcnow

# The schools a school user acts for. The user side (auth) stands above the registry, so the
# registry names users only by their table.
user_school = Table(
    "user_school",
    db.metadata,
    Column("user_id", ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    Column("school_id", ForeignKey("school.id", ondelete="CASCADE"), primary_key=True, index=True),
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


# What a school search looks in.
SEARCH_FIELDS = ("name", "institution_number", "postcode", "municipality")


class School(db.Model):
    """A school (or campus, or part-time centre) with its official institution number."""

    id: Mapped[int] = mapped_column(primary_key=True)
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

    parent: Mapped["School | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["School"]] = relationship(back_populates="parent")
    # "User" is resolved by the mapper registry: auth stands above the registry, so no import.
    users: Mapped[list["User"]] = relationship(  # noqa: F821
        secondary=user_school, back_populates="schools"
    )

    @property
    def label(self) -> str:
        """Name, institution number and municipality: two schools of one name told apart."""
        place = f", {self.municipality}" if self.municipality else ""
        return f"{self.name} ({self.institution_number}{place})"

    def __repr__(self) -> str:
        return f"<School {self.institution_number} {self.name}>"


keep_search_name(School, SEARCH_FIELDS)
