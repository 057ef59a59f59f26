"""Behind a proxy: the client's address is the one our own proxy saw, never one a client wrote."""
import importlib.util
from pathlib import Path

from tests.security.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]


def guess(client, forwarded: str):
    return client.get("/api/sessions/ZZZZZZ", headers={"X-Forwarded-For": forwarded},
                      environ_base={"REMOTE_ADDR": "127.0.0.1"})  # nginx on this machine


def test_a_forged_x_forwarded_for_does_not_escape_the_code_guessing_limit(tmp_path):
    """nginx appends the address it saw; a client may put anything to the left of it."""
    client = make_app(tmp_path, TRUST_PROXY=1).test_client()
    answers = [guess(client, f"10.9.{i // 250}.{i % 250}, 203.0.113.50").status_code for i in range(60)]
    assert answers.count(404) <= 20 and answers[-1] == 429


def test_without_trust_proxy_forwarded_headers_are_ignored(tmp_path):
    client = make_app(tmp_path, TRUST_PROXY=0).test_client()
    answers = [guess(client, f"10.9.0.{i}").status_code for i in range(40)]
    assert answers.count(404) <= 20 and answers[-1] == 429


def test_two_trusted_hops_take_the_address_the_outer_proxy_saw(tmp_path):
    app = make_app(tmp_path, TRUST_PROXY=2)
    seen = {}

    @app.get("/_address")
    def _address():
        from game.web.auth import client_address
        seen["address"] = client_address()
        return ""

    app.test_client().get("/_address", headers={"X-Forwarded-For": "6.6.6.6, 203.0.113.50, 10.0.0.2"},
                          environ_base={"REMOTE_ADDR": "127.0.0.1"})
    assert seen["address"] == "203.0.113.50"


def test_the_launcher_binds_app_processes_to_loopback_and_trusts_one_proxy():
    spec = importlib.util.spec_from_file_location("launch", ROOT / "deploy" / "launch.py")
    launch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launch)
    env = launch.worker_env(5001, base={"HOST": "0.0.0.0", "TRUST_PROXY": "5"})
    assert env["HOST"] == "127.0.0.1" and env["TRUST_PROXY"] == "1"
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf
