"""JSON API endpoints of the networks feature, under /api/v1.

The same services and permissions as the pages. Ministry tokens read everything and write nothing;
they see schools in registrations by their pseudonymous code only.
"""

from flask import Blueprint as FlaskBlueprint
from flask import abort, current_app, render_template
from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from netwerk.apiutil import ApiBlueprint
from netwerk.auth.models import Role, User
from netwerk.auth.tokens import api_user, token_required
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import services
from netwerk.networks.models import (
    Network,
    Programme,
    Registration,
    RegistrationStatusChange,
    network_coach,
)
from netwerk.networks.permissions import can_manage_network, is_network_coach, school_ids_of
from netwerk.networks.schemas import (
    NetworkInSchema,
    NetworkPageSchema,
    NetworkQuerySchema,
    NetworkSchema,
    PageQuerySchema,
    ProgrammePageSchema,
    ProgrammeSchema,
    RegistrationInSchema,
    RegistrationPageSchema,
    RegistrationQuerySchema,
    RegistrationSchema,
    TransitionInSchema,
)
from netwerk.schools.models import School

blp = ApiBlueprint("api_networks", __name__, description="Programma's, netwerken en aanmeldingen")

WRITERS = (Role.admin, Role.coach, Role.school)


def _page(query, args: dict, dump) -> dict:
    """Run a select paginated and wrap it as {items, page, per_page, total}."""
    page, per_page = args["page"], args["per_page"]
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = db.session.scalars(query.limit(per_page).offset((page - 1) * per_page)).all()
    return {"items": dump(rows), "page": page, "per_page": per_page, "total": total}


def _school_out(school: School, with_name: bool) -> dict:
    out = {
        "id": school.id,
        "public_code": school.public_code,
        "level": school.level,
        "province": school.province,
    }
    if with_name:
        out.update(institution_number=school.institution_number, name=school.name)
    return out


def _networks_out(networks: list[Network]) -> list[dict]:
    left = services.places_left_by_network(n.id for n in networks)
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
            # Anchor schools are public by name.
            "anchors": [_school_out(s, True) for s in n.anchors],
            "coaches": [{"id": u.id, "name": u.name, "email": u.email} for u in n.coaches],
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
        for n in networks
    ]


def _network_options():
    return (
        selectinload(Network.programme),
        selectinload(Network.anchors),
        selectinload(Network.coaches),
        selectinload(Network.calls),
    )


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
            "school": _school_out(r.school, names),
            "status": r.status,
            "call_id": r.call_id,
            "created_at": r.created_at,
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
                    # Who and why may name a person or the school: not for readers of codes.
                    "actor": c.actor.name if names and c.actor else None,
                    "reason": c.reason if names else "",
                }
                for c in r.status_changes
            ]
        out.append(item)
    return out


def _can_read_registration(user: User, registration: Registration) -> bool:
    if user.role in (Role.admin, Role.ministry):
        return True
    if user.role is Role.coach:
        return is_network_coach(user, registration.network)
    return registration.school_id in school_ids_of(user)


def _load_registration(registration_id: int) -> Registration:
    registration = db.session.scalar(
        select(Registration)
        .where(Registration.id == registration_id)
        .options(
            selectinload(Registration.school),
            selectinload(Registration.network),
            selectinload(Registration.status_changes).selectinload(RegistrationStatusChange.actor),
        )
    )
    if registration is None:
        abort(404, description=_("Deze aanmelding bestaat niet."))
    return registration


@blp.route("/programmes")
@token_required()
@blp.arguments(PageQuerySchema, location="query")
@blp.response(200, ProgrammePageSchema)
def list_programmes(args):
    """List the programmes."""
    query = select(Programme).order_by(Programme.name)
    return _page(query, args, lambda rows: rows)


@blp.route("/programmes", methods=["POST"])
@token_required(Role.admin, write=True)
@blp.arguments(ProgrammeSchema)
@blp.response(201, ProgrammeSchema)
@blp.errors(403)
def create_programme(data):
    """Create a programme (admin)."""
    programme = services.create_programme(api_user(), data["name"], data["description"])
    db.session.commit()
    return programme


@blp.route("/networks")
@token_required()
@blp.arguments(NetworkQuerySchema, location="query")
@blp.response(200, NetworkPageSchema)
def list_networks(args):
    """List the networks; filters programme_id, level, province and q (name or theme)."""
    query = select(Network).options(*_network_options()).order_by(Network.name, Network.id)
    if "programme_id" in args:
        query = query.where(Network.programme_id == args["programme_id"])
    if "level" in args:
        query = query.where(Network.level == args["level"])
    if "province" in args:
        query = query.where(Network.province == args["province"])
    if args.get("q"):
        like = f"%{args['q'].strip().lower()}%"
        query = query.where(
            or_(func.lower(Network.name).like(like), func.lower(Network.theme).like(like))
        )
    return _page(query, args, _networks_out)


