"""Login, logout, one's own password (changed, forgotten, first chosen) and one's API tokens."""

import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from netwerk.auth import links, services
from netwerk.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RevokeTokenForm,
    SetPasswordForm,
    TokenCreateForm,
)
from netwerk.auth.links import LinkPurpose, LinkRefused
from netwerk.auth.models import ApiToken, Role, User
from netwerk.errors import DomainError
from netwerk.extensions import db, limiter
from netwerk.forms import answered_before, remember_answer, render_form, show_refusal
from netwerk.ids import is_id
from netwerk.timeutil import utcnow
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
    # A refused login is a refused form like any other: 422 with the error summary.
    return render_form("auth/login.html", form=form)


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
            show_refusal(form, exc)
        else:
            db.session.commit()
            # The new password ended every session, this one too: carry on in a new one.
            _new_session()
            login_user(current_user._get_current_object())
            flash(_("Uw wachtwoord is gewijzigd."), "success")
            return redirect(url_for("main.index"))
    elif form.is_submitted() and form.current.data and not form.current.errors:
        # All problems at once: a wrong current password too, not only once the rest is right.
        try:
            services.check_current_password(current_user, form.current.data)
        except DomainError as exc:
            show_refusal(form, exc)
    return render_form("auth/change_password.html", form=form)


def _reset_address_key() -> str:
    """Reset requests for one address are counted together, whichever client sends them."""
    return "reset:" + " ".join((request.form.get("email") or "").split()).lower()[:254]


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["PASSWORD_RESET_ADDRESS_RATE_LIMIT"],
    methods=["POST"],
    key_func=_reset_address_key,
)
def forgot_password():
    """Ask for a link to choose a new password; the answer is the same for every address."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        started = time.monotonic()
        links.request_password_reset(form.email.data)
        db.session.commit()  # the mail, if any, leaves here
        # A known address costs a mail handed to the mail server: wait as long for an unknown one.
        rest = started + current_app.config["PASSWORD_RESET_MIN_SECONDS"] - time.monotonic()
        if rest > 0:
            time.sleep(rest)
        return redirect(url_for("auth.reset_requested"))
    return render_form("auth/forgot_password.html", form=form)


@bp.route("/wachtwoord-vergeten/verstuurd")
def reset_requested():
    """What happens next after asking for a reset link (the same for every address)."""
    return render_template(
        "auth/reset_requested.html", hours=links.lifetime_seconds(LinkPurpose.reset) // 3600
    )


def _password_link_page(token: str, purpose: LinkPurpose, template: str):
    """The page behind a reset or invitation link: a refusal page (4xx) for a link that cannot
    be used, else a form to choose the password; once set, the user is logged in."""
    # The link is a secret: keep the page out of every cache.
    g.no_store = True
    try:
        user = links.user_for_token(token, purpose)
    except LinkRefused as exc:
        page = render_template("auth/link_refused.html", message=exc.message, purpose=purpose)
        return page, exc.status_code
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = links.set_password_from_link(token, purpose, form.new.data)
        except DomainError as exc:
            db.session.rollback()
            show_refusal(form, exc, form.new)
            g.refusal_status = exc.status_code
        else:
            db.session.commit()
            _new_session()
            login_user(user)
            flash(_("Uw wachtwoord is ingesteld. U bent aangemeld."), "success")
            return redirect(url_for("main.index"))
    return render_form(template, form=form, user=user)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RATE_LIMIT"], methods=["POST"])
def reset_password(token: str):
    """Choose a new password through the link of a reset mail."""
    return _password_link_page(token, LinkPurpose.reset, "auth/reset_password.html")


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PASSWORD_RATE_LIMIT"], methods=["POST"])
def accept_invitation(token: str):
    """Choose one's first password through the link of an invitation mail."""
    return _password_link_page(token, LinkPurpose.invitation, "auth/accept_invitation.html")


def _tokens_owner() -> User:
    """Whose API tokens a page is about: one's own, or for an admin those of ?user_id=."""
    user_id = request.args.get("user_id")
    if user_id is None:
        return current_user._get_current_object()
    if not is_id(user_id):
        abort(404)
    owner = db.get_or_404(User, int(user_id))
    if not services.may_manage_tokens(current_user, owner):
        abort(403)
    return owner


def _tokens_url(owner: User) -> str:
    """The token list of this owner (an admin looking at someone else's keeps ?user_id=)."""
    if owner.id == current_user.id:
        return url_for("auth.tokens")
    return url_for("auth.tokens", user_id=owner.id)


@bp.route("/api-sleutels")
@login_required
def tokens():
    """One's API tokens (an admin: anyone's, with ?user_id=), with their state."""
    owner = _tokens_owner()
    return render_template(
        "auth/tokens.html",
        owner=owner,
        tokens=db.session.scalars(services.api_tokens_of(current_user, owner)).all(),
        now=utcnow(),
        is_own=owner.id == current_user.id,
    )


@bp.route("/api-sleutels/nieuw", methods=["GET", "POST"])
@login_required
def create_token():
    """Make an API token for oneself; its text is shown once, on the page that answers."""
    form = TokenCreateForm(data={"days": current_app.config["API_TOKEN_DAYS"]})
    if form.validate_on_submit():
        # A second submit of the page cannot show the secret again: it goes to the list.
        if (again := answered_before(form)) is not None:
            return again
        try:
            row, token = services.new_api_token(
                current_user,
                current_user,
                name=form.name.data,
                read_only=form.read_only.data,
                days=form.days.data,
            )
        except DomainError as exc:
            db.session.rollback()
            show_refusal(form, exc)
        else:
            remember_answer(form, url_for("auth.tokens"))
            db.session.commit()
            # Shown on this answer and never again, so no redirect: a flash message would carry
            # the secret in the session cookie. no-store keeps it out of every cache.
            g.no_store = True
            return render_template("auth/token_created.html", token=row, secret=token)
    return render_form(
        "auth/token_form.html",
        form=form,
        longest=services.longest_token_days(current_user),
        forced_read_only=current_user.role is Role.ministry,
    )


@bp.route("/api-sleutels/<int:token_id>/intrekken", methods=["GET", "POST"])
@login_required
def revoke_token(token_id: int):
    """Revoke an API token (one's own, or an admin: anyone's) after a confirmation."""
    token = db.get_or_404(ApiToken, token_id)
    if not services.may_manage_tokens(current_user, token.user):
        abort(403)
    form = RevokeTokenForm()
    if form.validate_on_submit():
        services.revoke_api_token(current_user, token)
        db.session.commit()
        flash(_("De API-sleutel %(name)s is ingetrokken.", name=token.name), "success")
        return redirect(_tokens_url(token.user))
    return render_template(
        "auth/token_revoke.html", token=token, form=form, back=_tokens_url(token.user)
    )
