"""A network's members that are not registered schools (issue 20): who may read the network's
details sees them; its coaches and admins add and end memberships."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import carry_out, render_form
from netwerk.labels import enum_label
from netwerk.networks import members
from netwerk.networks.blueprint import bp
from netwerk.networks.forms import EndMemberForm, MemberForm
from netwerk.networks.models import MembershipRole, Network, NetworkMembership
from netwerk.networks.permissions import can_manage_network, can_view_network_details
from netwerk.schools.models import Organisation, OrganisationKind


def _form() -> MemberForm:
    """The add form with the organisations (not schools: they register) and the roles a
    membership may have (an anchor is set with the network)."""
    form = MemberForm()
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind)
        .where(Organisation.kind != OrganisationKind.school)
        .order_by(Organisation.name, Organisation.id)
    )
    form.organisation.choices = [("", _("— kies een organisatie —"))] + [
        (i, f"{name} ({enum_label(kind)})") for i, name, kind in organisations
    ]
    form.role.choices = [
        (r.value, enum_label(r)) for r in MembershipRole if r is not MembershipRole.anker
    ]
    return form


def _load(network_id: int) -> Network:
    network = db.get_or_404(Network, network_id)
    if not can_view_network_details(current_user, network):
        abort(403)
    return network


@bp.route("/<int:network_id>/leden", methods=["GET", "POST"])
@role_required(Role.admin, Role.ministry, Role.coach, Role.school)
def members_page(network_id: int):
    """The network's other members by role and period; its coaches and admins add one."""
    network = _load(network_id)
    manages = can_manage_network(current_user, network)
    if request.method == "POST" and not manages:
        abort(403)
    form = _form() if manages else None
    if form is not None and form.validate_on_submit():

        def add():
            organisation = db.get_or_404(Organisation, form.organisation.data)
            data = members.MemberData(
                organisation,
                MembershipRole(form.role.data),
                form.valid_from.data,
                form.valid_until.data,
            )
            return members.add_member(current_user, network, data)

        response = carry_out(
            form,
            add,
            _("Het lid is toegevoegd."),
            url_for("networks.members_page", network_id=network.id),
        )
        if response is not None:
            return response
    return render_form(
        "networks/members.html",
        form=form,
        network=network,
        members=members.members(network.id),
        end_form=EndMemberForm() if manages else None,
    )


@bp.route("/<int:network_id>/leden/<int:membership_id>/beeindigen", methods=["POST"])
@role_required(Role.admin, Role.coach)
def end_member(network_id: int, membership_id: int):
    """End a membership on a day (empty: today); the history stays."""
    network = db.get_or_404(Network, network_id)
    membership = db.session.get(NetworkMembership, membership_id)
    if membership is None or membership.network_id != network.id:
        abort(404)
    if not can_manage_network(current_user, network):
        abort(403)
    form = EndMemberForm()
    target = url_for("networks.members_page", network_id=network.id)
    if not form.validate_on_submit():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(target)
    try:
        members.end_member(current_user, network, membership, form.ends_on.data)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(target)
    db.session.commit()
    flash(_("Het lidmaatschap is beëindigd."), "success")
    return redirect(target)
