"""Token buckets live in game/service/ratelimit.py (the join limits there use them too)."""
from ..service.ratelimit import RateLimiter

__all__ = ["RateLimiter"]
