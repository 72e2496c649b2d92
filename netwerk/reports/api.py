"""JSON API endpoints of the reports feature, under /api/v1."""

from flask_smorest import Blueprint

blp = Blueprint("api_reports", __name__, description="reports")
