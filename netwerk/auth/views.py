"""Login, logout and one's own password."""

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from netwerk.auth import services
from netwerk.auth.forms import (
    ChangePasswordForm,
    LoginForm,
)
from netwerk.errors import DomainError
from netwerk.extensions import db, limiter
from netwerk.urls import local_path

bp = Blueprint("auth", __name__)

MENU = ()


def _safe_next(target: str | None) -> str:
    """Only redirect to a path on this site after login."""
    return local_path(target) or url_for("main.index")


def _account_key() -> str:
    """The account a login attempt is for: attempts on one account are counted together,
    whichever addresses they come from."""
    return "login:" + " ".join((request.form.get("email") or "").split()).lower()[:254]


def _login_failed(response) -> bool:
    """Only a refused attempt counts against the account (a login that works redirects)."""
    return response.status_code != 302


def _new_session() -> None:
    """Start from an empty session (a new CSRF secret too), keeping only the chosen language."""
    lang = session.get("lang")
    session.clear()
    if lang is not None:
        session["lang"] = lang


@bp.route("/aanmelden", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"],
    methods=["POST"],
    key_func=_account_key,
    deduct_when=_login_failed,
)
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
            _new_session()
            login_user(user, remember=form.remember.data)
            flash(_("U bent aangemeld."), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/afmelden", methods=["POST"])
@login_required
def logout():
    """Log out (a POST, so that a link cannot log someone out), on every device: the remember
    cookie and every other session of the user end too."""
    services.end_sessions(current_user)
    db.session.commit()
    logout_user()
    _new_session()
    flash(_("U bent afgemeld."), "info")
    return redirect(url_for("auth.login"))


def _user_key() -> str:
    """Password changes are counted per user."""
    return f"password:{current_user.get_id().split(':')[0]}"


@bp.route("/wachtwoord", methods=["GET", "POST"])
@login_required
@limiter.limit(
    lambda: current_app.config["PASSWORD_RATE_LIMIT"], methods=["POST"], key_func=_user_key
)
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
            # The new password ended every session, this one too: carry on in a new one.
            _new_session()
            login_user(current_user._get_current_object())
            flash(_("Uw wachtwoord is gewijzigd."), "success")
            return redirect(url_for("main.index"))
    return render_template("auth/change_password.html", form=form)
