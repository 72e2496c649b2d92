"""Admin pages: programmes, networks and calls."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role, User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import answered_before, as_choices, form_page, remember_answer, render_form
from netwerk.labels import enum_label
from netwerk.networks import calls, networks, parents
from netwerk.networks.blueprint import bp, commit_or_flash
from netwerk.networks.forms import CallForm, NetworkForm, ProgrammeForm
from netwerk.networks.models import Call, Network, NetworkType, Programme
from netwerk.networks.programmes import (
    create_programme,
    network_counts,
    programme_list,
    update_programme,
)
from netwerk.schools.models import Organisation, OrganisationKind, Province, SchoolLevel
from netwerk.timeutil import today

A = Role.admin


@bp.route("/programmas", methods=["GET", "POST"])
@role_required(A)
def programmes():
    """The programmes, and a form to add one."""
    form = ProgrammeForm()
    if form.validate_on_submit() and commit_or_flash(
        lambda: create_programme(
            current_user, form.name.data, form.description.data or "", form.starts_on.data
        ),
        _("Het programma is aangemaakt."),
        errors=form.name.errors,
    ):
        return redirect(url_for("networks.programmes"))
    shown = db.session.scalars(programme_list()).all()
    counts = network_counts([p.id for p in shown])
    rows = [(p, counts[p.id]) for p in shown]
    return render_form("networks/programmes.html", rows=rows, form=form)


@bp.route("/programmas/<int:programme_id>", methods=["GET", "POST"])
@role_required(A)
def programme_edit(programme_id: int):
    """Edit a programme."""
    programme = db.get_or_404(Programme, programme_id)
    form = ProgrammeForm(obj=programme)
    if form.validate_on_submit() and commit_or_flash(
        lambda: update_programme(
            current_user,
            programme,
            form.name.data,
            form.description.data or "",
            form.is_active.data,
            form.starts_on.data,
        ),
        _("Het programma is opgeslagen."),
        errors=form.name.errors,
    ):
        return redirect(url_for("networks.programmes"))
    return render_form("networks/programme_edit.html", programme=programme, form=form)


def _programme_choices() -> list:
    return as_choices((p.id, p.name) for p in db.session.scalars(programme_list()))


def _chosen_programme(programme_id: int) -> Programme:
    programme = db.session.get(Programme, programme_id)
    if programme is None:
        raise DomainError(_("Kies een bestaand programma."))
    return programme


def _network_form(network: Network | None) -> NetworkForm:
    """The network form with its choices; filled from the network when it is shown."""
    form = NetworkForm(obj=network)
    form.programme.choices = _programme_choices()
    coaches = db.session.scalars(
        select(User).where(User.role == Role.coach).order_by(User.name)
    ).all()
    form.coaches.choices = as_choices((u.id, f"{u.name} ({u.email})") for u in coaches)
    non_schools = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind)
        .where(Organisation.kind != OrganisationKind.school)
        .order_by(Organisation.name, Organisation.id)
    )
    form.anchor_organisations.choices = [
        (i, f"{name} ({enum_label(kind)})") for i, name, kind in non_schools
    ]
    others = select(Network.id, Network.name).order_by(Network.name, Network.id)
    if network is not None:
        others = others.where(Network.id != network.id)
    form.parent.choices = as_choices(
        [("", _("(geen)")), *((str(i), name) for i, name in db.session.execute(others))]
    )
    if network is None:
        # A new network's anchors, level and programme hold from its start: nothing to date.
        del form.effective_on
        del form.reason
    if network is not None and request.method == "GET":
        form.programme.data = network.programme_id
        form.type.data = network.type.value
        form.level.data = network.level.value
        form.province.data = network.province.value if network.province else ""
        form.anchors.data = ", ".join(s.institution_number for s in network.anchors)
        form.anchor_organisations.data = [
            o.id for o in network.anchor_organisations if o.kind is not OrganisationKind.school
        ]
        form.coaches.data = [u.id for u in network.coaches]
        parent_id = parents.current_parent_id(network.id)
        form.parent.data = str(parent_id) if parent_id else ""
    return form


def _network_data(form: NetworkForm, network: Network | None = None) -> networks.NetworkData:
    """Turn the form into NetworkData; unknown institution numbers are a DomainError. The form
    names school anchors by number and anchors of other kinds from a list: 0 to 2 in all."""
    text = form.anchors.data or ""
    numbers = [n.strip() for n in text.replace(";", ",").split(",") if n.strip()]
    anchors = networks.anchors_by_reference(numbers, form.anchor_organisations.data or [])
    programme = _chosen_programme(form.programme.data)
    coaches = db.session.scalars(select(User).where(User.id.in_(form.coaches.data or []))).all()
    return networks.NetworkData(
        name=form.name.data,
        programme=programme,
        level=SchoolLevel(form.level.data),
        anchors=anchors,
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
        starts_on=form.starts_on.data,
        ends_on=form.ends_on.data,
        parent=parents.load_parent(int(form.parent.data) if form.parent.data else None),
        **_dated(form),
    )


def _dated(form: NetworkForm) -> dict:
    """The edit form's day from which a change of anchors, level or programme holds, and why."""
    if "effective_on" not in form:
        return {}
    return {"effective_on": form.effective_on.data, "reason": form.reason.data or ""}


