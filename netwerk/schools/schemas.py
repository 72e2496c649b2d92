"""Marshmallow schemas of the schools API (the OpenAPI document is generated from them)."""

from marshmallow import Schema, fields, missing, validate

from netwerk.apiutil import PageQuerySchema, page_of, version_field, version_out
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user
from netwerk.schools.models import (
    IdentifierType,
    OrganisationKind,
    Province,
    School,
    SchoolLevel,
    Umbrella,
)

MAX_PER_PAGE = 100
# Who reads the full registry, codes included. Everyone else may see a school's code or its name,
# never both: a code next to a name is the key that undoes every codes-only list (M2).
REGISTRY_READERS = (Role.admin, Role.coach)


def _public_code(school: School):
    """The school's code for a reader of the full registry; left out for a school user."""
    return school.public_code if api_user().role in REGISTRY_READERS else missing


class SchoolSchema(Schema):
    """A school as the API shows it: public registry data and, for admins and coaches, its
    pseudonymous code."""

    id = fields.Integer(dump_only=True)
    institution_number = fields.String()
    name = fields.String()
    level = fields.Enum(SchoolLevel, by_value=True)
    umbrella = fields.Enum(Umbrella, by_value=True)
    street = fields.String()
    postcode = fields.String()
    municipality = fields.String()
    province = fields.Enum(Province, by_value=True)
    parent_id = fields.Integer(allow_none=True)
    parent_institution_number = fields.Function(
        lambda school: school.parent.institution_number if school.parent else None
    )
    scholengemeenschap = fields.String(allow_none=True)
    public_code = fields.Function(
        _public_code,
        dump_only=True,
        metadata={"description": "Enkel voor beheerders en procescoaches."},
    )
    version = version_out()


class SchoolCreateSchema(Schema):
    """A new school, with the same fields and rules as a row of the CSV import.

    Level, umbrella and province take the enum values or readable Dutch forms ('secundair',
    'GO!', 'Katholiek Onderwijs Vlaanderen', 'Oost-Vlaanderen'); the service checks them.
    """

    institution_number = fields.String(required=True, validate=validate.Length(max=20))
    name = fields.String(required=True, validate=validate.Length(max=200))
    level = fields.String(required=True, validate=validate.Length(max=60))
    umbrella = fields.String(required=True, validate=validate.Length(max=60))
    street = fields.String(load_default="", validate=validate.Length(max=200))
    postcode = fields.String(required=True, validate=validate.Length(max=10))
    municipality = fields.String(required=True, validate=validate.Length(max=100))
    province = fields.String(
        load_default="",
        validate=validate.Length(max=60),
        metadata={"description": "Leeg: afgeleid uit de postcode."},
    )
    parent_institution_number = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=20)
    )
    scholengemeenschap = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=200)
    )


class SchoolPatchSchema(Schema):
    """A change of a school (admins only): only the fields sent change, with the rules of the
    CSV import; its public code never changes."""

    version = version_field("de school")
    institution_number = fields.String(validate=validate.Length(max=20))
    name = fields.String(validate=validate.Length(max=200))
    level = fields.String(validate=validate.Length(max=60))
    umbrella = fields.String(validate=validate.Length(max=60))
    street = fields.String(validate=validate.Length(max=200))
    postcode = fields.String(validate=validate.Length(max=10))
    municipality = fields.String(validate=validate.Length(max=100))
    province = fields.String(validate=validate.Length(max=60))
    parent_institution_number = fields.String(allow_none=True, validate=validate.Length(max=20))
    scholengemeenschap = fields.String(allow_none=True, validate=validate.Length(max=200))


class SchoolQuerySchema(Schema):
    """Filters and paging of the school list."""

    q = fields.String(
        validate=validate.Length(max=100),
        metadata={
            "description": (
                "Zoekt in naam, instellingsnummer, postcode en gemeente: elk woord moet "
                "voorkomen, in elke volgorde, zonder onderscheid van hoofdletters, accenten of "
                "koppeltekens ('sint jozef' vindt 'Sint-Jozef')."
            )
        },
    )
    level = fields.Enum(SchoolLevel, by_value=True)
    province = fields.Enum(Province, by_value=True)
    umbrella = fields.Enum(Umbrella, by_value=True)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class SchoolPageSchema(Schema):
    """One page of schools."""

    items = fields.List(fields.Nested(SchoolSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class IdentifierSchema(Schema):
    """An official identifier, valid from a day until a day (inclusive; null: open)."""

    type = fields.Enum(IdentifierType, by_value=True, required=True)
    value = fields.String(required=True, validate=validate.Length(min=1, max=40))
    valid_from = fields.Date(allow_none=True, load_default=None)
    valid_until = fields.Date(allow_none=True, load_default=None)


class OrganisationSchema(Schema):
    """An organisation of any kind; a school's instellingsnummer (null for other kinds)."""

    id = fields.Integer(dump_only=True)
    kind = fields.Enum(OrganisationKind, by_value=True)
    name = fields.String()
    street = fields.String()
    postcode = fields.String()
    municipality = fields.String()
    province = fields.Enum(Province, by_value=True, allow_none=True)
    institution_number = fields.String(allow_none=True, dump_only=True)
    identifiers = fields.List(fields.Nested(IdentifierSchema))


class OrganisationInSchema(Schema):
    """A new organisation that is not a school (schools: POST /schools)."""

    kind = fields.Enum(OrganisationKind, by_value=True, required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    street = fields.String(load_default="", validate=validate.Length(max=200))
    postcode = fields.String(load_default="", validate=validate.Length(max=10))
    municipality = fields.String(load_default="", validate=validate.Length(max=100))
    province = fields.Enum(Province, by_value=True, allow_none=True, load_default=None)
    identifiers = fields.List(fields.Nested(IdentifierSchema), load_default=list)


class OrganisationPatchSchema(Schema):
    """The fields to change; identifiers, when given, replace the ones there are."""

    kind = fields.Enum(OrganisationKind, by_value=True)
    name = fields.String(validate=validate.Length(min=1, max=200))
    street = fields.String(validate=validate.Length(max=200))
    postcode = fields.String(validate=validate.Length(max=10))
    municipality = fields.String(validate=validate.Length(max=100))
    province = fields.Enum(Province, by_value=True, allow_none=True)
    identifiers = fields.List(fields.Nested(IdentifierSchema))


class OrganisationQuerySchema(PageQuerySchema):
    """Filters of the organisations list."""

    kind = fields.Enum(OrganisationKind, by_value=True)
    q = fields.String(validate=validate.Length(max=200))


OrganisationPageSchema = page_of(OrganisationSchema, "A page of organisations.")
