"""Pages of the meetings feature: the coach's workspace."""

from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.ids import is_id
from netwerk.meetings import services
from netwerk.meetings.feeds import build_calendar
from netwerk.meetings.forms import (
    CancelForm,
    ConfirmForm,
    FeedForm,
    MeetingForm,
    MinutesForm,
    OutputForm,
    SeriesForm,
    ThemeForm,
    WorkPlanForm,
    attendance_form,
    choices,
)
from netwerk.meetings.models import (
    AttendanceStatus,
    CalendarFeed,
    Meeting,
    MeetingStatus,
    MeetingType,
    Output,
    OutputStatus,
    OutputType,
    WorkPlanTheme,
)
from netwerk.meetings.permissions import (
    can_download_output,
    can_manage_feed,
    can_manage_meeting,
    can_view_meeting,
)
from netwerk.meetings.recurrence import Frequency, SeriesRule
from netwerk.meetings.uploads import allowed_extensions_text
from netwerk.navigation import NavItem
from netwerk.networks.models import Network
from netwerk.networks.permissions import (
    can_manage_network,
    can_see_school_names,
    can_view_network_details,
)
from netwerk.timeutil import SchoolYear, today

bp = Blueprint("meetings", __name__, url_prefix="/bijeenkomsten")

A, M, C, S = Role.admin, Role.ministry, Role.coach, Role.school
MENU = (
    NavItem(
        "meetings.dashboard",
        _l("Bijeenkomsten"),
        (A, M, C, S),
        _l("Planning, aanwezigheden, verslagen"),
    ),
)
WRITERS = (Role.admin, Role.coach)
READERS = (Role.admin, Role.ministry, Role.coach, Role.school)


@bp.record_once
def _register_template_globals(state) -> None:
    """Whether a werksessie still lacks its output, asked by the meeting lists."""
    state.app.jinja_env.globals["lacks_output"] = services.lacks_output


def _network_to_manage(network_id: int) -> Network:
    network = db.get_or_404(Network, network_id)
    if not can_manage_network(current_user, network):
        abort(403)
    return network


def _network_to_view(network_id: int) -> Network:
    network = db.get_or_404(Network, network_id)
    if not can_view_network_details(current_user, network):
        abort(403)
    return network


def _meeting_to_manage(meeting_id: int) -> Meeting:
    meeting = db.get_or_404(Meeting, meeting_id)
    if not can_manage_meeting(current_user, meeting):
        abort(403)
    return meeting


def _failed(exc: DomainError) -> None:
    """A refused change: undo whatever the service flushed and tell the user why."""
    db.session.rollback()
    flash(exc.message, "error")


def _host_choices(network: Network) -> list[tuple[str, str]]:
    schools = {s.id: s for s in network.anchors}
    schools.update({s.id: s for s in services.accepted_schools(network)})
    ordered = sorted(schools.values(), key=lambda s: s.name)
    return choices([("", _("— geen gastschool —"))] + [(str(s.id), s.name) for s in ordered])


# --------------------------------------------------------------------------- dashboard


@bp.route("/")
@role_required(*READERS)
def dashboard():
    """The coach's dashboard; admins see every network, school users their networks' meetings."""
    page = db.paginate(
        services.networks_of(current_user).options(selectinload(Network.anchors)),
        per_page=current_app.config["PAGE_SIZE"] if current_user.role is not Role.coach else 100,
        error_out=False,
    )
    board = services.dashboard(current_user)
    return render_template(
        "meetings/dashboard.html", networks=page, board=board, Role=Role, MeetingType=MeetingType
    )


