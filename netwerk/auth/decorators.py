"""Coarse authorization for pages: role_required wraps login_required."""

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from netwerk.auth.models import Role


def role_required(*roles: Role) -> Callable:
    """Let in logged-in users with one of these roles (any role when none are given)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if roles and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
