"""Outputs: links (http/https only), uploads (size, type, content), downloads per role, the flag
for held work sessions without an output."""

import io
import os
import zipfile
from datetime import datetime

import pytest
from sqlalchemy import func, select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.models import Meeting, Output, OutputType
from netwerk.meetings.outputs import (
    OutputData,
    create_output,
    delete_output,
    lacks_output,
    werksessies_without_output,
)
from netwerk.networks.models import Network
from tests.meetings.factories import make_meeting, make_output

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _post(client, network_id, *, content=None, filename=None, **fields):
    data = {
        "type": "fiche",
        "title": "Fiche breuken",
        "status": "final",
        "meeting_id": "",
        "url": "",
    }
    data.update(fields)
    if content is not None:
        data["file"] = (io.BytesIO(content), filename)
    return client.post(
        f"/bijeenkomsten/netwerk/{network_id}/outputs/nieuw",
        data=data,
        content_type="multipart/form-data",
    )


def _outputs(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Output))


def test_upload_is_stored_under_a_random_name_and_downloaded_with_its_own(
    app, client, scene, log_in
):
    """The file lands in UPLOAD_DIR under a random name; the download uses the original name."""
    log_in(scene.coach)
    response = _post(client, scene.network, content=PDF, filename="../../Fiche breuken.pdf")
    assert response.status_code == 302
    with app.app_context():
        output = db.session.scalar(select(Output))
        assert output.original_name == "Fiche breuken.pdf"
        assert output.stored_name.endswith(".pdf") and len(output.stored_name) == 36
        assert output.content_type == "application/pdf" and output.size_bytes == len(PDF)
        assert os.listdir(app.config["UPLOAD_DIR"]) == [output.stored_name]
        output_id = output.id
    download = client.get(f"/bijeenkomsten/outputs/{output_id}/download")
    assert download.status_code == 200
    assert download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    assert "Fiche breuken.pdf" in download.headers["Content-Disposition"]
    download.close()


@pytest.mark.parametrize(
    "who, status",
    [
        ("admin", 200),
        ("ministry", 200),
        ("coach", 200),
        ("other_coach", 403),
        ("school_user", 200),
        ("pending_user", 200),  # registered (not yet accepted): may see the network's details
        ("outsider_user", 403),
    ],
)
def test_download_access_per_role(app, client, scene, log_in, who, status):
    """Only users who may see the network's details download its files."""
    log_in(scene.coach)
    assert _post(client, scene.network, content=_docx(), filename="plan.docx").status_code == 302
    with app.app_context():
        output_id = db.session.scalar(select(Output.id))
    log_in(getattr(scene, who))
    response = client.get(f"/bijeenkomsten/outputs/{output_id}/download")
    assert response.status_code == status
    response.close()


def test_anonymous_download_goes_to_login(app, client, scene, log_in):
    """Without login a download redirects to the login page."""
    with app.app_context():
        output_id = make_output(scene.network)
    response = client.get(f"/bijeenkomsten/outputs/{output_id}/download")
    assert response.status_code == 302 and "/aanmelden" in response.headers["Location"]


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (b"MZ\x90\x00binary", "virus.exe", "niet toegelaten"),
        (b"<html><script>x</script>", "pagina.html", "niet toegelaten"),
        (b"MZ\x90\x00binary", "fiche.pdf", "past niet bij de extensie .pdf"),
        (PDF, "fiche.docx", "past niet bij de extensie .docx"),
        (b"PK\x03\x04garbage", "fiche.xlsx", "past niet bij de extensie .xlsx"),
        (b"tekst met \x00 nul", "notities.txt", "past niet bij de extensie .txt"),
        (b"", "leeg.pdf", "leeg"),
    ],
)
def test_refused_types_store_nothing(app, client, scene, log_in, content, filename, message):
    """Wrong extension or content that does not match it: a message, a 4xx, no file, no row."""
    log_in(scene.coach)
    response = _post(client, scene.network, content=content, filename=filename)
    assert 400 <= response.status_code < 500
    assert message in response.get_data(as_text=True)
    assert _outputs(app) == 0
    assert not os.path.isdir(app.config["UPLOAD_DIR"]) or not os.listdir(app.config["UPLOAD_DIR"])


def test_too_large_upload_is_refused(app, client, scene, log_in):
    """Above UPLOAD_MAX_BYTES: 413 with a message, nothing stored."""
    app.config["UPLOAD_MAX_BYTES"] = 1024
    log_in(scene.coach)
    response = _post(client, scene.network, content=b"a" * 1025, filename="groot.txt")
    assert response.status_code == 413
    assert "te groot" in response.get_data(as_text=True)
    assert _outputs(app) == 0
    assert (
        _post(client, scene.network, content=b"a" * 1024, filename="klein.txt").status_code == 302
    )


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"url": "javascript:alert(1)"}, "http:// of https://"),
        ({"url": "ftp://server/x"}, "http:// of https://"),
        ({"url": ""}, "Geef een link of voeg een bestand toe"),
        ({"title": ""}, "Geef een titel"),
    ],
)
def test_bad_links_are_refused(app, client, scene, log_in, fields, message):
    """Links only over http(s); an output needs a link or a file and a title."""
    log_in(scene.coach)
    response = _post(client, scene.network, **fields)
    assert response.status_code in (400, 422)
    assert message in response.get_data(as_text=True)
    assert _outputs(app) == 0


