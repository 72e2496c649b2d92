"""The home page, the language switch and a health check."""

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from netwerk.extensions import db
from netwerk.navigation import home_panels, nav_items
from netwerk.urls import local_path

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    """The home page: the login page for visitors; for users the blocks the features give their
    role (a school user's schools, calls and registrations) and the role's main menu."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template(
        "main/index.html", items=nav_items(current_user), panels=home_panels(current_user)
    )


@bp.route("/taal", methods=["POST"])
def set_language():
    """Switch the interface language (a form with CSRF, so it is a POST)."""
    lang = request.form.get("lang", "nl")
    session["lang"] = lang if lang in ("nl", "en") else "nl"
    return redirect(local_path(request.form.get("next")) or url_for("main.index"))


@bp.route("/healthz")
def health():
    """For load balancers: the app answers and the database is reachable."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
