"""Default configuration; every key can be overridden with a NETWERK_ environment variable."""

from datetime import date, timedelta


class Config:
    """Defaults for development; production sets NETWERK_SECRET_KEY and NETWERK_DATABASE_URL."""

    SECRET_KEY: str | None = None
    # NETWERK_DATABASE_URL is mapped onto SQLALCHEMY_DATABASE_URI in create_app.
    DATABASE_URL: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    # No pool_pre_ping: netwerk/dbhealth.py checks a pooled connection at checkout, without the
    # round trip before every request's first statement unless the connection sat idle.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}

    ORGANISATION_NAME = "Vlaams Ministerie van Onderwijs en Vorming"
    # Where users write about the service, its accessibility and their personal data (the footer's
    # contact, accessibility and privacy pages). Production sets the organisation's own mailbox.
    CONTACT_EMAIL = "netwerk@onderwijs.vlaanderen.be"
    # Hours in one FTE for a school year when no per-year setting exists.
    DEFAULT_HOURS_PER_FTE = 1600
    # Counts below this threshold are shown as "< N" in exports for publication.
    PUBLICATION_THRESHOLD = 5
    # The bytes of report bodies (pages, exports, API answers) each worker process keeps, keyed
    # by the data generation (netwerk/httpcache.py); 0 keeps none (ETags and 304 still work).
    REPORT_CACHE_BYTES = 32 * 1024 * 1024

    # Webhooks (netwerk.webhooks) go to https URLs of public addresses only; True (tests,
    # development: NETWERK_WEBHOOK_ALLOW_PRIVATE=1) also allows http and private addresses.
    WEBHOOK_ALLOW_PRIVATE = False

    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Brussels"
    LANGUAGES = {"nl": "Nederlands", "en": "English"}

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # "Aangemeld blijven" lasts two weeks, checked on the server too (auth.services.load_user).
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    # A form's CSRF token holds for a working day: long enough to fill in any form.
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    # Strict-Transport-Security on every HTTPS answer (0 leaves it to the proxy).
    HSTS_SECONDS = 365 * 24 * 3600
    # The number of proxies in front of the app that set X-Forwarded-For and -Proto (the README's
    # HTTPS proxy: 1). 0 trusts no header: the login limits then count the proxy's address.
    PROXY_COUNT = 0
    # The host names the app answers to (Flask refuses any other Host with a 400), so that absolute
    # links (a calendar feed's URL, the API's download_url) are never built on a name an attacker
    # sent. None answers every name: right for development, set it in production.
    TRUSTED_HOSTS: list[str] | None = None

    MAIL_SERVER = "localhost"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "netwerk@onderwijs.vlaanderen.be"
    # When set, mails are written as .eml files to this folder instead of being sent (development).
    MAIL_OUTBOX_DIR: str | None = None
    # The address of the site as its users reach it (https://netwerk.example.be), for the links in
    # mails. Without it a mail sent during a request links to the request's host (TRUSTED_HOSTS
    # guards it) and the daily command (flask meldingen versturen) to SERVER_NAME or localhost.
    BASE_URL = ""

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute"
    # Failed attempts on one account, from any address: slows guessing spread over many machines
    # without locking anyone else out.
    LOGIN_ACCOUNT_RATE_LIMIT = "5 per 15 minutes;20 per day"
    PASSWORD_RATE_LIMIT = "5 per 15 minutes"
    # "Wachtwoord vergeten?": requests per client address, and per e-mail address from anywhere
    # (so nobody can flood one mailbox with reset mails).
    PASSWORD_RESET_RATE_LIMIT = "10 per 15 minutes"
    PASSWORD_RESET_ADDRESS_RATE_LIMIT = "3 per hour"
    # How long a reset link holds, and an invitation to set one's first password.
    PASSWORD_RESET_HOURS = 2
    INVITATION_DAYS = 7
    # A reset request answers after at least this many seconds, known address or not, so that
    # the time of the answer does not tell whether the address has an account (the mail to a
    # known address is handed to the mail server before the answer).
    PASSWORD_RESET_MIN_SECONDS = 0.5

    # API tokens: the lifetime of a new token in days, and the longest an admin (or the command
    # line) may give one; anyone else may only choose a shorter one.
    API_TOKEN_DAYS = 90
    API_TOKEN_MAX_DAYS = 365
    # last_used_at is written at most once per this many seconds per token, not on every request.
    API_TOKEN_TOUCH_SECONDS = 300

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
        "info": {
            "description": "Lerende netwerken: scholen, inschrijvingen, bijeenkomsten, inzet."
        },
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearerAuth": []}],
    }
    PAGE_SIZE = 50

    # Flemish school holidays and free days (start, end), both inclusive: a series of meetings skips
    # them. Official calendar of the Flemish education department; extend it every year.
    SCHOOL_HOLIDAYS = [
        # 2024-2025
        (date(2024, 10, 28), date(2024, 11, 3)),  # herfstvakantie
        (date(2024, 11, 11), date(2024, 11, 11)),  # wapenstilstand
        (date(2024, 12, 23), date(2025, 1, 5)),  # kerstvakantie
        (date(2025, 3, 3), date(2025, 3, 9)),  # krokusvakantie
        (date(2025, 4, 7), date(2025, 4, 21)),  # paasvakantie
        (date(2025, 5, 1), date(2025, 5, 1)),  # dag van de arbeid
        (date(2025, 5, 29), date(2025, 5, 30)),  # hemelvaart en brugdag
        (date(2025, 6, 9), date(2025, 6, 9)),  # pinkstermaandag
        (date(2025, 7, 1), date(2025, 8, 31)),  # zomervakantie
        # 2025-2026
        (date(2025, 10, 27), date(2025, 11, 2)),
        (date(2025, 11, 11), date(2025, 11, 11)),
        (date(2025, 12, 22), date(2026, 1, 4)),
        (date(2026, 2, 16), date(2026, 2, 22)),
        (date(2026, 4, 6), date(2026, 4, 19)),
        (date(2026, 5, 1), date(2026, 5, 1)),
        (date(2026, 5, 14), date(2026, 5, 15)),
        (date(2026, 5, 25), date(2026, 5, 25)),
        (date(2026, 7, 1), date(2026, 8, 31)),
        # 2026-2027
        (date(2026, 11, 2), date(2026, 11, 8)),
        (date(2026, 11, 11), date(2026, 11, 11)),
        (date(2026, 12, 21), date(2027, 1, 3)),
        (date(2027, 2, 8), date(2027, 2, 14)),
        (date(2027, 3, 29), date(2027, 4, 11)),
        (date(2027, 5, 6), date(2027, 5, 7)),
        (date(2027, 5, 17), date(2027, 5, 17)),
        (date(2027, 7, 1), date(2027, 8, 31)),
        # 2027-2028
        (date(2027, 11, 1), date(2027, 11, 7)),
        (date(2027, 11, 11), date(2027, 11, 11)),
        (date(2027, 12, 27), date(2028, 1, 9)),
        (date(2028, 2, 28), date(2028, 3, 5)),
        (date(2028, 4, 3), date(2028, 4, 17)),
        (date(2028, 5, 1), date(2028, 5, 1)),
        (date(2028, 5, 25), date(2028, 5, 26)),
        (date(2028, 6, 5), date(2028, 6, 5)),
        (date(2028, 7, 1), date(2028, 8, 31)),
    ]
    # A series may hold at most this many meetings (a typo in the end date should not plan 500).
    SERIES_MAX_MEETINGS = 60
