"""Login, logout and one's own password."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from netwerk.auth import services
from netwerk.auth.forms import (
    ChangePasswordForm,
    LoginForm,
)
from netwerk.errors import DomainError
from netwerk.extensions import db, limiter

bp = Blueprint("auth", __name__)

MENU = ()


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after login."""
    if (
        target
        and not urlsplit(target).netloc
        and target.startswith("/")
        and not target.startswith("//")
    ):
        return target
    return url_for("main.index")


@bp.route("/aanmelden", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Log in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("Onbekend e-mailadres of verkeerd wachtwoord."), "error")
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            flash(_("U bent aangemeld."), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/afmelden", methods=["POST"])
@login_required
def logout():
    """Log out (a POST, so that a link cannot log someone out)."""
    logout_user()
    flash(_("U bent afgemeld."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current.data, form.new.data)
        except DomainError as exc:
            form.current.errors.append(str(exc))
        else:
            db.session.commit()
            flash(_("Uw wachtwoord is gewijzigd."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)
