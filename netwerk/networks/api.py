"""JSON API endpoints of the networks feature, under /api/v1."""

from flask_smorest import Blueprint

blp = Blueprint("api_networks", __name__, description="networks")
