"""Hostile input for the CSV imports (the school registry, hours): arbitrary bytes and texts never
raise anything but a handled DomainError, and an invalid file writes nothing."""

import codecs

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.effort import hours_import
from netwerk.effort.models import HourEntry
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.schools.importer import import_schools, read_csv
from netwerk.schools.models import School
from tests.effort.factories import make_staff
from tests.factories import make_network, make_school, make_user

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SEPARATORS = st.sampled_from([";", ",", "\t"])
# Cell values near the real ones, with the usual mistakes, and arbitrary unicode.
CELL = st.one_of(
    st.sampled_from(
        ["126771", "000141", "12a77", "", " ", "secundair", "basisonderwijs", "BuSO", "GO!",
         "KOV", "ander", "3800", "38000", "Limburg", "Brussel", "Hasselt", "Sint-Jozefscollege",
         '"', '";"', "\x00", "é", "\r", "\n", "=cmd()", "9" * 30, "0,5", "1u30", "05/03/2024",
         "2024-02-30", "bijeenkomst", "²", "١٢", "x" * 300]
    ),
    st.text(max_size=30),
)  # fmt: skip
SCHOOL_HEADER = [
    "instellingsnummer", "naam", "niveau", "net", "straat", "postcode", "gemeente", "provincie",
    "hoofdschool", "scholengemeenschap",
]  # fmt: skip
HOURS_HEADER = ["medewerker", "datum", "duur", "activiteit", "netwerk", "school", "notitie"]
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "cp1252"])


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def csv_files(draw, header: list[str]) -> bytes:
    """A CSV file: our header (maybe shuffled or cut short) and rows of plausible or odd cells."""
    columns = draw(st.permutations(header))
    columns = columns[: draw(st.integers(min_value=len(header) - 2, max_value=len(header)))]
    sep = draw(SEPARATORS)
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=len(columns) + 1), max_size=6))
    lines = [sep.join(columns)] + [sep.join(row) for row in rows]
    ending = draw(st.sampled_from(["\r\n", "\n"]))
    return _encode(ending.join(lines), draw(ENCODINGS))


ARBITRARY = st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode))
# Beyond csv's field size limit (131,072 characters), in the header and in a row.
HUGE_HEADER = b'"' + b"x" * 140_000
HUGE_ROW = ('instellingsnummer;naam;niveau;net;postcode;gemeente\n"' + "x" * 140_000).encode()


@pytest.fixture
def admin(ctx):
    """An admin user (the importers' actor)."""
    return db.session.get(User, make_user(role="admin"))


def _count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def _import_schools(admin, data: bytes, skip_invalid: bool):
    """Read and import a file; the result, or None when the file as a whole was refused."""
    try:
        return import_schools(admin, read_csv(data), skip_invalid=skip_invalid)
    except DomainError as exc:
        assert exc.message and 400 <= exc.status_code < 500
        return None


@SETTINGS
@given(data=st.one_of(ARBITRARY, csv_files(SCHOOL_HEADER)), skip_invalid=st.booleans())
@example(data=HUGE_HEADER, skip_invalid=False)
@example(data=HUGE_ROW, skip_invalid=False)
@example(data=codecs.BOM_UTF8 + b"\xff\xfe", skip_invalid=False)
@example(data=b"PK\x03\x04rest", skip_invalid=False)
@example(
    data=b"instellingsnummer;naam;niveau;net;postcode;gemeente;hoofdschool\n"
    b"1;A;basis;GO!;3500;Hasselt;2\n2;B;basis;GO!;3500;Hasselt;1\n",
    skip_invalid=True,
)
def test_school_import_never_fails_otherwise(admin, data, skip_invalid):
    """Any file: refused with a DomainError, or imported; with an invalid row and no
    skip_invalid nothing is written; a written file imported again changes nothing."""
    make_school(institution_number="126771")  # an existing school the file may update
    before = _count(School)
    try:
        result = _import_schools(admin, data, skip_invalid)
        if result is None or not result.written:
            assert _count(School) == before
            if result is not None:
                assert result.errors and not skip_invalid
                assert all(e.line >= 2 and e.messages for e in result.errors)
            return
        assert not result.errors or skip_invalid
        assert _count(School) == before + result.created
        again = _import_schools(admin, data, skip_invalid)
        assert again is not None and again.created == again.updated == 0
    finally:
        db.session.rollback()
        db.session.execute(School.__table__.delete())
        db.session.commit()


@pytest.fixture
def hours_scene(admin):
    """Staff and a network the hours file may name."""
    make_staff("Els Peeters", email="els@school.be")
    network_id = make_network(name="Wiskunde Kempen")
    make_school(institution_number="126771")
    return {"admin": admin, "network": network_id}


@st.composite
def hours_files(draw) -> bytes:
    """A file of hours with plausible cells: known and unknown staff, dates, durations."""
    columns = draw(st.permutations(HOURS_HEADER))
    sep = draw(SEPARATORS)
    plausible = {
        "medewerker": st.sampled_from(["els@school.be", "Els Peeters", "nobody@x.be", ""]),
        "datum": st.sampled_from(["05/03/2024", "2024-03-05", "31/02/2024", "01/01/2999", ""]),
        "duur": st.sampled_from(["1u30", "90", "0", "25u", "-1", "9" * 40, "1,5u"]),
        "activiteit": st.sampled_from(["bijeenkomst", "Andere", "zwemmen"]),
        "netwerk": st.sampled_from(["Wiskunde Kempen", "1", "999999", "²", "١٢", ""]),
        "school": st.sampled_from(["", "126771", "000000"]),
        "notitie": st.sampled_from(["", "ok", "x" * 600]),
    }
    rows = draw(
        st.lists(
            st.lists(st.one_of(*(plausible[c] for c in columns)) | CELL, max_size=len(columns)),
            max_size=5,
        )
    )
    lines = [sep.join(columns)] + [sep.join(row) for row in rows]
    return _encode("\r\n".join(lines), draw(ENCODINGS))


@SETTINGS
@given(data=st.one_of(ARBITRARY, hours_files()))
@example(data=HUGE_HEADER)
@example(
    data=b"medewerker;datum;duur;activiteit;netwerk\nels@school.be;05/03/2024;1u;andere;\xc2\xb2\n"
)
@example(data=b'medewerker;datum;duur;activiteit;netwerk\n"' + b"x" * 140_000)
def test_hours_import_never_fails_otherwise(hours_scene, data):
    """Any file: ImportFailed (a DomainError) with nothing stored, or every line stored."""
    before = _count(HourEntry)
    try:
        count = hours_import.import_hours_csv(hours_scene["admin"], data)
    except DomainError as exc:
        assert exc.message and 400 <= exc.status_code < 500
        assert _count(HourEntry) == before
    else:
        assert count > 0 and _count(HourEntry) == before + count
    finally:
        db.session.rollback()
