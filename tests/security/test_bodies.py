"""Oversized and malformed bodies: refused before anything reads or parses them, never a 500."""
import io
import json
import time

import pytest
import requests

from game.web.security import SMALL_BODY, body_limit
from tests.protocol.live import LiveServer
from tests.security.conftest import add_user

DEEP = 5000  # brackets: deeper than Python's recursion limit, well inside the 16 KB message limit


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from game.core.deck import deck_to_toml
    from tests.factories import deck

    folder = tmp_path_factory.mktemp("bodies")
    (folder / "scenarios").mkdir()
    (folder / "scenarios" / "test-deck.toml").write_text(deck_to_toml(deck(cards=2)))
    server = LiveServer(folder, "eventlet", scenarios=folder / "scenarios").start()
    yield server
    server.stop()


def test_a_40_mb_form_posted_to_signin_is_refused_quickly_without_growing_the_server(live):
    before = rss_mb(live.process.pid)
    started = time.monotonic()
    answer = requests.post(live.url + "/signin", data={"username": "x", "password": "a" * (40 * 1024 * 1024)},
                           timeout=30)
    took = time.monotonic() - started
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "too_large"
    assert took < 5, f"{took:.1f} s"
    assert rss_mb(live.process.pid) - before < 30


def test_a_100_mb_json_join_is_refused_before_it_is_parsed(live):
    code = live.create("test-deck")["code"]
    before = rss_mb(live.process.pid)
    body = b'{"name": "' + b"a" * (100 * 1024 * 1024) + b'"}'
    answer = requests.post(f"{live.url}/api/sessions/{code}/players", data=body,
                           headers={"Content-Type": "application/json"}, timeout=60)
    assert answer.status_code == 413
    assert rss_mb(live.process.pid) - before < 30
    assert live.join(code, "Still works")["token"]


class Unreadable(io.RawIOBase):
    def read(self, *_args):
        raise AssertionError("the body was read")

    readinto = read


def routes_with_a_body(app):
    return sorted({(rule.rule, method) for rule in app.url_map.iter_rules()
                   for method in rule.methods & {"POST", "PUT", "PATCH", "DELETE"}})


def test_no_route_reads_a_body_larger_than_its_limit(app):
    """Every route, forms included: the size is checked before CSRF, the form parser or the view."""
    checked = 0
    for rule, method in routes_with_a_body(app):
        path = rule.replace("<code>", "ABCDEF").replace("<deck_id>", "x").replace("<int:user_id>", "1")
        path = path.replace("<kind>", "md")
        environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "SERVER_NAME": "localhost", "SERVER_PORT": "80",
                   "wsgi.url_scheme": "http", "wsgi.input": Unreadable(), "wsgi.errors": io.StringIO(),
                   "CONTENT_TYPE": "application/x-www-form-urlencoded",
                   "CONTENT_LENGTH": str(body_limit(path) + 1), "REMOTE_ADDR": "192.0.2.1"}
        statuses = []
        app.wsgi_app(environ, lambda status, headers, *_, seen=statuses: seen.append(status))
        assert statuses[0].startswith("413"), (method, rule, statuses)
        checked += 1
    assert checked >= 10
    assert body_limit("/signin") == SMALL_BODY


def test_a_chunked_body_without_a_length_is_still_cut_off_at_the_limit(app):
    add_user(app)
    code = _session(app)
    body = io.BytesIO(b'{"name": "' + b"a" * (4 * 1024 * 1024) + b'"}')  # 4 MB, no Content-Length
    answer = app.test_client().post(f"/api/sessions/{code}/players", input_stream=body,
                                    headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
                                    environ_overrides={"wsgi.input_terminated": True})
    assert answer.status_code == 413
    assert body.tell() <= 64 * 1024, f"read {body.tell()} bytes of a body that was too large"


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def test_deeply_nested_json_on_the_join_endpoint_is_a_400_not_a_500(app):
    add_user(app)
    code = _session(app)
    answer = app.test_client().post(f"/api/sessions/{code}/players", data='{"name": ' + nested(DEEP) + "}",
                                    headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "bad_payload"


def test_deeply_nested_json_on_deck_validate_is_a_400_not_a_500(open_app):
    client = signed_in_trainer(open_app)
    for body in ('{"deck": ' + nested(DEEP) + "}", '{"deck": {"cards": ' + nested(900) + "}}"):
        answer = client.post("/api/decks/validate", data=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, answer.get_data(as_text=True)[:200]
        assert answer.get_json()["error"]["code"] in ("bad_payload", "too_deep")


def test_a_deeply_nested_toml_import_is_refused_with_a_code(open_app):
    client = signed_in_trainer(open_app)
    text = 'id = "deep"\nx = ' + nested(3000) + "\n"
    answer = client.post("/api/decks/import", data={"file": (io.BytesIO(text.encode()), "deep.toml")},
                         content_type="multipart/form-data")
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "deck_invalid" and error["problems"][0]["code"] == "too_deep"


def test_a_lone_surrogate_in_a_deck_title_is_refused_with_a_code(open_app):
    from game.core.deck import deck_to_data
    from tests.factories import deck

    client = signed_in_trainer(open_app)
    data = deck_to_data(deck(cards=1))
    data["id"] = "surrogate"
    text = json.dumps({"deck": data}).replace('"Test deck"', '"Test \\ud800 deck"')
    for path in ("/api/decks", "/api/decks/validate"):
        answer = client.post(path, data=text, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, (path, answer.status_code, answer.get_data(as_text=True)[:300])
        assert answer.get_json()["error"]["code"] == "not_text"


def signed_in_trainer(app):
    add_user(app, "trainer", ("trainer", "facilitator"))
    client = app.test_client()
    assert client.post("/signin", data={"username": "trainer", "password": "facilitator-password"}).status_code == 302
    return client


def _session(app) -> str:
    from game.core.state import Settings
    from tests.factories import deck

    return app.extensions["cxgame"].service.create(deck(cards=1), Settings()).code
