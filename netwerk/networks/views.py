"""Pages of the networks feature: calls, networks, registrations, the roster and admin pages."""

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role, User
from netwerk.errors import DomainError
from netwerk.extensions import MAX_INT, db
from netwerk.formatting import enum_label, format_day
from netwerk.ids import is_id
from netwerk.navigation import NavItem
from netwerk.networks import services
from netwerk.networks.forms import (
    BulkForm,
    CallForm,
    NetworkForm,
    ProgrammeForm,
    RegistrationForm,
    WithdrawForm,
    as_choices,
)
from netwerk.networks.models import (
    Call,
    Network,
    NetworkType,
    Programme,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.networks.permissions import can_manage_network, can_see_school_names, school_ids_of
from netwerk.schools.models import Province, School, SchoolLevel
from netwerk.timeutil import parse_date, today

bp = Blueprint("networks", __name__, url_prefix="/netwerken")
A, M, C, S = Role.admin, Role.ministry, Role.coach, Role.school

MENU = (
    NavItem("networks.calls", _l("Oproepen"), (A, C, S), _l("Open oproepen en hun netwerken")),
    NavItem(
        "networks.my_registrations", _l("Mijn aanmeldingen"), (S,), _l("Status van uw aanmeldingen")
    ),
    NavItem("networks.index", _l("Netwerken"), (A, M, C, S), _l("Alle lerende netwerken")),
)


def _enum_arg(name: str, enum_cls):
    """An enum filter from the query string; a wrong value is a 400 with a Dutch message."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    try:
        return enum_cls(value)
    except ValueError:
        raise DomainError(
            _("Ongeldige waarde voor filter '%(name)s': %(value)s", name=name, value=value[:40]),
            status_code=400,
        ) from None


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return None
    if not is_id(value):
        raise DomainError(
            _("Ongeldige waarde voor filter '%(name)s': %(value)s", name=name, value=value[:40]),
            status_code=400,
        )
    return int(value)


def _page_arg() -> int:
    return _int_arg("page") or 1


def _form_status() -> int:
    """A POST that comes back to its form did not pass: 422, so that clients see the refusal."""
    return 422 if request.method == "POST" else 200


def _optional_day(text: str | None):
    return parse_date(text) if text and text.strip() else None


# ------------------------------------------------------------------------------------------------
# Browsing
# ------------------------------------------------------------------------------------------------


@bp.route("/oproepen")
@role_required(A, C, S)
def calls():
    """The calls open today with their networks and places left."""
    open_calls = services.open_calls()
    left = services.places_left_by_network(n.id for c in open_calls for n in c.networks)
    return render_template("networks/calls.html", calls=open_calls, left=left, today=today())


@bp.route("/")
@role_required()
def index():
    """All networks, filtered by programme, level and province, paginated."""
    programme_id = _int_arg("programme")
    level = _enum_arg("level", SchoolLevel)
    province = _enum_arg("province", Province)
    query = (
        select(Network)
        .options(selectinload(Network.anchors), selectinload(Network.programme))
        .order_by(Network.name, Network.id)
    )
    if programme_id:
        query = query.where(Network.programme_id == programme_id)
    if level:
        query = query.where(Network.level == level)
    if province:
        query = query.where(Network.province == province)
    page = db.paginate(query, page=_page_arg(), per_page=25, error_out=False)
    left = services.places_left_by_network(n.id for n in page.items)
    programmes = db.session.scalars(select(Programme).order_by(Programme.name)).all()
    return render_template(
        "networks/index.html",
        page=page,
        left=left,
        programmes=programmes,
        filters={"programme": programme_id, "level": level, "province": province},
        SchoolLevel=SchoolLevel,
        Province=Province,
    )


@bp.route("/<int:network_id>")
@role_required()
def detail(network_id: int):
    """A network: anchors, level, region, places left, calls; the register button when allowed."""
    network = db.get_or_404(Network, network_id)
    own = []
    if current_user.role is Role.school:
        own = db.session.scalars(
            select(Registration)
            .where(
                Registration.network_id == network.id,
                Registration.school_id.in_(school_ids_of(current_user)),
            )
            .options(selectinload(Registration.school))
        ).all()
    return render_template(
        "networks/detail.html",
        network=network,
        places_left=services.places_left(network),
        accepted=services.accepted_count(network.id),
        open_call=services.open_call_for(network, today()),
        can_register=services.can_register_for(current_user, network),
        own=own,
    )


# ------------------------------------------------------------------------------------------------
# Registering and withdrawing
# ------------------------------------------------------------------------------------------------


def _school_choices(network: Network) -> list:
    if current_user.role is Role.school:
        schools = sorted(current_user.schools, key=lambda s: s.name)
    else:
        schools = db.session.scalars(
            select(School).where(School.level == network.level).order_by(School.name)
        ).all()
        # Admins and coaches register any school; the network's level comes first.
        others = db.session.scalars(
            select(School).where(School.level != network.level).order_by(School.name)
        ).all()
        schools = list(schools) + list(others)
    return as_choices((s.id, f"{s.name} ({s.institution_number})") for s in schools)


@bp.route("/<int:network_id>/aanmelden", methods=["GET", "POST"])
@role_required(A, C, S)
def register(network_id: int):
    """Register one of the user's schools for a network (admins and coaches: any school)."""
    network = db.get_or_404(Network, network_id)
    if not services.can_register_for(current_user, network):
        abort(403)
    form = RegistrationForm()
    form.school.choices = _school_choices(network)
    if form.validate_on_submit():
        try:
            registration = services.register_school(
                current_user,
                network,
                db.get_or_404(School, form.school.data),
                contact_name=form.contact_name.data,
                contact_email=form.contact_email.data,
                motivation=form.motivation.data or "",
                commitment=form.commitment.data,
                effective_on=_optional_day(form.effective_on.data),
                reason=form.reason.data or "",
            )
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            status = enum_label(registration.status)
            db.session.commit()
            flash(_("De aanmelding is ontvangen (status: %(status)s).", status=status), "success")
            if current_user.role is Role.school:
                return redirect(url_for("networks.my_registrations"))
            return redirect(url_for("networks.roster", network_id=network.id))
    elif request.method == "GET" and current_user.role is Role.school:
        form.contact_name.data = current_user.name
        form.contact_email.data = current_user.email
    manager = can_manage_network(current_user, network)
    return render_template(
        "networks/register.html",
        network=network,
        form=form,
        manager=manager,
        open_call=services.open_call_for(network, today()),
    ), _form_status()


@bp.route("/mijn-aanmeldingen")
@role_required(S)
def my_registrations():
    """The registrations of the user's schools, with status, history and a withdraw button."""
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.school_id.in_(school_ids_of(current_user)))
        .options(
            selectinload(Registration.school),
            selectinload(Registration.network),
            selectinload(Registration.status_changes).selectinload(RegistrationStatusChange.actor),
        )
        .order_by(Registration.created_at.desc(), Registration.id.desc())
    ).all()
    return render_template(
        "networks/my_registrations.html",
        registrations=registrations,
        withdraw_form=WithdrawForm(),
        withdrawable=services.ALLOWED_MOVES,
        withdrawn=RegistrationStatus.withdrawn,
    )


