"""The page of next year's copy: a preview of what it creates, and the confirm (admins)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from netwerk.auth.decorators import role_required
from netwerk.auth.models import Role
from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.networks.models import Programme
from netwerk.nextyear import services
from netwerk.nextyear.forms import NextYearForm
from netwerk.timeutil import SchoolYear, today

bp = Blueprint("nextyear", __name__, url_prefix="/netwerken/programmas")
# No menu item: the programmes page links to it.
MENU = ()


def _from_year(text: str | None) -> SchoolYear:
    """The school year to copy from: the one asked (a wrong one is a Dutch 400), else today's."""
    return SchoolYear.parse(text) if text else SchoolYear.of(today())


@bp.route("/<int:programme_id>/volgend-schooljaar", methods=["GET", "POST"])
@role_required(Role.admin)
def next_year(programme_id: int):
    """What copying a programme into the next school year creates; the POST creates it."""
    programme = db.get_or_404(Programme, programme_id)
    form = NextYearForm()
    status = 200
    if request.method == "POST":
        from_year = _from_year(form.school_year.data)
        if form.validate_on_submit():
            try:
                plan = services.copy_to_next_year(
                    current_user, programme, from_year, form.fingerprint.data
                )
            except DomainError as exc:
                db.session.rollback()
                flash(exc.message, "error")
                status = exc.status_code
            else:
                db.session.commit()
                flash(
                    _(
                        "Aangemaakt voor %(year)s: netwerken: %(n)d, oproepen: %(calls)d.",
                        n=len(plan.networks),
                        calls=len(plan.calls),
                        year=str(plan.to_year),
                    ),
                    "success",
                )
                return redirect(url_for("networks.index", programme=programme.id))
        else:
            for messages in form.errors.values():
                flash(str(messages[0]), "error")
            status = 400
    else:
        from_year = _from_year(request.args.get("schooljaar"))
    plan = services.plan_next_year(current_user, programme, from_year)
    form.school_year.data = str(from_year)
    form.fingerprint.data = plan.fingerprint
    return render_template(
        "nextyear/preview.html",
        plan=plan,
        form=form,
        planned_total=services.planned_fte_total(plan),
    ), status
