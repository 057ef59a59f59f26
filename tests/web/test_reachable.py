"""The join URL phones get: never a loopback address."""
import pytest

from game.web.reachable import is_loopback, reachable_base


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.1.2.3", "::1", "[::1]", "0.0.0.0", "app.localhost"])
def test_loopback_addresses_are_recognised(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["192.168.1.20", "10.0.0.5", "cx.example.org", "fd00::2"])
def test_addresses_phones_can_reach_are_not_loopback(host):
    assert not is_loopback(host)


def test_public_url_wins():
    assert reachable_base("http://localhost:5000/host/ABC", "https://cx.example.org/", lan=lambda: "10.0.0.5") == (
        "https://cx.example.org", True)


def test_an_address_the_browser_used_from_another_machine_is_kept():
    base = reachable_base("http://192.168.1.20:5000/", None, lan=lambda: "10.0.0.5")
    assert base == ("http://192.168.1.20:5000", True)


def test_a_page_opened_as_localhost_gets_the_lan_address_with_the_same_port():
    base = reachable_base("http://localhost:5000/", None, lan=lambda: "192.168.1.20")
    assert base == ("http://192.168.1.20:5000", True)
    assert reachable_base("http://127.0.0.1/", None, lan=lambda: "192.168.1.20") == ("http://192.168.1.20", True)


def test_without_any_network_the_join_url_is_marked_unreachable():
    assert reachable_base("http://localhost:5000/", None, lan=lambda: None) == ("http://localhost:5000", False)


@pytest.fixture
def client_and_code(client):
    created = client.post("/api/sessions", json={"deck_id": "complaints-at-the-counter-en", "team_count": 2})
    assert created.status_code == 201
    return client, created.get_json()["code"]


def test_the_qr_code_and_the_host_page_never_use_a_loopback_address(client_and_code, monkeypatch):
    client, code = client_and_code
    monkeypatch.setattr("game.web.reachable.lan_address", lambda: "192.168.1.20")
    page = client.get(f"/host/{code}", base_url="http://localhost:5000").get_data(as_text=True)
    assert f"http://192.168.1.20:5000/play/{code}" in page and "localhost:5000/play" not in page
    screen = client.get(f"/host/{code}/screen", base_url="http://127.0.0.1:5000").get_data(as_text=True)
    assert f"http://192.168.1.20:5000/play/{code}" in screen
    qr = client.get(f"/api/sessions/{code}/qr.svg", base_url="http://localhost:5000").get_data()
    assert qr == client.get(f"/api/sessions/{code}/qr.svg", base_url="http://192.168.1.20:5000").get_data()
    monkeypatch.setattr("game.web.reachable.lan_address", lambda: None)
    page = client.get(f"/host/{code}", base_url="http://localhost:5000").get_data(as_text=True)
    assert '"join_reachable": false' in page
