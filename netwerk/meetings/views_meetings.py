"""Pages of one meeting: plan it (alone or as a series), show, change and cancel it."""

from datetime import datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import answered_before, as_choices
from netwerk.labels import enum_label
from netwerk.meetings.attendance import attendance_counts, attendance_list
from netwerk.meetings.blueprint import (
    READERS,
    WRITERS,
    bp,
    form_page,
    meeting_to_manage,
    meeting_to_view,
    network_to_manage,
    refused,
    saved,
)
from netwerk.meetings.forms import CancelForm, MeetingForm, SeriesForm
from netwerk.meetings.meetings import MeetingData, cancel_meeting, create_meeting, update_meeting
from netwerk.meetings.minutes import current_minutes, render_markdown
from netwerk.meetings.models import MeetingStatus, MeetingType
from netwerk.meetings.outputs import lacks_output
from netwerk.meetings.recurrence import Frequency, SeriesRule, describe_stored
from netwerk.meetings.roster import host_schools
from netwerk.meetings.series import create_series, preview_series
from netwerk.networks.models import Network
from netwerk.networks.permissions import can_see_school_names


def _meeting_data(form: MeetingForm | SeriesForm, starts_at: datetime, with_status: bool):
    """The form's values as the services take them."""
    data = MeetingData(
        type=MeetingType(form.type.data),
        starts_at=starts_at,
        duration_minutes=form.duration_minutes.data,
        title=form.title.data or "",
        location=(form.location.data or "").strip(),
        host_school_id=form.host_school_id.data,
        online_url=form.online_url.data or "",
        agenda=form.agenda.data or "",
        is_imposed=form.is_imposed.data if "is_imposed" in form else None,
    )
    if with_status:
        data.status = MeetingStatus(form.status.data)
        data.status_reason = (form.status_reason.data or "").strip()
    return data


def _prepared(form, network: Network):
    """A meeting or series form with the network's host schools; imposing only for an admin."""
    form.host_school_id.choices = as_choices(
        [("", _("— geen gastschool —"))] + [(str(s.id), s.label) for s in host_schools(network)]
    )
    if current_user.role is not Role.admin:
        del form.is_imposed
    return form


def _following(form) -> bool:
    """The change or cancellation is for this meeting and the later ones of its series."""
    return "scope" in form and form.scope.data == "following"


def _created_message(meeting) -> str:
    """What was saved: a meeting entered afterwards as held was not 'planned'."""
    if meeting.status is MeetingStatus.planned:
        return _("De bijeenkomst is gepland.")
    return _("De bijeenkomst is opgeslagen (%(status)s).", status=enum_label(meeting.status))


@bp.route("/netwerk/<int:network_id>/nieuw", methods=["GET", "POST"])
@role_required(*WRITERS)
def create(network_id: int):
    """Plan one meeting."""
    network = network_to_manage(network_id)
    form = _prepared(MeetingForm(), network)
    del form.scope
    refusal = None
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        starts_at = datetime.combine(form.day.data, form.start_time.data)
        try:
            meeting = create_meeting(current_user, network, _meeting_data(form, starts_at, True))
        except DomainError as exc:
            refusal = refused(exc, form)
        else:
            return saved(_created_message(meeting), "meetings.detail", form, meeting_id=meeting.id)
    return form_page("meetings/edit.html", refusal, form=form, network=network, meeting=None)


@bp.route("/<int:meeting_id>")
@role_required(*READERS)
def detail(meeting_id: int):
    """A meeting with its agenda, attendance, minutes and outputs."""
    meeting = meeting_to_view(meeting_id)
    schools, persons = attendance_list(meeting)
    minutes = current_minutes(meeting)
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        schools=schools,
        persons=persons,
        counts=attendance_counts([meeting.id])[meeting.id],
        minutes=minutes,
        minutes_html=render_markdown(minutes.body_markdown) if minutes else None,
        agenda_html=render_markdown(meeting.agenda),
        series_line=describe_stored(meeting.series.rule) if meeting.series else "",
        outputs=sorted(meeting.outputs, key=lambda o: o.created_at),
        show_names=can_see_school_names(current_user, meeting.network),
        lacks_output=lacks_output(meeting),
        cancel_form=CancelForm(),
    )


