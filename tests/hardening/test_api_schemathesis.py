"""Property-based conformance of the JSON API to its own OpenAPI document (schemathesis).

schemathesis reads /api/v1/openapi.json from the app and, per operation, sends generated requests
(valid and invalid) with an admin's and a ministry user's bearer token to an app holding the
hardening scene. Every response must be documented: its status code, its content type, its
headers and its body schema; no response may be a 5xx; invalid requests are refused, and so are
undeclared methods (405 with Allow). Ministry users write nothing: every write is a 403.
"""

from urllib.parse import urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from werkzeug.exceptions import HTTPException

from netwerk import create_app
from netwerk.extensions import db
from tests.conftest import _empty_all_tables, app_config
from tests.hardening.scene import build_scene
from tests.networks.factories import bearer

OPENAPI_PATH = "/api/v1/openapi.json"
ROLES = ("admin", "ministry")
WRITES = ("POST", "PUT", "PATCH", "DELETE")

# The document does not depend on the database: an app on an in-memory database serves it.
schema = schemathesis.openapi.from_wsgi(
    OPENAPI_PATH,
    create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"}),
    config=schemathesis.Config.from_dict(
        {
            # The test sends a real token of its role with every request (see bearer below).
            "generation": {"with-security-parameters": False},
            "checks": {
                # A schema-valid request may still break a domain rule (a programme name that
                # exists, school year 0000-0001): a 400/422 for it is right, not a finding.
                "positive_data_acceptance": {"enabled": False},
            },
        }
    ),
)

# Small and deterministic, so CI is bounded and every run sends the same requests.
API_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    # Two test workers share two cores: slow generation under load is not what this test is about.
    suppress_health_check=[HealthCheck.too_slow],
)

# Ids of the scene's rows by path parameter name, filled in when the scene is built.
KNOWN_IDS: dict[str, list[int]] = {}


@schema.hook
def map_path_parameters(context, path_parameters: dict | None) -> dict | None:
    """Point three generated ids in four at a row of the scene, so most calls get past the 404."""
    for name, value in (path_parameters or {}).items():
        known = KNOWN_IDS.get(name)
        # A negative id is an invalid request on purpose (the document says minimum 0): kept.
        if known and isinstance(value, int) and value >= 0 and value % 4:
            path_parameters[name] = known[value % len(known)]
    return path_parameters


@pytest.fixture(scope="module")
def scene_app(_schema, tmp_path_factory):
    """An app on the session's database holding the scene, shared by the module's tests."""
    # CSRF stays on: the API must not need it (bearer tokens), so the contract is tested as served.
    app = create_app(
        app_config(_schema, tmp_path_factory.mktemp("schemathesis"), WTF_CSRF_ENABLED=True)
    )
    scene = build_scene(app)
    KNOWN_IDS.update(
        network_id=[scene.ids["network_id"], scene.ids["other_network_id"]],
        school_id=[scene.ids["school_id"], scene.ids["free_school_id"]],
        registration_id=[scene.ids["registration_id"]],
        meeting_id=[scene.ids["meeting_id"]],
        output_id=[scene.ids["output_id"]],
        publication_id=[scene.ids["publication_id"]],
        programme_id=[scene.ids["programme_id"]],
        call_id=[scene.ids["call_id"]],
        member_id=[scene.ids["member_id"]],
        assignment_id=[scene.ids["assignment_id"]],
        entry_id=[scene.ids["entry_id"]],
        # The school user's token: the admin's DELETE revokes it, not the token the run uses.
        token_id=[scene.ids["token_id"]],
    )
    yield app, scene
    KNOWN_IDS.clear()
    with app.app_context():
        db.session.remove()
        _empty_all_tables()
        db.engine.dispose()


def _routes(app, response) -> bool:
    """Whether the request's path and method reach a view (else the router answers 404/405)."""
    request = response.request
    try:
        app.url_map.bind("localhost").match(urlsplit(request.url).path, method=request.method)
    except HTTPException:
        return False
    return True


def _assert_refused(app, response) -> None:
    """A ministry write: 403 in JSON, unless the NUL guard or the router answered before the view."""
    status = response.status_code
    if status == 400:
        assert response.json()["error"]["code"] == "bad_request"
    elif status in (404, 405):
        assert not _routes(app, response)
    else:
        assert status == 403, response.text
        assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@API_SETTINGS
def test_api_conforms_to_its_openapi_document(case, role, scene_app):
    """Every response has a documented status, type and body; none is a 5xx."""
    app, scene = scene_app
    response = case.call_and_validate(app=app, headers=bearer(scene.tokens[role]))
    # Publishing a report is no data write: the ministry may (issue 17).
    publishing = case.path.endswith("/publications")
    if role == "ministry" and case.method.upper() in WRITES and not publishing:
        _assert_refused(app, response)
