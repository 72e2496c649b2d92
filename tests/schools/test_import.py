"""The CSV import: formats, validation with line numbers, all-or-nothing, upsert, speed, CLI."""

import time

import pytest
from sqlalchemy import func, select

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.schools.importer import import_schools, read_csv
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from tests.factories import make_school
from tests.schools.factories import HEADER, big_csv, csv_bytes

VALID_ROWS = [
    "126771;Sint-Jozefscollege;secundair;Katholiek Onderwijs Vlaanderen;Kerkstraat 1;3800;"
    "Sint-Truiden;Limburg;;SG Haspengouw",
    "126789;Sint-Jozefscollege campus Zuid;Secundair onderwijs;katholiek onderwijs vlaanderen;"
    "Stationsstraat 5;3800;Sint-Truiden;limburg;126771;SG Haspengouw",
    "000141;GO! Basisschool De Klimop;basis;GO!;Dorpsstraat 3;9000;Gent;Oost-Vlaanderen;;",
    "031161;BuSO De Sterretjes;BuSO;OVSG;;1000;Brussel;;;",
]


def _import(data: bytes, **kwargs):
    result = import_schools(None, read_csv(data), **kwargs)
    db.session.commit()
    return result


def _count() -> int:
    return db.session.scalar(select(func.count(School.id)))


def _school(number: str) -> School:
    return db.session.scalar(select(School).where(School.institution_number == number))


def test_valid_file_creates_schools_with_readable_values(ctx):
    """Readable Dutch values become enums; a parent in the same file is linked; codes are made."""
    result = _import(csv_bytes(VALID_ROWS))
    assert (result.created, result.updated, result.unchanged, result.errors) == (4, 0, 0, [])
    campus = _school("126789")
    assert campus.level is SchoolLevel.secundair
    assert campus.umbrella is Umbrella.kov
    assert campus.province is Province.limburg
    assert campus.parent.institution_number == "126771"
    assert campus.scholengemeenschap == "SG Haspengouw"
    assert campus.street == "Stationsstraat 5"
    klimop = _school("000141")  # leading zeros kept: the number is text
    assert (klimop.umbrella, klimop.province) == (Umbrella.go, Province.oost_vlaanderen)
    assert klimop.scholengemeenschap is None
    buso = _school("031161")
    assert buso.level is SchoolLevel.buitengewoon_secundair
    assert buso.province is Province.brussel  # derived from postcode 1000
    codes = set(db.session.scalars(select(School.public_code)))
    assert len(codes) == 4 and all(c.startswith("S-") and len(c) == 8 for c in codes)


def test_comma_separated_file_with_quotes(ctx):
    """Commas work too (csv.Sniffer), with quoted names holding commas."""
    header = HEADER.replace(";", ",")
    rows = [
        '126771,"Sint-Jozefscollege, campus Centrum",secundair,KOV,"Kerkstraat 1",3800,'
        "Sint-Truiden,Limburg,,",
        "126772,Atheneum,secundair,GO!,Molenstraat 2,2000,Antwerpen,Antwerpen,,",
    ]
    parsed = read_csv(csv_bytes(rows, header=header, newline="\r\n"))
    assert parsed.delimiter == ","
    result = import_schools(None, parsed)
    db.session.commit()
    assert result.created == 2
    assert _school("126771").name == "Sint-Jozefscollege, campus Centrum"


def test_invalid_rows_report_file_line_numbers_and_nothing_is_written(ctx):
    """Every row is checked first; errors carry file line numbers (header = 1); nothing written."""
    rows = [
        VALID_ROWS[0],  # line 2
        "12a77;School A;secundair;GO!;;2000;Antwerpen;Antwerpen;;",  # line 3
        "",  # line 4: blank lines are skipped but still counted
        "126800;;lager;Vrij;;20000;Antwerpen;Antwerpen;;",  # line 5
        "126801;School C;basis;GO!;;2000;;Luik;;",  # line 6
        "126771;Dubbel;basis;GO!;;2000;Antwerpen;;;",  # line 7
        "126802;School D;basis;GO!;;2000;Antwerpen;;999999;",  # line 8
        "126803;School E;basis;GO!;;2000;Antwerpen;;126803;",  # line 9
    ]
    result = _import(csv_bytes(rows))
    assert not result.written
    by_line = {e.line: " ".join(e.messages) for e in result.errors}
    assert sorted(by_line) == [3, 5, 6, 7, 8, 9]
    assert "mag enkel cijfers bevatten" in by_line[3]
    assert "naam ontbreekt" in by_line[5]
    assert "Onbekend niveau 'lager'" in by_line[5]
    assert "Onbekend net 'Vrij'" in by_line[5]
    assert "vier cijfers" in by_line[5]
    assert "gemeente ontbreekt" in by_line[6] and "Onbekende provincie 'Luik'" in by_line[6]
    assert "staat ook al op regel 2" in by_line[7]
    assert "Hoofdschool 999999 bestaat niet" in by_line[8]
    assert "eigen hoofdschool" in by_line[9]
    assert _count() == 0


