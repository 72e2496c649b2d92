"""The CSV import of hours: decoding, line-numbered errors, all or nothing."""

from datetime import date

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.effort import hours_import
from netwerk.effort.models import Activity, HourEntry
from netwerk.errors import NotAllowed
from netwerk.extensions import db
from tests.effort.factories import close, make_staff
from tests.factories import make_network, make_school, make_user


@pytest.fixture
def scene(ctx):
    """An admin, two staff members, a network and a school."""
    make_staff("Els Peeters", email="els@school.be")
    make_staff("Jan Janssens", email="jan@school.be")
    make_staff("Jan Janssens", email="jan2@school.be")  # a namesake
    network = make_network(name="Wiskunde Kempen")
    make_school(institution_number="123456")
    return {"admin": db.session.get(User, make_user(role="admin")), "network": network}


def _count() -> int:
    return db.session.scalar(select(func.count(HourEntry.id)))


def test_import_semicolons_cp1252_and_names(scene):
    """A Windows-1252 file with ';' and a BOM-less header: names, ids and labels resolve."""
    text = (
        "Medewerker;Datum;Duur;Activiteit;Netwerk;School;Notitie\r\n"
        f"els@school.be;05/03/2024;1u30;bijeenkomst;{scene['network']};123456;Café-overleg\r\n"
        "Els Peeters;2024-03-06;0,75u;Andere;wiskunde kempen;;\r\n"
        ";;;;;;\r\n"
    )
    count = hours_import.import_hours_csv(scene["admin"], text.encode("cp1252"))
    db.session.commit()
    assert count == 2
    rows = db.session.scalars(select(HourEntry).order_by(HourEntry.worked_on)).all()
    assert [(r.worked_on, r.minutes, r.activity) for r in rows] == [
        (date(2024, 3, 5), 90, Activity.bijeenkomst),
        (date(2024, 3, 6), 45, Activity.other),
    ]
    assert rows[0].note == "Café-overleg" and rows[0].school_id is not None


def test_import_utf8_bom_and_commas(scene):
    """UTF-8 with a BOM and ',' separators, English headers."""
    text = (
        "\ufeffemail,date,duration,activity,network,note\n"
        f'jan2@school.be,5/3/2024,"1,5u",opleiding,{scene["network"]},Één dag\n'
    )
    assert hours_import.import_hours_csv(scene["admin"], text.encode("utf-8")) == 1
    assert db.session.scalar(select(HourEntry.note)) == "Één dag"


def test_import_reports_every_bad_line_and_stores_nothing(scene):
    """Each error carries its line number; one bad line keeps every good line out too."""
    close(date(2024, 1, 1))
    text = (
        "medewerker;datum;duur;activiteit;netwerk;school\n"
        f"els@school.be;05/03/2024;1u;bijeenkomst;{scene['network']};\n"  # 2: fine
        f"onbekend@school.be;05/03/2024;1u;bijeenkomst;{scene['network']};\n"  # 3
        f"Jan Janssens;05/03/2024;1u;bijeenkomst;{scene['network']};\n"  # 4: ambiguous
        f"els@school.be;31/02/2024;1u;bijeenkomst;{scene['network']};\n"  # 5: no such day
        f"els@school.be;05/03/2024;-1u;bijeenkomst;{scene['network']};\n"  # 6
        f"els@school.be;05/03/2024;1u;vergadering;{scene['network']};\n"  # 7
        "els@school.be;05/03/2024;1u;bijeenkomst;Bestaat niet;\n"  # 8
        f"els@school.be;05/03/2024;1u;bijeenkomst;{scene['network']};999999\n"  # 9
        f"els@school.be;15/01/2024;1u;bijeenkomst;{scene['network']};\n"  # 10: closed
        f"els@school.be;06/03/2024;23u;bijeenkomst;{scene['network']};\n"  # 11: fine alone
        f"els@school.be;06/03/2024;2u;bijeenkomst;{scene['network']};\n"  # 12: > 24 h that day
        f"els@school.be;05/03/2024;25u;bijeenkomst;{scene['network']};\n"  # 13
    )
    with pytest.raises(hours_import.ImportFailed) as info:
        hours_import.import_hours_csv(scene["admin"], text.encode("utf-8"))
    errors = dict(info.value.errors)
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
    assert "Onbekende medewerker" in errors[3]
    assert "Meerdere medewerkers" in errors[4]
    assert "Ongeldige datum" in errors[5]
    assert "negatief" in errors[6]
    assert "Onbekende activiteit" in errors[7]
    assert "Onbekend netwerk" in errors[8]
    assert "instellingsnummer" in errors[9]
    assert "01/2024 is afgesloten" in errors[10]
    assert "24 uur" in errors[12] and "24 uur" in errors[13]
    assert _count() == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"medewerker;datum\nels@school.be;05/03/2024\n", "Ontbrekende kolommen: duur"),
        (b"medewerker;datum;duur;activiteit;netwerk\n", "geen regels"),
    ],
)
def test_import_refuses_empty_or_incomplete_files(scene, content, message):
    """An empty file, missing columns or no data lines: a clear message on line 1 or 2."""
    with pytest.raises(hours_import.ImportFailed) as info:
        hours_import.import_hours_csv(scene["admin"], content)
    assert message in info.value.errors[0][1]


def test_only_admins_import(scene):
    """Coaches log their own hours in the week view; the import is for admins."""
    coach = db.session.get(User, make_user(role="coach"))
    with pytest.raises(NotAllowed):
        hours_import.import_hours_csv(coach, b"medewerker;datum;duur;activiteit;netwerk\n")
