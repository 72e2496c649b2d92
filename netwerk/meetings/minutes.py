"""The minutes of a meeting: Markdown, every save a new revision, shown sanitised."""

import markdown as md
import nh3
from flask_babel import gettext as _
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from netwerk.auth.models import User
from netwerk.changelog import log_change
from netwerk.errors import DomainError, check_version
from netwerk.extensions import db
from netwerk.locks import lock_row
from netwerk.meetings.models import Meeting, MinutesRevision
from netwerk.networks.permissions import require_manager

MINUTES_MAX_CHARS = 100_000
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr",
    "i", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


# The page has its h1 and the section's h2: "# titel" in the text is a heading under those.
HEADING_SHIFT = 2


class _ShiftHeadings(Treeprocessor):
    """# becomes h3, ## h4, and so on down to h6: headings the help text promises, in order."""

    def run(self, root):
        for element in root.iter():
            tag = element.tag if isinstance(element.tag, str) else ""  # comments have none
            if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                element.tag = f"h{min(int(tag[1]) + HEADING_SHIFT, 6)}"


class _HeadingsBelowThePage(Extension):
    """The Markdown extension that registers _ShiftHeadings."""

    def extendMarkdown(self, markdown):  # noqa: N802 - the name Markdown calls
        markdown.treeprocessors.register(_ShiftHeadings(markdown), "shift_headings", 5)


def render_markdown(text: str) -> Markup:
    """Markdown to HTML, then sanitised: no script, style, event handlers or javascript: links."""
    html = md.markdown(
        text or "",
        extensions=["tables", "sane_lists", _HeadingsBelowThePage()],
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)


def minutes_version(current: MinutesRevision | None) -> int:
    """The version of the minutes a form shows: its newest revision's number, 0 before the first."""
    return current.version if current else 0


def save_minutes(
    actor: User, meeting: Meeting, body: str, *, version: int | None = None
) -> MinutesRevision | None:
    """Store a new revision of the minutes; None when the text did not change.

    version is the one the writer saw (minutes_version): a save over a newer revision is refused
    (a 409), unless it brings the very text that is there now.
    """
    require_manager(actor, meeting.network)
    body = (body or "").replace("\r\n", "\n").strip()
    if len(body) > MINUTES_MAX_CHARS:
        raise DomainError(_("Het verslag is te lang (hoogstens 100.000 tekens)."))
    # Two saves at once would both read the same newest revision: the second waits here.
    lock_row(Meeting, meeting.id)
    current = current_minutes(meeting)
    if (current.body_markdown if current else "") == body:
        return None
    check_version(minutes_version(current), version)
    revision = MinutesRevision(
        meeting_id=meeting.id,
        version=minutes_version(current) + 1,
        body_markdown=body,
        author_id=actor.id,
    )
    db.session.add(revision)
    db.session.flush()
    log_change(actor, "minutes_revision.created", revision, meeting_id=meeting.id, chars=len(body))
    return revision


def current_minutes(meeting: Meeting) -> MinutesRevision | None:
    """The newest revision of the minutes."""
    return db.session.scalar(
        select(MinutesRevision)
        .where(MinutesRevision.meeting_id == meeting.id)
        .order_by(MinutesRevision.id.desc())
        .limit(1)
    )


def revisions_query(meeting: Meeting) -> Select:
    """The revisions of a meeting's minutes, newest first, with their authors loaded."""
    return (
        select(MinutesRevision)
        .where(MinutesRevision.meeting_id == meeting.id)
        .options(selectinload(MinutesRevision.author))
        .order_by(MinutesRevision.id.desc())
    )


def minutes_history(meeting: Meeting) -> list[MinutesRevision]:
    """Every revision, newest first, with its author."""
    return list(db.session.scalars(revisions_query(meeting)))
