"""Pages of a network's outputs: the list, record one (a link or a file), change, delete,
download."""

from flask import (
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
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import answered_before, as_choices
from netwerk.ids import is_id
from netwerk.meetings import outputs as output_services
from netwerk.meetings.blueprint import (
    READERS,
    WRITERS,
    bp,
    form_page,
    network_to_manage,
    network_to_view,
    refused,
    saved,
)
from netwerk.meetings.dashboard import network_meetings
from netwerk.meetings.forms import ConfirmForm, OutputForm
from netwerk.meetings.models import Output, OutputStatus, OutputType
from netwerk.meetings.permissions import can_download_output
from netwerk.meetings.uploads import allowed_extensions_text
from netwerk.networks.models import Network
from netwerk.paging import page_number


def _output_data(form: OutputForm) -> output_services.OutputData:
    """The form's values as the services take them."""
    return output_services.OutputData(
        type=OutputType(form.type.data),
        title=form.title.data or "",
        description=form.description.data or "",
        status=OutputStatus(form.status.data),
        url=(form.url.data or "").strip(),
        meeting_id=form.meeting_id.data,
    )


def _meeting_choices(network: Network) -> list:
    """The network's meetings to link an output to, newest first."""
    meetings = db.session.scalars(network_meetings(network))
    return as_choices(
        [("", _("— geen bijeenkomst —"))]
        + [(str(m.id), f"{m.starts_at:%d/%m/%Y} · {m.title or _('bijeenkomst')}") for m in meetings]
    )


@bp.route("/netwerk/<int:network_id>/outputs")
@role_required(*READERS)
def outputs(network_id: int):
    """The outputs of a network."""
    network = network_to_view(network_id)
    page = db.paginate(
        output_services.network_outputs(network),
        per_page=current_app.config["PAGE_SIZE"],
        page=page_number(),
        error_out=False,
    )
    return render_template("meetings/outputs.html", network=network, page=page)


@bp.route("/netwerk/<int:network_id>/outputs/nieuw", methods=["GET", "POST"])
@role_required(*WRITERS)
def create_output(network_id: int):
    """Record an output: a link or an uploaded file."""
    network = network_to_manage(network_id)
    form = OutputForm()
    form.meeting_id.choices = _meeting_choices(network)
    if request.method == "GET" and is_id(request.args.get("bijeenkomst", "")):
        form.meeting_id.data = int(request.args["bijeenkomst"])
    refusal = None
    if form.validate_on_submit():
        if (again := answered_before(form)) is not None:
            return again
        upload = form.file.data
        has_file = upload is not None and getattr(upload, "filename", "")
        try:
            output = output_services.create_output(
                current_user,
                network,
                _output_data(form),
                stream=upload.stream if has_file else None,
                filename=upload.filename if has_file else None,
            )
        except DomainError as exc:
            refusal = refused(exc, form)
        else:
            if output.meeting_id:
                return saved(
                    _("De output is opgeslagen."),
                    "meetings.detail",
                    form,
                    meeting_id=output.meeting_id,
                )
            message = _("De output is opgeslagen.")
            return saved(message, "meetings.outputs", form, network_id=network.id)
    return form_page(
        "meetings/output_edit.html",
        refusal,
        form=form,
        network=network,
        output=None,
        allowed=allowed_extensions_text(),
        max_mb=current_app.config["UPLOAD_MAX_BYTES"] // (1024 * 1024),
    )


@bp.route("/outputs/<int:output_id>/bewerken", methods=["GET", "POST"])
@role_required(*WRITERS)
def edit_output(output_id: int):
    """Change an output's description, status or link."""
    output = db.get_or_404(Output, output_id)
    network = network_to_manage(output.network_id)
    form = OutputForm(obj=output)
    del form.file
    form.meeting_id.choices = _meeting_choices(network)
    if request.method == "GET":
        form.type.data = output.type.value
        form.status.data = output.status.value
    refusal = None
    if form.validate_on_submit():
        try:
            output_services.update_output(
                current_user, output, _output_data(form), version=form.version.data
            )
        except DomainError as exc:
            refusal = refused(exc, form)
        else:
            return saved(_("De output is opgeslagen."), "meetings.outputs", network_id=network.id)
    return form_page(
        "meetings/output_edit.html", refusal, form=form, network=network, output=output
    )


@bp.route("/outputs/<int:output_id>/verwijderen", methods=["POST"])
@role_required(*WRITERS)
def delete_output(output_id: int):
    """Delete an output and its file."""
    output = db.get_or_404(Output, output_id)
    network = network_to_manage(output.network_id)
    if ConfirmForm().validate_on_submit():
        output_services.delete_output(current_user, output)
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
        return redirect(output_services.link_target(output))
    path = output_services.stored_file(output)
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
