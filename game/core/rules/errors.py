"""The rules' rejections: defined in game/core/errors.py (outside this package, so modules the rules
import, such as names.py, can refuse things without importing the rules)."""
from __future__ import annotations

from ..errors import Rejected, reject

__all__ = ["Rejected", "reject"]
