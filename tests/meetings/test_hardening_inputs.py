"""Hostile input to the meetings feature (findings M1, L3, L5 and L9 of the December 2026 test):
zip bombs, links with control characters, dates the API cannot add a day to, and attendance
forms with endless person rows. Each is refused with a Dutch message and a 4xx; nothing is
half-written and nothing answers 500."""

import io
import logging
import os
import tracemalloc
import zipfile
from datetime import datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import func, select, update

from netwerk.auth.models import User
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.meetings import uploads
from netwerk.meetings.attendance import MAX_PERSONS, PersonRow, record_attendance
from netwerk.meetings.feeds import create_feed
from netwerk.meetings.meetings import MeetingData, create_meeting
from netwerk.meetings.models import (
    AttendancePerson,
    AttendanceStatus,
    Meeting,
    MeetingType,
    Output,
)
from netwerk.networks.models import Network
from netwerk.urls import is_web_link, web_link
from tests.meetings.factories import make_api_token, make_meeting, make_output

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


# -- L3: links ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", BAD_LINKS)
def test_the_link_check_refuses_what_breaks_a_feed_or_a_header(url):
    """http(s), a host, and no space or control character anywhere: the one check."""
    assert not is_web_link(url)


@pytest.mark.parametrize(
    "url", ["https://meet.example/a?x=1#y", "HTTP://Voorbeeld.be", "https://bü.be/pad"]
)
def test_the_link_check_accepts_ordinary_links(app, url):
    """Ordinary links pass, stripped of white space at the ends only."""
    assert is_web_link(url)
    with app.test_request_context():
        assert web_link(f"  {url} ") == url
        assert web_link("  ") == ""


@pytest.mark.parametrize("url", BAD_LINKS)
def test_a_meeting_service_refuses_a_bad_link(ctx, scene, url):
    """The service refuses it too (so does anything that calls it, not only the form)."""
    coach = db.session.get(User, scene.coach)
    network = db.session.get(Network, scene.network)
    data = MeetingData(type=MeetingType.bijeenkomst, starts_at=SOON, online_url=url)
    with pytest.raises(DomainError, match="http:// of https://"):
        create_meeting(coach, network, data)
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def _meeting_form(**fields) -> dict:
    """The fields of the meeting form."""
    return {
        "type": "bijeenkomst",
        "title": "Online",
        "day": SOON.date().isoformat(),
        "start_time": "14:00",
        "duration_minutes": "60",
        "location": "",
        "host_school_id": "",
        "online_url": "",
        "agenda": "",
        "status": "planned",
        "status_reason": "",
        **fields,
    }