@bp.route("/netwerk/<int:network_id>")
@role_required(*READERS)
def network(network_id: int):
    """The meetings of one network, newest first."""
    network = _network_to_view(network_id)
    query = (
        select(Meeting)
        .where(Meeting.network_id == network.id)
        .options(selectinload(Meeting.host_school))
    )
    page = db.paginate(
        query.order_by(Meeting.starts_at.desc()),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    counts = services.attendance_counts(m.id for m in page.items)
    return render_template(
        "meetings/network.html", network=network, page=page, counts=counts, today=today()
    )


@bp.route("/netwerk/<int:network_id>/tijdlijn")
@role_required(*READERS)
def timeline(network_id: int):
    """The network's meetings and outputs over the years, by school year."""
    network = _network_to_view(network_id)
    return render_template(
        "meetings/timeline.html", network=network, years=services.timeline(network)
    )


# --------------------------------------------------------------------------- one meeting


def _meeting_data(form: MeetingForm | SeriesForm, starts_at: datetime, with_status: bool):
    data = services.MeetingData(
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


def _prepare_meeting_form(form, network: Network) -> None:
    form.host_school_id.choices = _host_choices(network)
    if current_user.role is not Role.admin:
        del form.is_imposed


@bp.route("/netwerk/<int:network_id>/nieuw", methods=["GET", "POST"])
@role_required(*WRITERS)
def create(network_id: int):
    """Plan one meeting."""
    network = _network_to_manage(network_id)
    form = MeetingForm()
    _prepare_meeting_form(form, network)
    del form.scope
    status = 200
    if form.validate_on_submit():
        starts_at = datetime.combine(form.day.data, form.start_time.data)
        try:
            meeting = services.create_meeting(
                current_user, network, _meeting_data(form, starts_at, True)
            )
        except DomainError as exc:
            _failed(exc)
            status = exc.status_code
        else:
            db.session.commit()
            flash(_("De bijeenkomst is gepland."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    elif request.method == "POST":
        status = 422
    return render_template("meetings/edit.html", form=form, network=network, meeting=None), status


@bp.route("/<int:meeting_id>")
@role_required(*READERS)
def detail(meeting_id: int):
    """A meeting with its agenda, attendance, minutes and outputs."""
    meeting = db.get_or_404(Meeting, meeting_id)
    if not can_view_meeting(current_user, meeting):
        abort(403)
    schools, persons = services.attendance_list(meeting)
    minutes = services.current_minutes(meeting)
    return render_template(
        "meetings/detail.html",
        meeting=meeting,
        schools=schools,
        persons=persons,
        counts=services.attendance_counts([meeting.id])[meeting.id],
        minutes=minutes,
        minutes_html=services.render_markdown(minutes.body_markdown) if minutes else None,
        agenda_html=services.render_markdown(meeting.agenda),
        outputs=sorted(meeting.outputs, key=lambda o: o.created_at),
        show_names=can_see_school_names(current_user, meeting.network),
        lacks_output=services.lacks_output(meeting),
        cancel_form=CancelForm(),
    )


@bp.route("/<int:meeting_id>/bewerken", methods=["GET", "POST"])
@role_required(*WRITERS)
def edit(meeting_id: int):
    """Change a meeting (or it and the later ones of its series)."""
    meeting = _meeting_to_manage(meeting_id)
    form = MeetingForm(obj=meeting)
    _prepare_meeting_form(form, meeting.network)
    if meeting.series_id is None:
        del form.scope
    if request.method == "GET":
        form.type.data = meeting.type.value
        form.status.data = meeting.status.value
        form.day.data = meeting.starts_at.date()
        form.start_time.data = meeting.starts_at.time()
        form.host_school_id.data = meeting.host_school_id
    if form.validate_on_submit():
        starts_at = datetime.combine(form.day.data, form.start_time.data)
        following = "scope" in form and form.scope.data == "following"
        try:
            changed = services.update_meeting(
                current_user, meeting, _meeting_data(form, starts_at, True), following=following
            )
        except DomainError as exc:
            _failed(exc)
            return render_template(
                "meetings/edit.html", form=form, network=meeting.network, meeting=meeting
            ), exc.status_code
        db.session.commit()
        if changed:
            flash(
                _("%(n)s bijeenkomst(en) gewijzigd.", n=len(changed)),
                "success",
            )
        else:
            flash(_("Er was niets gewijzigd."), "info")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    status = 422 if form.errors else 200
    return render_template(
        "meetings/edit.html", form=form, network=meeting.network, meeting=meeting
    ), status


@bp.route("/<int:meeting_id>/afgelasten", methods=["GET", "POST"])
@role_required(*WRITERS)
def cancel(meeting_id: int):
    """Cancel a meeting, or it and the rest of its series."""
    meeting = _meeting_to_manage(meeting_id)
    form = CancelForm()
    if meeting.series_id is None:
        del form.scope
    if form.validate_on_submit():
        following = "scope" in form and form.scope.data == "following"
        try:
            cancelled = services.cancel_meeting(
                current_user, meeting, form.reason.data, following=following
            )
        except DomainError as exc:
            _failed(exc)
        else:
            db.session.commit()
            flash(_("%(n)s bijeenkomst(en) afgelast.", n=len(cancelled)), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    status = 422 if request.method == "POST" else 200
    return render_template("meetings/cancel.html", form=form, meeting=meeting), status


# --------------------------------------------------------------------------- series


@bp.route("/netwerk/<int:network_id>/reeks", methods=["GET", "POST"])
@role_required(*WRITERS)
def series(network_id: int):
    """Plan a whole series: preview the dates, then save."""
    network = _network_to_manage(network_id)
    form = SeriesForm()
    _prepare_meeting_form(form, network)
    plan = None
    status = 200
    if form.validate_on_submit():
        try:
            frequency = Frequency(request.form.get("frequency", "monthly"))
        except ValueError:
            frequency = Frequency.monthly
        rule = SeriesRule(
            frequency=frequency,
            starts_on=form.starts_on.data,
            until=form.until.data,
            at=form.start_time.data,
            weekday=form.weekday.data,
            nth=form.nth.data,
            interval=form.interval.data,
        )
        template = _meeting_data(
            form, datetime.combine(form.starts_on.data, form.start_time.data), False
        )
        try:
            if form.save.data:
                created = services.create_series(current_user, network, rule, template)
            else:
                plan = services.preview_series(rule)
        except DomainError as exc:
            _failed(exc)
            status = exc.status_code
        else:
            if form.save.data:
                db.session.commit()
                flash(
                    _("De reeks is aangemaakt: %(n)s bijeenkomsten.", n=len(created.meetings)),
                    "success",
                )
                return redirect(url_for("meetings.network", network_id=network.id))
    elif request.method == "POST":
        status = 422
    return render_template("meetings/series.html", form=form, network=network, plan=plan), status


# --------------------------------------------------------------------------- attendance


@bp.route("/<int:meeting_id>/aanwezigheden", methods=["GET", "POST"])
@role_required(*WRITERS)
def attendance(meeting_id: int):
    """One quick screen: per school present/absent/excused, and the persons."""
    meeting = _meeting_to_manage(meeting_id)
    if meeting.status is MeetingStatus.cancelled:
        flash(_("Deze bijeenkomst is afgelast: er zijn geen aanwezigheden."), "warning")
        return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    schools = services.accepted_schools(meeting.network)
    current_schools, current_persons = services.attendance_list(meeting)
    extra = 3 if request.method == "POST" and "more" in request.form else 0
    if request.method == "GET":
        data = {f"school_{a.school_id}": a.status.value for a in current_schools}
        rows = [
            {
                "name": p.name,
                "role": p.role,
                "school_id": p.school_id,
                "status": p.status.value,
            }
            for p in current_persons
        ]
        rows += [{"status": "present"}] * 3
        form = attendance_form(schools, data={**data, "persons": rows, "mark_held": True})
    else:
        form = attendance_form(schools, extra_rows=extra)
    if meeting.status is MeetingStatus.held:
        del form.mark_held
    status = 200
    if request.method == "POST" and not extra:
        if form.validate():
            picks = {
                s.id: (
                    AttendanceStatus(form[f"school_{s.id}"].data)
                    if form[f"school_{s.id}"].data
                    else None
                )
                for s in schools
            }
            persons = [
                services.PersonRow(
                    name=entry.form.name.data or "",
                    role=entry.form.role.data or "",
                    school_id=entry.form.school_id.data,
                    status=AttendanceStatus(entry.form.status.data),
                )
                for entry in form.persons
            ]
            mark_held = "mark_held" in form and form.mark_held.data
            try:
                counts = services.record_attendance(
                    current_user, meeting, picks, persons, mark_held=mark_held
                )
            except DomainError as exc:
                _failed(exc)
                status = exc.status_code
            else:
                db.session.commit()
                flash(
                    _(
                        "Aanwezigheden bewaard: %(schools)s scholen vertegenwoordigd, "
                        "%(persons)s personen aanwezig.",
                        schools=counts.schools_present,
                        persons=counts.persons_present,
                    ),
                    "success",
                )
                return redirect(url_for("meetings.detail", meeting_id=meeting.id))
        else:
            status = 422
    return render_template(
        "meetings/attendance.html", form=form, meeting=meeting, schools=schools
    ), status


# --------------------------------------------------------------------------- minutes


@bp.route("/<int:meeting_id>/verslag", methods=["GET", "POST"])
@role_required(*WRITERS)
def minutes(meeting_id: int):
    """Write the minutes in Markdown; every save is a new revision."""
    meeting = _meeting_to_manage(meeting_id)
    current = services.current_minutes(meeting)
    form = MinutesForm()
    if request.method == "GET" and current:
        form.body.data = current.body_markdown
    if form.validate_on_submit():
        try:
            revision = services.save_minutes(current_user, meeting, form.body.data)
        except DomainError as exc:
            _failed(exc)
        else:
            db.session.commit()
            if revision is None:
                flash(_("Het verslag was niet gewijzigd."), "info")
            else:
                flash(_("Het verslag is bewaard."), "success")
            return redirect(url_for("meetings.detail", meeting_id=meeting.id))
    status = 422 if request.method == "POST" else 200
    return render_template("meetings/minutes.html", form=form, meeting=meeting), status


@bp.route("/<int:meeting_id>/verslag/geschiedenis")
@role_required(*READERS)
def minutes_history(meeting_id: int):
    """Every revision of the minutes: who, when, and the text."""
    meeting = db.get_or_404(Meeting, meeting_id)
    if not can_view_meeting(current_user, meeting):
        abort(403)
    revisions = services.minutes_history(meeting)
    rendered = {r.id: services.render_markdown(r.body_markdown) for r in revisions}
    return render_template(
        "meetings/minutes_history.html", meeting=meeting, revisions=revisions, rendered=rendered
    )


# --------------------------------------------------------------------------- outputs


def _output_data(form: OutputForm) -> services.OutputData:
    return services.OutputData(
        type=OutputType(form.type.data),
        title=form.title.data or "",
        description=form.description.data or "",
        status=OutputStatus(form.status.data),
        url=(form.url.data or "").strip(),
        meeting_id=form.meeting_id.data,
    )


def _meeting_choices(network: Network) -> list[tuple[str, str]]:
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.network_id == network.id).order_by(Meeting.starts_at.desc())
    )
    return choices(
        [("", _("— geen bijeenkomst —"))]
        + [(str(m.id), f"{m.starts_at:%d/%m/%Y} · {m.title or _('bijeenkomst')}") for m in meetings]
    )


@bp.route("/netwerk/<int:network_id>/outputs")
@role_required(*READERS)
def outputs(network_id: int):
    """The outputs of a network."""
    network = _network_to_view(network_id)
    page = db.paginate(
        select(Output)
        .where(Output.network_id == network.id)
        .options(selectinload(Output.meeting))
        .order_by(Output.created_at.desc()),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("meetings/outputs.html", network=network, page=page)


@bp.route("/netwerk/<int:network_id>/outputs/nieuw", methods=["GET", "POST"])
@role_required(*WRITERS)
def create_output(network_id: int):
    """Record an output: a link or an uploaded file."""
    network = _network_to_manage(network_id)
    form = OutputForm()
    form.meeting_id.choices = _meeting_choices(network)
    if request.method == "GET" and is_id(request.args.get("bijeenkomst", "")):
        form.meeting_id.data = int(request.args["bijeenkomst"])
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        has_file = upload is not None and getattr(upload, "filename", "")
        try:
            output = services.create_output(
                current_user,
                network,
                _output_data(form),
                stream=upload.stream if has_file else None,
                filename=upload.filename if has_file else None,
            )
        except DomainError as exc:
            _failed(exc)
            status = exc.status_code
        else:
            db.session.commit()
            flash(_("De output is bewaard."), "success")
            if output.meeting_id:
                return redirect(url_for("meetings.detail", meeting_id=output.meeting_id))
            return redirect(url_for("meetings.outputs", network_id=network.id))
    elif request.method == "POST":
        status = 422
    return render_template(
        "meetings/output_edit.html",
        form=form,
        network=network,
        output=None,
        allowed=allowed_extensions_text(),
        max_mb=current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024),
    ), status


@bp.route("/outputs/<int:output_id>/bewerken", methods=["GET", "POST"])
@role_required(*WRITERS)
def edit_output(output_id: int):
    """Change an output's description, status or link."""
    output = db.get_or_404(Output, output_id)
    network = _network_to_manage(output.network_id)
    form = OutputForm(obj=output)
    del form.file
    form.meeting_id.choices = _meeting_choices(network)
    if request.method == "GET":
        form.type.data = output.type.value
        form.status.data = output.status.value
    status = 200
    if form.validate_on_submit():
        try:
            services.update_output(current_user, output, _output_data(form))
        except DomainError as exc:
            _failed(exc)
            status = exc.status_code
        else:
            db.session.commit()
            flash(_("De output is bewaard."), "success")
            return redirect(url_for("meetings.outputs", network_id=network.id))
    elif request.method == "POST":
        status = 422
    return render_template(
        "meetings/output_edit.html", form=form, network=network, output=output
    ), status


@bp.route("/outputs/<int:output_id>/verwijderen", methods=["POST"])
@role_required(*WRITERS)
def delete_output(output_id: int):
    """Delete an output and its file."""
    output = db.get_or_404(Output, output_id)
    network = _network_to_manage(output.network_id)
    if ConfirmForm().validate_on_submit():
        services.delete_output(current_user, output)
        db.session.commit()
        flash(_("De output is verwijderd."), "success")
    return redirect(url_for("meetings.outputs", network_id=network.id))


@bp.route("/outputs/<int:output_id>/download")
@role_required(*READERS)
def download_output(output_id: int):
    """Download an uploaded file, only for users who may see the network."""
    output = db.get_or_404(Output, output_id)
    if not can_download_output(current_user, output):
        abort(403)
    if not output.stored_name and output.url:
        return redirect(output.url)
    path = services.stored_file(output)
    if path is None:
        abort(404)
    g.no_store = True
    return send_file(
        path,
        mimetype=output.content_type or "application/octet-stream",
        as_attachment=True,
        download_name=output.original_name or output.stored_name,
        max_age=0,
    )


# --------------------------------------------------------------------------- work plans


@bp.route("/netwerk/<int:network_id>/werkplan", defaults={"year": None}, methods=["GET", "POST"])
@bp.route("/netwerk/<int:network_id>/werkplan/<year>", methods=["GET", "POST"])
@role_required(*READERS)
def work_plan(network_id: int, year: str | None):
    """The work plan (organisatiefiche) of a network for a school year."""
    network = _network_to_view(network_id)
    school_year = SchoolYear.parse(year) if year else SchoolYear.of(today())
    plan = services.find_work_plan(network, school_year)
    form = WorkPlanForm(obj=plan)
    if request.method == "POST":
        if not can_manage_network(current_user, network):
            abort(403)
        if form.validate_on_submit():
            services.save_work_plan(current_user, network, school_year, form.needs.data)
            db.session.commit()
            flash(_("Het werkplan is bewaard."), "success")
            return redirect(
                url_for("meetings.work_plan", network_id=network.id, year=str(school_year))
            )
    return render_template(
        "meetings/work_plan.html",
        network=network,
        plan=plan,
        form=form,
        school_year=school_year,
        delete_form=ConfirmForm(),
    )


@bp.route("/netwerk/<int:network_id>/werkplan/<year>/thema", methods=["GET", "POST"])
@bp.route("/netwerk/<int:network_id>/werkplan/<year>/thema/<int:theme_id>", methods=["GET", "POST"])
@role_required(*WRITERS)
def theme(network_id: int, year: str, theme_id: int | None = None):
    """Add or change a theme of the work plan, with its goals, realisations and meetings."""
    network = _network_to_manage(network_id)
    school_year = SchoolYear.parse(year)
    existing = None
    if theme_id is not None:
        existing = db.get_or_404(WorkPlanTheme, theme_id)
        if existing.work_plan.network_id != network.id:
            abort(404)
    form = ThemeForm(obj=existing)
    form.meetings.choices = choices(
        (m.id, f"{m.starts_at:%d/%m/%Y} · {m.title or _('bijeenkomst')}")
        for m in services.meetings_in_year(network, school_year)
    )
    if request.method == "GET" and existing is not None:
        form.meetings.data = [m.id for m in existing.meetings]
    if form.validate_on_submit():
        try:
            plan = services.find_work_plan(network, school_year) or services.save_work_plan(
                current_user, network, school_year, ""
            )
            services.save_theme(
                current_user,
                plan,
                title=form.title.data,
                goals=form.goals.data,
                realisations=form.realisations.data,
                meeting_ids=form.meetings.data,
                theme=existing,
            )
        except DomainError as exc:
            _failed(exc)
        else:
            db.session.commit()
            flash(_("Het thema is bewaard."), "success")
            return redirect(
                url_for("meetings.work_plan", network_id=network.id, year=str(school_year))
            )
    status = 422 if request.method == "POST" else 200
    return render_template(
        "meetings/theme.html", form=form, network=network, school_year=school_year, theme=existing
    ), status


@bp.route("/thema/<int:theme_id>/verwijderen", methods=["POST"])
@role_required(*WRITERS)
def delete_theme(theme_id: int):
    """Remove a theme from a work plan."""
    theme = db.get_or_404(WorkPlanTheme, theme_id)
    network = _network_to_manage(theme.work_plan.network_id)
    year = theme.work_plan.school_year
    if ConfirmForm().validate_on_submit():
        services.delete_theme(current_user, theme)
        db.session.commit()
        flash(_("Het thema is verwijderd."), "success")
    return redirect(url_for("meetings.work_plan", network_id=network.id, year=year))


# --------------------------------------------------------------------------- calendar feeds


@bp.route("/agenda-links", methods=["GET", "POST"])
@role_required(*READERS)
def feeds():
    """Private calendar links: make one for all one's networks or for one network; revoke."""
    form = FeedForm()
    networks = db.session.scalars(services.networks_of(current_user)).all()
    form.network_id.choices = choices(
        [("", _("al mijn netwerken"))] + [(str(n.id), n.name) for n in networks]
    )
    if form.validate_on_submit():
        network = db.session.get(Network, form.network_id.data) if form.network_id.data else None
        try:
            _feed, token = services.create_feed(current_user, network)
        except DomainError as exc:
            _failed(exc)
        else:
            db.session.commit()
            url = url_for("meetings.feed", token=token, _external=True)
            flash(
                _(
                    "Uw nieuwe agenda-link (bewaar hem nu, hij wordt niet opnieuw getoond): %(url)s",
                    url=url,
                ),
                "success",
            )
            return redirect(url_for("meetings.feeds"))
    names = {n.id: n.name for n in networks}
    return render_template(
        "meetings/feeds.html",
        form=form,
        feeds=services.feeds_of(current_user),
        names=names,
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
        services.revoke_feed(current_user, feed)
        db.session.commit()
        flash(_("De agenda-link is ingetrokken."), "success")
    return redirect(url_for("meetings.feeds"))


@bp.route("/feed/<token>.ics")
def feed(token: str):
    """The iCalendar feed behind a private link (no login: the token is the key)."""
    found = services.feed_by_token(token)
    if found is None:
        abort(404)
    name, meetings = services.feed_content(found)
    body = build_calendar(
        meetings,
        name,
        page_url=lambda m: url_for("meetings.detail", meeting_id=m.id, _external=True),
    )
    g.no_store = True
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="netwerk.ics"'
    return response
