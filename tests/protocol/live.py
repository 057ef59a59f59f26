"""A real server in a subprocess and real Socket.IO clients that talk to it."""
from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio

from tests.accounts import create_account, sign_in
from tests.children import ending_with_us
from tests.ydraft import Typist

ROOT = Path(__file__).resolve().parents[2]


WRITING_PHASES = ("draft", "collect", "live")  # the phases with a team document (docs/protocol.md)

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """`python app.py` on a free loopback port with its own SQLite file."""

    def __init__(self, tmp_path: Path, async_mode: str, scenarios: Path | None = None, grace: float = 0):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PORT": str(self.port), "HOST": "127.0.0.1", "ASYNC_MODE": async_mode,
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'live.db'}", "EARLY_END_GRACE": str(grace),
                    "PYTHONUNBUFFERED": "1"}
        if scenarios:
            self.env["SCENARIOS_DIR"] = str(scenarios)
        self.log = tmp_path / "server.log"
        self.process: subprocess.Popen | None = None
        self._facilitator: requests.Session | None = None

    def start(self) -> LiveServer:
        create_account(self.env["DATABASE_URL"])  # the facilitator who creates the sessions
        with self.log.open("ab") as log:  # the child keeps its own copy of the file descriptor
            self.process = subprocess.Popen(ending_with_us(str(ROOT / "app.py")), cwd=ROOT, env=self.env,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60  # seconds on a busy machine; a quiet one starts in about two
        while time.time() < deadline:
            try:
                if requests.get(self.url + "/api/decks", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
            if self.process.poll() is not None:
                break
        self.stop(kill=True)  # no fixture will stop a server that never answered: do not leave it running
        raise RuntimeError("server did not start:\n" + self.log.read_text())

    def stop(self, kill: bool = False) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            self.process.wait(10)

    # --- HTTP helpers ---------------------------------------------------------------
    @property
    def facilitator(self) -> requests.Session:
        """An HTTP session signed in as the facilitator (cookie plus X-CSRFToken)."""
        if self._facilitator is None:
            self._facilitator = sign_in(self.url)
        return self._facilitator

    def create(self, deck_id: str, **options) -> dict:
        response = self.facilitator.post(self.url + "/api/sessions", json={"deck_id": deck_id, **options},
                                         timeout=5)
        assert response.status_code == 201, response.text
        return response.json()

    def join(self, code: str, name: str) -> dict:
        response = requests.post(f"{self.url}/api/sessions/{code}/players", json={"name": name}, timeout=5)
        assert response.status_code == 201, response.text
        return response.json()


class Client:
    """One browser tab's worth of protocol: the latest view sections and every event seen."""

    def __init__(self, server: LiveServer, code: str, token: str, name: str = "client"):
        self.server, self.code, self.token, self.name = server, code, token, name
        self.view: dict = {}
        self.events: list[tuple[str, object]] = []
        self.changed = threading.Condition()
        self.sio = socketio.Client(reconnection=True, reconnection_delay=0.2, reconnection_delay_max=1)
        self.sio.on("*", self._on_any)
        self.document = Typist()  # this phone's copy of its team's draft (Yjs, as a phone keeps it)
        self._document_of: tuple | None = None  # (card index, team id) of that draft

    # --- the team draft, as a phone's Yjs editor does it ------------------------------
    def type(self, field: str, text: str, at: int | None = None, send: bool = True) -> dict | None:
        """Type ``text`` at character ``at`` (the end when None); send the update unless offline."""
        with self.changed:
            update = self.document.insert(field, at, text)
        return self.call("draft:update", {"id": uuid.uuid4().hex, "update": update}) if send else None

    def text(self, field: str) -> str:
        with self.changed:
            return self.document.text(field)

    def catch_up(self) -> dict:
        """What a phone does on every (re)connect in the draft phase: take what it lacks by its
        state vector, then send what the server lacks (typed while offline)."""
        with self.changed:
            vector = self.document.state_vector()
        answer = self.call("draft:sync", {"state_vector": vector})
        assert answer["ok"], answer
        with self.changed:
            self.document.receive(answer["update"])
            mine = self.document.everything(since=answer["state_vector"])
        ack = self.call("draft:update", {"id": uuid.uuid4().hex, "update": mine})
        assert ack["ok"], ack
        return ack

    def _follow_round(self) -> None:
        """A new round's draft, the promises activity's documents (collect, live), or another
        team's, is another document: start a fresh copy."""
        session, team = self.view.get("session") or {}, self.view.get("team") or {}
        phase = session.get("phase")
        key = (phase, session.get("card_index"), team.get("id"))
        if phase in WRITING_PHASES and key != self._document_of:
            self.document, self._document_of = Typist(), key

    def wait_text(self, field: str, predicate, timeout: float = 10.0):
        return self.wait(lambda _view: predicate(self.document.text(field)), timeout)

    def _on_any(self, event, data=None):
        with self.changed:
            self.events.append((event, data))
            if event == "view":
                self.view.update(data)
                self._follow_round()
            elif event == "timer":
                self.view.setdefault("session", {})["timer"] = data
            elif event == "progress":
                self.view.setdefault("session", {})["progress"] = data
            elif event == "draft:update":
                self.document.receive(data["update"])
            self.changed.notify_all()

    def connect(self) -> Client:
        self.sio.connect(self.server.url, auth={"code": self.code, "token": self.token},
                         transports=["websocket"], wait_timeout=10)
        self.wait(lambda v: "session" in v)
        return self

    def disconnect(self) -> None:
        self.sio.disconnect()

    def call(self, event: str, payload: dict | None = None, **fields) -> dict:
        data = dict(payload or {}, **fields)
        if event != "sync" and "id" not in data and payload is None:
            data["id"] = uuid.uuid4().hex
        return self.sio.call(event, data, timeout=10)

    def control(self, action: str, **extra) -> dict:
        """``host:control`` as the host page sends it: a control that moves the game names the
        card and phase this screen shows. After a move it waits until the view shows the new phase,
        so the next press is made from it."""
        session = self.wait(lambda v: "session" in v)["session"]
        payload = {"action": action, "card_index": session["card_index"], "phase": session["phase"], **extra}
        ack = self.call("host:control", id=uuid.uuid4().hex, **payload)
        if ack.get("ok") and "phase" in ack:
            self.wait_phase(ack["phase"], ack["card_index"])
        return ack

    def wait(self, predicate, timeout: float = 10.0):
        deadline = time.time() + timeout
        with self.changed:
            while True:
                try:
                    if predicate(self.view):
                        return self.view
                except (KeyError, TypeError, IndexError):
                    pass
                remaining = deadline - time.time()
                if remaining <= 0:
                    raise AssertionError(f"{self.name}: condition not met; view={self.view}")
                self.changed.wait(remaining)

    def wait_phase(self, phase: str, card_index: int | None = None, timeout: float = 10.0):
        return self.wait(lambda v: v["session"]["phase"] == phase and
                         (card_index is None or v["session"]["card_index"] == card_index), timeout)

    @property
    def session(self) -> dict:
        return self.view["session"]