@bp.route("/aanmeldingen/<int:registration_id>/intrekken", methods=["POST"])
@role_required(A, S)
def withdraw(registration_id: int):
    """Withdraw a registration (the school itself, or an admin)."""
    registration = db.get_or_404(Registration, registration_id)
    if current_user.role is Role.school and registration.school_id not in school_ids_of(
        current_user
    ):
        abort(403)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            services.transition(
                current_user,
                registration,
                RegistrationStatus.withdrawn,
                reason=form.reason.data or "",
            )
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("De aanmelding is ingetrokken."), "success")
    else:
        flash(_("Het formulier is ongeldig."), "error")
    if current_user.role is Role.school:
        return redirect(url_for("networks.my_registrations"))
    return redirect(url_for("networks.roster", network_id=registration.network_id))


# ------------------------------------------------------------------------------------------------
# The roster of a network (coaches and admins; ministry reads it with codes only)
# ------------------------------------------------------------------------------------------------


def _roster_query(network: Network):
    status = _enum_arg("status", RegistrationStatus)
    level = _enum_arg("level", SchoolLevel)
    province = _enum_arg("province", Province)
    query = (
        select(Registration)
        .join(School, School.id == Registration.school_id)
        .where(Registration.network_id == network.id)
        .options(
            selectinload(Registration.school),
            selectinload(Registration.status_changes).selectinload(RegistrationStatusChange.actor),
        )
        .order_by(School.name, Registration.id)
    )
    if status:
        query = query.where(Registration.status == status)
    if level:
        query = query.where(School.level == level)
    if province:
        query = query.where(School.province == province)
    return query, {"status": status, "level": level, "province": province}


