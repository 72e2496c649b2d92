"""Pages of the effort feature."""

from flask import Blueprint

bp = Blueprint("effort", __name__, url_prefix="/inzet")
