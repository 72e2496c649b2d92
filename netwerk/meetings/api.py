"""JSON API endpoints of the meetings feature, under /api/v1."""

from flask_smorest import Blueprint

blp = Blueprint("api_meetings", __name__, description="meetings")
