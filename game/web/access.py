"""Who may use the deck library and editor: signed-in trainers (and admins, who pass every role check)."""
from __future__ import annotations

from .auth import current_user, role_required

# Pages redirect to the sign-in page; /api/ routes answer 401 not_signed_in or 403 forbidden.
trainer_required = role_required("trainer")


def current_user_id() -> int | None:
    """Recorded as the deck's created_by / updated_by."""
    return current_user.id if current_user.is_authenticated else None
