"""flask schools import."""

from flask.cli import AppGroup

schools_cli = AppGroup("schools", help="Het scholenregister.")
