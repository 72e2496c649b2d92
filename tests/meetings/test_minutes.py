"""Minutes: Markdown rendered and sanitised, a revision per save, the history page."""

from datetime import datetime

from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.meetings.minutes import current_minutes, minutes_history, render_markdown, save_minutes
from netwerk.meetings.models import Meeting, MinutesRevision
from tests.meetings.factories import attend, make_meeting

EVIL = """# Verslag

Goed **gesprek**.

<script>alert('x')</script>
<style>body{display:none}</style>
<img src=x onerror="alert(1)">
<p onclick="steal()">klik</p>
[link](javascript:alert(1)) en [site](https://onderwijs.vlaanderen.be)
"""


def test_markdown_is_sanitised(ctx):
    """Script, style, event handlers and javascript: links go; links get rel=noopener."""
    html = str(render_markdown(EVIL))
    assert "<h1>" not in html  # only h2 and lower: the page has its own h1
    assert "<strong>gesprek</strong>" in html
    for bad in (
        "<script",
        "alert('x')",
        "<style",
        "display:none",
        "onerror",
        "onclick",
        "javascript:",
        "<img",
    ):
        assert bad not in html, bad
    assert 'href="https://onderwijs.vlaanderen.be"' in html
    assert 'rel="noopener noreferrer"' in html


def test_each_save_is_a_revision_with_author(ctx, scene):
    """Every changed save adds a revision; an unchanged save adds none."""
    meeting = db.session.get(Meeting, make_meeting(scene.network, status="planned"))
    coach = db.session.get(User, scene.coach)
    admin = db.session.get(User, scene.admin)
    first = save_minutes(coach, meeting, "Eerste versie")
    assert save_minutes(coach, meeting, "Eerste versie\r\n") is None
    second = save_minutes(admin, meeting, "Tweede versie")
    history = minutes_history(meeting)
    assert [r.id for r in history] == [second.id, first.id]
    assert [r.author_id for r in history] == [scene.admin, scene.coach]
    assert current_minutes(meeting).body_markdown == "Tweede versie"


def test_minutes_pages_show_sanitised_text_history_and_attendance(app, client, scene, log_in):
    """Save through the page; the meeting page shows the cleaned minutes with the attendance."""
    with app.app_context():
        meeting_id = make_meeting(
            scene.network, starts_at=datetime(2025, 10, 14, 14), status="held"
        )
        attend(meeting_id, scene.accepted[0])
    log_in(scene.coach)
    assert (
        client.post(f"/bijeenkomsten/{meeting_id}/verslag", data={"body": EVIL}).status_code == 302
    )
    assert (
        client.post(f"/bijeenkomsten/{meeting_id}/verslag", data={"body": "Versie 2"}).status_code
        == 302
    )
    with app.app_context():
        assert len(db.session.scalars(select(MinutesRevision)).all()) == 2
    history = client.get(f"/bijeenkomsten/{meeting_id}/verslag/geschiedenis").get_data(as_text=True)
    assert "Versie 2: " in history and "Versie 1: " in history and "<script>alert" not in history
    log_in(scene.school_user)
    detail = client.get(f"/bijeenkomsten/{meeting_id}").get_data(as_text=True)
    assert "Versie 2" in detail and "1 school vertegenwoordigd" in detail
    assert "Verslag schrijven" not in detail
    assert (
        client.post(f"/bijeenkomsten/{meeting_id}/verslag", data={"body": "x"}).status_code == 403
    )
