"""Private calendar links: make and revoke them, and the iCalendar feed behind one."""

from flask import Response, abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import answered_before, as_choices, remember_answer
from netwerk.meetings import feeds as feed_services
from netwerk.meetings.blueprint import READERS, bp, refused
from netwerk.meetings.dashboard import networks_of
from netwerk.meetings.forms import ConfirmForm, FeedForm
from netwerk.meetings.ical import build_calendar
from netwerk.meetings.models import CalendarFeed
from netwerk.meetings.permissions import can_manage_feed
from netwerk.networks.models import Network


@bp.route("/agenda-links", methods=["GET", "POST"])
@role_required(*READERS)
def feeds():
    """Private calendar links: make one for all one's networks or for one network; revoke."""
    form = FeedForm()
    networks = db.session.scalars(networks_of(current_user)).all()
    form.network_id.choices = as_choices(
        [("", _("al mijn netwerken"))] + [(str(n.id), n.name) for n in networks]
    )
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        network = db.session.get(Network, form.network_id.data) if form.network_id.data else None
        try:
            _feed, token = feed_services.create_feed(current_user, network)
        except DomainError as exc:
            refused(exc)
        else:
            location = remember_answer(form, url_for("meetings.feeds"))
            db.session.commit()
            url = url_for("meetings.feed", token=token, _external=True)
            flash(
                _(
                    "Uw nieuwe agenda-link (bewaar hem nu, hij wordt niet opnieuw getoond): %(url)s",
                    url=url,
                ),
                "success",
            )
            return redirect(location)
    return render_template(
        "meetings/feeds.html",
        form=form,
        feeds=feed_services.feeds_of(current_user),
        names={n.id: n.name for n in networks},
        revoke_form=ConfirmForm(),
    )


@bp.route("/agenda-links/<int:feed_id>/intrekken", methods=["POST"])
@role_required(*READERS)
def revoke_feed(feed_id: int):
    """Revoke a calendar link: it answers 404 from now on."""
    feed = db.get_or_404(CalendarFeed, feed_id)
    if not can_manage_feed(current_user, feed):
        abort(403)
    if ConfirmForm().validate_on_submit():
        feed_services.revoke_feed(current_user, feed)
        db.session.commit()
        flash(_("De agenda-link is ingetrokken."), "success")
    return redirect(url_for("meetings.feeds"))


@bp.route("/feed/<token>.ics")
def feed(token: str):
    """The iCalendar feed behind a private link (no login: the token is the key)."""
    found = feed_services.feed_by_token(token)
    if found is None:
        abort(404)
    name, meetings = feed_services.feed_content(found)
    body = build_calendar(
        meetings,
        name,
        page_url=lambda m: url_for("meetings.detail", meeting_id=m.id, _external=True),
        host_name=feed_services.host_name_for(found),
    )
    g.no_store = True
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="netwerk.ics"'
    return response
