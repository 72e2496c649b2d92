"""The pages of a renewal round: the round list of a network for its coaches and admins (open
a round, who has and has not confirmed, close it), and the school's confirm button (on its home
page, networks/_renewal_home.html)."""

from flask import abort, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.extensions import db
from netwerk.forms import carry_out, render_form
from netwerk.networks.blueprint import bp, commit_or_flash
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_manage_network
from netwerk.networks.renewal import services
from netwerk.networks.renewal.forms import CloseRoundForm, OpenRoundForm
from netwerk.networks.renewal.models import RenewalAnswer, RenewalRound
from netwerk.timeutil import SchoolYear, today

A, C, S = Role.admin, Role.coach, Role.school


def _managed_network(network_id: int) -> Network:
    """The network (404) when the current user runs it (else 403)."""
    network = db.get_or_404(Network, network_id)
    if not can_manage_network(current_user, network):
        abort(403)
    return network


def _open_form() -> OpenRoundForm:
    """The open form with the school years a round may be opened for today."""
    form = OpenRoundForm()
    form.school_year.choices = [(str(y), str(y)) for y in services.round_years(today())]
    return form


def _close_form(round_id: int, formdata=None) -> CloseRoundForm:
    """The close form of one round, its fields prefixed so that two open rounds never share ids."""
    if formdata is None:
        return CloseRoundForm(prefix=f"ronde{round_id}", formdata=None)
    return CloseRoundForm(prefix=f"ronde{round_id}")


def _page(network: Network, open_form=None, refused_close=None):
    """The round list of a network; a refused form comes back with its messages."""
    rounds = services.rounds_of(network)
    taken = {r.school_year for r in rounds}
    open_form = open_form or _open_form()
    open_form.school_year.choices = [c for c in open_form.school_year.choices if c[0] not in taken]
    close_forms = {r.id: _close_form(r.id) for r in rounds if not r.is_closed}
    if refused_close is not None:
        close_forms[refused_close[0]] = refused_close[1]
    return render_form(
        "networks/renewal.html",
        network=network,
        rounds=rounds,
        open_form=open_form,
        close_forms=close_forms,
        successors={r.id: services.successor_of(r) for r in rounds if not r.is_closed},
        today=today(),
    )


@bp.route("/<int:network_id>/herbevestiging")
@role_required(A, C)
def renewal(network_id: int):
    """A network's renewal rounds: who has and has not confirmed; open or close a round."""
    return _page(_managed_network(network_id))


@bp.route("/<int:network_id>/herbevestiging", methods=["POST"])
@role_required(A, C)
def open_renewal(network_id: int):
    """Open the re-confirmation of a network for a school year."""
    network = _managed_network(network_id)
    form = _open_form()
    if form.validate_on_submit():
        done = carry_out(
            form,
            lambda: services.open_round(
                current_user, network, SchoolYear.parse(form.school_year.data)
            ),
            lambda r: _(
                "De herbevestiging voor %(year)s is geopend; gevraagde scholen: %(n)d.",
                year=r.school_year,
                n=len(r.answers),
            ),
            url_for("networks.renewal", network_id=network.id),
            field=form.school_year,
        )
        if done is not None:
            return done
    return _page(network, open_form=form)


@bp.route("/herbevestiging/<int:round_id>/afsluiten", methods=["POST"])
@role_required(A, C)
def close_renewal(round_id: int):
    """Close a round: the schools that did not confirm are withdrawn from 1 September."""
    renewal_round = db.get_or_404(RenewalRound, round_id)
    network = _managed_network(renewal_round.network_id)
    form = _close_form(renewal_round.id, formdata=True)
    if form.validate_on_submit():
        done = carry_out(
            form,
            lambda: services.close_round(
                current_user,
                renewal_round,
                acknowledge_publications=form.acknowledge_publications.data,
            ),
            lambda withdrawn: _(
                "De herbevestiging is afgesloten; ingetrokken scholen: %(n)d.", n=len(withdrawn)
            ),
            url_for("networks.renewal", network_id=network.id),
        )
        if done is not None:
            return done
    return _page(network, refused_close=(renewal_round.id, form))


@bp.route("/herbevestiging/antwoorden/<int:answer_id>/bevestigen", methods=["POST"])
@role_required(S)
def confirm_renewal(answer_id: int):
    """A school's own user confirms its participation in the coming school year."""
    answer = db.get_or_404(RenewalAnswer, answer_id)
    if not services.can_confirm(current_user, answer):
        abort(403)
    commit_or_flash(
        lambda: services.confirm(current_user, answer),
        _(
            "Bedankt: %(school)s neemt in %(year)s opnieuw deel aan %(network)s.",
            school=answer.registration.school.name,
            year=answer.round.school_year,
            network=answer.registration.network.name,
        ),
    )
    return redirect(url_for("main.index"))
