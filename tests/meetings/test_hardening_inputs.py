"""Hostile input to the meetings feature (findings M1, L3, L5 and L9 of the December 2026 test):
zip bombs, links with control characters, dates the API cannot add a day to, and attendance
forms with endless person rows. Each is refused with a Dutch message and a 4xx; nothing is
half-written and nothing answers 500."""

import io
import os
import tracemalloc
import zipfile
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings import uploads
from netwerk.meetings.models import (
    Output,
)

ODT = "application/vnd.oasis.opendocument.text"
SOON = datetime.now().replace(microsecond=0, second=0, minute=0) + timedelta(days=14)
BAD_LINKS = [
    "https://meet.example/a\r\nx",  # the report's value: breaks icalendar and the Location header
    "https://meet.example/a\nx",
    "https://meet.example/a b",
    "https://meet.example/a\tb",
    "https://meet.example/\x7f",
    "https://meet.example/\x85x",
    "javascript:alert(1)",
    "ftp://server/x",
    "http://",
    "https:///pad",
    "http://[::1/",
]


def _count(app, model) -> int:
    """Rows of a model, read in a context of its own."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


# -- M1: zip bombs -----------------------------------------------------------------------------


def _bomb(member: str, megabytes: int = 20, extra: dict | None = None) -> bytes:
    """The report's bomb, smaller: `megabytes` MB of spaces deflated into `member` (~1 KB per MB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
        info = zipfile.ZipInfo(member)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(b" " * (1 << 20))
    return buffer.getvalue()


def _odt(mimetype: str = ODT) -> bytes:
    """A minimal OpenDocument text: its `mimetype` entry first, stored, then the content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _docx() -> bytes:
    """A minimal Office Open XML document."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _post_file(client, network_id: int, content: bytes, filename: str):
    """The output form with a file."""
    return client.post(
        f"/bijeenkomsten/netwerk/{network_id}/outputs/nieuw",
        data={
            "type": "fiche",
            "title": "Fiche",
            "status": "final",
            "meeting_id": "",
            "url": "",
            "file": (io.BytesIO(content), filename),
        },
        content_type="multipart/form-data",
    )


@pytest.fixture
def unpacked(monkeypatch):
    """The sizes asked of every read from a zip member (None: read it all), recorded."""
    sizes: list = []
    member_read = zipfile.ZipExtFile.read
    archive_read = zipfile.ZipFile.read

    def recording_member_read(self, n=-1):
        sizes.append(None if n is None or n < 0 else n)
        return member_read(self, n)

    def recording_archive_read(self, name, pwd=None):
        sizes.append(None)
        return archive_read(self, name, pwd)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", recording_member_read)
    monkeypatch.setattr(zipfile.ZipFile, "read", recording_archive_read)
    return sizes


def _no_upload_stored(app) -> bool:
    """No output row and no file in the upload folder."""
    folder = app.config["UPLOAD_DIR"]
    return _count(app, Output) == 0 and (not os.path.isdir(folder) or not os.listdir(folder))


@pytest.mark.parametrize(
    "filename, member, extra",
    [
        ("bom.odt", "mimetype", {}),
        ("bom.ods", "content.xml", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}),
        ("bom.docx", "word/document.xml", {"[Content_Types].xml": "<Types/>"}),
        ("bom.xlsx", "xl/sheet1.xml", {"[Content_Types].xml": "<Types/>"}),
        ("bom.zip", "leeg.txt", {}),
    ],
)
def test_a_zip_bomb_is_refused_before_anything_is_unpacked(
    app, client, scene, log_in, unpacked, filename, member, extra
):
    """20 MB of spaces in ~20 KB, in every zip-based type: 415 with a message; not one byte of
    the bomb is unpacked (before the fix the sniffer read the whole `mimetype`)."""
    bomb = _bomb(member, extra=extra)
    assert len(bomb) < 100_000
    log_in(scene.coach)
    response = _post_file(client, scene.network, bomb, filename)
    assert response.status_code == 415
    assert "te sterk gecomprimeerd" in response.get_data(as_text=True)
    assert unpacked == []
    assert _no_upload_stored(app)


def test_sniffing_a_bomb_allocates_no_memory(app):
    """The report's measure: the sniffer's memory peak stays far below the bomb's 20 MB."""
    bomb = _bomb("mimetype")
    with app.test_request_context():
        tracemalloc.start()
        try:
            with pytest.raises(DomainError) as refused:
                uploads.check_upload("bom.odt", bomb)
            __, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert refused.value.status_code == 415 and refused.value.code == "refused_type"
    assert peak < 2 * 1024 * 1024


def test_an_odf_mimetype_over_1_kb_is_refused_with_a_bounded_read(app, unpacked):
    """A `mimetype` entry that is no real one (over 1 KB, even uncompressed) is not read."""
    with app.test_request_context():
        with pytest.raises(DomainError, match="past niet bij de extensie .odt"):
            uploads.check_upload("groot.odt", _odt(ODT + " " * 2000))
        assert uploads.check_upload("echt.odt", _odt()) == ("odt", ODT)
    assert unpacked and all(size is not None and size <= 128 for size in unpacked)


@pytest.mark.parametrize(
    "limit, value",
    [("ZIP_MAX_ENTRIES", 3), ("ZIP_MAX_TOTAL_BYTES", 100), ("ZIP_MAX_MEMBER_BYTES", 30)],
)
def test_entry_count_and_declared_sizes_are_bounded(app, monkeypatch, limit, value):
    """Too many entries, too many unpacked bytes in all, or one member too big: refused (the
    limits are lowered here so that a small archive crosses them)."""
    monkeypatch.setattr(uploads, limit, value)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for i in range(4):
            archive.writestr(f"word/deel{i}.xml", "<w:p>" + "x" * 40 + "</w:p>")
    with app.test_request_context(), pytest.raises(DomainError, match="te sterk gecomprimeerd"):
        uploads.check_upload("veel.docx", buffer.getvalue())


@pytest.mark.parametrize(
    "content, filename", [(_odt(), "verslag.odt"), (_docx(), "plan.docx"), (_docx(), "map.zip")]
)
def test_real_documents_are_still_accepted(app, client, scene, log_in, content, filename):
    """An ordinary OpenDocument, Office document or zip passes the checks and is stored."""
    log_in(scene.coach)
    assert _post_file(client, scene.network, content, filename).status_code == 302
    assert _count(app, Output) == 1
