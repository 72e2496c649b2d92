"""JSON API of the organisation registry (issue 20), under /api/v1: organisations of every
kind, a school among them under its own id."""

from flask import abort
from flask.views import MethodView
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint, paginated
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.schools import organisations
from netwerk.schools.models import Organisation
from netwerk.schools.schemas import (
    OrganisationInSchema,
    OrganisationPageSchema,
    OrganisationPatchSchema,
    OrganisationQuerySchema,
    OrganisationSchema,
)

blp = ApiBlueprint(
    "api_organisations", __name__, description="Het register van organisaties van elke soort."
)

# The registry pairs names with ids: for admins and coaches (as the school registry).
READERS = (Role.admin, Role.coach)


def _out(rows: list[Organisation]) -> list[dict]:
    """The organisations with a school's instellingsnummer (one select for the page)."""
    numbers = organisations.institution_numbers([o.id for o in rows])
    return [
        {
            "id": o.id,
            "kind": o.kind,
            "name": o.name,
            "street": o.street,
            "postcode": o.postcode,
            "municipality": o.municipality,
            "province": o.province,
            "institution_number": numbers.get(o.id),
            "identifiers": o.identifiers,
        }
        for o in rows
    ]


def _data(data: dict, current: Organisation | None = None) -> organisations.OrganisationData:
    """The body as OrganisationData; a PATCH keeps what it leaves out."""

    identifiers = data.get("identifiers")
    return organisations.OrganisationData(
        kind=data.get("kind", current.kind if current else None),
        name=data.get("name", current.name if current else ""),
        street=data.get("street", current.street if current else ""),
        postcode=data.get("postcode", current.postcode if current else ""),
        municipality=data.get("municipality", current.municipality if current else ""),
        province=data.get("province", current.province if current else None),
        identifiers=(
            [organisations.IdentifierData(**i) for i in identifiers]
            if identifiers is not None
            else None
        ),
    )


@blp.route("/organisations")
class Organisations(MethodView):
    """The organisation registry."""

    @token_required(*READERS)
    @blp.arguments(OrganisationQuerySchema, location="query")
    @blp.response(200, OrganisationPageSchema)
    @blp.errors(403)
    def get(self, args):
        """List organisations (admins and coaches); filters kind and q (name, postcode, place)."""
        query = organisations.search_organisations(args.get("kind"), args.get("q"))
        return paginated(query, args, _out)

    @token_required(Role.admin, write=True)
    @blp.arguments(OrganisationInSchema)
    @blp.response(201, OrganisationSchema)
    @blp.errors(403, 409)
    def post(self, data):
        """Add an organisation that is not a school (admins); a school: POST /schools."""
        organisation = organisations.create_organisation(api_user(), _data(data))
        db.session.commit()
        return _out([organisation])[0]


def _load(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        abort(404, description=_("Deze organisatie bestaat niet."))
    return organisation


@blp.route("/organisations/<int:organisation_id>")
class OrganisationItem(MethodView):
    """One organisation."""

    @token_required(*READERS)
    @blp.response(200, OrganisationSchema)
    @blp.errors(403, 404)
    def get(self, organisation_id):
        """One organisation (a school's id is its organisation's id)."""
        return _out([_load(organisation_id)])[0]

    @token_required(Role.admin, write=True)
    @blp.arguments(OrganisationPatchSchema)
    @blp.response(200, OrganisationSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, organisation_id):
        """Change an organisation that is not a school (admins); identifiers replace the list."""
        organisation = _load(organisation_id)
        organisations.update_organisation(api_user(), organisation, _data(data, organisation))
        db.session.commit()
        return _out([organisation])[0]
