"""A non-school organisation's contact signs it up for a network, and stops (networks.signup)."""

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks import signup
from netwerk.networks.blueprint import bp
from netwerk.networks.models import Network, NetworkMembership
from netwerk.schools.models import Organisation


def _done(target: str, change, message: str):
    """Carry out the change: commit and flash, or roll back and flash the Dutch refusal."""
    if not FlaskForm().validate_on_submit():
        flash(_("Het formulier is verlopen. Probeer opnieuw."), "error")
        return redirect(target)
    try:
        change()
    except DomainError as exc:
        db.session.rollback()
        if exc.status_code == 403:
            abort(403)
        flash(exc.message, "error")
        return redirect(target)
    db.session.commit()
    flash(message, "success")
    return redirect(target)


@bp.route("/<int:network_id>/deelnemen/<int:organisation_id>", methods=["POST"])
@role_required(Role.school)
def sign_up(network_id: int, organisation_id: int):
    """Sign the contact's organisation up as deelnemer where an open call allows its kind."""
    network = db.get_or_404(Network, network_id)
    organisation = db.get_or_404(Organisation, organisation_id)
    target = url_for("networks.detail", network_id=network.id)
    return _done(
        target,
        lambda: signup.sign_up(current_user, network, organisation),
        _("%(name)s neemt deel aan dit netwerk.", name=organisation.name),
    )


@bp.route("/deelnames/<int:membership_id>/stoppen", methods=["POST"])
@role_required(Role.school)
def stop_membership(membership_id: int):
    """The contact ends its organisation's participation (history stays)."""
    membership = db.get_or_404(NetworkMembership, membership_id)
    return _done(
        url_for("main.index"),
        lambda: signup.withdraw(current_user, membership),
        _("De deelname is gestopt."),
    )
