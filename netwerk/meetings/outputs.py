"""Outputs of a network (deliverables, usually of one meeting): a link or an uploaded file, whose
file follows the transaction of its row (netwerk.meetings.uploads)."""

import os
from dataclasses import dataclass
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError, check_version
from netwerk.extensions import db
from netwerk.locks import lock_row
from netwerk.meetings.models import (
    Meeting,
    MeetingStatus,
    MeetingType,
    Output,
    OutputStatus,
    OutputType,
)
from netwerk.meetings.uploads import (
    check_upload,
    new_stored_name,
    read_limited,
    remove_after_commit,
    safe_original_name,
    written_in_transaction,
)
from netwerk.networks.models import Network
from netwerk.networks.permissions import require_manager, visible_network_ids
from netwerk.urls import is_web_link, web_link


@dataclass
class OutputData:
    """The fields of an output."""

    type: OutputType
    title: str
    description: str = ""
    status: OutputStatus = OutputStatus.draft
    url: str = ""
    meeting_id: int | None = None


def _validate_output(network: Network, data: OutputData) -> None:
    """A title, a link over http(s), and a meeting of the same network."""
    data.title = (data.title or "").strip()
    if not data.title:
        raise DomainError(_("Geef de output een titel."))
    if len(data.title) > 200:
        raise DomainError(_("De titel is te lang."))
    data.url = web_link(data.url)
    if data.meeting_id is not None:
        meeting = db.session.get(Meeting, data.meeting_id)
        if meeting is None or meeting.network_id != network.id:
            raise DomainError(_("Die bijeenkomst hoort niet bij dit netwerk."))


def link_target(output: Output) -> str:
    """Where an output that is a link leads; DomainError (409) when the stored link is no web
    link (saved before links were checked): a redirect with a line break would be a 500."""
    if not is_web_link(output.url):
        raise DomainError(
            _("De link van deze output is ongeldig. Een coach van het netwerk kan ze verbeteren."),
            status_code=409,
            code="invalid_link",
        )
    return output.url


def upload_dir() -> str:
    """Where uploaded files live (instance/uploads unless configured)."""
    return current_app.config["UPLOAD_DIR"]


def output_path(output: Output) -> str:
    """The file of an output on disk."""
    return os.path.join(upload_dir(), output.stored_name or "")


def stored_file(output: Output) -> str | None:
    """The path of an output's uploaded file, or None when it has none on disk (a link)."""
    if not output.stored_name:
        return None
    path = output_path(output)
    return path if os.path.isfile(path) else None


def _store_file(output: Output, stream: BinaryIO, filename: str) -> None:
    """Check the upload, then write it under a new random name (removed again on rollback)."""
    content = read_limited(stream, current_app.config["UPLOAD_MAX_BYTES"])
    ext, content_type = check_upload(filename, content)
    output.stored_name = new_stored_name(ext)
    output.original_name = safe_original_name(filename)
    output.content_type = content_type
    output.size_bytes = len(content)
    os.makedirs(upload_dir(), exist_ok=True)
    # O_EXCL: a random name never overwrites an existing file.
    fd = os.open(output_path(output), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    written_in_transaction(output_path(output))
    with os.fdopen(fd, "wb") as handle:
        handle.write(content)


def create_output(
    actor: User,
    network: Network,
    data: OutputData,
    *,
    stream: BinaryIO | None = None,
    filename: str | None = None,
) -> Output:
    """Record an output with a link or an uploaded file (checked before anything is stored)."""
    require_manager(actor, network)
    _validate_output(network, data)
    has_file = stream is not None and bool(filename)
    if has_file and data.url:
        raise DomainError(_("Geef een link of een bestand, niet allebei."))
    if not has_file and not data.url:
        raise DomainError(_("Geef een link of voeg een bestand toe."))
    output = Output(network_id=network.id, created_by_id=actor.id, **data.__dict__)
    if has_file:
        _store_file(output, stream, filename)
    db.session.add(output)
    db.session.flush()
    log_change(
        actor,
        "output.created",
        output,
        network_id=network.id,
        meeting_id=output.meeting_id,
        type=output.type,
        size_bytes=output.size_bytes,
    )
    return output


def update_output(
    actor: User, output: Output, data: OutputData, *, version: int | None = None
) -> Output:
    """Change the description of an output (a file stays; a link may change); refused (409) when
    the caller saw another version than the stored one."""
    require_manager(actor, output.network)
    lock_row(Output, output.id)
    db.session.refresh(output)
    check_version(output.version, version)
    _validate_output(output.network, data)
    if output.stored_name and data.url:
        raise DomainError(_("Deze output heeft al een bestand: een link kan er niet bij."))
    if not output.stored_name and not data.url:
        raise DomainError(_("Geef een link."))
    for key, value in data.__dict__.items():
        setattr(output, key, value)
    db.session.flush()
    log_change(actor, "output.changed", output, network_id=output.network_id)
    return output


def delete_output(actor: User, output: Output) -> None:
    """Delete an output and its file."""
    require_manager(actor, output.network)
    if output.stored_name:
        remove_after_commit(output_path(output))
    output_id, network_id = output.id, output.network_id
    db.session.delete(output)
    db.session.flush()
    log_change(actor, "output.deleted", output, object_id=output_id, network_id=network_id)


def outputs_query(user: User, *, network_id: int | None = None) -> Select:
    """The outputs a user may read."""
    query = select(Output).options(selectinload(Output.network), selectinload(Output.meeting))
    visible = visible_network_ids(user)
    if visible is not None:
        query = query.where(Output.network_id.in_(visible))
    if network_id is not None:
        query = query.where(Output.network_id == network_id)
    return query


def network_outputs(network: Network) -> Select:
    """The outputs of one network with their meeting, newest first."""
    return (
        select(Output)
        .where(Output.network_id == network.id)
        .options(selectinload(Output.meeting))
        .order_by(Output.created_at.desc())
    )


def werksessies_without_output(network_ids=None) -> Select:
    """Held work sessions that have no output: flagged on the dashboard and the meeting page."""
    query = select(Meeting).where(
        Meeting.type == MeetingType.werksessie,
        Meeting.status == MeetingStatus.held,
        ~exists().where(Output.meeting_id == Meeting.id),
    )
    if network_ids is not None:
        query = query.where(Meeting.network_id.in_(network_ids))
    return query.order_by(Meeting.starts_at.desc())


def lacks_output(meeting: Meeting) -> bool:
    """This meeting is a held work session without an output."""
    return (
        meeting.type is MeetingType.werksessie
        and meeting.status is MeetingStatus.held
        and not (db.session.scalar(select(exists().where(Output.meeting_id == meeting.id))))
    )
