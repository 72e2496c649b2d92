"""Pages of the networks feature."""

from flask import Blueprint

bp = Blueprint("networks", __name__, url_prefix="/netwerken")
