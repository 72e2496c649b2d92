"""JSON API endpoints of one's API tokens, under /api/v1: list, create, revoke."""

from types import SimpleNamespace

from flask import abort as flask_abort
from flask.views import MethodView
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint, paginated
from netwerk.auth import services
from netwerk.auth.models import ApiToken, User
from netwerk.auth.schemas import (
    TokenCreatedSchema,
    TokenCreateSchema,
    TokenPageSchema,
    TokenQuerySchema,
)
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db

blp = ApiBlueprint(
    "api_tokens",
    __name__,
    description="API-tokens: de eigen tokens (beheerders: die van iedereen) oplijsten, aanmaken "
    "en intrekken.",
)


@blp.route("/tokens")
class Tokens(MethodView):
    """One's API tokens."""

    @token_required()
    @blp.arguments(TokenQuerySchema, location="query")
    @blp.response(200, TokenPageSchema)
    @blp.errors(403, 404)
    def get(self, args):
        """List one's own tokens, newest first, revoked and expired ones too; an admin lists
        someone else's with ?user_id=."""
        owner = api_user()
        if args.get("user_id") is not None:
            owner = db.session.get(User, args["user_id"])
            if owner is None:
                flask_abort(404, description=_("Deze gebruiker bestaat niet."))
        return paginated(services.api_tokens_of(api_user(), owner), args)

    # Ministry users make their (read-only) tokens on the page or the command line: the API
    # answers every ministry write with 403.
    @token_required(write=True)
    @blp.arguments(TokenCreateSchema)
    @blp.response(201, TokenCreatedSchema)
    @blp.errors(403)
    def post(self, data):
        """Make a token for oneself; the answer holds its text, which is never shown again."""
        user = api_user()
        row, token = services.new_api_token(
            user,
            user,
            name=data["name"],
            read_only="write" not in data["scopes"],
            days=data["days"],
        )
        db.session.commit()
        fields = ("id", "name", "scope_names", "created_at", "expires_at", "last_used_at")
        return SimpleNamespace(
            **{name: getattr(row, name) for name in fields}, revoked_at=None, token=token
        )


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@token_required(write=True)  # ministry users revoke theirs on the page or the command line
@blp.response(204)
@blp.errors(403, 404)
def revoke_token(token_id: int):
    """Revoke a token (one's own; an admin: anyone's). It answers 401 from then on; revoking a
    revoked token again changes nothing."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        flask_abort(404, description=_("Dit API-token bestaat niet."))
    services.revoke_api_token(api_user(), token)
    db.session.commit()
