"""Production mode: two app processes behind nginx, PostgreSQL, Redis as the Socket.IO message queue.

Every phone and the facilitator come from one address (127.0.0.1), as a
venue behind its NAT does; the affinity cookie nginx hands out on the first
page load spreads them over both processes and keeps each on its own. They
connect as a browser does: long-polling first, then the WebSocket upgrade,
which only works with stickiness.
"""
from __future__ import annotations

import time
import uuid
from types import SimpleNamespace

import requests
import socketio

from tests.accounts import sign_in
from tests.protocol.live import Client
from tests.ydraft import FIELDS

PHONES_PER_PROCESS = 3
ROUND = ["story", "diagnose", "draft", "vote", "reveal"]


class Browser:
    """One phone's (or laptop's) browser: a cookie jar that loads pages through nginx."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.http = requests.Session()

    @property
    def cookie(self) -> str:
        return self.http.cookies.get("cxaffinity")

    def load(self, path: str) -> str:
        """Open a page; return the address of the process that served it (from nginx's access log)."""
        response = self.http.get(self.cluster.url + path, timeout=5)
        assert response.status_code == 200, response.text
        assert self.cookie, "nginx hands out the affinity cookie on the first page load"
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            served = [line["upstream"] for line in self.cluster.nginx.log_lines()
                      if line["affinity"] == self.cookie and line["request"].startswith(f"GET {path} ")]
            if served:
                return served[-1]
            time.sleep(0.05)
        raise AssertionError(f"no access log line for {path}")

    def sign_in(self) -> None:
        """Sign in as the cluster's facilitator (the cookie is good on every process: one SECRET_KEY)."""
        sign_in(self.cluster.url, http=self.http)

    def post(self, path: str, body: dict) -> dict:
        response = self.http.post(self.cluster.url + path, json=body, timeout=5)
        assert response.status_code == 201, response.text
        return response.json()


class Phone(Client):
    """A Socket.IO client that shares its browser's cookie jar, like the page's script does."""

    def __init__(self, cluster, browser: Browser, process: str, code: str, token: str, name: str):
        super().__init__(SimpleNamespace(url=cluster.url), code, token, name)
        self.browser, self.process = browser, process
        self.connects = 0
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1,
                                   http_session=browser.http)
        self.sio.on("*", self._on_any)
        self.sio.on("connect", self._connected)

    def _connected(self):
        with self.changed:
            self.connects += 1
            self.changed.notify_all()

    def connect(self) -> Phone:
        # No transports=: polling first, then the upgrade to a WebSocket, as in the browser.
        self.sio.connect(self.server.url, auth={"code": self.code, "token": self.token}, wait_timeout=10)
        self.wait(lambda v: "session" in v)
        self.wait_upgraded()
        return self

    def wait_upgraded(self, timeout: float = 10) -> None:
        """The upgrade to a WebSocket worked (it needs stickiness, the Host header and the Upgrade headers)."""
        deadline = time.monotonic() + timeout
        while self.sio.transport() != "websocket":
            assert time.monotonic() < deadline, f"{self.name} stayed on {self.sio.transport()}"
            time.sleep(0.05)

    def session_views(self) -> list[tuple[int, str]]:
        """(card, phase) of every `view` carrying the session section, in the order they arrived."""
        with self.changed:
            return [(data["session"]["card_index"], data["session"]["phase"]) for event, data in self.events
                    if event == "view" and isinstance(data, dict) and "session" in data]

    def phase_changes(self) -> list[tuple[int, str]]:
        seen = []
        for step in self.session_views():
            if not seen or seen[-1] != step:
                seen.append(step)
        return [step for step in seen if step[1] != "lobby"]


def everyone_in(clients, phase: str, card: int, timeout: float = 15) -> None:
    for client in clients:
        client.wait_phase(phase, card, timeout)


def team_pairs(phones: list[Phone]) -> dict[str, list[Phone]]:
    teams: dict[str, list[Phone]] = {}
    for phone in phones:
        teams.setdefault(phone.view["team"]["id"], []).append(phone)
    return teams


def vote_for_another_team(phone: Phone, action_id: str | None = None) -> dict:
    team = phone.wait(lambda v: v["team"]["ballot_order"])["team"]  # the team view follows the session's
    choice = next(entry for entry in team["ballot_order"] if entry != team["own_entry"])
    return phone.call("vote", {"id": action_id or uuid.uuid4().hex, "entry_id": choice})


def command_counts(cluster, code: str) -> dict[str, int]:
    rows = cluster.postgres.query(cluster.database,
                                  "SELECT kind, count(*) FROM commands WHERE session_code = %s GROUP BY kind", code)
    return dict(rows)


