"""Alembic environment for Flask-Migrate (SQLite and PostgreSQL)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
# Tests run migrations in-process; only configure logging when alembic.ini asks for it.
if config.config_file_name and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")


def get_engine():
    """The app's engine (Flask-SQLAlchemy 3: .engine, not the deprecated get_engine())."""
    return current_app.extensions["migrate"].db.engine


config.set_main_option(
    "sqlalchemy.url", get_engine().url.render_as_string(hide_password=False).replace("%", "%%")
)
target_db = current_app.extensions["migrate"].db


def get_metadata():
    return target_db.metadata


def run_migrations_offline():
    """Emit SQL without a database connection."""
    url = config.get_main_option("sqlalchemy.url")
    context.configure(
        url=url, target_metadata=get_metadata(), literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


# Kept on PostgreSQL only, outside the models (RegistrationStatusPeriod's daterange, its GiST
# index and exclusion constraint): autogenerate must neither drop nor report them.
POSTGRES_ONLY = {
    ("column", "period"),
    ("index", "ix_registration_status_period_period"),
    ("index", "ex_registration_status_period_overlap"),
}


def include_object(obj, name, type_, reflected, compare_to):
    """Leave the PostgreSQL-only objects above out of the comparison."""
    return not (reflected and compare_to is None and (type_, name) in POSTGRES_ONLY)


def run_migrations_online():
    """Run against the app's database."""

    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = current_app.extensions["migrate"].configure_args
    if conf_args.get("process_revision_directives") is None:
        conf_args["process_revision_directives"] = process_revision_directives
    # SQLite cannot ALTER most things: batch mode recreates tables where needed.
    conf_args.setdefault("render_as_batch", True)
    conf_args.setdefault("compare_type", True)
    conf_args.setdefault("include_object", include_object)

    connectable = get_engine()
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=get_metadata(), **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
