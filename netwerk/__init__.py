"""netwerk: learning networks in Flemish education."""

import logging
import os
import secrets

from flask import Flask, current_app, g, has_request_context, request, session
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from netwerk import models  # noqa: F401  (registers every table)
from netwerk.accounts import views as accounts_views
from netwerk.apiutil import register_api
from netwerk.auth import api as auth_api
from netwerk.auth import labels as auth_labels
from netwerk.auth import views as auth_views
from netwerk.auth.models import Role
from netwerk.auth.services import load_user
from netwerk.cli import register_cli
from netwerk.dbhealth import check_connections
from netwerk.effort import api as effort_api
from netwerk.effort import api_hours as hours_api
from netwerk.effort import api_staff as staff_api
from netwerk.effort import labels as effort_labels
from netwerk.effort import permissions as effort_permissions
from netwerk.effort import views as effort_views
from netwerk.errors import register_error_handlers
from netwerk.events import listen

# Flask-Mail under another name: the submodule netwerk.mail, once imported, is the attribute `mail`
# of this package and would shadow the extension.
from netwerk.extensions import MAX_INT, babel, bootstrap, csrf, db, limiter, login_manager, migrate
from netwerk.extensions import mail as flask_mail
from netwerk.formatting import register_template_helpers
from netwerk.forms import refusal
from netwerk.generation import watch_writes
from netwerk.labels import register_labels
from netwerk.main import bp as main_bp
from netwerk.meetings import api as meetings_api
from netwerk.meetings import labels as meetings_labels
from netwerk.meetings import permissions as meetings_permissions
from netwerk.meetings import views as meetings_views
from netwerk.money import api as money_api
from netwerk.money import labels as money_labels
from netwerk.money import permissions as money_permissions
from netwerk.money import views as money_views
from netwerk.navigation import register_home_panels, register_menu
from netwerk.networks import api as networks_api
from netwerk.networks import api_calls as calls_api
from netwerk.networks import api_members as members_api
from netwerk.networks import labels as networks_labels
from netwerk.networks import permissions as networks_permissions
from netwerk.networks import status_periods  # noqa: F401  (keeps the periods with every move)
from netwerk.networks import views as networks_views
from netwerk.networks.guards import register_move_guard
from netwerk.networks.renewal import api as renewal_api
from netwerk.nextyear import views as nextyear_views
from netwerk.notifications import views as notifications_views
from netwerk.publications import api as publications_api
from netwerk.publications import permissions as publications_permissions
from netwerk.publications import views as publications_views
from netwerk.publications.conflicts import guard_moves as publication_guard
from netwerk.reports import api as reports_api
from netwerk.reports import views as reports_views
from netwerk.schools import api as schools_api
from netwerk.schools import api_organisations as organisations_api
from netwerk.schools import labels as schools_labels
from netwerk.schools import views as schools_views
from netwerk.schools import views_organisations as organisations_views
from netwerk.webhooks import services as webhooks_services
from netwerk.webhooks import views as webhooks_views

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
        # Tests give a folder of their own; everyone else uses the checkout's instance/.
        instance_path=(config or {}).get("INSTANCE_PATH") or os.path.join(root, "instance"),
    )
    app.config.from_object("netwerk.config.Config")
    if config is None:
        app.config.from_prefixed_env("NETWERK")
    else:
        app.config.update(config)
    _finish_config(app)
    _behind_proxies(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(root, "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    flask_mail.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)

    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None  # the login page explains itself
    login_manager.login_message_category = "info"

    app.url_map.converters["int"] = IdConverter
    _register_features(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_cli(app)
    _log_changes()
    watch_writes()  # every committed write raises the data generation (report caches)
    check_connections()  # a pooled connection the server ended is replaced at checkout

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
        cfg["SECRET_KEY"] = secrets.token_hex(32) if cfg.get("TESTING") else _instance_key(app)
    # Secure cookies outside debug and testing (production runs behind HTTPS).
    cfg["SESSION_COOKIE_SECURE"] = cfg["REMEMBER_COOKIE_SECURE"] = not relaxed
    if cfg.get("MAIL_OUTBOX_DIR") is None and relaxed:
        cfg["MAIL_OUTBOX_DIR"] = os.path.join(app.instance_path, "outbox")
    cfg.setdefault("UPLOAD_DIR", os.path.join(app.instance_path, "uploads"))


def _instance_key(app: Flask) -> str:
    """Debug without a key: a random key made once and kept in instance/secret_key (readable by
    the owner only), never a constant anyone could sign a session with."""
    path = os.path.join(app.instance_path, "secret_key")
    os.makedirs(app.instance_path, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        with open(path, encoding="ascii") as fh:
            key = fh.read().strip()
        if len(key) >= 32:
            return key
        os.remove(path)
        return _instance_key(app)
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    app.logger.warning("Geen NETWERK_SECRET_KEY: een willekeurige sleutel staat nu in %s.", path)
    return key


def _behind_proxies(app: Flask) -> None:
    """Behind PROXY_COUNT proxies, read the client's address and scheme from their headers, so
    that the login limits count people, not the proxy, and HTTPS is known."""
    count = int(app.config.get("PROXY_COUNT") or 0)
    if count > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    if not (app.debug or app.testing) and app.config["RATELIMIT_STORAGE_URI"] == "memory://":
        app.logger.warning(
            "NETWERK_RATELIMIT_STORAGE_URI is memory://: elke worker telt de aanmeldpogingen "
            "apart. Zet een gedeelde opslag (redis://...) zodra er meer dan één worker is."
        )


def select_locale() -> str:
    """The language chosen with the switch, else the user's, else Dutch."""
    if not has_request_context():  # the command line and services run outside a request
        return "nl"
    choice = session.get("lang")
    if choice is None and getattr(current_user, "is_authenticated", False):
        choice = current_user.locale
    if choice is None and request.path.startswith("/api/"):
        choice = request.accept_languages.best_match(["nl", "en"])
    return choice if choice in ("nl", "en") else "nl"


# The features, bottom up: each brings a page blueprint, and may bring an API blueprint, a menu,
# enum labels and permission predicates for the templates.
PAGE_MODULES = (
    auth_views,
    schools_views,
    organisations_views,
    accounts_views,
    networks_views,
    meetings_views,
    effort_views,
    nextyear_views,
    reports_views,
    publications_views,
    money_views,
    notifications_views,
    webhooks_views,
)
API_MODULES = (
    auth_api,
    schools_api,
    organisations_api,
    networks_api,
    calls_api,
    members_api,
    renewal_api,
    meetings_api,
    effort_api,
    staff_api,
    hours_api,
    reports_api,
    publications_api,
    money_api,
)
LABEL_MODULES = (
    auth_labels,
    schools_labels,
    networks_labels,
    meetings_labels,
    effort_labels,
    money_labels,
)
PERMISSION_MODULES = (
    networks_permissions,
    meetings_permissions,
    effort_permissions,
    publications_permissions,
    money_permissions,
)
# The order of the main menu.
MENU_ORDER = (
    networks_views,
    meetings_views,
    effort_views,
    reports_views,
    publications_views,
    money_views,
    schools_views,
    organisations_views,
    accounts_views,
    notifications_views,
    webhooks_views,
)


def _register_features(app: Flask) -> None:
    """Blueprints (pages and API), labels, menu items and template predicates of every feature."""
    app.register_blueprint(main_bp)
    for module in PAGE_MODULES:
        app.register_blueprint(module.bp)
    register_api(app, [module.blp for module in API_MODULES])
    for module in LABEL_MODULES:
        register_labels(module.LABELS)
    for module in MENU_ORDER:
        register_menu(*module.MENU)
    register_home_panels(*networks_views.HOME_PANELS)
    # A registration move that changes a published figure needs a confirmation (issue 17).
    register_move_guard(publication_guard)
    # The events of the services become webhook deliveries in their transaction (issue 27).
    listen("webhooks", webhooks_services.enqueue)
    for module in PERMISSION_MODULES:
        # Permission predicates as globals, so that a button and its endpoint never disagree.
        app.jinja_env.globals.update(module.PREDICATES)
    app.jinja_env.globals["Role"] = Role
    app.jinja_env.globals["refusal"] = refusal


def _log_changes() -> None:
    """Let the services' change lines (netwerk.changelog) through at INFO, to stderr unless the
    host (gunicorn, a test) has set up logging of its own."""
    logger = logging.getLogger("netwerk.changes")
    logger.setLevel(logging.INFO)
    if not logging.getLogger().handlers and not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)


def _security_headers(response):
    """The usual security headers; scripts and styles only from our own origin; HTTPS only once
    seen over HTTPS; nothing behind a login kept in a cache unless the view says otherwise."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
    )
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    hsts = int(current_app.config.get("HSTS_SECONDS") or 0)
    if hsts and request.is_secure:
        headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
    behind_login = g.get("api_user") is not None or getattr(current_user, "is_authenticated", False)
    if g.get("no_store") or (behind_login and "Cache-Control" not in headers):
        headers["Cache-Control"] = "no-store"
    # The development server names itself and its Python version; gunicorn says only "gunicorn".
    if request.environ.get("SERVER_SOFTWARE", "").lower().startswith("werkzeug"):
        headers["Server"] = "netwerk"
    return response