@blp.route("/networks/<int:network_id>")
@token_required()
@blp.response(200, NetworkSchema)
@blp.errors(404)
def get_network(network_id):
    """One network with its anchors, coaches, calls and places left."""
    network = db.session.scalar(
        select(Network).where(Network.id == network_id).options(*_network_options())
    )
    if network is None:
        abort(404, description=_("Dit netwerk bestaat niet."))
    return _networks_out([network])[0]


@blp.route("/networks", methods=["POST"])
@token_required(Role.admin, write=True)
@blp.arguments(NetworkInSchema)
@blp.response(201, NetworkSchema)
@blp.errors(403)
def create_network(data):
    """Create a network (admin) with 1 or 2 anchor schools given by institution number."""
    programme = db.session.get(Programme, data["programme_id"])
    if programme is None:
        raise DomainError(_("Onbekend programma: %(id)s.", id=data["programme_id"]))
    numbers = [n.strip() for n in data["anchor_schools"]]
    anchors = list(db.session.scalars(select(School).where(School.institution_number.in_(numbers))))
    missing = sorted(set(numbers) - {s.institution_number for s in anchors})
    if missing:
        raise DomainError(_("Onbekend instellingsnummer: %(n)s.", n=", ".join(missing)))
    emails = [e.strip().lower() for e in data["coaches"]]
    coaches = list(db.session.scalars(select(User).where(func.lower(User.email).in_(emails))))
    missing = sorted(set(emails) - {u.email.lower() for u in coaches})
    if missing:
        raise DomainError(_("Onbekende gebruiker: %(e)s.", e=", ".join(missing)))
    network = services.create_network(
        api_user(),
        services.NetworkData(
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
        ),
    )
    db.session.commit()
    return _networks_out([network])[0]


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
    registration = services.register_school(
        api_user(),
        network,
        school,
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        motivation=data["motivation"],
        commitment=data["commitment"],
        effective_on=data["effective_on"],
        reason=data["reason"],
    )
    db.session.commit()
    return _registrations_out(api_user(), [_load_registration(registration.id)], True)[0]


@blp.route("/registrations")
@token_required()
@blp.arguments(RegistrationQuerySchema, location="query")
@blp.response(200, RegistrationPageSchema)
def list_registrations(args):
    """List registrations: school users see their schools', coaches their networks'."""
    user = api_user()
    query = (
        select(Registration)
        .options(selectinload(Registration.school), selectinload(Registration.network))
        .order_by(Registration.id)
    )
    if user.role is Role.school:
        query = query.where(Registration.school_id.in_(school_ids_of(user)))
    elif user.role is Role.coach:
        query = query.where(
            Registration.network_id.in_(
                select(network_coach.c.network_id).where(network_coach.c.user_id == user.id)
            )
        )
    if "network_id" in args:
        query = query.where(Registration.network_id == args["network_id"])
    if "status" in args:
        query = query.where(Registration.status == args["status"])
    return _page(query, args, lambda rows: _registrations_out(user, rows, False))


@blp.route("/registrations/<int:registration_id>")
@token_required()
@blp.response(200, RegistrationSchema)
@blp.errors(403, 404)
def get_registration(registration_id):
    """One registration with its dated status history."""
    registration = _load_registration(registration_id)
    if not _can_read_registration(api_user(), registration):
        abort(403, description=_("U hebt geen toegang tot deze aanmelding."))
    return _registrations_out(api_user(), [registration], True)[0]


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
        _can_read_registration(user, registration) or can_manage_network(user, registration.network)
    ):
        abort(403, description=_("U hebt geen toegang tot deze aanmelding."))
    services.transition(
        user, registration, data["to"], reason=data["reason"], effective_on=data["effective_on"]
    )
    db.session.commit()
    return _registrations_out(user, [_load_registration(registration_id)], True)[0]


# The readable docs page is plain Flask (not part of the OpenAPI document it describes).
def api_docs():
    """A readable page of the API, rendered from the OpenAPI document (no scripts, no CDN)."""
    api = current_app.extensions["flask-smorest"]["blp_name_to_api"][blp.name]
    spec = api.spec.to_dict()
    return render_template("networks/api_docs.html", spec=spec)


FlaskBlueprint.add_url_rule(blp, "/docs", "docs", api_docs)
