"""The connect path's memoised views equal the pure views, and follow every new version."""
from game.core import commands as c
from game.core.views import full_view
from game.service.authority import SessionService
from game.service.memory import InMemorySessionRepository
from game.web.viewcache import ViewCache
from tests.factories import deck


def cached_full(service, cache, code, player_id, now):
    with service.reading(code) as state:
        return cache.full(code, service.version_in_hand(code), state, now, player_id)


def pure_full(service, code, player_id, now):
    with service.reading(code) as state:
        return full_view(state, now, player_id=player_id, version=service.version_in_hand(code))


def test_cached_views_equal_the_pure_views_across_versions():
    repository = InMemorySessionRepository()
    service = SessionService(repository)
    code = service.create(deck()).code
    cache = ViewCache()
    ann, _ = service.join(code, "Ann")
    assert cached_full(service, cache, code, ann, 10.0) == pure_full(service, code, ann, 10.0)
    # Same version, later moment: only the timer's server_now moves.
    assert cached_full(service, cache, code, ann, 11.0) == pure_full(service, code, ann, 11.0)
    bob, _ = service.join(code, "Bob")
    service.execute(code, c.StartGame(c.HOST))
    for pid in (ann, bob):
        view = cached_full(service, cache, code, pid, 12.0)
        assert view == pure_full(service, code, pid, 12.0)
    assert view["session"]["phase"] == "story" and view["session"]["player_count"] == 2
    stored = repository.version(code)
    assert view["session"]["version"] == view["team"]["version"] == view["me"]["version"] == stored


def test_a_cached_view_is_not_changed_by_the_timer_of_a_later_use():
    service = SessionService(InMemorySessionRepository())
    code = service.create(deck()).code
    cache = ViewCache()
    ann, _ = service.join(code, "Ann")
    first = cached_full(service, cache, code, ann, 10.0)
    cached_full(service, cache, code, ann, 99.0)
    assert first["session"]["timer"]["server_now"] == 10.0
