"""The stack's floor: a bare Flask-SocketIO broadcast server on eventlet (or gevent).

No game, no database, no views: the facilitator uploads the session payloads
our server sent in the same benchmark run, and ``advance`` broadcasts the next
one to every phone in one emit. A ``vote`` is counted in a dict, acknowledged
and the tally sent to the facilitator at once. Same ping settings, buffer size,
listen queue, ``max_size`` and websocket compression (off unless WS_DEFLATE=1)
as ``app.py``.

    python bench/baseline_server.py --port 5100 [--async-mode eventlet|gevent]
"""
from __future__ import annotations

import argparse
import os
import sys
import warnings

if __name__ == "__main__":
    _mode = "gevent" if any(a.endswith("gevent") for a in sys.argv[1:]) else "eventlet"
    if _mode == "eventlet":
        warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
    else:
        from gevent import monkey

        monkey.patch_all()

from flask import Flask, request  # noqa: E402
from flask_socketio import SocketIO, emit, join_room  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from game.web.serving import NoWebSocketCompression, serve, websocket_deflate_enabled  # noqa: E402


def create_app(async_mode: str) -> tuple[Flask, SocketIO]:
    app = Flask(__name__)
    socketio = SocketIO(app, async_mode=async_mode, max_http_buffer_size=4 * 1024 * 1024,
                        ping_interval=10, ping_timeout=20)
    state = {"payloads": [], "votes": {}, "counts": {}}

    @app.get("/ping")
    def ping():
        return "ok"

    @socketio.on("connect")
    def on_connect(auth=None):
        role = (auth or {}).get("role")
        if role == "host":
            join_room("host")
        else:
            join_room("all")
        emit("view", {"session": {"phase": "lobby", "card_index": 0}})

    @socketio.on("load")
    def on_load(data):
        state["payloads"] = list(data["payloads"])
        return {"ok": True}

    @socketio.on("advance")
    def on_advance(data):
        state["votes"], state["counts"] = {}, {}
        socketio.emit("view", {"session": state["payloads"][data["index"]]}, to="all")
        return {"ok": True}

    @socketio.on("vote")
    def on_vote(data):
        entry = data["entry_id"]
        votes, counts = state["votes"], state["counts"]
        old = votes.get(request.sid)
        if old is not None:
            counts[old] -= 1
        votes[request.sid] = entry
        counts[entry] = counts.get(entry, 0) + 1
        socketio.emit("view", {"host": {"votes": dict(counts)}}, to="host")
        return {"ok": True}

    if not websocket_deflate_enabled():
        app.wsgi_app = NoWebSocketCompression(app.wsgi_app)
    return app, socketio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5100")))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--async-mode", default="eventlet", choices=("eventlet", "gevent"))
    args = parser.parse_args()
    app, socketio = create_app(args.async_mode)
    print(f"baseline listening on http://{args.host}:{args.port} ({args.async_mode})", flush=True)
    serve(app, socketio, args.host, args.port, args.async_mode)


if __name__ == "__main__":
    main()
