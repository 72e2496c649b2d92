"""JSON API endpoints of the schools feature, under /api/v1."""

from flask import abort as flask_abort
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy.orm import joinedload

from netwerk.apiutil import ApiBlueprint
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.schools import services
from netwerk.schools.models import School
from netwerk.schools.schemas import (
    SchoolCreateSchema,
    SchoolPageSchema,
    SchoolQuerySchema,
    SchoolSchema,
)

blp = ApiBlueprint("api_schools", __name__, description="Het scholenregister.")


@blp.route("/schools")
class Schools(MethodView):
    """The school registry."""

    @token_required()
    @blp.arguments(SchoolQuerySchema, location="query")
    @blp.response(200, SchoolPageSchema)
    def get(self, args):
        """List schools (any role with a token), filtered and paginated."""
        stmt = services.search_schools(
            q=args.get("q"),
            level=args.get("level"),
            province=args.get("province"),
            umbrella=args.get("umbrella"),
        ).options(joinedload(School.parent))
        page = db.paginate(
            stmt, page=args["page"], per_page=args["per_page"], error_out=False, count=True
        )
        return {
            "items": page.items,
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
        }

    @token_required(Role.admin, write=True)
    @blp.arguments(SchoolCreateSchema)
    @blp.response(201, SchoolSchema)
    @blp.errors(403)
    def post(self, data):
        """Add a school (admins only), with the rules of the CSV import."""
        try:
            school = services.create_school(api_user(), data)
        except services.InvalidSchool as exc:
            abort(422, message=_("De gegevens zijn ongeldig."), messages={"json": exc.errors})
        db.session.commit()
        return school


@blp.route("/schools/<int:school_id>")
@token_required()
@blp.response(200, SchoolSchema)
@blp.errors(404)
def get_school(school_id: int):
    """One school (any role with a token)."""
    school = db.session.get(School, school_id, options=[joinedload(School.parent)])
    if school is None:
        flask_abort(404, description=_("Deze school bestaat niet."))
    return school