def _created_network(form: NetworkForm) -> Network:
    """Create the network of the form and remember the form's one-time token with it."""
    network = networks.create_network(current_user, _network_data(form))
    remember_answer(form, url_for("networks.detail", network_id=network.id))
    return network


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(A)
def network_new():
    """Create a network."""
    form = _network_form(None)
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        network = commit_or_flash(lambda: _created_network(form), _("Het netwerk is aangemaakt."))
        if network is not None:
            return redirect(url_for("networks.detail", network_id=network.id))
    return render_form("networks/network_form.html", form=form, network=None)


@bp.route("/<int:network_id>/bewerken", methods=["GET", "POST"])
@role_required(A)
def network_edit(network_id: int):
    """Edit a network."""
    network = db.get_or_404(Network, network_id)
    form = _network_form(network)
    return form_page(
        form,
        lambda: networks.update_network(current_user, network, _network_data(form, network)),
        _("Het netwerk is opgeslagen."),
        url_for("networks.detail", network_id=network.id),
        "networks/network_form.html",
        network=network,
    )


@bp.route("/oproepen/beheer")
@role_required(A)
def call_admin():
    """Every call, newest first, with links to edit them."""
    return render_template("networks/call_admin.html", calls=calls.all_calls(), today=today())


def _call_form(call: Call | None) -> CallForm:
    """The call form with its choices; filled from the call when it is shown."""
    form = CallForm(obj=call)
    form.programme.choices = _programme_choices()
    offered = db.session.scalars(
        select(Network).options(selectinload(Network.programme)).order_by(Network.name)
    ).all()
    form.networks.choices = as_choices((n.id, f"{n.name} ({n.programme.name})") for n in offered)
    form.organisation_kinds.choices = [(k.value, enum_label(k)) for k in OrganisationKind]
    if call is not None and request.method == "GET":
        form.programme.data = call.programme_id
        form.networks.data = [n.id for n in call.networks]
        form.organisation_kinds.data = [kind.value for kind in call.organisation_kinds]
    return form


def _call_data(form: CallForm) -> calls.CallData:
    programme = _chosen_programme(form.programme.data)
    offered = db.session.scalars(select(Network).where(Network.id.in_(form.networks.data or [])))
    return calls.CallData(
        title=form.title.data,
        programme=programme,
        opens_on=form.opens_on.data,
        closes_on=form.closes_on.data,
        starts_on=form.starts_on.data,
        networks=list(offered),
        text=form.text.data or "",
        organisation_kinds=[OrganisationKind(v) for v in form.organisation_kinds.data or []]
        or [OrganisationKind.school],
    )


def _created_call(form: CallForm) -> Call:
    """Create the call of the form and remember the form's one-time token with it."""
    call = calls.create_call(current_user, _call_data(form))
    remember_answer(form, url_for("networks.call_admin"))
    return call


@bp.route("/oproepen/nieuw", methods=["GET", "POST"])
@role_required(A)
def call_new():
    """Create a call."""
    form = _call_form(None)
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        if commit_or_flash(lambda: _created_call(form), _("De oproep is aangemaakt.")):
            return redirect(url_for("networks.call_admin"))
    return render_form("networks/call_form.html", form=form, call=None)


@bp.route("/oproepen/<int:call_id>/bewerken", methods=["GET", "POST"])
@role_required(A)
def call_edit(call_id: int):
    """Edit a call."""
    call = db.get_or_404(Call, call_id)
    form = _call_form(call)
    if form.validate_on_submit() and commit_or_flash(
        lambda: calls.update_call(current_user, call, _call_data(form)),
        _("De oproep is opgeslagen."),
    ):
        return redirect(url_for("networks.call_admin"))
    return render_form("networks/call_form.html", form=form, call=call)