def _load_roster_network(network_id: int) -> Network:
    network = db.get_or_404(Network, network_id)
    if not (current_user.role is Role.ministry or can_manage_network(current_user, network)):
        abort(403)
    return network


@bp.route("/<int:network_id>/aanmeldingen", methods=["GET", "POST"])
@role_required(A, M, C)
def roster(network_id: int):
    """The registrations of a network with filters, bulk moves and the waiting list in order."""
    network = _load_roster_network(network_id)
    manager = can_manage_network(current_user, network)
    if request.method == "POST" and not manager:
        abort(403)
    query, filters = _roster_query(network)
    page = db.paginate(query, page=_page_arg(), per_page=100, error_out=False)
    form = BulkForm()
    form.registrations.choices = as_choices((r.id, str(r.id)) for r in page.items)
    if request.method == "POST":
        # The chosen ids may lie outside the current filter; load them from this network only.
        ids = request.form.getlist("registrations", type=int)
        form.registrations.choices = as_choices((i, str(i)) for i in ids)
        if form.validate_on_submit():
            # An id past the database's integer cannot be one of ours (and would overflow the
            # driver): left out of the query, it is reported as not of this network below.
            possible = [i for i in ids if 0 < i <= MAX_INT]
            chosen = db.session.scalars(
                select(Registration)
                .where(Registration.network_id == network.id, Registration.id.in_(possible))
                .options(selectinload(Registration.school))
                .order_by(Registration.created_at, Registration.id)
            ).all()
            try:
                if len(chosen) != len(set(ids)):
                    raise DomainError(_("Sommige gekozen aanmeldingen horen niet bij dit netwerk."))
                result = services.bulk_transition(
                    current_user,
                    chosen,
                    RegistrationStatus(form.to.data),
                    reason=form.reason.data or "",
                    effective_on=_optional_day(form.effective_on.data),
                )
            except DomainError as exc:
                db.session.rollback()
                flash(exc.message, "error")
            else:
                db.session.commit()
                flash(
                    _(
                        "%(n)d aanmelding(en) gewijzigd naar '%(status)s'.",
                        n=len(result.moved),
                        status=enum_label(RegistrationStatus(form.to.data)),
                    ),
                    "success",
                )
                return redirect(request.full_path.rstrip("?"))
        else:
            flash(_("Kies minstens één aanmelding en een geldige actie."), "error")
    counts = dict(
        db.session.execute(
            select(Registration.status, func.count(Registration.id))
            .where(Registration.network_id == network.id)
            .group_by(Registration.status)
        ).all()
    )
    return render_template(
        "networks/roster.html",
        network=network,
        page=page,
        form=form,
        manager=manager,
        names=can_see_school_names(current_user, network),
        filters=filters,
        counts=counts,
        waiting=services.waiting_list(network.id),
        places_left=services.places_left(network),
        RegistrationStatus=RegistrationStatus,
        SchoolLevel=SchoolLevel,
        Province=Province,
    ), _form_status()


