"""The registry pages: search, filters, pagination, create/edit with bad input, the upload form."""

import io

from sqlalchemy import select

from netwerk.extensions import db
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from tests.factories import make_school
from tests.schools.factories import csv_bytes

GOOD = {
    "institution_number": "126771",
    "name": "Sint-Jozefscollege",
    "level": "secundair",
    "umbrella": "kov",
    "street": "Kerkstraat 1",
    "postcode": "3800",
    "municipality": "Sint-Truiden",
    "province": "",
    "parent_institution_number": "",
    "scholengemeenschap": "SG Haspengouw",
}


def _schools(app, *specs) -> list[int]:
    with app.app_context():
        return [make_school(**spec) for spec in specs]


def test_list_searches_and_filters(app, client, login_as):
    """Search on name and number; filters on level, province and umbrella."""
    _schools(
        app,
        {"name": "Atheneum Gent", "level": "secundair", "province": "oost_vlaanderen"},
        {"name": "Basisschool De Klimop", "level": "basis", "umbrella": "go"},
        {"name": "Sint-Ursula", "institution_number": "555123", "province": "limburg"},
    )
    login_as("admin")
    assert "3 scholen gevonden" in client.get("/scholen/").get_data(as_text=True)
    page = client.get("/scholen/?q=klimop").get_data(as_text=True)
    assert "1 school gevonden" in page and "De Klimop" in page and "Atheneum" not in page
    assert "Sint-Ursula" in client.get("/scholen/?q=5551").get_data(as_text=True)
    page = client.get("/scholen/?level=basis").get_data(as_text=True)
    assert "De Klimop" in page and "Atheneum" not in page
    page = client.get("/scholen/?province=oost_vlaanderen").get_data(as_text=True)
    assert "Atheneum Gent" in page and "Sint-Ursula" not in page
    page = client.get("/scholen/?umbrella=go&level=basis").get_data(as_text=True)
    assert "1 school gevonden" in page
    # Punctuation is no search word and no wildcard: it finds nothing (not everything).
    assert "0 scholen gevonden" in client.get("/scholen/?q=%25").get_data(as_text=True)


def test_list_paginates(app, client, login_as):
    """Long lists are split in pages; a page that does not exist is a 404."""
    _schools(app, *({"name": f"School {i:02d}"} for i in range(7)))
    app.config["PAGE_SIZE"] = 3
    login_as("admin")
    first = client.get("/scholen/").get_data(as_text=True)
    assert "School 00" in first and "School 03" not in first and "Pagina 1 van 3" in first
    third = client.get("/scholen/?page=3").get_data(as_text=True)
    assert "School 06" in third and "School 05" not in third
    assert client.get("/scholen/?page=9").status_code == 404
    assert client.get("/scholen/?page=abc").status_code == 404


def test_bad_filter_values_are_a_400_with_a_message(client, login_as):
    """A hand-made URL with an unknown level says so instead of failing or being ignored."""
    login_as("admin")
    response = client.get("/scholen/?level=universiteit")
    assert response.status_code == 400
    assert "De zoekopdracht is ongeldig" in response.get_data(as_text=True)


def test_detail_shows_parent_children_and_code(app, client, login_as):
    """The detail page shows the school's data, its campuses and its public code; 404 if unknown."""
    parent_id, child_id = _schools(app, {"name": "Hoofdschool"}, {"name": "Campus Noord"})
    with app.app_context():
        db.session.get(School, child_id).parent_id = parent_id
        db.session.commit()
        code = db.session.get(School, parent_id).public_code
    login_as("admin")
    page = client.get(f"/scholen/{parent_id}").get_data(as_text=True)
    assert "Campus Noord" in page and code in page
    assert client.get("/scholen/99999").status_code == 404


def test_create_school(app, client, login_as):
    """A good form creates the school (province from the postcode) and redirects to it."""
    login_as("admin")
    response = client.post("/scholen/nieuw", data=GOOD)
    assert response.status_code == 302
    with app.app_context():
        school = db.session.scalar(select(School).where(School.institution_number == "126771"))
        assert (school.level, school.umbrella) == (SchoolLevel.secundair, Umbrella.kov)
        assert school.province is Province.limburg
        assert response.headers["Location"].endswith(f"/scholen/{school.id}")


