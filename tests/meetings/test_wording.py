"""What the meeting pages say after a save: the right status, plurals that agree."""

from datetime import date, time, timedelta

import pytest
from flask_babel import force_locale

from netwerk.meetings.minutes import render_markdown
from netwerk.meetings.recurrence import Frequency, SeriesRule, describe_stored
from tests.meetings.test_meetings import _form, _make_series

PAST = date.today() - timedelta(days=14)


def test_a_meeting_saved_as_held_is_not_announced_as_planned(app, client, scene, log_in):
    """Entering a past meeting as held flashes what was saved, not 'De bijeenkomst is gepland.'."""
    log_in(scene.coach)
    response = client.post(
        f"/bijeenkomsten/netwerk/{scene.network}/nieuw",
        data=_form(day=PAST.isoformat(), status="held"),
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "De bijeenkomst is opgeslagen (gehouden)." in page
    assert "De bijeenkomst is gepland." not in page
    planned = client.post(
        f"/bijeenkomsten/netwerk/{scene.network}/nieuw", data=_form(), follow_redirects=True
    )
    assert "De bijeenkomst is gepland." in planned.get_data(as_text=True)


def test_cancelling_says_one_meeting_or_several_and_shows_afgelast(app, client, scene, log_in):
    """'1 bijeenkomst afgelast.' then '2 bijeenkomsten afgelast.'; the status reads 'afgelast'."""
    with app.app_context():
        ids = [m.id for m in _make_series(scene)]
    log_in(scene.coach)
    one = client.post(
        f"/bijeenkomsten/{ids[0]}/afgelasten",
        data={"reason": "Staking", "scope": "this"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "1 bijeenkomst afgelast." in one and "(en)" not in one
    assert "afgelast</span>" in one or ">afgelast<" in one
    assert "geannuleerd" not in one
    two = client.post(
        f"/bijeenkomsten/{ids[2]}/afgelasten",
        data={"reason": "Netwerk stopt", "scope": "following"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "2 bijeenkomsten afgelast." in two


def test_markdown_headings_the_help_promises_work_below_the_page_headings():
    """'# titel' becomes h3 (the page has h1 and h2), ## h4, deeper ones stop at h6; the text
    is still sanitised."""
    html = str(render_markdown("# Titel\n\n## Deel\n\n##### Diep\n\n<script>x()</script>"))
    assert "<h3>Titel</h3>" in html and "<h4>Deel</h4>" in html and "<h6>Diep</h6>" in html
    assert "<h1" not in html and "<h2" not in html and "<script" not in html


@pytest.mark.parametrize(
    "rule",
    [
        SeriesRule(Frequency.monthly, date(2027, 9, 1), date(2028, 6, 30), time(14), 1, nth=2),
        SeriesRule(Frequency.monthly, date(2027, 9, 1), date(2028, 6, 30), time(9, 30), 4, nth=-1),
        SeriesRule(Frequency.monthly, date(2027, 9, 1), date(2028, 6, 30), time(14), 2, 5, 2),
        SeriesRule(Frequency.weekly, date(2027, 9, 6), date(2027, 12, 20), time(16), 0),
        SeriesRule(Frequency.weekly, date(2027, 9, 6), date(2027, 12, 20), time(16), 6, interval=3),
    ],
)
def test_a_stored_series_line_reads_in_the_readers_language(app, rule):
    """The series stores its rule in Dutch; an English reader gets it in English."""
    with app.test_request_context():
        with force_locale("nl"):
            stored = rule.describe()
            assert describe_stored(stored) == stored
        with force_locale("en"):
            english = describe_stored(stored)
            assert english == rule.describe() and english != stored
    assert describe_stored("iets anders") == "iets anders"  # unreadable: shown as stored