@bp.route("/<int:network_id>/aanmeldingen.csv")
@role_required(A, M, C)
def roster_csv(network_id: int):
    """The roster as CSV: ';'-separated with a BOM, so that Excel in Flanders opens it."""
    network = _load_roster_network(network_id)
    names = can_see_school_names(current_user, network)
    query, _filters = _roster_query(network)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    header = [_("Schoolcode")]
    if names:
        header += [_("Instellingsnummer"), _("School"), _("Contactpersoon"), _("E-mail")]
    header += [_("Niveau"), _("Provincie"), _("Status"), _("Sinds"), _("Aangemeld op")]
    writer.writerow(header)
    for r in db.session.scalars(query):
        last = r.status_changes[-1] if r.status_changes else None
        row = [r.school.public_code]
        if names:
            row += [r.school.institution_number, r.school.name, r.contact_name, r.contact_email]
        row += [
            enum_label(r.school.level),
            enum_label(r.school.province),
            enum_label(r.status),
            format_day(last.effective_on) if last else "",
            format_day(r.status_changes[0].effective_on) if r.status_changes else "",
        ]
        writer.writerow(row)
    filename = f"aanmeldingen-netwerk-{network.id}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


# ------------------------------------------------------------------------------------------------
# Admin: programmes, networks, calls
# ------------------------------------------------------------------------------------------------


@bp.route("/programmas", methods=["GET", "POST"])
@role_required(A)
def programmes():
    """The programmes, and a form to add one."""
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            services.create_programme(current_user, form.name.data, form.description.data or "")
        except DomainError as exc:
            db.session.rollback()
            form.name.errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Het programma is aangemaakt."), "success")
            return redirect(url_for("networks.programmes"))
    rows = db.session.execute(
        select(Programme, func.count(Network.id))
        .outerjoin(Network, Network.programme_id == Programme.id)
        .group_by(Programme.id)
        .order_by(Programme.name)
    ).all()
    return render_template("networks/programmes.html", rows=rows, form=form), _form_status()


@bp.route("/programmas/<int:programme_id>", methods=["GET", "POST"])
@role_required(A)
def programme_edit(programme_id: int):
    """Edit a programme."""
    programme = db.get_or_404(Programme, programme_id)
    form = ProgrammeForm(obj=programme)
    if form.validate_on_submit():
        try:
            services.update_programme(
                current_user,
                programme,
                form.name.data,
                form.description.data or "",
                form.is_active.data,
            )
        except DomainError as exc:
            db.session.rollback()
            form.name.errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Het programma is opgeslagen."), "success")
            return redirect(url_for("networks.programmes"))
    return render_template(
        "networks/programme_edit.html", programme=programme, form=form
    ), _form_status()


def _programme_choices() -> list:
    programmes = db.session.scalars(select(Programme).order_by(Programme.name))
    return as_choices((p.id, p.name) for p in programmes)


def _network_form(network: Network | None) -> NetworkForm:
    form = NetworkForm(obj=network)
    form.programme.choices = _programme_choices()
    coaches = db.session.scalars(
        select(User).where(User.role == Role.coach).order_by(User.name)
    ).all()
    form.coaches.choices = as_choices((u.id, f"{u.name} ({u.email})") for u in coaches)
    if network is not None and request.method == "GET":
        form.programme.data = network.programme_id
        form.type.data = network.type.value
        form.level.data = network.level.value
        form.province.data = network.province.value if network.province else ""
        form.anchors.data = ", ".join(s.institution_number for s in network.anchors)
        form.coaches.data = [u.id for u in network.coaches]
    return form


