"""Checks on uploaded output files: size, extension and a cheap sniff of the content."""

import io
import os
import secrets
import zipfile
from typing import BinaryIO

from flask_babel import gettext as _

from netwerk.errors import DomainError

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
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if kind == ZIP:
                return True
            if kind == "ooxml":
                return "[Content_Types].xml" in names
            if kind == "odf":
                return (
                    "mimetype" in names
                    and archive.read("mimetype").decode("ascii", "replace").strip()
                    == ALLOWED[ext][0]
                )
    except (zipfile.BadZipFile, KeyError, ValueError):
        return False
    return False


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
