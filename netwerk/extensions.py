"""Flask extensions, created unbound and initialised in create_app."""

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, inspect
from sqlalchemy.orm import DeclarativeBase

# One naming convention so that migrations name constraints the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base carrying the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    def __repr__(self) -> str:
        """<Meeting 12> for a stored row, <Meeting new> before its first flush: enough for a log
        line or a debugger; a model with a better name for itself overrides this."""
        identity = inspect(self).identity
        key = "new" if identity is None else ",".join(str(part) for part in identity)
        return f"<{type(self).__name__} {key}>"


db = SQLAlchemy(model_class=Base)
# PostgreSQL's integer, the type of every id: a larger number in a URL or a filter cannot match a
# row, and the database drivers fail on it (SQLite beyond 2**63) instead of finding nothing.
MAX_INT = 2**31 - 1
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
mail = Mail()
bootstrap = Bootstrap5()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