def _network_data(form: NetworkForm) -> services.NetworkData:
    """Turn the form into NetworkData; unknown institution numbers are a DomainError."""
    numbers = [n.strip() for n in form.anchors.data.replace(";", ",").split(",") if n.strip()]
    anchors = db.session.scalars(select(School).where(School.institution_number.in_(numbers))).all()
    missing = sorted(set(numbers) - {s.institution_number for s in anchors})
    if missing:
        raise DomainError(_("Onbekend instellingsnummer: %(n)s.", n=", ".join(missing)))
    programme = db.session.get(Programme, form.programme.data)
    if programme is None:
        raise DomainError(_("Kies een bestaand programma."))
    coaches = db.session.scalars(select(User).where(User.id.in_(form.coaches.data or []))).all()
    return services.NetworkData(
        name=form.name.data,
        programme=programme,
        level=SchoolLevel(form.level.data),
        anchors=list(anchors),
        type=NetworkType(form.type.data),
        theme=form.theme.data or "",
        province=Province(form.province.data) if form.province.data else None,
        region=form.region.data or "",
        capacity=form.capacity.data,
        coaches=list(coaches),
        description=form.description.data or "",
        rhythm=form.rhythm.data or "",
        is_active=form.is_active.data,
        auto_accept=form.auto_accept.data,
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(A)
def network_new():
    """Create a network."""
    form = _network_form(None)
    if form.validate_on_submit():
        try:
            network = services.create_network(current_user, _network_data(form))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Het netwerk is aangemaakt."), "success")
            return redirect(url_for("networks.detail", network_id=network.id))
    return render_template("networks/network_form.html", form=form, network=None), _form_status()


@bp.route("/<int:network_id>/bewerken", methods=["GET", "POST"])
@role_required(A)
def network_edit(network_id: int):
    """Edit a network."""
    network = db.get_or_404(Network, network_id)
    form = _network_form(network)
    if form.validate_on_submit():
        try:
            services.update_network(current_user, network, _network_data(form))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Het netwerk is opgeslagen."), "success")
            return redirect(url_for("networks.detail", network_id=network.id))
    return render_template("networks/network_form.html", form=form, network=network), _form_status()


@bp.route("/oproepen/beheer")
@role_required(A)
def call_admin():
    """Every call, newest first, with links to edit them."""
    all_calls = db.session.scalars(
        select(Call)
        .options(selectinload(Call.programme), selectinload(Call.networks))
        .order_by(Call.opens_on.desc(), Call.id.desc())
    ).all()
    return render_template("networks/call_admin.html", calls=all_calls, today=today())


def _call_form(call: Call | None) -> CallForm:
    form = CallForm(obj=call)
    form.programme.choices = _programme_choices()
    networks = db.session.scalars(
        select(Network).options(selectinload(Network.programme)).order_by(Network.name)
    ).all()
    form.networks.choices = as_choices((n.id, f"{n.name} ({n.programme.name})") for n in networks)
    if call is not None and request.method == "GET":
        form.programme.data = call.programme_id
        form.networks.data = [n.id for n in call.networks]
    return form


def _call_data(form: CallForm) -> services.CallData:
    programme = db.session.get(Programme, form.programme.data)
    if programme is None:
        raise DomainError(_("Kies een bestaand programma."))
    networks = db.session.scalars(select(Network).where(Network.id.in_(form.networks.data or [])))
    return services.CallData(
        title=form.title.data,
        programme=programme,
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        starts_on=form.starts_on.data,
        networks=list(networks),
        text=form.text.data or "",
    )


@bp.route("/oproepen/nieuw", methods=["GET", "POST"])
@role_required(A)
def call_new():
    """Create a call."""
    form = _call_form(None)
    if form.validate_on_submit():
        try:
            services.create_call(current_user, _call_data(form))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("De oproep is aangemaakt."), "success")
            return redirect(url_for("networks.call_admin"))
    return render_template("networks/call_form.html", form=form, call=None), _form_status()


@bp.route("/oproepen/<int:call_id>/bewerken", methods=["GET", "POST"])
@role_required(A)
def call_edit(call_id: int):
    """Edit a call."""
    call = db.get_or_404(Call, call_id)
    form = _call_form(call)
    if form.validate_on_submit():
        try:
            services.update_call(current_user, call, _call_data(form))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("De oproep is opgeslagen."), "success")
            return redirect(url_for("networks.call_admin"))
    return render_template("networks/call_form.html", form=form, call=call), _form_status()
