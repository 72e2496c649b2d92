"""The meetings API's outputs: read them (files too), record one (a link as JSON, or a file as
multipart/form-data with the page's checks and limits), change and delete them, through the
page's services (netwerk.meetings.outputs)."""

from dataclasses import fields

from flask import abort, g, redirect, request, send_file
from flask.views import MethodView
from flask_babel import gettext as _

from netwerk.apiutil import paginated
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.meetings.api_common import (
    WRITERS,
    blp,
    managed,
    network_in_body,
    with_download_urls,
)
from netwerk.meetings.models import Output
from netwerk.meetings.outputs import (
    OutputData,
    create_output,
    delete_output,
    link_target,
    outputs_query,
    stored_file,
    update_output,
)
from netwerk.meetings.permissions import can_download_output
from netwerk.meetings.schemas import (
    OutputArgs,
    OutputInSchema,
    OutputPageSchema,
    OutputPatchSchema,
    OutputSchema,
    OutputUploadSchema,
)

# POST /outputs takes either body: flask-smorest documents one, so the operation spells out both.
OUTPUT_BODIES = {
    "required": True,
    "content": {
        "application/json": {"schema": OutputInSchema},
        "multipart/form-data": {"schema": OutputUploadSchema},
    },
}


@blp.listing("/outputs", OutputArgs, OutputPageSchema, token_required())
def list_outputs(args):
    """Outputs the caller may read; filter network_id."""
    query = outputs_query(api_user(), network_id=args.get("network_id")).order_by(
        Output.created_at.desc(), Output.id.desc()
    )
    return paginated(query, args, with_download_urls)


def _posted_output() -> tuple[dict, object | None]:
    """The fields of a new output and its uploaded file (None: a link): multipart/form-data with
    a part `file`, else JSON; a 422 per field as for every body."""
    if request.mimetype == "multipart/form-data":
        data = blp.ARGUMENTS_PARSER.parse(OutputInSchema(), location="form")
        return data, request.files.get("file")
    return blp.ARGUMENTS_PARSER.parse(OutputInSchema(), location="json"), None


@blp.route("/outputs", methods=["POST"])
@token_required(*WRITERS, write=True)
@blp.doc(requestBody=OUTPUT_BODIES)
@blp.response(201, OutputSchema)
@blp.errors(403, 413, 415, 422)
def create():
    """Record an output: a link (JSON) or a file (multipart/form-data), as its page does.

    A file (the part `file`) is checked as on the page: its size, type and content.
    """
    data, upload = _posted_output()
    network = network_in_body(data.pop("network_id"))
    has_file = upload is not None and bool(upload.filename)
    output = create_output(
        api_user(),
        network,
        OutputData(**data),
        stream=upload.stream if has_file else None,
        filename=upload.filename if has_file else None,
    )
    db.session.commit()
    return with_download_urls([output])[0]


# One view class per path (see netwerk.meetings.api_meetings).
@blp.route("/outputs/<int:output_id>")
class OutputResource(MethodView):
    """One output."""

    @token_required(*WRITERS, write=True)
    @managed(Output, "output_id")
    @blp.arguments(OutputPatchSchema)
    @blp.response(200, OutputSchema)
    @blp.errors(403, 404, 409)
    def patch(self, data, output_id: int):
        """Change the fields sent of an output, as its edit page does (409 on a stale version)."""
        # A file stays as it is: a new file is a new output.
        output = db.session.get(Output, output_id)
        version = data.pop("version")
        current = {f.name: getattr(output, f.name) for f in fields(OutputData)}
        update_output(api_user(), output, OutputData(**{**current, **data}), version=version)
        db.session.commit()
        return with_download_urls([output])[0]

    @token_required(*WRITERS, write=True)
    @managed(Output, "output_id")
    @blp.response(204)
    @blp.errors(403, 404)
    def delete(self, output_id: int):
        """Delete an output and its file, as its page does."""
        delete_output(api_user(), db.session.get(Output, output_id))
        db.session.commit()


@blp.route("/outputs/<int:output_id>/file")
@token_required()
@blp.response(
    200,
    content_type="application/octet-stream",
    description="Het bestand, met zijn oorspronkelijke naam in Content-Disposition.",
)
@blp.alt_response(302, description="Een output die een link is: naar die link.")
@blp.errors(403, 404, 409)
def output_file(output_id: int):
    """The uploaded file of an output, for those who may read its network (download_url)."""
    output = db.session.get(Output, output_id)
    if output is None:
        abort(404)
    if not can_download_output(api_user(), output):
        abort(403)
    if not output.stored_name and output.url:
        return redirect(link_target(output))  # an output that is a link, as on the download page
    path = stored_file(output)
    if path is None:
        abort(404, description=_("Deze output heeft geen bestand."))
    g.no_store = True  # school data: never in a shared cache
    # One documented type for every file; the output's own type is content_type in the list.
    return send_file(
        path,
        mimetype="application/octet-stream",
        as_attachment=True,
        download_name=output.original_name or output.stored_name,
        max_age=0,
    )
