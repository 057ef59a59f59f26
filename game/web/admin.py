"""The admin's users page (/admin/users): list, add, change roles, disable/enable, reset passwords.

Plain forms (each with its CSRF token) that redirect back with a message, so the
page works without JavaScript.
"""
from __future__ import annotations

import time

from flask import Blueprint, abort, flash, get_flashed_messages, redirect, request, url_for

from ..store.users import ROLES
from .auth import accounts, check_new_user, check_password, current_user, role_required
from .pages import render

admin = Blueprint("admin", __name__, url_prefix="/admin")


def _back(key: str, name: str = "", category: str = "ok"):
    flash({"key": key, "name": name}, category)
    return redirect(url_for("admin.users"))


def _target(user_id: int):
    user = accounts().users.get(user_id)
    if user is None:
        abort(404)
    return user


def _roles_from_form() -> list[str]:
    return [role for role in ROLES if request.form.get(f"role_{role}")]


@admin.get("/users")
@role_required("admin")
def users():
    rows = [{"id": u.id, "username": u.username, "display_name": u.display_name, "roles": u.roles,
             "disabled": u.disabled, "is_me": u.id == current_user.id,
             "last_login": time.strftime("%Y-%m-%d %H:%M", time.localtime(u.last_login_at)) if u.last_login_at
             else None} for u in accounts().users.all()]
    messages = get_flashed_messages(with_categories=True)
    return render("admin_users.html", users=rows, roles=ROLES, messages=messages)


@admin.post("/users")
@role_required("admin")
def add_user():
    username = request.form.get("username", "").strip()[:200]
    password = request.form.get("password", "")[:1000]
    roles = _roles_from_form()
    problem = check_new_user(username, password, roles)
    if problem:
        return _back(problem, username, "error")
    user = accounts().create_user(username, password, roles, request.form.get("display_name", "")[:80])
    if user is None:
        return _back("admin.error.taken", username, "error")
    return _back("admin.added", user.username)


@admin.post("/users/<int:user_id>/roles")
@role_required("admin")
def set_roles(user_id: int):
    user = _target(user_id)
    roles = _roles_from_form()
    if not roles:
        return _back("account.error.no_roles", user.username, "error")
    if user.id == current_user.id and "admin" not in roles:
        return _back("admin.error.own_admin", user.username, "error")  # would lock themself out of this page
    accounts().users.set_roles(user.id, roles)
    return _back("admin.roles_saved", user.username)


@admin.post("/users/<int:user_id>/disable")
@role_required("admin")
def disable(user_id: int):
    user = _target(user_id)
    if user.id == current_user.id:
        return _back("admin.error.disable_self", user.username, "error")
    accounts().users.set_disabled(user.id, True)
    return _back("admin.disabled", user.username)


@admin.post("/users/<int:user_id>/enable")
@role_required("admin")
def enable(user_id: int):
    user = _target(user_id)
    accounts().users.set_disabled(user.id, False)
    return _back("admin.enabled", user.username)


@admin.post("/users/<int:user_id>/password")
@role_required("admin")
def reset_password(user_id: int):
    user = _target(user_id)
    password = request.form.get("password", "")[:1000]
    problem = check_password(password)
    if problem:
        return _back(problem, user.username, "error")
    accounts().users.set_password(user.id, accounts().hash(password))
    return _back("admin.password_set", user.username)