def test_the_meeting_form_shows_a_bad_link_at_its_field(app, client, scene, log_in):
    """The report's reproduction: a CRLF inside the link is a 422 with the message at the field."""
    log_in(scene.coach)
    response = client.post(
        f"/bijeenkomsten/netwerk/{scene.network}/nieuw",
        data=_meeting_form(online_url="https://meet.example/a\r\nx"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="online_url-fout"' in page and "stuurtekens" in page
    assert _count(app, Meeting) == 0


def test_the_output_form_shows_a_bad_link_at_its_field(app, client, scene, log_in):
    """The same check on an output's link."""
    log_in(scene.coach)
    response = client.post(
        f"/bijeenkomsten/netwerk/{scene.network}/outputs/nieuw",
        data={
            "type": "fiche",
            "title": "x",
            "status": "draft",
            "meeting_id": "",
            "url": "https://a.be/\r\nx",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="url-fout"' in page and "stuurtekens" in page
    assert _count(app, Output) == 0


def _store_bad_link(model, row_id: int, column: str) -> None:
    """A link as an older version let it in, written past the services."""
    db.session.execute(
        update(model).where(model.id == row_id).values({column: "https://meet.example/a\r\nx"})
    )
    db.session.commit()


def test_a_bad_stored_link_never_breaks_the_feed(app, client, scene, caplog):
    """The meeting stays in the feed without its URL; the other meetings are untouched; an
    operator finds a warning in the log."""
    with app.app_context():
        bad = make_meeting(scene.network, starts_at=SOON, title="Kapot")
        good = make_meeting(scene.network, starts_at=SOON + timedelta(days=7), title="Heel")
        db.session.get(Meeting, good).online_url = "https://meet.example/heel"
        db.session.commit()
        _store_bad_link(Meeting, bad, "online_url")
        _feed, token = create_feed(db.session.get(User, scene.admin))
        db.session.commit()
    with caplog.at_level(logging.WARNING, logger="netwerk.meetings.feeds"):
        response = client.get(f"/bijeenkomsten/feed/{token}.ics")
    assert response.status_code == 200
    events = {str(e["UID"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}
    broken = events[f"meeting-{bad}@netwerk"]
    assert "URL" not in broken and "Kapot" in str(broken["SUMMARY"])
    assert "meet.example/a" not in str(broken.get("LOCATION", ""))
    assert str(events[f"meeting-{good}@netwerk"]["URL"]) == "https://meet.example/heel"
    assert any(str(bad) in record.getMessage() for record in caplog.records)


def test_a_bad_stored_link_of_an_output_is_a_clear_refusal(app, client, scene, log_in):
    """The download page and the API's file endpoint answer 409 with a message, not a 500."""
    with app.app_context():
        output_id = make_output(scene.network)
        _store_bad_link(Output, output_id, "url")
        token = make_api_token(scene.coach)
    log_in(scene.coach)
    page = client.get(f"/bijeenkomsten/outputs/{output_id}/download")
    assert page.status_code == 409 and "link van deze output is ongeldig" in page.get_data(
        as_text=True
    )
    api = client.get(
        f"/api/v1/outputs/{output_id}/file", headers={"Authorization": f"Bearer {token}"}
    )
    assert api.status_code == 409
    assert api.json["error"]["code"] == "invalid_link"
    assert "ongeldig" in api.json["error"]["message"]


# -- L5: API dates -----------------------------------------------------------------------------


@pytest.fixture
def api_get(app, scene):
    """GET on the API with an admin's token."""
    with app.app_context():
        make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14))
        token = make_api_token(scene.admin)
    client = app.test_client()
    return lambda url: client.get(url, headers={"Authorization": f"Bearer {token}"})


@pytest.mark.parametrize(
    "query, field",
    [("to=9999-12-31", "to"), ("from=0001-01-01", "from"), ("to=1899-12-31", "to")],
)
def test_api_dates_out_of_range_are_a_422_naming_the_field(api_get, query, field):
    """Before: `to=9999-12-31` overflowed the day added to it (a 500)."""
    response = api_get(f"/api/v1/meetings?{query}")
    assert response.status_code == 422
    error = response.json["error"]
    assert error["details"]["query"][field] == ["Geef een datum tussen 1900-01-01 en 2200-12-31."]


def test_api_dates_at_the_bounds_are_taken(api_get):
    """The first and the last day of the range are fine."""
    response = api_get("/api/v1/meetings?from=1900-01-01&to=2200-12-31")
    assert response.status_code == 200 and response.json["total"] == 1


# -- L9: attendance person rows ----------------------------------------------------------------


def _persons(count: int, start: int = 0) -> dict:
    """count named person rows of the attendance form."""
    data = {}
    for i in range(start, start + count):
        data |= {f"persons-{i}-name": f"Persoon {i}", f"persons-{i}-status": "present"}
    return data


@pytest.fixture
def held_meeting(app, scene, log_in) -> int:
    """A held meeting of the scene's network, with its coach logged in."""
    with app.app_context():
        meeting_id = make_meeting(
            scene.network, starts_at=datetime(2025, 10, 14, 14), status="held"
        )
    log_in(scene.coach)
    return meeting_id


def test_more_person_rows_than_allowed_are_refused_not_cut_off(app, client, held_meeting):
    """301 rows: 422 with the message, nothing stored (WTForms alone would keep 300 silently)."""
    response = client.post(
        f"/bijeenkomsten/{held_meeting}/aanwezigheden",
        data={**_persons(MAX_PERSONS + 1), "submit": "Aanwezigheden opslaan"},
    )
    assert response.status_code == 422
    assert f"Hoogstens {MAX_PERSONS} personen" in response.get_data(as_text=True)
    assert _count(app, AttendancePerson) == 0


def test_the_most_person_rows_are_stored(app, client, held_meeting):
    """Exactly the bound is fine, and the page shows them all again (no room for more rows)."""
    response = client.post(
        f"/bijeenkomsten/{held_meeting}/aanwezigheden",
        data={**_persons(MAX_PERSONS), "submit": "Aanwezigheden opslaan"},
    )
    assert response.status_code == 302
    assert _count(app, AttendancePerson) == MAX_PERSONS
    page = client.get(f"/bijeenkomsten/{held_meeting}/aanwezigheden")
    assert page.status_code == 200
    assert f'name="persons-{MAX_PERSONS - 1}-name"' in page.get_data(as_text=True)
    more = client.post(
        f"/bijeenkomsten/{held_meeting}/aanwezigheden",
        data={**_persons(MAX_PERSONS), "more": "Meer rijen"},
    )
    text = more.get_data(as_text=True)
    assert more.status_code == 200 and f'name="persons-{MAX_PERSONS}-name"' not in text
    assert f"Hoogstens {MAX_PERSONS} personen" in text


@pytest.mark.parametrize("index", ["²", "9" * 5000])
def test_odd_row_numbers_are_ignored(app, client, held_meeting, index):
    """Row numbers that int() refuses (a superscript digit, 5,000 digits) are not rows: before,
    WTForms' int() raised and the page answered 500."""
    response = client.post(
        f"/bijeenkomsten/{held_meeting}/aanwezigheden",
        data={
            **_persons(1),
            f"persons-{index}-name": "Niemand",
            "submit": "Aanwezigheden opslaan",
        },
    )
    assert response.status_code == 302
    assert _count(app, AttendancePerson) == 1


def test_the_service_refuses_more_persons_than_allowed(ctx, scene):
    """The bound holds for any caller of the service, not only the form."""
    meeting = db.session.get(
        Meeting, make_meeting(scene.network, starts_at=datetime(2025, 10, 14, 14), status="held")
    )
    coach = db.session.get(User, scene.coach)
    rows = [
        PersonRow(name=f"P{i}", status=AttendanceStatus.present) for i in range(MAX_PERSONS + 1)
    ]
    with pytest.raises(DomainError, match=f"Hoogstens {MAX_PERSONS} personen"):
        record_attendance(coach, meeting, {}, rows)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AttendancePerson)) == 0
