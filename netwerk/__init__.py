"""netwerk: learning networks in Flemish education."""

import os
import secrets

from flask import Flask, g, has_request_context, request, session
from werkzeug.routing import IntegerConverter

# Flask-Mail under another name: the submodule netwerk.mail, once imported, is the attribute `mail`
# of this package and would shadow the extension.
from netwerk.extensions import MAX_INT, babel, bootstrap, csrf, db, limiter, login_manager, migrate
from netwerk.extensions import mail as flask_mail

PLACEHOLDER_SECRETS = {"", "dev", "change-me", "changeme", "secret"}


class IdConverter(IntegerConverter):
    """<int:...> of every route, up to MAX_INT: a larger id is a 404, not a database error."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_INT, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def create_app(config: dict | None = None) -> Flask:
    """Create the app; tests pass a config dict instead of reading the environment."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    app = Flask(
        __name__,
        template_folder=os.path.join(root, "templates"),
        static_folder=os.path.join(root, "static"),
        instance_path=os.path.join(root, "instance"),
    )
    app.config.from_object("netwerk.config.Config")
    if config is None:
        app.config.from_prefixed_env("NETWERK")
    else:
        app.config.update(config)
    _finish_config(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    flask_mail.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)

    from netwerk import models  # noqa: F401  (registers every table)
    from netwerk.auth.services import load_user

    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page explains itself
    login_manager.login_message_category = "info"

    app.url_map.converters["int"] = IdConverter
    _register_blueprints(app)

    from netwerk.errors import register_error_handlers
    from netwerk.formatting import register_template_helpers

    register_error_handlers(app)
    register_template_helpers(app)

    from netwerk.cli import register_cli

    register_cli(app)

    app.after_request(_security_headers)
    return app


def _finish_config(app: Flask) -> None:
    """Map NETWERK_DATABASE_URL, default to embedded SQLite and refuse a missing secret key."""
    cfg = app.config
    if cfg.get("DATABASE_URL"):
        cfg["SQLALCHEMY_DATABASE_URI"] = cfg["DATABASE_URL"]
    if not cfg.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        cfg["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "netwerk.db"
        )
    if cfg["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {}
    relaxed = app.debug or cfg.get("TESTING")
    if (cfg.get("SECRET_KEY") or "") in PLACEHOLDER_SECRETS:
        if not relaxed:
            raise RuntimeError(
                "NETWERK_SECRET_KEY ontbreekt of is een voorbeeldwaarde. Zet een lange willekeurige "
                "sleutel, bv. NETWERK_SECRET_KEY=$(python -c 'import secrets; "
                "print(secrets.token_hex(32))')."
            )
        cfg["SECRET_KEY"] = secrets.token_hex(32) if cfg.get("TESTING") else "dev-only-secret"
    # Secure cookies outside debug and testing (production runs behind HTTPS).
    cfg["SESSION_COOKIE_SECURE"] = cfg["REMEMBER_COOKIE_SECURE"] = not relaxed
    if cfg.get("MAIL_OUTBOX_DIR") is None and relaxed:
        cfg["MAIL_OUTBOX_DIR"] = os.path.join(app.instance_path, "outbox")
    cfg.setdefault("UPLOAD_DIR", os.path.join(app.instance_path, "uploads"))


def select_locale() -> str:
    """The language chosen with the switch, else the user's, else Dutch."""
    from flask_login import current_user

    if not has_request_context():  # the command line and services run outside a request
        return "nl"
    choice = session.get("lang")
    if choice is None and getattr(current_user, "is_authenticated", False):
        choice = current_user.locale
    if choice is None and request.path.startswith("/api/"):
        choice = request.accept_languages.best_match(["nl", "en"])
    return choice if choice in ("nl", "en") else "nl"


def _register_blueprints(app: Flask) -> None:
    """One blueprint per feature for the pages, one per feature for the API."""
    from netwerk.auth.views import bp as auth_bp
    from netwerk.effort.views import bp as effort_bp
    from netwerk.main import bp as main_bp
    from netwerk.meetings.views import bp as meetings_bp
    from netwerk.networks.views import bp as networks_bp
    from netwerk.reports.views import bp as reports_bp
    from netwerk.schools.views import bp as schools_bp

    for blueprint in (
        main_bp,
        auth_bp,
        schools_bp,
        networks_bp,
        meetings_bp,
        effort_bp,
        reports_bp,
    ):
        app.register_blueprint(blueprint)

    from netwerk.apiutil import register_api

    register_api(app)


def _security_headers(response):
    """The usual security headers; scripts and styles only from our own origin."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
    )
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if g.get("no_store"):
        response.headers["Cache-Control"] = "no-store"
    return response