def test_create_with_bad_input_rerenders_with_messages(app, client, login_as):
    """Bad fields give a 422 with a Dutch message at each field (a taken number a 409); nothing
    is written."""
    _schools(app, {"institution_number": "123456"})
    login_as("admin")
    bad = {
        **GOOD,
        "institution_number": "12-34",
        "name": "",
        "level": "",
        "postcode": "38000",
        "parent_institution_number": "777777",
    }
    response = client.post("/scholen/nieuw", data=bad)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "mag enkel cijfers bevatten" in page
    assert "De naam ontbreekt." in page
    assert "Het niveau ontbreekt." in page
    assert "moet uit vier cijfers bestaan" in page
    assert "Er is geen school met instellingsnummer 777777." in page
    duplicate = client.post("/scholen/nieuw", data={**GOOD, "institution_number": "123456"})
    assert duplicate.status_code == 409
    assert "Er bestaat al een school met instellingsnummer 123456." in duplicate.get_data(
        as_text=True
    )
    unknown_choice = client.post("/scholen/nieuw", data={**GOOD, "umbrella": "vrij"})
    assert unknown_choice.status_code == 422
    assert 'aria-invalid="true"' in unknown_choice.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(School.institution_number)).all() == ["123456"]


def test_edit_school_keeps_the_public_code(app, client, login_as):
    """Editing changes the data, never the public code; a parent can be set by number."""
    parent_id, school_id = _schools(app, {"institution_number": "111111"}, {})
    with app.app_context():
        code = db.session.get(School, school_id).public_code
    login_as("admin")
    form = client.get(f"/scholen/{school_id}/bewerken").get_data(as_text=True)
    assert 'value="Schoolstraat 1"' in form
    data = {
        **GOOD,
        "institution_number": "222222",
        "name": "Nieuwe naam",
        "parent_institution_number": "111111",
    }
    assert client.post(f"/scholen/{school_id}/bewerken", data=data).status_code == 302
    with app.app_context():
        school = db.session.get(School, school_id)
        assert (school.name, school.institution_number) == ("Nieuwe naam", "222222")
        assert school.parent_id == parent_id
        assert school.public_code == code


def test_edit_refuses_self_and_cyclic_parents(app, client, login_as):
    """A school cannot be its own parent, nor sit under one of its own campuses."""
    parent_id, child_id = _schools(
        app, {"institution_number": "111111"}, {"institution_number": "222222"}
    )
    with app.app_context():
        db.session.get(School, child_id).parent_id = parent_id
        db.session.commit()
    login_as("admin")
    own = client.post(
        f"/scholen/{parent_id}/bewerken",
        data={**GOOD, "institution_number": "111111", "parent_institution_number": "111111"},
    )
    assert "niet haar eigen hoofdschool" in own.get_data(as_text=True)
    loop = client.post(
        f"/scholen/{parent_id}/bewerken",
        data={**GOOD, "institution_number": "111111", "parent_institution_number": "222222"},
    )
    assert loop.status_code == 422
    assert "hoort zelf al onder deze school" in loop.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(School, parent_id).parent_id is None


def test_upload_shows_line_errors_then_a_summary(app, client, login_as):
    """The upload form lists errors with line numbers (nothing written), then a summary."""
    login_as("admin")
    bad = csv_bytes(
        [
            "126771;School A;secundair;GO!;;2000;Antwerpen;;;",
            "12x;School B;secundair;GO!;;2000;Antwerpen;;;",
        ]
    )
    response = client.post(
        "/scholen/import",
        data={"file": (io.BytesIO(bad), "scholen.csv")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422  # refused: nothing read in
    assert "1 ongeldige rij: er is niets ingelezen." in page
    assert '<th scope="row" class="num">3</th>' in page
    with app.app_context():
        assert db.session.scalars(select(School)).all() == []
    skipped = client.post(
        "/scholen/import",
        data={"file": (io.BytesIO(bad), "scholen.csv"), "skip_invalid": "y"},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "Het bestand is ingelezen." in skipped
    assert 'Nieuw</th><td class="num">1</td>' in skipped
    assert 'Overgeslagen (ongeldig)</th><td class="num">1</td>' in skipped
    again = client.post(
        "/scholen/import",
        data={"file": (io.BytesIO(bad), "scholen.csv"), "skip_invalid": "y"},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert 'Ongewijzigd</th><td class="num">1</td>' in again


def test_upload_without_file_or_with_an_unreadable_one(client, login_as):
    """No file, or a file that is not a CSV of schools, gives a message at the field."""
    login_as("admin")
    empty = client.post("/scholen/import", data={}, content_type="multipart/form-data")
    assert "Kies een CSV-bestand" in empty.get_data(as_text=True)
    wrong = client.post(
        "/scholen/import",
        data={"file": (io.BytesIO(b"PK\x03\x04xlsx"), "scholen.xlsx")},
        content_type="multipart/form-data",
    )
    assert empty.status_code == wrong.status_code == 422
    assert "Excel-bestand" in wrong.get_data(as_text=True)
