"""The home page, the language switch and a health check."""

from flask import Blueprint, jsonify, redirect, render_template, request, session, url_for
from flask_babel import get_locale
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


def _statement(name: str):
    """A public page written per language (a statement reads as one text, not as phrases)."""
    lang = "en" if get_locale() is not None and get_locale().language == "en" else "nl"
    return render_template(f"main/{name}.{lang}.html")


@bp.route("/toegankelijkheidsverklaring")
def accessibility():
    """The accessibility statement (public)."""
    return _statement("accessibility")


@bp.route("/privacyverklaring")
def privacy():
    """The privacy notice: what the app stores and why (public)."""
    return _statement("privacy")


@bp.route("/contact")
def contact():
    """How to reach the team behind the service (public)."""
    return _statement("contact")


@bp.route("/healthz")
def health():
    """For load balancers: the app answers and the database is reachable."""
    db.session.execute(text("SELECT 1"))
    return jsonify(status="ok")
