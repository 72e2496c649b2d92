"""JSON API of staff members and their assignments (FTE), under /api/v1: the services of the pages
/inzet/medewerkers, with their rules and Dutch refusals.

Writes are an admin's, as on the pages. A PATCH sends back the version it read (409 when stale).
Deleting a staff member is refused (409 has_hours) once they logged hours, as on the page; deleting
an assignment removes it, its versions stay for reports "as known at" an earlier moment.
"""

from flask import abort
from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from netwerk.apiutil import ApiBlueprint, patched
from netwerk.auth.models import Role, User
from netwerk.auth.tokens import api_user, token_required
from netwerk.effort import staff
from netwerk.effort.api import READERS, own_staff_id, page_of_query, where_ids
from netwerk.effort.fte import overlaps_period
from netwerk.effort.models import FundingSource, StaffAssignment, StaffMember, StaffRole
from netwerk.effort.schemas import (
    AssignmentIn,
    AssignmentPage,
    AssignmentPatch,
    AssignmentQuery,
    AssignmentSchema,
    StaffMemberIn,
    StaffMemberPatch,
    StaffMemberSchema,
    StaffPage,
    StaffQuery,
)
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import Network, Programme
from netwerk.networks.permissions import is_network_coach, visible_network_ids
from netwerk.schools.models import Organisation, School
from netwerk.timeutil import SchoolYear

blp = ApiBlueprint(
    "api_staff", __name__, description="Inzet: medewerkers en hun opdrachten (VTE) wijzigen"
)

ADMIN = Role.admin
STAFF_FIELDS = (
    "name",
    "email",
    "user_id",
    "employer_school_id",
    "employer_name",
    "seniority_years",
    "diploma_level",
)
ASSIGNMENT_IDS = ("staff_member_id", "network_id", "anchor_school_id", "programme_id")
# anchor_school_id: an anchor of any kind (a school's id is its organisation's id).
TARGETS = {"network_id": Network, "anchor_school_id": Organisation, "programme_id": Programme}


def _member(member_id: int) -> StaffMember:
    return db.get_or_404(StaffMember, member_id, description=_("Deze medewerker bestaat niet."))


def _with_known_employer(data: dict) -> dict:
    """The body as it is, once its employer school (if any) exists (else 422 at that field)."""
    school_id = data.get("employer_school_id")
    if school_id is not None and db.session.get(School, school_id) is None:
        raise DomainError(_("Deze school bestaat niet."), field="employer_school_id")
    return data


@blp.route("/staff")
class StaffList(MethodView):
    """The staff members (admin)."""

    @token_required(ADMIN)
    @blp.arguments(StaffQuery, location="query")
    @blp.response(200, StaffPage)
    @blp.errors(403)
    def get(self, args):
        """The staff members by name, paginated (as the page /inzet/medewerkers)."""
        return page_of_query(select(StaffMember), args, (StaffMember.name, StaffMember.id))

    @token_required(ADMIN, write=True)
    @blp.arguments(StaffMemberIn)
    @blp.response(201, StaffMemberSchema)
    @blp.errors(403)
    def post(self, data):
        """Add a staff member (admin)."""
        member = staff.create_staff_member(api_user(), **_with_known_employer(data))
        db.session.commit()
        return member


@blp.route("/staff/<int:member_id>")
class StaffResource(MethodView):
    """One staff member (admin)."""

    @token_required(ADMIN)
    @blp.response(200, StaffMemberSchema)
    @blp.errors(403, 404)
    def get(self, member_id):
        """One staff member."""
        return _member(member_id)

    @token_required(ADMIN, write=True)
    @blp.arguments(StaffMemberPatch)
    @blp.response(200, StaffMemberSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, member_id):
        """Change the fields sent of a staff member (409 on a stale version)."""
        member = _member(member_id)
        seen = data.pop("version")
        wanted = {name: getattr(member, name) for name in STAFF_FIELDS} | data
        patched(
            member,
            seen,
            lambda: staff.update_staff_member(api_user(), member, **_with_known_employer(wanted)),
        )
        db.session.commit()
        return member

    @token_required(ADMIN, write=True)
    @blp.response(204)
    @blp.errors(403, 404, 409)
    def delete(self, member_id):
        """Delete a staff member with their assignments; 409 has_hours once they logged hours
        (delete those first, as on the page)."""
        staff.delete_staff_member(api_user(), _member(member_id))
        db.session.commit()


# --- assignments ---------------------------------------------------------------------------------


def _may_read_assignment(user: User, assignment: StaffAssignment) -> bool:
    """Admins and the ministry all; a coach their own and those on the networks they run."""
    if user.role is not Role.coach:
        return True
    return assignment.staff_member_id == own_staff_id(user) or (
        assignment.network_id is not None and is_network_coach(user, assignment.network)
    )


