"""JSON API endpoints of the effort feature, under /api/v1."""

from flask_smorest import Blueprint

blp = Blueprint("api_effort", __name__, description="effort")