def test_phones_on_two_processes_play_on_when_one_process_is_killed_mid_round(cluster):
    victim, survivor = cluster.apps
    clients: list[Phone] = []
    try:
        # --- seats: one address, spread over both processes by the affinity cookie -----------------
        loads: list[str] = []
        host_browser = None
        for _ in range(40):  # the facilitator's laptop; a fresh browser until it lands on the victim
            host_browser = Browser(cluster)
            loads.append(host_browser.load("/signin"))
            if loads[-1] == victim.addr:
                break
        assert loads[-1] == victim.addr
        host_browser.sign_in()
        assert host_browser.load("/host/new") == victim.addr
        created = host_browser.post("/api/sessions", {"deck_id": "test-deck", "team_count": 3})
        code = created["code"]
        # The sign-in cookie made by one process is good on the other: both sign with one key.
        mine = requests.get(survivor.url + "/sessions", cookies=host_browser.http.cookies, timeout=5,
                            allow_redirects=False)
        assert mine.status_code == 200 and code in mine.text

        seats: dict[str, list[Browser]] = {victim.addr: [], survivor.addr: []}
        for _ in range(60):  # phones scanning the QR code, all from 127.0.0.1
            browser = Browser(cluster)
            served = browser.load(f"/play/{code}")
            loads.append(served)
            if len(seats[served]) < PHONES_PER_PROCESS:
                seats[served].append(browser)
            if all(len(group) == PHONES_PER_PROCESS for group in seats.values()):
                break
        assert {line["remote"] for line in cluster.nginx.log_lines()} == {"127.0.0.1"}
        assert {victim.addr, survivor.addr} <= set(loads), "one address still reaches both processes"
        assert all(len(group) == PHONES_PER_PROCESS for group in seats.values()), loads

        host = Phone(cluster, host_browser, victim.addr, code, created["host_token"], "host").connect()
        clients.append(host)
        phones: list[Phone] = []
        for i in range(2 * PHONES_PER_PROCESS):  # join alternately, so every team has a phone on each process
            process = (victim.addr, survivor.addr)[i % 2]
            browser = seats[process][i // 2]
            joined = browser.post(f"/api/sessions/{code}/players", {"name": f"Phone {i}"})
            phone = Phone(cluster, browser, process, code, joined["token"], f"phone{i}-{process}").connect()
            phones.append(phone)
            clients.append(phone)
        host.wait(lambda v: len(v["host"]["players"]) == 6)
        teams = team_pairs(phones)
        assert len(teams) == 3
        for members in teams.values():
            assert {m.process for m in members} == {victim.addr, survivor.addr}

        # Every request of a browser, page loads and Socket.IO polling alike, went to its own process.
        served_by: dict[str, set[str]] = {}
        for line in cluster.nginx.log_lines():
            served_by.setdefault(line["affinity"], set()).add(line["upstream"])
        for client in clients:
            assert served_by[client.browser.cookie] == {client.process}, client.name
            assert any(line["affinity"] == client.browser.cookie and "/socket.io/" in line["request"]
                       for line in cluster.nginx.log_lines())

        # Each process coalesces its own lobby updates for 150 ms; let the last ones go out so that
        # from here on a session view is sent only for a phase change.
        time.sleep(0.5)

        # --- first card, both processes up: the story closes by its timer, exactly once -----------------
        assert host.control("start")["ok"]
        everyone_in(clients, "story", 0)
        story_deadline = host.session["timer"]["deadline"]
        assert 9 <= story_deadline - host.session["timer"]["server_now"] <= 10.5
        everyone_in(clients, "diagnose", 0, timeout=20)
        assert host.session["timer"]["server_now"] >= story_deadline  # moved on by the clock, not early

        for phone in phones:
            assert phone.call("diagnose", options=["blamed", "kick"]) == {"ok": True, "ticks": ["blamed", "kick"]}
        # Everyone marked: the diagnose stays open with its chart until the facilitator moves on.
        host.wait(lambda v: v["session"]["progress"] == {"done": len(phones), "total": len(phones), "unit": "players"})
        assert host.control("next")["ok"]
        everyone_in(clients, "draft", 0)
        for team_id, (writer, mate) in teams.items():
            # Yjs updates, relayed to the teammate on the other process through Redis.
            assert writer.type("promise", f"{team_id} listens first") == {"ok": True}
            mate.wait_text("promise", lambda text, t=team_id: text == f"{t} listens first")
            assert mate.type("we_do", "Ask what happened") == {"ok": True}
            writer.wait_text("we_do", lambda text: text == "Ask what happened")
            assert mate.call("draft:submit", submitted=True) == {"ok": True}
        everyone_in(clients, "vote", 0)
        for phone in phones:
            assert vote_for_another_team(phone)["ok"]
        everyone_in(clients, "reveal", 0)
        assert sum(entry["votes"] for entry in host.session["results"]["entries"]) == 6

        # --- second card: the victim dies in the middle of the draft ---------------------------------------
        assert host.control("next")["ok"]
        everyone_in(clients, "story", 1)
        assert host.control("next")["ok"]
        everyone_in(clients, "diagnose", 1)
        for phone in phones:
            assert phone.call("diagnose", options=["not-possible"]) == {"ok": True, "ticks": ["not-possible"]}
        assert host.control("next")["ok"]
        everyone_in(clients, "draft", 1)
        for team_id, members in teams.items():
            on_victim = next(m for m in members if m.process == victim.addr)
            mate = next(m for m in members if m.process == survivor.addr)
            assert on_victim.type("promise", f"{team_id} calls back today") == {"ok": True}
            mate.wait_text("promise", lambda text, t=team_id: text == f"{t} calls back today")

        stranded = [c for c in clients if c.process == victim.addr]
        before_kill = len(cluster.nginx.log_lines())
        victim.kill()
        for team_id, members in teams.items():
            # While the victim is down: its phones type on (kept on the phone), their mates too.
            on_victim = next(m for m in members if m.process == victim.addr)
            mate = next(m for m in members if m.process == survivor.addr)
            on_victim.type("we_dont", "Blame the customer", send=False)
            assert mate.type("response", f"Dear customer of {team_id},") == {"ok": True}

        for client in stranded:  # back through nginx, on the survivor, with seat, team and draft
            client.wait(lambda v, c=client: c.connects >= 2 and v["session"]["phase"] == "draft", timeout=30)
        for client in stranded:
            client.wait(lambda v: v["session"]["card_index"] == 1 and v["session"]["phase"] == "draft")
            client.wait_upgraded()
            if client is host:
                continue
            team_id = client.view["team"]["id"]
            assert client.view["team"]["draft"]["fields"]["promise"]["text"] == f"{team_id} calls back today"
            client.catch_up()  # by state vector, then what it typed while the victim was down
            assert client.text("response") == f"Dear customer of {team_id},"
            assert client.text("we_dont") == "Blame the customer"
            assert client.view["me"]["name"].startswith("Phone ")
        for client in clients:
            if client not in stranded:
                assert client.connects == 1, f"{client.name} on the survivor never dropped"
        after_kill = cluster.nginx.log_lines()[before_kill:]
        for client in stranded:
            mine = [line for line in after_kill if line["affinity"] == client.browser.cookie
                    and "/socket.io/" in line["request"] and line["status"] in ("101", "200")]
            assert mine, f"{client.name} reconnected through nginx"
            # The websocket to the victim is logged when it closes; every later request ended on the survivor.
            assert all(line["upstream"].split(", ")[-1] == survivor.addr for line in mine[1:]), mine

        for members in teams.values():  # the stranded phones carry on where they were
            on_victim = next(m for m in members if m.process == victim.addr)
            mate = next(m for m in members if m.process == survivor.addr)
            mate.wait_text("we_dont", lambda text: text == "Blame the customer")
            assert on_victim.type("we_do", "Call back before five") == {"ok": True}
            mate.wait_text("we_do", lambda text: text == "Call back before five")
            assert {f: mate.text(f) for f in FIELDS} == {f: on_victim.text(f) for f in FIELDS}
            assert on_victim.call("draft:submit", submitted=True) == {"ok": True}
        everyone_in(clients, "vote", 1)
        repeated = uuid.uuid4().hex
        for phone in phones:
            ack = vote_for_another_team(phone, repeated if phone is stranded[1] else None)
            assert ack["ok"] and "duplicate" not in ack
        # A vote sent again (as a phone's buffer replays it after a reconnect) counts once.
        assert vote_for_another_team(stranded[1], repeated) == {"ok": True, "duplicate": True}
        everyone_in(clients, "reveal", 1)
        assert sum(entry["votes"] for entry in host.session["results"]["entries"]) == 6
        assert host.control("next")["ok"]
        everyone_in(clients, "finished", 1)
        wall = host.session["wall"]
        assert [sorted(t["promise"] for t in card["teams"]) for card in wall] == [
            sorted(f"{t} listens first" for t in teams), sorted(f"{t} calls back today" for t in teams)]

        # --- every phase change seen by everyone, each once; every timer fired once -------------------
        expected = [(card, phase) for card in (0, 1) for phase in ROUND] + [(1, "finished")]
        for client in clients:
            assert client.phase_changes() == expected, client.name
        for client in clients:
            if client not in stranded:  # one broadcast per phase change, never two
                views = [step for step in client.session_views() if step[1] != "lobby"]
                assert views == expected, client.name
        counts = command_counts(cluster, code)
        # Closed by the clock: story 1 (timer) and, 1 s after everyone was done, draft and vote of
        # both cards. Both processes tick; the version check lets one Tick through. The diagnose
        # stays open until the facilitator moves on (twice), plus three other Next presses.
        assert counts["Tick"] == 5, counts
        assert counts["CastVote"] == 12, counts
        assert counts["StartGame"] == 1 and counts["AdvancePhase"] == 5, counts
        assert counts["Join"] == 6, counts
    finally:
        for client in clients:
            try:
                client.disconnect()
            except Exception:  # noqa: BLE001 - teardown goes on
                pass
