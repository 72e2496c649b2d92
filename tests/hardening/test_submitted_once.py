"""A create form sent twice with the same one-time token (a double tap, a reload of the answer,
a second tab) stores once; the second submit is answered as the first, with "Dit was al
bewaard.". The parallel version over real sockets is in test_concurrency_forms.py."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from netwerk.extensions import db
from netwerk.meetings.models import Meeting
from netwerk.submissions import KEEP, FormSubmission
from netwerk.timeutil import utcnow
from tests.hardening.creates import CREATES, Create
from tests.hardening.scene import build_scene, session_user_id

TOKEN = re.compile(r'name="submission" type="hidden" value="([^"]+)"')


@pytest.fixture
def scene(app):
    """The hardening scene: a network, its coach, staff, a work plan, ..."""
    return build_scene(app)


def _log_in(client, scene, email: str) -> None:
    """Log the client in as the scene's user with this address."""
    role = email.split("@")[0]
    with client.session_transaction() as session:
        session["_user_id"] = session_user_id(client.application, scene.users[role])
        session["_fresh"] = True


def _count(app, statement) -> int:
    """One count, read in a context of its own."""
    with app.app_context():
        value = db.session.scalar(statement)
        db.session.remove()
    return value


def _token_of(client, path: str) -> str:
    """The one-time token of the form on the page at `path`."""
    response = client.get(path)
    assert response.status_code == 200, response.text[:300]
    found = TOKEN.findall(response.text)
    assert len(found) == 1, "the create form carries one submission token"
    return found[0]


@pytest.mark.parametrize("create", CREATES, ids=lambda c: c.name)
def test_the_same_submit_twice_stores_once(app, client, scene, create: Create):
    """The second submit of a page with its token writes nothing and goes where the first went."""
    _log_in(client, scene, create.email)
    path = create.path.format(**scene.ids)
    fields = {**create.fields(scene.ids), "submission": _token_of(client, path)}
    before = _count(app, create.rows)

    first = client.post(path, data=fields)
    assert first.status_code == create.first_code, first.text[:500]
    second = client.post(path, data=fields)

    assert second.status_code == 302
    if create.first_code == 302:
        assert second.location == first.location
    assert "Dit was al bewaard." in client.get(second.location).text
    assert _count(app, create.rows) == before + 1
    assert _count(app, select(func.count()).select_from(FormSubmission)) == 1


def _meeting_fields(scene) -> tuple[str, dict]:
    meeting = CREATES[0]
    assert meeting.name == "meeting"
    return meeting.path.format(**scene.ids), meeting.fields(scene.ids)


def test_a_submit_without_a_token_works_as_before(app, client, scene):
    """The API and a page from before the tokens send none: each submit is carried out."""
    _log_in(client, scene, "coach@scene.be")
    path, fields = _meeting_fields(scene)
    for token in (None, None, "kort", "x" * 65, "geen tekens zoals dit!"):
        data = fields if token is None else {**fields, "submission": token}
        assert client.post(path, data=data).status_code == 302
    assert _count(app, select(func.count()).where(Meeting.title == "Dubbel getikt")) == 5
    assert _count(app, select(func.count()).select_from(FormSubmission)) == 0


def test_a_refused_submit_keeps_its_token_for_the_corrected_one(app, client, scene):
    """A refusal stores nothing, not even the token: the corrected form then goes through once."""
    _log_in(client, scene, "coach@scene.be")
    path, fields = _meeting_fields(scene)
    token = _token_of(client, path)

    refused = client.post(path, data={**fields, "day": "", "submission": token})
    assert refused.status_code == 422
    assert f'value="{token}"' in refused.text  # the page shown again keeps the same token
    assert client.post(path, data={**fields, "submission": token}).status_code == 302
    assert client.post(path, data={**fields, "submission": token}).status_code == 302
    assert _count(app, select(func.count()).where(Meeting.title == "Dubbel getikt")) == 1


def test_the_same_page_sent_again_with_other_values_is_a_new_submission(app, client, scene):
    """Back in the browser, another title, saved again: that is meant, so it is stored too."""
    _log_in(client, scene, "coach@scene.be")
    path, fields = _meeting_fields(scene)
    token = _token_of(client, path)
    for title in ("Dubbel getikt", "Dubbel getikt", "Een andere"):
        data = {**fields, "title": title, "submission": token}
        assert client.post(path, data=data).status_code == 302
    titles = select(func.count()).where(Meeting.title.in_(["Dubbel getikt", "Een andere"]))
    assert _count(app, titles) == 2


def test_a_new_page_has_a_new_token(client, scene):
    """Each showing of a create page is a new submission: two visits, two tokens."""
    _log_in(client, scene, "coach@scene.be")
    path, _fields = _meeting_fields(scene)
    assert _token_of(client, path) != _token_of(client, path)


def test_old_tokens_are_pruned_when_a_new_one_is_stored(app, client, scene):
    """Tokens older than KEEP go when the next one is stored; younger ones stay."""
    with app.app_context():
        db.session.add_all(
            [
                FormSubmission(
                    token="o" * 20,
                    endpoint="x",
                    location="/",
                    created_at=utcnow() - KEEP - timedelta(hours=1),
                ),
                FormSubmission(
                    token="y" * 20,
                    endpoint="x",
                    location="/",
                    created_at=utcnow() - KEEP + timedelta(hours=1),
                ),
            ]
        )
        db.session.commit()
        db.session.remove()
    _log_in(client, scene, "coach@scene.be")
    path, fields = _meeting_fields(scene)
    token = _token_of(client, path)
    assert client.post(path, data={**fields, "submission": token}).status_code == 302
    left = _count(app, select(FormSubmission.token).where(FormSubmission.token == "o" * 20))
    assert left is None
    assert _count(app, select(func.count()).select_from(FormSubmission)) == 2
