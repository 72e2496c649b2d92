"""Idempotency-Key on every POST of the API (issue 27): a repeat gets the first answer and writes
nothing twice; another body is a 422; a parallel duplicate (PostgreSQL) writes once."""

import json
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from netwerk.extensions import db
from netwerk.idempotency import IdempotencyKey, _body_digest, purge
from netwerk.schools.models import School
from netwerk.timeutil import utcnow
from tests.conftest import BACKEND
from tests.factories import make_user
from tests.hardening.racing import TIMEOUT, opener, send
from tests.schools.factories import make_token
from tests.serving import serve

NEW_SCHOOL = {
    "institution_number": "555555",
    "name": "Nieuwe school",
    "level": "basis",
    "umbrella": "go",
    "postcode": "3500",
    "municipality": "Hasselt",
}


def _token(app, role: str = "admin") -> str:
    with app.app_context():
        return make_token(make_user(role=role))


def _headers(token: str, key: str | None = None) -> dict:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


def _schools(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(School.id)))


def test_a_repeat_gets_the_first_answer_and_writes_once(app, client):
    """The same key and body: the stored 201 with its body and Location, one school."""
    token = _token(app)
    first = client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, "k-1"))
    assert first.status_code == 201, first.get_json()
    # The same body with its keys in another order is the same request.
    again = client.post(
        "/api/v1/schools", json=dict(reversed(NEW_SCHOOL.items())), headers=_headers(token, "k-1")
    )
    assert again.status_code == 201
    assert again.get_json() == first.get_json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers.get("Location") == first.headers.get("Location")
    assert again.headers["Content-Type"] == first.headers["Content-Type"]
    assert _schools(app) == 1


def test_another_body_with_the_key_is_422_reused(app, client):
    """A key already used for another body: 422 idempotency_key_reused, nothing written."""
    token = _token(app)
    client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, "k-2"))
    other = {**NEW_SCHOOL, "institution_number": "666666"}
    response = client.post("/api/v1/schools", json=other, headers=_headers(token, "k-2"))
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "idempotency_key_reused"
    assert _schools(app) == 1


def test_the_key_is_scoped_to_the_token_and_the_path(app, client):
    """Another token, or another path, with the same key is a request of its own."""
    first, second = _token(app), _token(app)
    assert (
        client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(first, "k")).status_code
        == 201
    )
    other = {**NEW_SCHOOL, "institution_number": "666666"}
    response = client.post("/api/v1/schools", json=other, headers=_headers(second, "k"))
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    response = client.post(
        "/api/v1/programmes", json={"name": "Programma"}, headers=_headers(first, "k")
    )
    assert response.status_code == 201
    assert _schools(app) == 2


def test_a_refused_request_keeps_no_key(app, client):
    """A refusal of the service (a duplicate: 422) writes nothing, the key neither: sending it
    again tries again."""
    token = _token(app)
    assert (
        client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token)).status_code == 201
    )
    first = client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, "k-3"))
    assert first.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 0
    again = client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, "k-3"))
    assert again.status_code == 422 and "Idempotent-Replayed" not in again.headers


@pytest.mark.parametrize("key", ["", " ", "x" * 256])
def test_an_empty_or_too_long_key_is_422(app, client, key):
    """At most 255 characters, not blank: else 422 before anything is written."""
    token = _token(app)
    response = client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, key))
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_idempotency_key"
    assert _schools(app) == 0
    ok = client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, "x" * 255))
    assert ok.status_code == 201


def test_a_key_without_an_answer_yet_is_409_in_flight(app, client):
    """A stored key with no answer (the first request still running): 409, nothing written."""
    token = _token(app)
    client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, "k-4"))
    with app.app_context():
        row = db.session.scalar(select(IdempotencyKey))
        row.response_status = None
        db.session.commit()
    response = client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, "k-4"))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "idempotency_key_in_flight"
    assert _schools(app) == 1


def test_keys_are_kept_24_hours(app, client):
    """After 24 hours the key is forgotten (and deleted): the same key makes a new request."""
    token = _token(app)
    client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token, "k-5"))
    with app.app_context():
        row = db.session.scalar(select(IdempotencyKey))
        row.created_at = utcnow() - timedelta(hours=24, seconds=1)
        db.session.commit()
    other = {**NEW_SCHOOL, "institution_number": "666666"}
    response = client.post("/api/v1/schools", json=other, headers=_headers(token, "k-5"))
    assert response.status_code == 201 and "Idempotent-Replayed" not in response.headers
    with app.app_context():
        assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 1
        assert purge(utcnow() + timedelta(hours=25)) == 1


def test_a_post_without_a_key_is_as_before(app, client):
    """No header: nothing stored, a second POST is a second request (here: a duplicate)."""
    token = _token(app)
    assert (
        client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token)).status_code == 201
    )
    assert (
        client.post("/api/v1/schools", json=NEW_SCHOOL, headers=_headers(token)).status_code == 422
    )
    with app.app_context():
        assert db.session.scalar(select(func.count(IdempotencyKey.id))) == 0


def test_every_post_of_the_document_names_the_header(app, client):
    """The OpenAPI document: each POST takes Idempotency-Key (≤ 255) and documents 409 and 422."""
    document = client.get("/api/v1/openapi.json").get_json()
    posts = [op for item in document["paths"].values() for m, op in item.items() if m == "post"]
    assert posts
    for operation in posts:
        names = [p.get("name") for p in operation.get("parameters", [])]
        assert "Idempotency-Key" in names
        assert {"409", "422"} <= set(operation["responses"])


@pytest.mark.postgres
@pytest.mark.skipif(BACKEND != "postgres", reason="real concurrency needs PostgreSQL")
def test_two_requests_with_one_key_at_once_write_once(app):
    """Ten clients send the same POST with the same key at the same moment: one school is
    written; every answer is that 201 (replayed) or a 409 while it was in flight."""
    token = _token(app)
    clients = 10
    barrier = threading.Barrier(clients)
    answers: list[tuple[int, str]] = []
    body = json.dumps(NEW_SCHOOL).encode()
    headers = {"Content-Type": "application/json", **_headers(token, "race")}
    with serve(app, "idempotency-race") as base_url:

        def post():
            barrier.wait(timeout=TIMEOUT)
            code, _type, text = send(opener(), f"{base_url}/api/v1/schools", body, headers)
            answers.append((code, text))

        threads = [threading.Thread(target=post) for __ in range(clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=TIMEOUT)
    codes = Counter(code for code, __ in answers)
    assert set(codes) <= {201, 409} and codes[201] >= 1, answers
    created = {text for code, text in answers if code == 201}
    assert len(created) == 1, "every 201 is the same answer"
    for code, text in answers:
        if code == 409:
            assert json.loads(text)["error"]["code"] == "idempotency_key_in_flight"
    assert _schools(app) == 1


def test_a_multipart_body_is_compared_by_its_fields_and_files(app):
    """A retried upload (a new boundary) is the same request; another file is another one."""

    def digest(content: bytes, boundary: str) -> str:
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nFiche\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="f.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        with app.test_request_context(
            "/api/v1/outputs",
            method="POST",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        ):
            return _body_digest()

    assert digest(b"%PDF-1", "aaa") == digest(b"%PDF-1", "bbb")
    assert digest(b"%PDF-1", "aaa") != digest(b"%PDF-2", "aaa")
