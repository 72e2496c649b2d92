"""The organisation registry (issue 20): every school is an organisation under its own id; the
API lists, creates and changes organisations of the other kinds; the pages and the import."""

import io

import pytest
from sqlalchemy import select

from netwerk.extensions import db
from netwerk.schools.models import Organisation, OrganisationKind, School
from tests.factories import make_school, make_user
from tests.schools.factories import make_token


@pytest.fixture
def token_for(app):
    """A function: role -> Authorization header of a new user with that role."""

    def _token(role: str) -> dict:
        with app.app_context():
            return {"Authorization": f"Bearer {make_token(make_user(role=role))}"}

    return _token


def test_a_school_is_an_organisation_with_its_id_and_name(ctx):
    """A new school gets an organisation row of kind school with the same id; a rename follows."""
    school_id = make_school(name="Sint-Jozef")
    organisation = db.session.get(Organisation, school_id)
    assert (organisation.kind, organisation.name) == (OrganisationKind.school, "Sint-Jozef")
    db.session.get(School, school_id).name = "Sint-Jozefscollege"
    db.session.commit()
    db.session.refresh(organisation)
    assert organisation.name == "Sint-Jozefscollege"
    assert organisation.search_name == "sint jozefscollege 2000 antwerpen"


def test_api_creates_lists_and_patches_organisations(app, client, token_for):
    """POST a CLB with a KBO number, find it by kind and q, PATCH its name and identifiers;
    a school is listed with its instellingsnummer under its own id."""
    admin = token_for("admin")
    with app.app_context():
        school_id = make_school(name="Atheneum Brugge", institution_number="123456")
    response = client.post(
        "/api/v1/organisations",
        headers=admin,
        json={
            "kind": "clb",
            "name": "CLB Brugge",
            "municipality": "Brugge",
            "identifiers": [{"type": "kbo", "value": "0123.456.789"}],
        },
    )
    assert response.status_code == 201, response.get_json()
    clb = response.get_json()
    assert clb["kind"] == "clb" and clb["institution_number"] is None
    assert clb["identifiers"] == [
        {"type": "kbo", "value": "0123.456.789", "valid_from": None, "valid_until": None}
    ]
    listed = client.get("/api/v1/organisations?kind=clb&q=brugge", headers=admin).get_json()
    assert [o["id"] for o in listed["items"]] == [clb["id"]]
    school = client.get(f"/api/v1/organisations/{school_id}", headers=admin).get_json()
    assert (school["kind"], school["institution_number"]) == ("school", "123456")
    patched = client.patch(
        f"/api/v1/organisations/{clb['id']}",
        headers=admin,
        json={
            "name": "CLB Brugge-Oostende",
            "identifiers": [
                {"type": "kbo", "value": "0123.456.789", "valid_until": "2024-08-31"},
                {"type": "ovo", "value": "OVO000123", "valid_from": "2024-09-01"},
            ],
        },
    ).get_json()
    assert patched["name"] == "CLB Brugge-Oostende"
    assert [i["type"] for i in patched["identifiers"]] == ["kbo", "ovo"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"kind": "school", "name": "Nep"}, 409, "use_school"),
        ({"kind": "clb", "name": "  "}, 422, None),
        ({"kind": "onbekend", "name": "X"}, 422, None),
        (
            {
                "kind": "clb",
                "name": "X",
                "identifiers": [
                    {
                        "type": "kbo",
                        "value": "1",
                        "valid_from": "2024-01-02",
                        "valid_until": "2024-01-01",
                    }
                ],
            },
            422,
            None,
        ),
    ],
)
def test_api_refuses_bad_organisations_in_dutch(app, client, token_for, body, status, code):
    """A school is made in the school registry (409 use_school); bad fields are a 422."""
    response = client.post("/api/v1/organisations", headers=token_for("admin"), json=body)
    assert response.status_code == status
    error = response.get_json()["error"]
    if code:
        assert error["code"] == code
    with app.app_context():
        assert db.session.scalar(select(Organisation).where(Organisation.name == "X")) is None


def test_api_patch_of_a_school_is_refused(app, client, token_for):
    """A school changes in the school registry."""
    with app.app_context():
        school_id = make_school()
    response = client.patch(
        f"/api/v1/organisations/{school_id}", headers=token_for("admin"), json={"name": "X"}
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "use_school"


def _login(client, app, role="admin"):
    with app.app_context():
        user_id = make_user(role=role)
    with client.session_transaction() as session:
        from tests.hardening.scene import session_user_id

        session["_user_id"] = session_user_id(app, user_id)
        session["_fresh"] = True


def test_pages_create_search_and_import(app, client):
    """An admin adds an organisation on the page, finds it, and imports a CSV of CLBs."""
    _login(client, app)
    page = client.get("/organisaties/nieuw")
    assert page.status_code == 200
    response = client.post(
        "/organisaties/nieuw",
        data={"kind": "lokaal_bestuur", "name": "Stad Ieper", "kbo": "0207.528.064"},
    )
    assert response.status_code == 302
    listed = client.get("/organisaties/?q=ieper").get_data(as_text=True)
    assert "Stad Ieper" in listed and "0207.528.064" in listed
    refused = client.post("/organisaties/nieuw", data={"kind": "clb", "name": ""})
    assert refused.status_code == 422
    assert "Geef de naam van de organisatie." in refused.get_data(as_text=True)
    csv_file = "naam;gemeente;provincie;kbo\nCLB Gent;Gent;oost-vlaanderen;0888.888.888\n"
    imported = client.post(
        "/organisaties/import",
        data={"kind": "clb", "file": (io.BytesIO(csv_file.encode()), "clb.csv")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 200, imported.get_data(as_text=True)
    bad = "naam;provincie\nCLB Nergens;atlantis\n"
    refused = client.post(
        "/organisaties/import",
        data={"kind": "clb", "file": (io.BytesIO(bad.encode()), "clb.csv")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    with app.app_context():
        names = set(db.session.scalars(select(Organisation.name)))
    assert {"Stad Ieper", "CLB Gent"} <= names and "CLB Nergens" not in names
