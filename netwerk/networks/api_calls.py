"""JSON API of calls for participation (oproepen) and of one programme, under /api/v1: the
services of the admin pages /netwerken/oproepen and /netwerken/programmas.

Every token reads calls (the networks they offer are public); only admins create and change them,
as on the pages. A PATCH sends back the version it read (409 when stale).
"""

from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from netwerk.apiutil import ApiBlueprint, paginated, patched
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user, token_required
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import calls, programmes
from netwerk.networks.models import Call, Network, Programme
from netwerk.networks.schemas import (
    CallInSchema,
    CallPageSchema,
    CallPatchSchema,
    CallQuerySchema,
    CallSchema,
    ProgrammePatchSchema,
    ProgrammeSchema,
)

blp = ApiBlueprint("api_calls", __name__, description="Oproepen en programma's wijzigen")

CALL_FIELDS = ("title", "opens_on", "closes_on", "starts_on", "text")


def _call(call_id: int) -> Call:
    return db.get_or_404(Call, call_id, description=_("Deze oproep bestaat niet."))


def _programme(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise DomainError(_("Kies een bestaand programma."), field="programme_id")
    return programme


def _networks(ids: list[int]) -> list[Network]:
    """The networks of these ids; an unknown one refused at network_ids."""
    found = list(db.session.scalars(select(Network).where(Network.id.in_(ids))))
    missing = sorted(set(ids) - {n.id for n in found})
    if missing:
        raise DomainError(
            _("Onbekend netwerk: %(ids)s.", ids=", ".join(map(str, missing))),
            field="network_ids",
        )
    return found


def _call_data(data: dict) -> calls.CallData:
    """A body as CallData."""
    return calls.CallData(
        title=data["title"],
        programme=_programme(data["programme_id"]),
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        starts_on=data["starts_on"],
        networks=_networks(data["network_ids"]),
        text=data["text"],
        organisation_kinds=data["organisation_kinds"],
    )


@blp.route("/calls")
class Calls(MethodView):
    """Calls for participation."""

    @token_required()
    @blp.arguments(CallQuerySchema, location="query")
    @blp.response(200, CallPageSchema)
    def get(self, args):
        """The calls, the newest first; filters programme_id and open_on (open that day)."""
        query = (
            select(Call)
            .options(selectinload(Call.programme), selectinload(Call.networks))
            .order_by(Call.opens_on.desc(), Call.id.desc())
        )
        if "programme_id" in args:
            query = query.where(Call.programme_id == args["programme_id"])
        if "open_on" in args:
            query = query.where(Call.opens_on <= args["open_on"], Call.closes_on >= args["open_on"])
        return paginated(query, args)

    @token_required(Role.admin, write=True)
    @blp.arguments(CallInSchema)
    @blp.response(201, CallSchema)
    @blp.errors(403)
    def post(self, data):
        """Create a call (admin) offering networks of its programme."""
        call = calls.create_call(api_user(), _call_data(data))
        db.session.commit()
        return call


@blp.route("/calls/<int:call_id>")
class CallResource(MethodView):
    """One call."""

    @token_required()
    @blp.response(200, CallSchema)
    @blp.errors(404)
    def get(self, call_id):
        """One call with its programme, window and networks."""
        return _call(call_id)

    @token_required(Role.admin, write=True)
    @blp.arguments(CallPatchSchema)
    @blp.response(200, CallSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, call_id):
        """Change the fields sent of a call (admin); network_ids replaces its networks."""
        call = _call(call_id)
        seen = data.pop("version")
        wanted = {name: getattr(call, name) for name in CALL_FIELDS}
        wanted.update(programme_id=call.programme_id, network_ids=[n.id for n in call.networks])
        wanted.update(organisation_kinds=call.organisation_kinds)
        wanted.update(data)
        patched(call, seen, lambda: calls.update_call(api_user(), call, _call_data(wanted)))
        db.session.commit()
        return call


@blp.route("/programmes/<int:programme_id>")
class ProgrammeResource(MethodView):
    """One programme."""

    @token_required()
    @blp.response(200, ProgrammeSchema)
    @blp.errors(404)
    def get(self, programme_id):
        """One programme."""
        return db.get_or_404(Programme, programme_id, description=_("Dit programma bestaat niet."))

    @token_required(Role.admin, write=True)
    @blp.arguments(ProgrammePatchSchema)
    @blp.response(200, ProgrammeSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, programme_id):
        """Change the fields sent of a programme (admin), as its edit page does."""
        programme = db.get_or_404(
            Programme, programme_id, description=_("Dit programma bestaat niet.")
        )
        seen = data.pop("version")
        wanted = {
            "name": programme.name,
            "description": programme.description,
            "is_active": programme.is_active,
            "starts_on": programme.starts_on,
        } | data
        patched(
            programme,
            seen,
            lambda: programmes.update_programme(api_user(), programme, **wanted),
        )
        db.session.commit()
        return programme
