"""JSON API of the publications, under /api/v1: publish, list, one publication with what
changed since. Admin and ministry tokens (a read-only token may publish: it changes no data);
coach and school tokens get 403. The same services as the pages."""

from decimal import Decimal

from flask import abort
from flask_babel import gettext as _

from netwerk.apiutil import ApiBlueprint, PageQuerySchema, paginated
from netwerk.auth.models import User
from netwerk.auth.tokens import api_user, token_required
from netwerk.extensions import db
from netwerk.publications import diff, services
from netwerk.publications.models import Publication
from netwerk.publications.permissions import PUBLISHER_ROLES
from netwerk.publications.schemas import (
    PublicationDetailSchema,
    PublicationInSchema,
    PublicationPageSchema,
    PublicationSchema,
)

blp = ApiBlueprint("api_publications", __name__, description="publications")


def publication_out(publication: Publication) -> dict:
    """A publication as PublicationSchema lays it out."""
    by: User | None = publication.published_by
    return {
        "id": publication.id,
        "title": publication.title,
        "report": publication.report.value,
        "as_of": publication.as_of,
        "known_at": publication.parameters.get("known_at"),
        "published_at": publication.published_at,
        "published_by": None if by is None else {"id": by.id, "name": by.name},
        "withdrawn_at": publication.withdrawn_at,
        "withdrawal_reason": publication.withdrawal_reason,
        "parameters": publication.parameters,
        "body": publication.body,
    }


def _figures_out(figures: dict) -> dict:
    """Effort figures as the effort report writes them (decimal strings)."""
    return {name: format(value, "f") for name, value in figures.items()}


def _row_out(row: diff.RowChange | diff.EffortChange) -> dict:
    """A changed figure as RowChangeSchema lays it out."""
    if isinstance(row, diff.EffortChange):
        return {
            "key": row.key,
            "kind": row.kind,
            "id": row.id,
            "label": row.label,
            "published": _figures_out(row.published),
            "current": _figures_out(row.current),
        }
    if row.network_id is None:
        return {
            "period": row.label,
            "published_count": row.published,
            "current_count": row.current,
        }
    return {
        "anchor_school": {"institution_number": row.anchor_institution_number},
        "network": {"id": row.network_id},
        "level": row.level,
        "published_count": row.published,
        "current_count": row.current,
    }


def _total_out(value: int | Decimal) -> int | str:
    """A count as a number, an effort figure as its decimal string."""
    return format(value, "f") if isinstance(value, Decimal) else value


def _load(publication_id: int) -> Publication:
    publication = db.session.get(Publication, publication_id)
    if publication is None:
        abort(404, description=_("Deze publicatie bestaat niet."))
    return publication


@blp.route("/publications", methods=["POST"])
@token_required(*PUBLISHER_ROLES, reads_only=True)
@blp.arguments(PublicationInSchema)
@blp.response(201, PublicationSchema)
@blp.errors(403, 422)
def publish(data):
    """Publish the participation, reach or effort report: the stored body is exactly what GET
    /api/v1/reports/<report> answers for the parameters at known_at (default: now)."""
    args = {name: str(value) for name, value in data["parameters"].items() if value is not None}
    params = services.report_params(data["report"], args)
    publication = services.publish(api_user(), data["report"], data["title"], params)
    db.session.commit()
    return publication_out(publication)


@blp.listing(
    "/publications", PageQuerySchema, PublicationPageSchema, token_required(*PUBLISHER_ROLES)
)
def list_publications(args):
    """Every publication, newest first (withdrawn ones too, with withdrawn_at)."""
    return paginated(
        services.publications_select(),
        args,
        lambda rows: [publication_out(p) for p in rows],
    )


@blp.route("/publications/<int:publication_id>")
@token_required(*PUBLISHER_ROLES)
@blp.response(200, PublicationDetailSchema)
@blp.errors(403, 404)
def get_publication(publication_id: int):
    """One publication with what changed since: changes_since (rows whose count differs now,
    0 on the side without the row) and totals_since (per level; reach: the cumulative line)."""
    publication = _load(publication_id)
    changes = diff.changes_since(api_user(), publication)
    return {
        **publication_out(publication),
        "changes_since": [_row_out(row) for row in changes.rows],
        "totals_since": {
            key: {"published": _total_out(published), "current": _total_out(current)}
            for key, (published, current) in changes.totals.items()
        },
    }