def test_link_and_file_together_are_refused(app, client, scene, log_in):
    """A link or a file, not both."""
    log_in(scene.coach)
    response = _post(client, scene.network, content=PDF, filename="a.pdf", url="https://x.be")
    assert response.status_code == 422 and _outputs(app) == 0


def test_coach_of_another_network_cannot_add_outputs(app, client, scene, log_in):
    """Coaches touch only their own networks."""
    log_in(scene.other_coach)
    assert _post(client, scene.network, url="https://x.be").status_code == 403
    assert _outputs(app) == 0


def test_held_werksessie_without_output_is_flagged(app, client, scene, log_in):
    """Held work sessions without output are flagged; an output (or another type) clears it."""
    with app.app_context():
        flagged = make_meeting(
            scene.network, starts_at=datetime(2025, 10, 14, 14), status="held", type="werksessie"
        )
        make_meeting(scene.network, starts_at=datetime(2025, 11, 18, 14), status="held")
        make_meeting(scene.network, type="werksessie")  # planned: not yet
        with_output = make_meeting(
            scene.network, starts_at=datetime(2025, 12, 9, 14), status="held", type="werksessie"
        )
        make_output(scene.network, with_output)
        make_meeting(
            scene.other_network,
            starts_at=datetime(2025, 10, 1, 9),
            status="held",
            type="werksessie",
        )
        ids = db.session.scalars(
            werksessies_without_output([scene.network]).with_only_columns(Meeting.id)
        ).all()
        assert ids == [flagged]
        assert lacks_output(db.session.get(Meeting, flagged))
        assert not lacks_output(db.session.get(Meeting, with_output))
    log_in(scene.coach)
    dashboard = client.get("/bijeenkomsten/").get_data(as_text=True)
    section = dashboard.split("Werksessies zonder output</h2>")[1].split("<h2")[0]
    assert f'/bijeenkomsten/{flagged}"' in section
    assert f'/bijeenkomsten/{with_output}"' not in section
    detail = client.get(f"/bijeenkomsten/{flagged}").get_data(as_text=True)
    assert "heeft nog geen output" in detail
    assert (
        _post(client, scene.network, url="https://x.be", meeting_id=str(flagged)).status_code == 302
    )
    assert "heeft nog geen output" not in client.get(f"/bijeenkomsten/{flagged}").get_data(
        as_text=True
    )


def test_delete_output_removes_its_file(app, client, scene, log_in):
    """Deleting an output deletes its file too."""
    log_in(scene.coach)
    _post(client, scene.network, content=PDF, filename="a.pdf")
    with app.app_context():
        output_id = db.session.scalar(select(Output.id))
    assert client.post(f"/bijeenkomsten/outputs/{output_id}/verwijderen").status_code == 302
    assert _outputs(app) == 0 and os.listdir(app.config["UPLOAD_DIR"]) == []


def _upload_files(app) -> list[str]:
    folder = app.config["UPLOAD_DIR"]
    return os.listdir(folder) if os.path.isdir(folder) else []


@pytest.mark.parametrize("end", ["rollback", "close"])
def test_a_new_file_goes_when_its_row_is_not_committed(app, scene, end):
    """An upload whose transaction rolls back (or is closed without a commit) leaves no file."""
    with app.app_context():
        coach, network = db.session.get(User, scene.coach), db.session.get(Network, scene.network)
        data = OutputData(type=OutputType.fiche, title="Fiche")
        create_output(coach, network, data, stream=io.BytesIO(PDF), filename="a.pdf")
        assert len(_upload_files(app)) == 1  # written before the commit
        if end == "rollback":
            db.session.rollback()
        else:
            db.session.close()
        assert _upload_files(app) == []
        # A committed one stays.
        create_output(coach, network, data, stream=io.BytesIO(PDF), filename="b.pdf")
        db.session.commit()
        assert len(_upload_files(app)) == 1


def test_a_deleted_output_keeps_its_file_until_the_deletion_commits(app, scene):
    """Deleting rolls back: the row is back and so is (still) its file; committed: both gone."""
    with app.app_context():
        coach, network = db.session.get(User, scene.coach), db.session.get(Network, scene.network)
        data = OutputData(type=OutputType.fiche, title="Fiche")
        output = create_output(coach, network, data, stream=io.BytesIO(PDF), filename="a.pdf")
        db.session.commit()
        delete_output(coach, output)
        assert len(_upload_files(app)) == 1
        db.session.rollback()
        assert len(_upload_files(app)) == 1 and _outputs(app) == 1
        delete_output(coach, db.session.get(Output, output.id))
        db.session.commit()
        assert _upload_files(app) == [] and _outputs(app) == 0
