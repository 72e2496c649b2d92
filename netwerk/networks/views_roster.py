"""The roster of a network: its registrations with filters, bulk moves, the waiting list, CSV.

Coaches of the network and admins manage it; ministry staff read it with school codes only.
"""

import csv
import io

from flask import Response, abort, flash, redirect, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.formatting import format_day
from netwerk.forms import as_choices, render_form, show_refusal
from netwerk.labels import enum_label
from netwerk.networks.blueprint import bp, enum_arg, optional_day, page_arg
from netwerk.networks.capacity import places_left, waiting_list
from netwerk.networks.forms import BulkForm
from netwerk.networks.models import Network, RegistrationStatus
from netwerk.networks.permissions import can_manage_network, can_read_roster, can_see_school_names
from netwerk.networks.registration_lists import (
    RegistrationFilter,
    RegistrationOrder,
    earlier_periods,
    registration_list,
    registrations_in_network,
    status_counts,
)
from netwerk.networks.registrations import bulk_transition
from netwerk.schools.models import Province, SchoolLevel
from netwerk.spreadsheets import csv_row

A, M, C = Role.admin, Role.ministry, Role.coach
PER_PAGE = 100


def _roster_filter(network: Network) -> RegistrationFilter:
    """The roster's filters from the query string (a wrong value is a 400)."""
    return RegistrationFilter(
        network_id=network.id,
        status=enum_arg("status", RegistrationStatus),
        level=enum_arg("level", SchoolLevel),
        province=enum_arg("province", Province),
        order=RegistrationOrder.school,
        latest_only=True,
    )


def _load_roster_network(network_id: int) -> Network:
    network = db.get_or_404(Network, network_id)
    if not can_read_roster(current_user, network):
        abort(403)
    return network


def _bulk_move(network: Network, form: BulkForm):
    """Move the chosen registrations; a redirect when done, None when refused (flashed)."""
    # The chosen ids may lie outside the current filter; load them from this network only.
    ids = request.form.getlist("registrations", type=int)
    form.registrations.choices = as_choices((i, str(i)) for i in ids)
    if not form.validate_on_submit():
        flash(_("Kies minstens één inschrijving en een geldige actie."), "error")
        return None
    chosen = registrations_in_network(network.id, ids)
    to = RegistrationStatus(form.to.data)
    try:
        if len(chosen) != len(set(ids)):
            raise DomainError(_("Sommige gekozen inschrijvingen horen niet bij dit netwerk."))
        result = bulk_transition(
            current_user,
            chosen,
            to,
            reason=form.reason.data or "",
            effective_on=optional_day(form.effective_on.data),
            acknowledge_publications=form.acknowledge_publications.data,
        )
    except DomainError as exc:
        db.session.rollback()
        show_refusal(form, exc)
        return None
    db.session.commit()
    flash(
        ngettext(
            "%(num)d inschrijving gewijzigd naar '%(status)s'.",
            "%(num)d inschrijvingen gewijzigd naar '%(status)s'.",
            len(result.moved),
            status=enum_label(to),
        ),
        "success",
    )
    return redirect(request.full_path.rstrip("?"))


@bp.route("/<int:network_id>/aanmeldingen", methods=["GET", "POST"])
@role_required(A, M, C)
def roster(network_id: int):
    """The registrations of a network with filters, bulk moves and the waiting list in order."""
    network = _load_roster_network(network_id)
    manager = can_manage_network(current_user, network)
    if request.method == "POST" and not manager:
        abort(403)
    filters = _roster_filter(network)
    page = db.paginate(
        registration_list(current_user, filters),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    form = BulkForm()
    form.registrations.choices = as_choices((r.id, str(r.id)) for r in page.items)
    if request.method == "POST":
        done = _bulk_move(network, form)
        if done is not None:
            return done
    return render_form(
        "networks/roster.html",
        network=network,
        page=page,
        form=form,
        manager=manager,
        names=can_see_school_names(current_user, network),
        filters={"status": filters.status, "level": filters.level, "province": filters.province},
        counts=status_counts(network.id),
        earlier=earlier_periods(page.items),
        waiting=waiting_list(network.id),
        places_left=places_left(network),
        RegistrationStatus=RegistrationStatus,
        SchoolLevel=SchoolLevel,
        Province=Province,
    )


def _roster_rows(network: Network, names: bool):
    """The header and the rows of the roster's CSV; names and contacts only for who may see them."""
    header = [_("Schoolcode")]
    if names:
        header += [_("Instellingsnummer"), _("School"), _("Contactpersoon"), _("E-mail")]
    header += [_("Niveau"), _("Provincie"), _("Status"), _("Sinds"), _("Ingeschreven op")]
    yield header
    for r in db.session.scalars(registration_list(current_user, _roster_filter(network))):
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
        yield row


@bp.route("/<int:network_id>/aanmeldingen.csv")
@role_required(A, M, C)
def roster_csv(network_id: int):
    """The roster as CSV: ';'-separated with a BOM, so that Excel in Flanders opens it."""
    network = _load_roster_network(network_id)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    # Contact names are typed by school users: neutralised so that no cell runs as a formula.
    rows = _roster_rows(network, can_see_school_names(current_user, network))
    writer.writerows(csv_row(row) for row in rows)
    filename = f"inschrijvingen-netwerk-{network.id}.csv"
    return Response(
        "\ufeff" + buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
