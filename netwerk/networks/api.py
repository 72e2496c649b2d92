"""JSON API endpoints of the networks feature, under /api/v1.

The same services and permissions as the pages. Ministry tokens read everything and write nothing;
they see schools in registrations by their pseudonymous code only.
"""

import copy

from flask import Blueprint as FlaskBlueprint
from flask import abort, current_app, render_template
from flask.views import MethodView
from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.apiutil import ApiBlueprint, PageQuerySchema, paginated, patched
from netwerk.auth.models import Role, User
from netwerk.auth.tokens import api_user, token_required
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import networks, parents, programmes, registrations
from netwerk.networks.api_summaries import summary_of
from netwerk.networks.capacity import places_left_by_network
from netwerk.networks.models import Network, Programme, Registration
from netwerk.networks.periods import anchor_history
from netwerk.networks.permissions import (
    can_edit_contact,
    can_manage_network,
    can_read_registration,
    school_ids_of,
)
from netwerk.networks.registration_lists import (
    RegistrationFilter,
    load_registration,
    registration_list,
)
from netwerk.networks.schemas import (
    NetworkInSchema,
    NetworkPageSchema,
    NetworkPatchSchema,
    NetworkQuerySchema,
    NetworkSchema,
    ProgrammePageSchema,
    ProgrammeSchema,
    RegistrationInSchema,
    RegistrationPageSchema,
    RegistrationPatchSchema,
    RegistrationQuerySchema,
    RegistrationSchema,
    TransitionInSchema,
)
from netwerk.schools.models import School
from netwerk.schools.organisations import organisation_ref

blp = ApiBlueprint("api_networks", __name__, description="Programma's, netwerken en inschrijvingen")

WRITERS = (Role.admin, Role.coach, Role.school)
PAGING = ("page", "per_page")


def _filters(filter_cls, args: dict):
    """The service's filter object from a list's query arguments (all but the paging)."""
    return filter_cls(**{key: value for key, value in args.items() if key not in PAGING})


# Admins and coaches read the full school registry: they may see a code next to a name.
REGISTRY_READERS = (Role.admin, Role.coach)


def _school_out(school: School, with_name: bool) -> dict:
    """A school by name (and id) or by code, never both: a code next to a name or an id is the
    key that turns every codes-only list back into names (M2)."""
    out = {"level": school.level, "province": school.province}
    if with_name:
        out.update(id=school.id, institution_number=school.institution_number, name=school.name)
    else:
        out.update(public_code=school.public_code)
    return out


def _named_school_out(user: User, school: School) -> dict:
    """A school shown by name (an anchor, a school user's own): its code only for registry readers."""
    out = _school_out(school, True)
    if user.role in REGISTRY_READERS:
        out["public_code"] = school.public_code
    return out


def _anchor_refs(network: Network) -> list[dict]:
    """The network's anchors of every kind, a school's with its instellingsnummer."""
    numbers = {s.id: s.institution_number for s in network.anchors}
    return [organisation_ref(o, numbers.get(o.id)) for o in network.anchor_organisations]


def _networks_out(user: User, rows: list[Network]) -> list[dict]:
    left = places_left_by_network(n.id for n in rows)
    parent_of = parents.parent_map()
    # Coaches are public by name; their e-mail addresses are for the staff who work with them.
    emails = user.role in REGISTRY_READERS
    return [
        {
            "id": n.id,
            "name": n.name,
            "type": n.type,
            "programme_id": n.programme_id,
            "programme": n.programme.name,
            "theme": n.theme,
            "level": n.level,
            "province": n.province,
            "region": n.region,
            "capacity": n.capacity,
            "places_left": left.get(n.id),
            "auto_accept": n.auto_accept,
            "is_active": n.is_active,
            "description": n.description,
            "rhythm": n.rhythm,
            "starts_on": n.starts_on,
            "ends_on": n.ends_on,
            "previous_network_id": n.previous_network_id,
            "parent_id": parent_of.get(n.id),
            "version": n.version,
            # Anchor schools are public by name (their code would name them in other networks).
            "anchors": [_named_school_out(user, s) for s in n.anchors],
            "anchor_organisations": _anchor_refs(n),
            "coaches": [
                {"id": u.id, "name": u.name, **({"email": u.email} if emails else {})}
                for u in n.coaches
            ],
            "calls": [
                {
                    "id": c.id,
                    "title": c.title,
                    "opens_on": c.opens_on,
                    "closes_on": c.closes_on,
                    "starts_on": c.starts_on,
                }
                for c in n.calls
            ],
        }
        for n in rows
    ]


def _sees_names(user: User, registration: Registration) -> bool:
    if user.role is Role.ministry:
        return False
    return user.role is not Role.school or registration.school_id in school_ids_of(user)


def _registrations_out(user: User, registrations: list[Registration], history: bool) -> list:
    out = []
    for r in registrations:
        names = _sees_names(user, r)
        item = {
            "id": r.id,
            "network_id": r.network_id,
            "network": r.network.name,
            "school": _named_school_out(user, r.school) if names else _school_out(r.school, False),
            "status": r.status,
            "call_id": r.call_id,
            "created_at": r.created_at,
            "version": r.version,
        }
        if names:
            item.update(
                contact_name=r.contact_name,
                contact_email=r.contact_email,
                motivation=r.motivation,
                commitment=r.commitment,
            )
        if history:
            item["history"] = [
                {
                    "id": c.id,
                    "from_status": c.from_status,
                    "to_status": c.to_status,
                    "effective_on": c.effective_on,
                    "recorded_at": c.recorded_at,
                    "backdated": c.is_backdated,
                    # Who and why may name a person or the school: not for readers of codes.
                    "actor": c.actor.name if names and c.actor else None,
                    "reason": c.reason if names else "",
                }
                for c in r.status_changes
            ]
        out.append(item)
    return out


def _load_registration(registration_id: int) -> Registration:
    registration = load_registration(registration_id)
    if registration is None:
        abort(404, description=_("Deze inschrijving bestaat niet."))
    return registration


@blp.listing("/programmes", PageQuerySchema, ProgrammePageSchema, token_required())
def list_programmes(args):
    """List the programmes."""
    return paginated(programmes.programme_list(), args)


@blp.route("/programmes", methods=["POST"])
@token_required(Role.admin, write=True)
@blp.arguments(ProgrammeSchema)
@blp.response(201, ProgrammeSchema)
@blp.errors(403, 409)
def create_programme(data):
    """Create a programme (admin)."""
    programme = programmes.create_programme(
        api_user(), data["name"], data["description"], data["starts_on"]
    )
    db.session.commit()
    return programme


@blp.listing("/networks", NetworkQuerySchema, NetworkPageSchema, token_required())
def list_networks(args):
    """List the networks; filters programme_id, level, province and q (name or theme)."""
    query = networks.with_people_and_calls(
        networks.network_list(_filters(networks.NetworkFilter, args))
    )
    return paginated(query, args, lambda rows: _networks_out(api_user(), rows))


def _with_history(user: User, network: Network, out: dict) -> dict:
    """One network's body with its anchors through time (anchors are public by name)."""
    out["anchors_history"] = [
        {
            "school": _named_school_out(user, span.school) if span.school else None,
            "organisation": organisation_ref(
                span.organisation, span.school.institution_number if span.school else None
            ),
            "valid_from": span.valid_from,
            "valid_until": span.valid_until,
        }
        for span in anchor_history(network.id)
    ]
    out["parent_history"] = [
        {
            "parent": {"id": span.parent.id, "name": span.parent.name},
            "valid_from": span.valid_from,
            "valid_until": span.valid_until,
        }
        for span in parents.parent_history(network.id)
    ]
    return out


@blp.route("/networks", methods=["POST"])
@token_required(Role.admin, write=True)
@blp.arguments(NetworkInSchema)
@blp.response(201, NetworkSchema)
@blp.errors(403)
def create_network(data):
    """Create a network (admin) with 0 to 2 anchors: schools by institution number and/or
    organisations of any kind by id."""
    programme = db.session.get(Programme, data["programme_id"])
    if programme is None:
        raise DomainError(_("Onbekend programma: %(id)s.", id=data["programme_id"]))
    anchors = networks.anchors_by_reference(
        [n.strip() for n in data["anchor_schools"]], data["anchor_organisations"]
    )
    coaches = networks.users_by_email(data["coaches"])
    network = networks.create_network(
        api_user(),
        networks.NetworkData(
            name=data["name"],
            programme=programme,
            level=data["level"],
            anchors=anchors,
            type=data["type"],
            theme=data["theme"],
            province=data["province"],
            region=data["region"],
            capacity=data["capacity"],
            coaches=coaches,
            description=data["description"],
            rhythm=data["rhythm"],
            auto_accept=data["auto_accept"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            parent=parents.load_parent(data["parent_id"]),
        ),
    )
    db.session.commit()
    return _with_history(api_user(), network, _networks_out(api_user(), [network])[0])


# One view class for the path: werkzeug answers a too large id (beyond MAX_INT, which the converter
# refuses) with 405 instead of 404 when another rule of the same path has the method.
@blp.route("/networks/<int:network_id>")
class NetworkResource(MethodView):
    """One network."""

    @token_required()
    @blp.response(200, NetworkSchema)
    @blp.errors(404)
    def get(self, network_id):
        """One network with its anchors, coaches, calls and places left."""
        # The list's select narrowed to one network: the same relations loaded.
        network = db.session.scalar(
            networks.with_people_and_calls(networks.network_list(networks.NetworkFilter())).where(
                Network.id == network_id
            )
        )
        if network is None:
            abort(404, description=_("Dit netwerk bestaat niet."))
        return _with_history(api_user(), network, _networks_out(api_user(), [network])[0])

    @token_required(Role.admin, write=True)
    @blp.arguments(NetworkPatchSchema)
    @blp.response(200, NetworkSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, network_id):
        """Change the fields sent of a network (admin), as its edit page does; a change of
        anchors, level, programme or parent holds from effective_on (default today)."""
        network = db.get_or_404(Network, network_id, description=_("Dit netwerk bestaat niet."))
        seen = data.pop("version")
        change = networks.network_data_of(network, **_network_changes(data))
        patched(network, seen, lambda: networks.update_network(api_user(), network, change))
        db.session.commit()
        return _with_history(api_user(), network, _networks_out(api_user(), [network])[0])


def _network_changes(data: dict) -> dict:
    """A PATCH body as NetworkData fields: ids, numbers and addresses looked up."""
    changes = dict(data)
    if "programme_id" in changes:
        programme = db.session.get(Programme, changes.pop("programme_id"))
        if programme is None:
            raise DomainError(_("Kies een bestaand programma."), field="programme_id")
        changes["programme"] = programme
    if "anchor_schools" in changes:
        numbers = [n.strip() for n in changes.pop("anchor_schools")]
        changes["anchors"] = networks.schools_by_number(numbers)
    if "coaches" in changes:
        changes["coaches"] = networks.users_by_email(changes.pop("coaches"))
    if "parent_id" in changes:
        changes["parent"] = parents.load_parent(changes.pop("parent_id"))
    return changes


@blp.route("/networks/<int:network_id>/registrations", methods=["POST"])
@token_required(*WRITERS, write=True)
@blp.arguments(RegistrationInSchema)
@blp.response(201, RegistrationSchema)
@blp.errors(403, 404, 409)
def register(data, network_id):
    """Register a school (by institution number) for a network."""
    network = db.get_or_404(Network, network_id, description=_("Dit netwerk bestaat niet."))
    school = db.session.scalar(
        select(School).where(School.institution_number == data["institution_number"].strip())
    )
    if school is None:
        raise DomainError(
            _("Onbekend instellingsnummer: %(n)s.", n=data["institution_number"]),
            status_code=404,
            code="not_found",
        )
    registration = registrations.register_school(
        api_user(),
        network,
        school,
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        motivation=data["motivation"],
        commitment=data["commitment"],
        effective_on=data["effective_on"],
        reason=data["reason"],
        acknowledge_publications=data["acknowledge_publications"],
    )
    db.session.commit()
    return _registrations_out(api_user(), [_load_registration(registration.id)], True)[0]


@blp.listing("/registrations", RegistrationQuerySchema, RegistrationPageSchema, token_required())
def list_registrations(args):
    """List registrations: school users see their schools', coaches their networks'."""
    user = api_user()
    query = registration_list(user, _filters(RegistrationFilter, args))
    return paginated(query, args, lambda rows: _registrations_out(user, rows, False))


@blp.route("/registrations/<int:registration_id>")
class RegistrationResource(MethodView):
    """One registration."""

    @token_required()
    @blp.response(200, RegistrationSchema)
    @blp.errors(403, 404)
    def get(self, registration_id):
        """One registration with its dated status history."""
        registration = _load_registration(registration_id)
        if not can_read_registration(api_user(), registration):
            abort(403, description=_("U hebt geen toegang tot deze inschrijving."))
        return _registrations_out(api_user(), [registration], True)[0]

    @token_required(Role.admin, Role.school, write=True)
    @blp.arguments(RegistrationPatchSchema)
    @blp.response(200, RegistrationSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, registration_id):
        """Change a registration's contact person (the school's own users and admins), as the
        registration page does; the address follows the page's rules (409 on a stale version)."""
        registration = _load_registration(registration_id)
        user = api_user()
        if not can_edit_contact(user, registration):
            abort(403, description=_("U hebt geen toegang tot deze inschrijving."))
        contact = {
            "contact_name": data.get("contact_name", registration.contact_name),
            "contact_email": data.get("contact_email", registration.contact_email),
        }
        patched(
            registration,
            data["version"],
            lambda: registrations.update_contact(user, registration, **contact),
        )
        db.session.commit()
        return _registrations_out(user, [_load_registration(registration_id)], True)[0]


@blp.route("/registrations/<int:registration_id>/transitions", methods=["POST"])
@token_required(*WRITERS, write=True)
@blp.arguments(TransitionInSchema)
@blp.response(200, RegistrationSchema)
@blp.errors(403, 404, 409)
def transition(data, registration_id):
    """Move a registration: accepted, waitlisted, declined (coach/admin) or withdrawn (school)."""
    registration = _load_registration(registration_id)
    user = api_user()
    if not (
        can_read_registration(user, registration) or can_manage_network(user, registration.network)
    ):
        abort(403, description=_("U hebt geen toegang tot deze inschrijving."))
    registrations.transition(
        user,
        registration,
        data["to"],
        reason=data["reason"],
        effective_on=data["effective_on"],
        acknowledge_publications=data["acknowledge_publications"],
    )
    db.session.commit()
    return _registrations_out(user, [_load_registration(registration_id)], True)[0]


# The readable docs page is plain Flask (not part of the OpenAPI document it describes).
def api_docs():
    """A readable page of the API, rendered from the OpenAPI document (no scripts, no CDN)."""
    api = current_app.extensions["flask-smorest"]["blp_name_to_api"][blp.name]
    spec = copy.deepcopy(api.spec.to_dict())  # the summaries change per language: a copy
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if isinstance(operation, dict) and "summary" in operation:
                operation["summary"] = summary_of(method, path, operation["summary"])
    return render_template("networks/api_docs.html", spec=spec)


FlaskBlueprint.add_url_rule(blp, "/docs", "docs", api_docs)
