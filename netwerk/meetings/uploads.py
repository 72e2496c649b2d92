"""Uploaded output files: checks on size, extension and a cheap sniff of the content, and files
that follow the transaction of their row."""

import contextlib
import io
import os
import secrets
import zipfile
import zlib
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.orm import Session

from netwerk.errors import DomainError
from netwerk.extensions import db

# Extension -> (content type we serve it with, the sniffer that must accept its bytes).
ZIP = "zip"
ALLOWED = {
    "pdf": ("application/pdf", "pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ooxml",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "ooxml"),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ooxml",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "odf"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "odf"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
    "txt": ("text/plain", "text"),
    "md": ("text/markdown", "text"),
    "zip": ("application/zip", ZIP),
}


def allowed_extensions_text() -> str:
    """pdf, docx, ... for the help text of the upload field."""
    return ", ".join(ext for ext in ALLOWED if ext != "jpeg")


def extension_of(filename: str) -> str:
    """The lower-case extension without the dot ('' when there is none)."""
    return os.path.splitext(filename or "")[1].lower().lstrip(".")


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """Read at most max_bytes; DomainError when the stream holds more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise DomainError(
            _(
                "Het bestand is te groot: hoogstens %(mb)s MB.",
                mb=f"{max_bytes / (1024 * 1024):.0f}",
            ),
            status_code=413,
            code="too_large",
        )
    return data


# Limits on a zip-based upload (zip, docx/xlsx/pptx, odt/ods/odp), checked on its directory before
# a single byte is unpacked: a few KB can declare gigabytes (a zip bomb). Real office files have
# tens to a few hundred entries and compress text about 10:1.
ZIP_MAX_ENTRIES = 5_000
ZIP_MAX_MEMBER_BYTES = 100 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200  # only for members above ZIP_RATIO_FROM: a tiny file may compress to nothing
ZIP_RATIO_FROM = 1024 * 1024
ODF_MIMETYPE_MAX_BYTES = 1024  # the real entry is under 100 bytes
_CENTRAL_DIRECTORY_ENTRY = b"PK\x01\x02"


def _refuse_archive() -> DomainError:
    """The refusal of a zip bomb (or an archive too big to check), on the refused-type path."""
    return DomainError(
        _(
            "Dit archief is te groot of te sterk gecomprimeerd om te controleren. Pak het uit "
            "en voeg de bestanden apart toe."
        ),
        status_code=415,
        code="refused_type",
    )


def _check_archive_size(archive: zipfile.ZipFile) -> None:
    """Refuse an archive whose directory declares too many entries, too many unpacked bytes or
    a compression no real document reaches: DomainError (415) before anything is unpacked."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_ENTRIES:
        raise _refuse_archive()
    total = 0
    for info in members:
        total += info.file_size
        too_packed = info.file_size > ZIP_RATIO_FROM and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        )
        if info.file_size > ZIP_MAX_MEMBER_BYTES or too_packed or total > ZIP_MAX_TOTAL_BYTES:
            raise _refuse_archive()


def _odf_mimetype(archive: zipfile.ZipFile) -> str | None:
    """The `mimetype` entry of an ODF file, read with a bounded read; None when absent or too big."""
    try:
        info = archive.getinfo("mimetype")
    except KeyError:
        return None
    if info.file_size > ODF_MIMETYPE_MAX_BYTES:
        return None
    with archive.open(info) as entry:
        return entry.read(128).decode("ascii", "replace").strip()


def _sniff_archive(kind: str, data: bytes, ext: str) -> bool:
    """Does the zip directory match the kind of file the extension claims? DomainError for a
    zip bomb; nothing is unpacked but an ODF's short `mimetype`."""
    if not data.startswith(b"PK"):
        return False
    # Counting the directory's signatures first bounds the work ZipFile() does to parse it.
    if data.count(_CENTRAL_DIRECTORY_ENTRY) > ZIP_MAX_ENTRIES:
        raise _refuse_archive()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive_size(archive)
            if kind == ZIP:
                return True
            if kind == "ooxml":
                return "[Content_Types].xml" in set(archive.namelist())
            if kind == "odf":
                return _odf_mimetype(archive) == ALLOWED[ext][0]
    # A damaged, encrypted or exotically compressed archive is no document we can check.
    except (zipfile.BadZipFile, ValueError, NotImplementedError, RuntimeError, OSError, zlib.error):
        return False
    return False


def _sniff(kind: str, data: bytes, ext: str) -> bool:
    """Do the first bytes (or the zip directory) match the kind of file the extension claims?"""
    if kind == "pdf":
        return data.startswith(b"%PDF-")
    if kind == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if kind == "jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if kind == "text":
        if b"\x00" in data:
            return False
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    return _sniff_archive(kind, data, ext)


def check_upload(filename: str, data: bytes) -> tuple[str, str]:
    """(extension, content type) of an acceptable file; DomainError otherwise."""
    ext = extension_of(filename)
    if ext not in ALLOWED:
        raise DomainError(
            _(
                "Dit bestandstype is niet toegelaten. Toegelaten: %(types)s.",
                types=allowed_extensions_text(),
            ),
            status_code=415,
            code="refused_type",
        )
    if not data:
        raise DomainError(_("Het bestand is leeg."), status_code=400)
    content_type, kind = ALLOWED[ext]
    if not _sniff(kind, data, ext):
        raise DomainError(
            _("De inhoud van het bestand past niet bij de extensie .%(ext)s.", ext=ext),
            status_code=415,
            code="refused_type",
        )
    return ext, content_type


def safe_original_name(filename: str) -> str:
    """The user's file name without folders or control characters, for the download."""
    name = os.path.basename((filename or "").replace("\\", "/"))
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '"<>|:*?')
    return name.strip()[:255] or "bestand"


def new_stored_name(ext: str) -> str:
    """A random name on disk that says nothing about the content and cannot escape the folder."""
    return f"{secrets.token_hex(16)}.{ext}"


# -- files follow the transaction ---------------------------------------------------------------
# A file is written before the commit and removed after it: the row and its file come and go
# together. A new file whose transaction does not commit is removed again (no orphan on disk); a
# deleted output's file is removed only once the deletion has committed (never a row without
# its file).
_NEW_FILES = "netwerk_new_upload_files"
_DOOMED_FILES = "netwerk_doomed_upload_files"


def written_in_transaction(path: str) -> None:
    """A file just written for a new row: removed again unless the transaction commits."""
    db.session().info.setdefault(_NEW_FILES, []).append(path)


def remove_after_commit(path: str) -> None:
    """The file of a deleted row: removed once the deletion has committed."""
    db.session().info.setdefault(_DOOMED_FILES, []).append(path)


def _remove(paths: list[str]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


@event.listens_for(Session, "after_commit")
def _files_after_commit(session: Session) -> None:
    session.info.pop(_NEW_FILES, None)  # committed: the new files stay
    _remove(session.info.pop(_DOOMED_FILES, []))


@event.listens_for(Session, "after_transaction_end")
def _files_after_transaction(session: Session, transaction) -> None:
    # Also after a close without commit, which emits no after_rollback; a savepoint (it has a
    # parent) is no end.
    if transaction.parent is not None:
        return
    _remove(session.info.pop(_NEW_FILES, []))
    session.info.pop(_DOOMED_FILES, None)
