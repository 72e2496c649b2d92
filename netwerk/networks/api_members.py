"""JSON API of a network's members that are not registered schools (issue 20), under /api/v1."""

from flask import abort
from flask.views import MethodView
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint
from netwerk.auth.models import Role
from netwerk.auth.tokens import api_user, token_required
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import members
from netwerk.networks.models import Network, NetworkMembership
from netwerk.networks.permissions import can_view_network_details
from netwerk.networks.schemas import MemberEndSchema, MemberInSchema, MemberListSchema, MemberSchema
from netwerk.schools.models import Organisation
from netwerk.schools.organisations import institution_numbers, organisation_ref

blp = ApiBlueprint(
    "api_members",
    __name__,
    description="De leden van een netwerk die geen ingeschreven school zijn.",
)


def _network(network_id: int) -> Network:
    return db.get_or_404(Network, network_id, description=_("Dit netwerk bestaat niet."))


def _out(rows: list[NetworkMembership]) -> list[dict]:
    numbers = institution_numbers(sorted({m.organisation_id for m in rows}))
    return [
        {
            "id": m.id,
            "organisation": organisation_ref(m.organisation, numbers.get(m.organisation_id)),
            "role": m.role,
            "valid_from": m.valid_from,
            "valid_until": m.valid_until,
            "recorded_at": m.recorded_at,
        }
        for m in rows
    ]


@blp.route("/networks/<int:network_id>/members")
class Members(MethodView):
    """A network's members that are not registered schools."""

    @token_required(Role.admin, Role.ministry, Role.coach, Role.school)
    @blp.response(200, MemberListSchema)
    @blp.errors(403, 404)
    def get(self, network_id):
        """The network's members as known now (who may read the network's details)."""
        network = _network(network_id)
        if not can_view_network_details(api_user(), network):
            abort(403, description=_("U kunt dit netwerk niet inzien."))
        return {"items": _out(members.members(network.id))}

    @token_required(Role.admin, Role.coach, write=True)
    @blp.arguments(MemberInSchema)
    @blp.response(201, MemberSchema)
    @blp.errors(403, 404, 409)
    def post(self, data, network_id):
        """Add an organisation in a role (the network's coaches and admins); a school taking
        part registers instead (409 use_registration)."""
        network = _network(network_id)
        organisation = db.session.get(Organisation, data["organisation_id"])
        if organisation is None:
            raise DomainError(
                _("Onbekende organisatie: %(ids)s.", ids=data["organisation_id"]),
                status_code=404,
                code="not_found",
                field="organisation_id",
            )
        membership = members.add_member(
            api_user(),
            network,
            members.MemberData(organisation, data["role"], data["valid_from"], data["valid_until"]),
        )
        db.session.commit()
        return _out([membership])[0]


@blp.route("/networks/<int:network_id>/members/<int:membership_id>", methods=["DELETE"])
@token_required(Role.admin, Role.coach, write=True)
@blp.arguments(MemberEndSchema, location="query")
@blp.response(200, MemberSchema)
@blp.alt_response(204, description="Het lidmaatschap was nog niet begonnen en is ingetrokken.")
@blp.errors(403, 404, 409)
def end_member(args, network_id, membership_id):
    """End a membership on ends_on (default today): its history stays; answers the ended
    period (204 when it had not begun yet and is withdrawn)."""
    network = _network(network_id)
    membership = db.session.get(NetworkMembership, membership_id)
    if membership is None or membership.network_id != network.id:
        abort(404, description=_("Dit lidmaatschap bestaat niet."))
    ended = members.end_member(api_user(), network, membership, args["ends_on"])
    db.session.commit()
    if ended is None:
        return "", 204
    return _out([ended])[0]