def _assignment(assignment_id: int) -> StaffAssignment:
    return db.get_or_404(
        StaffAssignment, assignment_id, description=_("Deze opdracht bestaat niet.")
    )


def _target(data: dict) -> dict:
    """network, anchor_school and programme from the body's ids (unknown ids refused)."""
    found = {}
    for name, model in TARGETS.items():
        value = data.get(name)
        obj = db.session.get(model, value) if value is not None else None
        if value is not None and obj is None:
            raise DomainError(_("Kies een geldig doel."), field=name)
        found[name.removesuffix("_id")] = obj
    return found


def _assignment_data(data: dict) -> staff.AssignmentData:
    """The body as the service takes it."""
    return staff.AssignmentData(
        role=StaffRole(data["role"]),
        fte=data["fte"],
        funding_source=FundingSource(data["funding_source"]),
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        **_target(data),
    )


def _as_body(assignment: StaffAssignment) -> dict:
    """An assignment's fields under the names of a body (a PATCH starts from these)."""
    return {
        "role": assignment.role.value,
        "fte": assignment.fte,
        "funding_source": assignment.funding_source.value,
        "starts_on": assignment.starts_on,
        "ends_on": assignment.ends_on,
        **{name: getattr(assignment, name) for name in TARGETS},
    }


@blp.route("/assignments")
class Assignments(MethodView):
    """Staff assignments."""

    @token_required(*READERS)
    @blp.arguments(AssignmentQuery, location="query")
    @blp.response(200, AssignmentPage)
    @blp.errors(403)
    def get(self, args):
        """Staff assignments; a coach sees their own and those on the networks they run."""
        user = api_user()
        query = select(StaffAssignment).options(joinedload(StaffAssignment.staff_member))
        if user.role is Role.coach:
            query = query.where(
                or_(
                    StaffAssignment.staff_member_id == own_staff_id(user),
                    StaffAssignment.network_id.in_(visible_network_ids(user)),
                )
            )
        query = where_ids(query, StaffAssignment, args, ASSIGNMENT_IDS)
        if "funding_source" in args:
            query = query.where(
                StaffAssignment.funding_source == FundingSource(args["funding_source"])
            )
        if "school_year" in args:
            year = SchoolYear.parse(args["school_year"])
            query = query.where(overlaps_period(year.starts_on, year.ends_on))
        return page_of_query(query, args, (StaffAssignment.starts_on, StaffAssignment.id))

    @token_required(ADMIN, write=True)
    @blp.arguments(AssignmentIn)
    @blp.response(201, AssignmentSchema)
    @blp.errors(403, 404, 409)
    def post(self, data):
        """Add an assignment (admin); above 1,000 FTE on a day: 409 overload unless
        confirm_overload."""
        member = _member(data["staff_member_id"])
        assignment = staff.save_assignment(
            api_user(),
            member,
            _assignment_data(data),
            confirm_overload=data["confirm_overload"],
        )
        db.session.commit()
        return assignment


@blp.route("/assignments/<int:assignment_id>")
class AssignmentResource(MethodView):
    """One staff assignment."""

    @token_required(*READERS)
    @blp.response(200, AssignmentSchema)
    @blp.errors(403, 404)
    def get(self, assignment_id):
        """One assignment (a coach: their own or one on a network they run)."""
        assignment = _assignment(assignment_id)
        if not _may_read_assignment(api_user(), assignment):
            abort(403, description=_("U hebt geen toegang tot deze opdracht."))
        return assignment

    @token_required(ADMIN, write=True)
    @blp.arguments(AssignmentPatch)
    @blp.response(200, AssignmentSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, assignment_id):
        """Change the fields sent of an assignment (admin; 409 on a stale version or overload)."""
        assignment = _assignment(assignment_id)
        seen, confirm = data.pop("version"), data.pop("confirm_overload")
        wanted = _as_body(assignment)
        if any(name in data for name in TARGETS):  # a target sent replaces the old one
            wanted.update(dict.fromkeys(TARGETS))
        wanted.update(data)
        patched(
            assignment,
            seen,
            lambda: staff.save_assignment(
                api_user(),
                assignment.staff_member,
                _assignment_data(wanted),
                assignment,
                confirm_overload=confirm,
            ),
        )
        db.session.commit()
        return assignment

    @token_required(ADMIN, write=True)
    @blp.response(204)
    @blp.errors(403, 404)
    def delete(self, assignment_id):
        """Delete an assignment (admin), as the page does; its versions stay."""
        staff.delete_assignment(api_user(), _assignment(assignment_id))
        db.session.commit()
