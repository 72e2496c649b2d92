"""Every service of auth's API tokens that writes logs one line per change (M7)."""

from netwerk.auth import links
from netwerk.auth import services as auth
from netwerk.auth.links import LinkPurpose
from netwerk.auth.models import Role, User
from netwerk.extensions import db
from tests.changelog import changes, start
from tests.factories import DEFAULT_PASSWORD, make_user

WRITING_SERVICES = [
    "netwerk.auth.services.new_api_token",
    "netwerk.auth.services.revoke_api_token",
    "netwerk.auth.services.revoke_api_tokens",
    "netwerk.auth.services.replace_password",
    "netwerk.auth.links.set_password_from_link",
]


def test_tokens_made_and_revoked(ctx, caplog):
    """A token made, revoked by an admin and by the command line: a line each, with the actor;
    revoking it again changes and logs nothing."""
    admin = db.session.get(User, make_user(role=Role.admin))
    coach = db.session.get(User, make_user(role=Role.coach))
    start(caplog)
    row, _text = auth.new_api_token(coach, coach, name="script")
    other, _text = auth.new_api_token(None, coach, name="cli", days=300)
    assert auth.revoke_api_token(admin, row) is True
    assert auth.revoke_api_token(coach, row) is False
    assert auth.revoke_api_token(None, other) is True
    assert changes(caplog) == [
        (coach.id, "api_token.created", "api_token", row.id),
        (None, "api_token.created", "api_token", other.id),
        (admin.id, "api_token.revoked", "api_token", row.id),
        (None, "api_token.revoked", "api_token", other.id),
    ]
    assert caplog.records[0].details == {"owner_id": coach.id, "scopes": row.scopes, "days": 90}


def test_a_new_password_revokes_every_token(ctx, caplog):
    """A password change and a password set through a reset link each revoke the tokens still
    working, a line each."""
    coach = db.session.get(User, make_user(role=Role.coach))
    first, _text = auth.new_api_token(coach, coach, name="een")
    second, _text = auth.new_api_token(coach, coach, name="twee")
    start(caplog)
    auth.change_password(coach, DEFAULT_PASSWORD, "een-nieuw-wachtwoord")
    third, _text = auth.new_api_token(coach, coach, name="drie")
    token = links.make_token(coach, LinkPurpose.reset)
    links.set_password_from_link(token, LinkPurpose.reset, "nog-een-wachtwoord")
    assert changes(caplog) == [
        (coach.id, "user.password_changed", "user", coach.id),
        (coach.id, "api_token.revoked", "api_token", first.id),
        (coach.id, "api_token.revoked", "api_token", second.id),
        (coach.id, "api_token.created", "api_token", third.id),
        (coach.id, "user.password_reset_by_link", "user", coach.id),
        (coach.id, "api_token.revoked", "api_token", third.id),
    ]
    assert caplog.records[-1].details == {"owner_id": coach.id, "reason": "password_reset_by_link"}
