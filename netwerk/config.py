"""Default configuration; every key can be overridden with a NETWERK_ environment variable."""

from datetime import timedelta


class Config:
    """Defaults for development; production sets NETWERK_SECRET_KEY and NETWERK_DATABASE_URL."""

    SECRET_KEY: str | None = None
    # NETWERK_DATABASE_URL is mapped onto SQLALCHEMY_DATABASE_URI in create_app.
    DATABASE_URL: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    ORGANISATION_NAME = "Vlaams Ministerie van Onderwijs en Vorming"
    # Hours in one FTE for a school year when no per-year setting exists.
    DEFAULT_HOURS_PER_FTE = 1600
    # Counts below this threshold are shown as "< N" in exports for publication.
    PUBLICATION_THRESHOLD = 5

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    LANGUAGES = {"nl": "Nederlands", "en": "English"}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    WTF_CSRF_TIME_LIMIT = None

    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "netwerk@onderwijs.vlaanderen.be"
    # When set, mails are written as .eml files to this folder instead of being sent (development).
    MAIL_OUTBOX_DIR: str | None = None

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"

    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None

    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024

    API_TITLE = "netwerk API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "info": {"description": "Lerende netwerken: scholen, aanmeldingen, bijeenkomsten, inzet."},
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearerAuth": []}],
    }
    PAGE_SIZE = 50
