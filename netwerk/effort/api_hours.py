"""JSON API of logged hours, under /api/v1: the services of the page /inzet/uren, with their rules
(closed months, 24 hours a day, the network's life) and Dutch refusals.

A coach logs, changes and deletes their own hours on the networks they run; an admin anyone's;
the ministry reads. Durations are whole minutes. A PATCH sends back the version it read.
"""

from flask import abort
from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.apiutil import ApiBlueprint, patched
from netwerk.auth.models import Role, User
from netwerk.auth.tokens import api_user, token_required
from netwerk.effort import hours
from netwerk.effort.api import READERS, own_staff_id, page_of_query, where_ids
from netwerk.effort.models import Activity, HourEntry, StaffMember
from netwerk.effort.permissions import can_change_hour_entry
from netwerk.effort.schemas import (
    HourEntryIn,
    HourEntryPage,
    HourEntryPatch,
    HourEntryQuery,
    HourEntrySchema,
)
from netwerk.effort.staff import ensure_staff_member
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.models import Meeting
from netwerk.networks.models import Network
from netwerk.networks.permissions import is_network_coach
from netwerk.schools.models import School
from netwerk.timeutil import SchoolYear

blp = ApiBlueprint("api_hours", __name__, description="Inzet: begeleidingsuren (in minuten)")

LOGGERS = (Role.admin, Role.coach)
BODY_FIELDS = ("worked_on", "minutes", "activity", "network_id", "meeting_id", "school_id", "note")


def _entry(entry_id: int) -> HourEntry:
    return db.get_or_404(HourEntry, entry_id, description=_("Deze urenregistratie bestaat niet."))


def _may_read(user: User, entry: HourEntry) -> bool:
    """Admins and the ministry every entry; a coach their own."""
    return user.role is not Role.coach or entry.staff_member_id == own_staff_id(user)


def _changeable(entry_id: int) -> HourEntry:
    """The entry, when the token's user may change it (404, then 403)."""
    entry = _entry(entry_id)
    if not can_change_hour_entry(api_user(), entry):
        abort(403, description=_("U kunt enkel uw eigen uren wijzigen."))
    return entry


def _get(model, value, message: str, field: str):
    """The row of an id in the body (None for none); an unknown id refused at its field."""
    if value is None:
        return None
    row = db.session.get(model, value)
    if row is None:
        raise DomainError(message, field=field)
    return row


def _hour_data(data: dict) -> hours.HourData:
    """The body as HourData; an unknown network, meeting or school is refused at its field."""
    return hours.HourData(
        worked_on=data["worked_on"],
        minutes=data["minutes"],
        activity=Activity(data["activity"]),
        network=_get(
            Network,
            data["network_id"],
            _("Kies een netwerk waarop u uren mag schrijven."),
            "network_id",
        ),
        meeting=_get(Meeting, data["meeting_id"], _("Onbekende bijeenkomst."), "meeting_id"),
        school=_get(School, data["school_id"], _("Deze school bestaat niet."), "school_id"),
        note=data["note"],
    )


def _staff_member(user: User, staff_member_id: int | None) -> StaffMember:
    """Whose hours: the one named (admin; a coach only their own), else the token's own."""
    if staff_member_id is None:
        if user.role is Role.admin:
            raise DomainError(_("Kies een medewerker."), field="staff_member_id")
        return ensure_staff_member(user)
    return _get(StaffMember, staff_member_id, _("Kies een medewerker."), "staff_member_id")


@blp.route("/hour-entries")
class HourEntries(MethodView):
    """Logged hours."""

    @token_required(*READERS)
    @blp.arguments(HourEntryQuery, location="query")
    @blp.response(200, HourEntryPage)
    @blp.errors(403)
    def get(self, args):
        """Logged hours; a coach sees only their own."""
        user = api_user()
        query = select(HourEntry)
        if user.role is Role.coach:
            query = query.where(HourEntry.staff_member_id == own_staff_id(user))
        query = where_ids(query, HourEntry, args, ("staff_member_id", "network_id"))
        if "activity" in args:
            query = query.where(HourEntry.activity == Activity(args["activity"]))
        if "date_from" in args:
            query = query.where(HourEntry.worked_on >= args["date_from"])
        if "date_to" in args:
            query = query.where(HourEntry.worked_on <= args["date_to"])
        if "school_year" in args:
            year = SchoolYear.parse(args["school_year"])
            query = query.where(HourEntry.worked_on.between(year.starts_on, year.ends_on))
        return page_of_query(query, args, (HourEntry.worked_on, HourEntry.id))

    @token_required(*LOGGERS, write=True)
    @blp.arguments(HourEntryIn)
    @blp.response(201, HourEntrySchema)
    @blp.errors(403)
    def post(self, data):
        """Log hours: a coach their own on a network they run, an admin anyone's (refused in a
        closed month)."""
        user = api_user()
        wanted = _hour_data(data)
        if user.role is Role.coach and not is_network_coach(user, wanted.network):
            # Refused before a coach's first entry creates their staff member.
            abort(403, description=_("U kunt enkel uren schrijven op netwerken die u begeleidt."))
        member = _staff_member(user, data["staff_member_id"])
        entry = hours.create_hour_entry(user, member, wanted)
        db.session.commit()
        return entry


@blp.route("/hour-entries/<int:entry_id>")
class HourEntryResource(MethodView):
    """One hour entry."""

    @token_required(*READERS)
    @blp.response(200, HourEntrySchema)
    @blp.errors(403, 404)
    def get(self, entry_id):
        """One hour entry (a coach: their own)."""
        entry = _entry(entry_id)
        if not _may_read(api_user(), entry):
            abort(403, description=_("U hebt geen toegang tot deze uren."))
        return entry

    @token_required(*LOGGERS, write=True)
    @blp.arguments(HourEntryPatch)
    @blp.response(200, HourEntrySchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, entry_id):
        """Change the fields sent of an hour entry (refused when its old or new month is closed;
        409 on a stale version)."""
        entry = _changeable(entry_id)
        seen = data.pop("version")
        wanted = {name: getattr(entry, name) for name in BODY_FIELDS} | data
        patched(entry, seen, lambda: hours.update_hour_entry(api_user(), entry, _hour_data(wanted)))
        db.session.commit()
        return entry

    @token_required(*LOGGERS, write=True)
    @blp.response(204)
    @blp.errors(403, 404, 422)
    def delete(self, entry_id):
        """Delete an hour entry (refused in a closed month)."""
        hours.delete_hour_entry(api_user(), _changeable(entry_id))
        db.session.commit()
