"""The webhook pages (admins): the endpoints, a form to add or change one, and per endpoint its
delivery log with a "resend" action."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.extensions import db
from netwerk.forms import carry_out, form_page
from netwerk.navigation import NavItem
from netwerk.paging import paginate
from netwerk.webhooks import services
from netwerk.webhooks.forms import ConfirmForm, EndpointEditForm, EndpointForm
from netwerk.webhooks.models import WebhookDelivery, WebhookEndpoint

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

MENU = (
    NavItem("webhooks.endpoints", _l("Webhooks"), (Role.admin,), _l("Andere systemen verwittigen")),
)
DELIVERIES_PER_PAGE = 50


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    return db.get_or_404(WebhookEndpoint, endpoint_id)


@bp.route("")
@role_required(Role.admin)
def endpoints():
    """Every registered endpoint with its events and whether it is active."""
    rows = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    return render_template("webhooks/endpoints.html", endpoints=rows)


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(Role.admin)
def create():
    """Register a new endpoint."""
    form = EndpointForm()
    return form_page(
        form,
        lambda: services.create_endpoint(
            current_user,
            form.url.data,
            form.events.data or [],
            form.secret.data or "",
            form.description.data or "",
        ),
        _("De webhook is toegevoegd."),
        lambda endpoint: url_for("webhooks.deliveries", endpoint_id=endpoint.id),
        "webhooks/form.html",
        endpoint=None,
    )


@bp.route("/<int:endpoint_id>/wijzigen", methods=["GET", "POST"])
@role_required(Role.admin)
def edit(endpoint_id: int):
    """Change an endpoint's URL, events, secret or whether it is active."""
    endpoint = _endpoint(endpoint_id)
    form = EndpointEditForm(obj=endpoint)
    if request.method == "GET":
        form.events.data = endpoint.event_list
        form.secret.data = ""
    return form_page(
        form,
        lambda: services.update_endpoint(
            current_user,
            endpoint,
            url=form.url.data,
            events=form.events.data or [],
            is_active=form.is_active.data,
            description=form.description.data or "",
            secret=form.secret.data or "",
        ),
        _("De webhook is opgeslagen."),
        url_for("webhooks.deliveries", endpoint_id=endpoint.id),
        "webhooks/form.html",
        endpoint=endpoint,
    )


@bp.route("/<int:endpoint_id>/verwijderen", methods=["GET", "POST"])
@role_required(Role.admin)
def delete(endpoint_id: int):
    """Ask, then delete an endpoint with its delivery log."""
    endpoint = _endpoint(endpoint_id)
    form = ConfirmForm()
    return form_page(
        form,
        lambda: services.delete_endpoint(current_user, endpoint),
        _("De webhook is verwijderd."),
        url_for("webhooks.endpoints"),
        "webhooks/delete.html",
        endpoint=endpoint,
    )


@bp.route("/<int:endpoint_id>/verzendingen")
@role_required(Role.admin)
def deliveries(endpoint_id: int):
    """An endpoint's delivery log, newest first, with its secret for the receiver's check."""
    endpoint = _endpoint(endpoint_id)
    page = paginate(
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()),
        per_page=DELIVERIES_PER_PAGE,
    )
    return render_template("webhooks/deliveries.html", endpoint=endpoint, page=page)


@bp.route("/verzendingen/<int:delivery_id>/opnieuw", methods=["POST"])
@role_required(Role.admin)
def resend(delivery_id: int):
    """Send a delivery again (as a new delivery the worker sends at once)."""
    delivery = db.get_or_404(WebhookDelivery, delivery_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    back = url_for("webhooks.deliveries", endpoint_id=delivery.endpoint_id)
    done = _("De gebeurtenis wordt opnieuw verstuurd.")
    return carry_out(form, lambda: services.resend(current_user, delivery), done, back) or (
        redirect(back)
    )
