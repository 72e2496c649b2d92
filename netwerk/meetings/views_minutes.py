"""The minutes of a meeting: write them (every save a revision) and read their history."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings.blueprint import (
    READERS,
    WRITERS,
    bp,
    form_page,
    meeting_to_manage,
    meeting_to_view,
    refused,
)
from netwerk.meetings.forms import MinutesForm
from netwerk.meetings.minutes import (
    current_minutes,
    minutes_version,
    render_markdown,
    save_minutes,
)
from netwerk.meetings.minutes import minutes_history as revisions_of


@bp.route("/<int:meeting_id>/verslag", methods=["GET", "POST"])
@role_required(*WRITERS)
def minutes(meeting_id: int):
    """Write the minutes in Markdown; every save is a new revision."""
    meeting = meeting_to_manage(meeting_id)
    current = current_minutes(meeting)
    form = MinutesForm()
    if request.method == "GET":
        form.body.data = current.body_markdown if current else ""
        form.version.data = minutes_version(current)
    refusal = None
    if form.validate_on_submit():
        try:
            revision = save_minutes(
                current_user, meeting, form.body.data, version=form.version.data
            )
        except DomainError as exc:
            refusal = refused(exc, form)
        else:
            db.session.commit()
            if revision is None:
                flash(_("Het verslag was niet gewijzigd."), "info")
            else:
                flash(_("Het verslag is opgeslagen."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return form_page("meetings/minutes.html", refusal, form=form, meeting=meeting)


@bp.route("/<int:meeting_id>/verslag/geschiedenis")
@role_required(*READERS)
def minutes_history(meeting_id: int):
    """Every revision of the minutes: who, when, and the text."""
    meeting = meeting_to_view(meeting_id)
    revisions = revisions_of(meeting)
    rendered = {r.id: render_markdown(r.body_markdown) for r in revisions}
    return render_template(
        "meetings/minutes_history.html", meeting=meeting, revisions=revisions, rendered=rendered
    )