def test_skip_invalid_writes_the_valid_rows_and_skips_orphans(ctx):
    """--skip-invalid writes the valid rows; a row whose parent row was invalid is skipped too."""
    rows = [
        "126771;School A;secundair;GO!;;2000;Antwerpen;;;",  # line 2: valid
        "126772;;secundair;GO!;;2000;Antwerpen;;;",  # line 3: no name
        "126773;Campus van B;secundair;GO!;;2000;Antwerpen;;126772;",  # line 4: parent skipped
    ]
    result = _import(csv_bytes(rows), skip_invalid=True)
    assert result.written
    assert (result.created, result.skipped) == (1, 2)
    assert [e.line for e in result.errors] == [3, 4]
    assert "126772 wordt niet ingelezen" in result.errors[1].messages[0]
    assert set(db.session.scalars(select(School.institution_number))) == {"126771"}


def test_reimport_changes_nothing_and_an_edit_updates_one(ctx):
    """Importing the same file again reports 0 created, 0 changed; a changed row is one update."""
    data = csv_bytes(VALID_ROWS)
    _import(data)
    codes = dict(db.session.execute(select(School.institution_number, School.public_code)).all())
    again = _import(data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    changed = _import(data.replace(b"Kerkstraat 1", b"Kerkstraat 10"))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 3)
    db.session.expire_all()
    assert _school("126771").street == "Kerkstraat 10"
    after = dict(db.session.execute(select(School.institution_number, School.public_code)).all())
    assert after == codes  # public codes never change


def test_upsert_matches_existing_schools_and_keeps_absent_columns(ctx):
    """An existing school is updated on its number; columns missing from the file stay as they are."""
    school_id = make_school(institution_number="126771", name="Oude naam")
    data = csv_bytes(
        ["126771;Nieuwe naam;secundair;kov;3800;Sint-Truiden"],
        header="instellingsnummer;naam;niveau;net;postcode;gemeente",
    )
    result = _import(data)
    assert (result.created, result.updated) == (0, 1)
    db.session.expire_all()
    school = db.session.get(School, school_id)
    assert school.name == "Nieuwe naam"
    assert school.street == "Schoolstraat 1"  # no 'straat' column: unchanged
    assert school.province is Province.limburg


def test_utf8_with_bom(ctx):
    """A UTF-8 file with a byte order mark (as Excel's 'CSV UTF-8' writes) reads cleanly."""
    data = b"\xef\xbb\xbf" + csv_bytes(["126771;Basisschool Één;basis;GO!;;3800;Sint-Truiden;;;"])
    parsed = read_csv(data)
    assert parsed.encoding == "UTF-8"
    import_schools(None, parsed)
    db.session.commit()
    assert _school("126771").name == "Basisschool Één"


def test_windows_1252_file(ctx):
    """The Windows-1252 files that Excel writes in Flanders: é and ë survive."""
    rows = [
        "126771;Sint-Jozefscollege Sint-Truiden;secundair;KOV;Tiensesteenweg 1;3800;"
        "Sint-Truiden;Limburg;;",
        "126772;Basisschool Sint-Rémi Tiënen;basis;GO!;Gemeenteplein 2;3300;Tienen;"
        "Vlaams-Brabant;;Scholengemeenschap Noëlla",
    ]
    data = csv_bytes(rows, encoding="cp1252", newline="\r\n")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    parsed = read_csv(data)
    assert (parsed.encoding, parsed.delimiter) == ("Windows-1252", ";")
    import_schools(None, parsed)
    db.session.commit()
    school = _school("126772")
    assert school.name == "Basisschool Sint-Rémi Tiënen"
    assert school.scholengemeenschap == "Scholengemeenschap Noëlla"
    assert _school("126771").municipality == "Sint-Truiden"


