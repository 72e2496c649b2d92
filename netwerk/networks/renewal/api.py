"""The renewal API under /api/v1: read a network's rounds and their answers; a school token
confirms its school's answer. The same services and predicates as the pages.

Who reads what: the network's coaches and admins every answer, schools by name; the ministry
every answer, schools by code only (M2); a school user the answers of its own schools.
"""

from flask import abort
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint
from netwerk.auth.models import Role, User
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_manage_network, school_ids_of
from netwerk.networks.renewal import services
from netwerk.networks.renewal.models import RenewalAnswer, RenewalRound
from netwerk.networks.renewal.schemas import (
    RenewalAnswerSchema,
    RenewalRoundListSchema,
    RenewalRoundSchema,
)

blp = ApiBlueprint("api_renewal", __name__, description="Herbevestiging per schooljaar")


def _visible_answers(user: User, renewal: RenewalRound) -> list[RenewalAnswer] | None:
    """The answers of a round the user may read; None when it may read none of the round."""
    if user.role is Role.ministry or can_manage_network(user, renewal.network):
        return list(renewal.answers)
    own = set(school_ids_of(user))
    mine = [a for a in renewal.answers if a.registration.school_id in own]
    return mine or None


def _answer_out(user: User, answer: RenewalAnswer) -> dict:
    """One answer; the school by name, for the ministry by its code only."""
    school = answer.registration.school
    if user.role is Role.ministry:
        school_out = {"public_code": school.public_code}
    else:
        school_out = {
            "id": school.id,
            "institution_number": school.institution_number,
            "name": school.name,
        }
    school_out.update(level=school.level, province=school.province)
    return {
        "id": answer.id,
        "registration_id": answer.registration_id,
        "reference": answer.registration.reference,
        "school": school_out,
        "status": answer.registration.status,
        "confirmed": answer.is_confirmed,
        "confirmed_at": answer.confirmed_at,
        "withdrawn_on": answer.withdrawn_on,
    }


def _round_out(user: User, renewal: RenewalRound, answers: list[RenewalAnswer]) -> dict:
    """A round with the answers given."""
    return {
        "id": renewal.id,
        "network_id": renewal.network_id,
        "school_year": renewal.school_year,
        "opened_at": renewal.opened_at,
        "closed_at": renewal.closed_at,
        "answers": [_answer_out(user, a) for a in answers],
    }


@blp.route("/networks/<int:network_id>/renewal-rounds")
@token_required()
@blp.response(200, RenewalRoundListSchema)
@blp.errors(403, 404)
def list_rounds(network_id):
    """A network's renewal rounds with the answers the reader may see."""
    network = db.get_or_404(Network, network_id, description=_("Dit netwerk bestaat niet."))
    user = api_user()
    items = []
    for renewal in services.rounds_of(network):
        answers = _visible_answers(user, renewal)
        if answers is not None:
            items.append(_round_out(user, renewal, answers))
    if not items and not (user.role is Role.ministry or can_manage_network(user, network)):
        abort(403, description=_("U hebt geen toegang tot de herbevestiging van dit netwerk."))
    return {"items": items}


@blp.route("/renewal-rounds/<int:round_id>")
@token_required()
@blp.response(200, RenewalRoundSchema)
@blp.errors(403, 404)
def get_round(round_id):
    """One renewal round with the answers the reader may see."""
    renewal = db.get_or_404(RenewalRound, round_id, description=_("Deze ronde bestaat niet."))
    user = api_user()
    answers = _visible_answers(user, renewal)
    if answers is None:
        abort(403, description=_("U hebt geen toegang tot deze herbevestiging."))
    return _round_out(user, renewal, answers)


@blp.route("/renewal-answers/<int:answer_id>/confirmation", methods=["POST"])
@token_required(Role.school, write=True)
@blp.response(200, RenewalAnswerSchema)
@blp.errors(403, 404, 409)
def confirm(answer_id):
    """Confirm a school's participation in the round's school year (the school's own token)."""
    answer = db.get_or_404(RenewalAnswer, answer_id, description=_("Dit antwoord bestaat niet."))
    user = api_user()
    services.confirm(user, answer)
    db.session.commit()
    return _answer_out(user, answer)
