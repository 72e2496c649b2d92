"""Pages of the schools feature."""

from flask import Blueprint

bp = Blueprint("schools", __name__, url_prefix="/scholen")
