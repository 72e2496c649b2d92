"""Marshmallow schemas of the API tokens endpoints (the OpenAPI document is generated from them)."""

from marshmallow import Schema, fields, validate

from netwerk.apiutil import Id, PageQuerySchema, UtcDateTime, page_of

SCOPES = ("read", "write")


class TokenSchema(Schema):
    """An API token as the API shows it; never its text, which only the answer to POST holds."""

    id = fields.Integer(dump_only=True)
    name = fields.String()
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)),
        attribute="scope_names",
        metadata={"description": '["read"] (enkel lezen) of ["read", "write"].'},
    )
    created_at = UtcDateTime()
    expires_at = UtcDateTime(allow_none=True)
    last_used_at = UtcDateTime(allow_none=True)
    revoked_at = UtcDateTime(allow_none=True)


class TokenCreatedSchema(TokenSchema):
    """A new token with its text: shown this once, only its hash is stored."""

    token = fields.String(
        metadata={"description": "Het token zelf: Authorization: Bearer <token>. Eenmalig."}
    )


TokenPageSchema = page_of(TokenSchema, "A page of API tokens.")


class TokenQuerySchema(PageQuerySchema):
    """?user_id= (admins: someone else's tokens) and paging."""

    user_id = Id(metadata={"description": "Enkel beheerders: de tokens van deze gebruiker."})


class TokenCreateSchema(Schema):
    """A new token for oneself: a name, its scopes and its lifetime in days."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    scopes = fields.List(
        fields.String(validate=validate.OneOf(SCOPES)),
        load_default=list(SCOPES),
        validate=validate.Length(min=1, max=2),
        metadata={"description": 'Standaard ["read", "write"]; ["read"] maakt een leestoken.'},
    )
    days = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1, max=10000),
        metadata={
            "description": "Geldigheid in dagen: standaard API_TOKEN_DAYS (90); enkel beheerders "
            "mogen langer, tot API_TOKEN_MAX_DAYS (365)."
        },
    )
