"""JSON API endpoints of the schools feature, under /api/v1."""

from flask_smorest import Blueprint

blp = Blueprint("api_schools", __name__, description="schools")
