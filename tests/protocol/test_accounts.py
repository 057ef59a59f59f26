"""Accounts on the socket: the owner's sign-in hosts their session; the host token works while the owner is active."""
from __future__ import annotations

import pytest
import requests
import socketio

from tests.accounts import cookie_header, create_account, disable_account, sign_in
from tests.protocol.live import Client

PASSWORD = "other-password"


class SignedInHost(Client):
    """The host screen opened from /sessions: no token, the browser's cookie instead."""

    def __init__(self, server, code: str, http: requests.Session, name: str = "owner"):
        super().__init__(server, code, "", name)
        self.http = http

    def connect(self) -> SignedInHost:
        self.sio.connect(self.server.url, auth={"code": self.code, "token": None}, transports=["websocket"],
                         headers={"Cookie": cookie_header(self.http)}, wait_timeout=10)
        self.wait(lambda v: "session" in v)
        return self


def cookie_refusal(server, code: str, http: requests.Session | None) -> str:
    client = socketio.Client(reconnection=False)
    seen = []
    client.on("connect_error", lambda data=None: seen.append(data))
    headers = {"Cookie": cookie_header(http)} if http else {}
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, auth={"code": code, "token": None}, transports=["websocket"], headers=headers,
                       wait_timeout=5)
    return (seen[0] or {}).get("message") if seen else None


def test_the_signed_in_owner_hosts_their_session_without_the_token(server):
    created = server.create("test-deck", team_count=2)
    code = created["code"]
    phone_seat = server.join(code, "Kim")
    owner = SignedInHost(server, code, server.facilitator).connect()
    phone = Client(server, code, phone_seat["token"], "phone").connect()
    assert [p["name"] for p in owner.view["host"]["players"]] == ["Kim"]
    assert owner.control("start")["ok"]
    phone.wait_phase("story")
    # The host token still makes any device a remote, signed in or not.
    remote = Client(server, code, created["host_token"], "remote").connect()
    assert remote.control("pause") == {"ok": True}
    owner.wait(lambda v: v["session"]["timer"]["paused_remaining"] is not None)
    # A player stays a player.
    assert phone.control("resume")["error"]["code"] == "not_host"
    for client in (owner, phone, remote):
        client.disconnect()


def test_nobody_else_hosts_a_session_by_signing_in(server):
    url = server.env["DATABASE_URL"]
    create_account(url, "other", PASSWORD, roles=("facilitator",))
    create_account(url, "coach", PASSWORD, roles=("trainer",))
    code = server.create("test-deck", team_count=2)["code"]
    assert cookie_refusal(server, code, None) == "not_signed_in"
    assert cookie_refusal(server, code, sign_in(server.url, "other", PASSWORD)) == "not_owner"
    assert cookie_refusal(server, code, sign_in(server.url, "coach", PASSWORD)) == "not_owner"
    assert cookie_refusal(server, "ZZZZZZ", server.facilitator) == "unknown_code"
    # And the other facilitator's exports stay closed too.
    other = sign_in(server.url, "other", PASSWORD)
    assert other.get(f"{server.url}/api/sessions/{code}/export.json", timeout=5).status_code == 403
    assert server.facilitator.get(f"{server.url}/api/sessions/{code}/export.json", timeout=5).status_code == 200


def test_a_disabled_owner_can_no_longer_host_by_cookie_nor_by_the_token(server):
    created = server.create("test-deck", team_count=2)
    code = created["code"]
    cookie_jar = server.facilitator
    SignedInHost(server, code, cookie_jar).connect().disconnect()
    remote = Client(server, code, created["host_token"], "remote").connect()
    disable_account(server.env["DATABASE_URL"], "facilitator")
    assert cookie_refusal(server, code, cookie_jar) == "not_signed_in"
    # Control requires an active owner: the open remote's controls are refused, and so is a reconnect.
    assert remote.call("host:control", action="start", card_index=0, phase="lobby")["error"]["code"] == "owner_disabled"
    remote.disconnect()
    client = socketio.Client(reconnection=False)
    seen = []
    client.on("connect_error", lambda data=None: seen.append(data))
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.url, auth={"code": code, "token": created["host_token"]}, transports=["websocket"],
                       wait_timeout=5)
    assert seen and seen[0]["message"] == "owner_disabled"
