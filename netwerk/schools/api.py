"""JSON API endpoints of the schools feature, under /api/v1."""

from flask import abort as flask_abort
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import abort
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from netwerk.apiutil import ApiBlueprint, patched
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.schools import services
from netwerk.schools.models import School, user_school
from netwerk.schools.schemas import (
    SchoolCreateSchema,
    SchoolPageSchema,
    SchoolPatchSchema,
    SchoolQuerySchema,
    SchoolSchema,
)

blp = ApiBlueprint("api_schools", __name__, description="Het scholenregister.")

# The ministry reads schools by code only (reports, rosters): the registry, which pairs names with
# ids, is not for its tokens. A school user reads its own schools, by name.
READERS = (Role.admin, Role.coach, Role.school)


def _scoped(stmt):
    """A school user's select narrowed to the schools it acts for; the full registry otherwise."""
    user = api_user()
    if user.role is Role.school:
        mine = select(user_school.c.school_id).where(user_school.c.user_id == user.id)
        stmt = stmt.where(School.id.in_(mine))
    return stmt


@blp.route("/schools")
class Schools(MethodView):
    """The school registry."""

    @token_required(*READERS)
    @blp.arguments(SchoolQuerySchema, location="query")
    @blp.response(200, SchoolPageSchema)
    @blp.errors(403)
    def get(self, args):
        """List schools (admins and coaches; a school user its own), filtered and paginated."""
        stmt = services.search_schools(
            q=args.get("q"),
            level=args.get("level"),
            province=args.get("province"),
            umbrella=args.get("umbrella"),
        ).options(joinedload(School.parent))
        stmt = _scoped(stmt)
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
class SchoolResource(MethodView):
    """One school."""

    @token_required(*READERS)
    @blp.response(200, SchoolSchema)
    @blp.errors(403, 404)
    def get(self, school_id: int):
        """One school (admins and coaches; a school user one of its own)."""
        school = db.session.scalar(
            _scoped(select(School).where(School.id == school_id)).options(joinedload(School.parent))
        )
        if school is None:
            flask_abort(404, description=_("Deze school bestaat niet."))
        return school

    @token_required(Role.admin, write=True)
    @blp.arguments(SchoolPatchSchema)
    @blp.response(200, SchoolSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, school_id: int):
        """Change the fields sent of a school (admins only), with the rules of the CSV import
        (409 on a stale version)."""
        school = db.get_or_404(School, school_id, description=_("Deze school bestaat niet."))
        seen = data.pop("version")
        wanted = services.school_form_data(school) | data
        try:
            patched(school, seen, lambda: services.update_school(api_user(), school, wanted))
        except services.InvalidSchool as exc:
            abort(422, message=_("De gegevens zijn ongeldig."), messages={"json": exc.errors})
        db.session.commit()
        return school