def test_a_parent_cycle_is_refused(ctx):
    """Two schools that name each other as parent are refused."""
    rows = [
        "126771;School A;secundair;GO!;;2000;Antwerpen;;126772;",
        "126772;School B;secundair;GO!;;2000;Antwerpen;;126771;",
    ]
    result = _import(csv_bytes(rows))
    assert [e.line for e in result.errors] == [2, 3]
    assert "onrechtstreeks" in result.errors[0].messages[0]
    assert _count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "leeg"),
        (b"naam;niveau\nSchool;basis\n", "instellingsnummer, net, postcode, gemeente ontbreken"),
        (b"PK\x03\x04rest-of-a-zip", "Excel-bestand"),
        ("instellingsnummer;naam".encode("utf-16"), "UTF-16"),
        (HEADER.encode() + b";naam\n", "meer dan eens"),
    ],
)
def test_unreadable_files_are_refused_with_a_dutch_message(ctx, data, message):
    """A file that cannot be read as a whole gets one clear message."""
    with pytest.raises(DomainError, match=message):
        read_csv(data)


def test_a_row_with_too_many_columns_is_an_error(ctx):
    """A row with more cells than the header is refused with its line number."""
    result = _import(csv_bytes(["126771;A;basis;GO!;;2000;Antwerpen;;;;extra"]))
    assert result.errors[0].line == 2
    assert "meer kolommen" in result.errors[0].messages[0]


def test_3600_rows_import_in_bulk(ctx, capsys):
    """A registry of 3,600 schools imports in one go; the figure is printed, not asserted."""
    data = big_csv(3600)
    started = time.perf_counter()
    result = _import(data)
    first = time.perf_counter() - started
    started = time.perf_counter()
    again = _import(data)
    second = time.perf_counter() - started
    assert (result.created, result.updated, len(result.errors)) == (3600, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3600)
    assert _count() == 3600
    with_parent = db.session.scalar(
        select(func.count(School.id)).where(School.parent_id.is_not(None))
    )
    assert with_parent == 360
    assert len(set(db.session.scalars(select(School.public_code)))) == 3600
    with capsys.disabled():
        print(f"\n  import of 3,600 schools: {first:.2f} s; re-import (no changes): {second:.2f} s")


# --- The command line -----------------------------------------------------------------------------


def test_cli_import_and_reimport(app, tmp_path):
    """flask schools import reports what it did; a second run changes nothing."""
    path = tmp_path / "scholen.csv"
    path.write_bytes(csv_bytes(VALID_ROWS))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["schools", "import", str(path)])
    assert first.exit_code == 0, first.output
    assert "4 nieuw, 0 gewijzigd, 0 ongewijzigd" in first.output
    second = runner.invoke(args=["schools", "import", str(path)])
    assert "0 nieuw, 0 gewijzigd, 4 ongewijzigd" in second.output


def test_cli_invalid_rows_fail_unless_skip_invalid(app, tmp_path):
    """Invalid rows make the command fail with line numbers; --skip-invalid imports the rest."""
    path = tmp_path / "scholen.csv"
    path.write_bytes(csv_bytes([VALID_ROWS[0], "12x;Fout;basis;GO!;;2000;Antwerpen;;;"]))
    runner = app.test_cli_runner()
    failed = runner.invoke(args=["schools", "import", str(path)])
    assert failed.exit_code == 1
    assert "Regel 3: Instellingsnummer '12x' mag enkel cijfers bevatten." in failed.output
    assert "niets ingelezen" in failed.output
    with app.app_context():
        assert _count() == 0
    skipped = runner.invoke(args=["schools", "import", str(path), "--skip-invalid"])
    assert skipped.exit_code == 0, skipped.output
    assert "1 nieuw" in skipped.output and "1 overgeslagen" in skipped.output
    with app.app_context():
        assert _count() == 1


def test_cli_shows_a_progress_bar_for_large_files(app, tmp_path):
    """A large file shows a progress bar while the rows are checked."""
    path = tmp_path / "groot.csv"
    path.write_bytes(big_csv(600))
    result = app.test_cli_runner().invoke(args=["schools", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "Rijen controleren" in result.output
    assert "600 nieuw" in result.output


def test_cli_refuses_an_unreadable_file(app, tmp_path):
    """A file without the required columns is refused with a message, not a traceback."""
    path = tmp_path / "fout.csv"
    path.write_bytes(b"a;b\n1;2\n")
    result = app.test_cli_runner().invoke(args=["schools", "import", str(path)])
    assert result.exit_code == 1
    assert "ontbreken" in result.output
