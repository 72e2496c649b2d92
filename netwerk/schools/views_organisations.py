"""Pages of the organisation registry (issue 20): search, create, edit, and a CSV import per
kind. Schools stay in the school registry (their own pages and import)."""

import csv
import io

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.csvfiles import decode
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import form_page
from netwerk.navigation import NavItem
from netwerk.paging import list_page
from netwerk.schools import organisations
from netwerk.schools.forms import OrganisationFilterForm, OrganisationForm, OrganisationImportForm
from netwerk.schools.models import IdentifierType, Organisation, OrganisationKind, Province

bp = Blueprint("organisations", __name__, url_prefix="/organisaties")

MENU = (
    NavItem(
        "organisations.index",
        _l("Organisaties"),
        (Role.admin,),
        _l("CLB's, lokale besturen, expertisecentra en andere organisaties"),
    ),
)


def _data(form: OrganisationForm, organisation: Organisation | None):
    """The form as the service's OrganisationData."""
    return organisations.OrganisationData(
        kind=OrganisationKind(form.kind.data) if form.kind.data else None,
        name=form.name.data or "",
        street=form.street.data or "",
        postcode=form.postcode.data or "",
        municipality=form.municipality.data or "",
        province=Province(form.province.data) if form.province.data else None,
        identifiers=organisations.form_identifiers(organisation, form.kbo.data, form.ovo.data),
    )


@bp.route("/")
@role_required(Role.admin)
def index():
    """The organisations of every kind: search on name, postcode or municipality; a kind."""
    form = OrganisationFilterForm(formdata=request.args)
    return list_page(
        "organisations/index.html",
        form,
        lambda: organisations.search_organisations(
            OrganisationKind(form.kind.data) if form.kind.data else None, form.q.data
        ),
    )


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(Role.admin)
def create():
    """Add an organisation that is not a school."""
    form = OrganisationForm()
    return form_page(
        form,
        lambda: organisations.create_organisation(current_user, _data(form, None)),
        lambda o: _("Organisatie %(name)s toegevoegd.", name=o.name),
        url_for("organisations.index"),
        "organisations/form.html",
        organisation=None,
    )


@bp.route("/<int:organisation_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.admin)
def edit(organisation_id: int):
    """Change an organisation that is not a school (a school: the school registry)."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(
        data={
            "kind": organisation.kind.value,
            "name": organisation.name,
            "street": organisation.street,
            "postcode": organisation.postcode,
            "municipality": organisation.municipality,
            "province": organisation.province.value if organisation.province else "",
            "kbo": organisations.current_identifier(organisation, IdentifierType.kbo),
            "ovo": organisations.current_identifier(organisation, IdentifierType.ovo),
        }
    )
    return form_page(
        form,
        lambda: organisations.update_organisation(
            current_user, organisation, _data(form, organisation)
        ),
        lambda o: _("De gegevens van %(name)s zijn opgeslagen.", name=o.name),
        url_for("organisations.index"),
        "organisations/form.html",
        organisation=organisation,
    )


def _rows(data: bytes) -> list[dict[str, str]]:
    """The CSV's rows under the service's names (comma or semicolon, Dutch headers)."""
    text, _encoding = decode(data)
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, [])
    names = {
        alias: key for key, aliases in organisations.IMPORT_COLUMNS.items() for alias in aliases
    }
    keys = [names.get(h.strip().lower()) for h in header]
    if "name" not in keys:
        raise DomainError(_("Het bestand heeft geen kolom 'naam'."), field="file")
    return [
        {k: cell.strip() for k, cell in zip(keys, cells, strict=False) if k}
        for cells in reader
        if any(c.strip() for c in cells)
    ]


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.admin)
def import_csv():
    """Upload a CSV file of organisations of one kind; the errors per line, or what was done."""
    form = OrganisationImportForm()
    result = None
    if form.validate_on_submit():
        data = form.file.data.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
        if len(data) > current_app.config["UPLOAD_MAX_BYTES"]:
            form.file.errors.append(_("Het bestand is te groot."))
        else:
            try:
                kind = OrganisationKind(form.kind.data)
                result = organisations.import_organisations(current_user, kind, _rows(data))
            except DomainError as exc:
                form.file.errors.append(exc.message)
            else:
                if result.errors:
                    db.session.rollback()
                    flash(_("Er is niets ingelezen: verbeter de fouten hieronder."), "error")
                else:
                    db.session.commit()
                    flash(_("Het bestand is ingelezen."), "success")
    refused = bool(form.errors) or (result is not None and bool(result.errors))
    page = render_template("organisations/import.html", form=form, result=result)
    return page, 422 if refused else 200
