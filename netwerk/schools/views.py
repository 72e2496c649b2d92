"""Pages of the schools feature: the registry for admins (list, detail, create, edit, import)."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.forms import form_page
from netwerk.navigation import NavItem
from netwerk.paging import list_page
from netwerk.schools import services
from netwerk.schools.forms import ImportForm, SchoolFilterForm, SchoolForm
from netwerk.schools.importer import import_schools, read_csv
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella

bp = Blueprint("schools", __name__, url_prefix="/scholen")

MENU = (
    NavItem("schools.index", _l("Scholen"), (Role.admin,), _l("Het scholenregister en de import")),
)


def _enum_or_none(enum_cls, value: str | None):
    """The filter's enum member; a blank value (Optional() lets "  " through unchecked) is no filter."""
    value = (value or "").strip()
    return enum_cls(value) if value else None


@bp.route("/")
@role_required(Role.admin)
def index():
    """The registry: search on name, number, postcode or municipality; filter; paginate."""
    form = SchoolFilterForm(formdata=request.args)
    return list_page(
        "schools/index.html",
        form,
        lambda: services.search_schools(
            q=form.q.data,
            level=_enum_or_none(SchoolLevel, form.level.data),
            province=_enum_or_none(Province, form.province.data),
            umbrella=_enum_or_none(Umbrella, form.umbrella.data),
        ),
    )


@bp.route("/kiezen")
@role_required(Role.admin, Role.coach)
def pick():
    """JSON for the school picker: the first schools matching `q`, those of `level` first."""
    try:
        level = _enum_or_none(SchoolLevel, request.args.get("level", "").strip())
    except ValueError:
        return jsonify(error=_("Onbekend onderwijsniveau.")), 400
    try:
        schools = services.pick_schools(request.args.get("q", ""), level)
    except DomainError as exc:
        return jsonify(error=exc.message), exc.status_code
    return jsonify(
        schools=[
            {"id": s.id, "label": s.label, "level_matches": level is None or s.level is level}
            for s in schools
        ]
    )


@bp.route("/<int:school_id>")
@role_required(Role.admin)
def detail(school_id: int):
    """One school with its parent, campuses and linked users."""
    school = db.session.get(
        School,
        school_id,
        options=[
            joinedload(School.parent),
            selectinload(School.children),
            selectinload(School.users),
        ],
    )
    if school is None:
        abort(404)
    return render_template("schools/detail.html", school=school)


@bp.route("/nieuw", methods=["GET", "POST"])
@role_required(Role.admin)
def create():
    """Add a school to the registry."""
    form = SchoolForm()
    return form_page(
        form,
        lambda: services.create_school(current_user, form.school_data()),
        lambda school: _("School %(name)s toegevoegd.", name=school.name),
        lambda school: url_for("schools.detail", school_id=school.id),
        "schools/form.html",
        school=None,
    )


@bp.route("/<int:school_id>/bewerken", methods=["GET", "POST"])
@role_required(Role.admin)
def edit(school_id: int):
    """Change a school's data (its public code stays)."""
    school = db.get_or_404(School, school_id)
    form = SchoolForm(data=services.school_form_data(school))
    return form_page(
        form,
        lambda: services.update_school(current_user, school, form.school_data()),
        lambda school: _("De gegevens van %(name)s zijn opgeslagen.", name=school.name),
        url_for("schools.detail", school_id=school.id),
        "schools/form.html",
        school=school,
    )


@bp.route("/import", methods=["GET", "POST"])
@role_required(Role.admin)
def import_csv():
    """Upload a CSV file of schools; shows the errors per line, or what was imported."""
    form = ImportForm()
    result = parsed = None
    if form.validate_on_submit():
        data = form.file.data.read(current_app.config["UPLOAD_MAX_BYTES"] + 1)
        if len(data) > current_app.config["UPLOAD_MAX_BYTES"]:
            form.file.errors.append(_("Het bestand is te groot."))
        else:
            try:
                parsed = read_csv(data)
                result = import_schools(current_user, parsed, skip_invalid=form.skip_invalid.data)
            except DomainError as exc:
                form.file.errors.append(exc.message)
            else:
                if result.written:
                    db.session.commit()
                    flash(_("Het bestand is ingelezen."), "success")
                else:
                    flash(_("Er is niets ingelezen: verbeter de fouten hieronder."), "error")
    # The report is the answer to the POST, so no redirect; re-sending the same file is harmless
    # because the import is idempotent.
    refused = bool(form.errors) or (result is not None and not result.written)
    page = render_template("schools/import.html", form=form, result=result, parsed=parsed)
    return page, 422 if refused else 200