@bp.route("/<int:meeting_id>/bewerken", methods=["GET", "POST"])
@role_required(*WRITERS)
def edit(meeting_id: int):
    """Change a meeting (or it and the later ones of its series)."""
    meeting = meeting_to_manage(meeting_id)
    form = _prepared(MeetingForm(obj=meeting), meeting.network)
    if meeting.series_id is None:
        del form.scope
    if request.method == "GET":
        form.type.data = meeting.type.value
        form.status.data = meeting.status.value
        form.day.data = meeting.starts_at.date()
        form.start_time.data = meeting.starts_at.time()
        form.host_school_id.data = meeting.host_school_id
    refusal = None
    if form.validate_on_submit():
        starts_at = datetime.combine(form.day.data, form.start_time.data)
        data = _meeting_data(form, starts_at, True)
        try:
            changed = update_meeting(
                current_user,
                meeting,
                data,
                following=_following(form),
                version=form.version.data,
            )
        except DomainError as exc:
            refusal = refused(exc, form)
        else:
            db.session.commit()
            if changed:
                flash(
                    ngettext(
                        "%(num)d bijeenkomst gewijzigd.",
                        "%(num)d bijeenkomsten gewijzigd.",
                        len(changed),
                    ),
                    "success",
                )
            else:
                flash(_("Er was niets gewijzigd."), "info")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    return form_page(
        "meetings/edit.html", refusal, form=form, network=meeting.network, meeting=meeting
    )


@bp.route("/<int:meeting_id>/afgelasten", methods=["GET", "POST"])
@role_required(*WRITERS)
def cancel(meeting_id: int):
    """Cancel a meeting, or it and the rest of its series."""
    meeting = meeting_to_manage(meeting_id)
    form = CancelForm()
    if meeting.series_id is None:
        del form.scope
    if request.method == "GET":
        form.version.data = meeting.version
    refusal = None
    if form.validate_on_submit():
        try:
            cancelled = cancel_meeting(
                current_user,
                meeting,
                form.reason.data,
                following=_following(form),
                version=form.version.data,
            )
        except DomainError as exc:
            refusal = refused(exc, form)
        else:
            message = ngettext(
                "%(num)d bijeenkomst afgelast.", "%(num)d bijeenkomsten afgelast.", len(cancelled)
            )
            return saved(message, "meetings.detail", meeting_id=meeting.id)
    return form_page("meetings/cancel.html", refusal, form=form, meeting=meeting)


def _series_rule(form: SeriesForm) -> SeriesRule:
    """The rule the series form asks for (monthly unless the form says otherwise)."""
    try:
        frequency = Frequency(request.form.get("frequency", "monthly"))
    except ValueError:
        frequency = Frequency.monthly
    return SeriesRule(
        frequency=frequency,
        starts_on=form.starts_on.data,
        until=form.until.data,
        at=form.start_time.data,
        weekday=form.weekday.data,
        nth=form.nth.data,
        interval=form.interval.data,
    )


@bp.route("/netwerk/<int:network_id>/reeks", methods=["GET", "POST"])
@role_required(*WRITERS)
def series(network_id: int):
    """Plan a whole series: preview the dates, then save."""
    network = network_to_manage(network_id)
    form = _prepared(SeriesForm(), network)
    context = {"form": form, "network": network, "plan": None}
    refusal = None
    if form.validate_on_submit():
        rule = _series_rule(form)
        starts_at = datetime.combine(form.starts_on.data, form.start_time.data)
        try:
            if not form.save.data:
                context["plan"] = preview_series(rule)
                return render_template("meetings/series.html", **context)
            if (again := answered_before(form)) is not None:
                return again
            created = create_series(
                current_user, network, rule, _meeting_data(form, starts_at, False)
            )
        except DomainError as exc:
            refusal = refused(exc, form)
        else:
            message = ngettext(
                "De reeks is aangemaakt: %(num)d bijeenkomst.",
                "De reeks is aangemaakt: %(num)d bijeenkomsten.",
                len(created.meetings),
            )
            return saved(message, "meetings.network", form, network_id=network.id)
    return form_page("meetings/series.html", refusal, **context)
