"""CX Game's composition root.

`python app.py` starts the server (eventlet by default, ASYNC_MODE=gevent or
threading to switch) and prints the URL. `flask --app app ...` runs the shell
commands. Monkey-patching happens here, first, and nowhere else.
"""
from __future__ import annotations

import os
import warnings

ASYNC_MODE = os.environ.get("ASYNC_MODE", "eventlet")
# eventlet's deprecation is known and documented (README, Dependencies); it is not news for
# every `flask --app app decks check` a trainer runs, so it is silenced for every entry point.
warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")

if __name__ == "__main__":
    if ASYNC_MODE == "eventlet":
        import eventlet

        eventlet.monkey_patch()
    elif ASYNC_MODE == "gevent":
        from game.extras import require

        require("gevent.monkey", "ASYNC_MODE=gevent").patch_all()
        try:  # PostgreSQL: psycopg2 waits through the gevent hub (eventlet's monkey_patch does this itself)
            from psycogreen.gevent import patch_psycopg

            patch_psycopg()
        except ImportError:
            pass

import gc  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

from game.extras import check_settings  # noqa: E402
from game.service.authority import SessionService  # noqa: E402
from game.service.deck_catalog import DeckCatalog  # noqa: E402
from game.service.followup import FollowUps  # noqa: E402
from game.service.join_gate import JoinGate  # noqa: E402
from game.service.state_cache import StateCache  # noqa: E402
from game.store.db import default_url, make_engine, migrate, private_folder  # noqa: E402
from game.store.deck_files import load_library  # noqa: E402
from game.store.deck_repository import SqlDeckRepository  # noqa: E402
from game.store.followups import SqlFollowUps  # noqa: E402
from game.store.sessions import SqlSessionRepository  # noqa: E402
from game.web import auth, i18n, sockets  # noqa: E402
from game.web.api import api  # noqa: E402
from game.web.cli import decks_cli  # noqa: E402
from game.web.connections import Connections  # noqa: E402
from game.web.deck_api import deck_api  # noqa: E402
from game.web.deck_pages import deck_pages  # noqa: E402
from game.web.fanout import SocketPublisher  # noqa: E402
from game.web.followup import followup  # noqa: E402
from game.web.packets import JsonPacket  # noqa: E402
from game.web.pages import pages  # noqa: E402
from game.web.payloads import MAX_READ_BYTES  # noqa: E402
from game.web.ratelimit import RateLimiter  # noqa: E402
from game.web.reachable import reachable_base  # noqa: E402
from game.web.security import protect  # noqa: E402
from game.web.serving import NoWebSocketCompression, serve, websocket_deflate_enabled  # noqa: E402

ROOT = Path(__file__).parent
TICK_SECONDS = 0.25
# One snapshot write per session per 50 ms at most: a storm of 1,000 votes or edits becomes 20
# writes a second, not 1,000. In the draft phase the snapshot of a 1,000-player session is
# ~0.7 MB (drafts keep their recent revisions), and each write blocks the process for 3-10 ms.
# A session whose writes are cheap waits less (8x its last write's cost, see SessionService).
COMMIT_INTERVAL = 0.05


@dataclass
class Services:
    """What the web layer reaches through ``app.extensions['cxgame']``."""

    service: SessionService
    # Shipped files plus the editor's valid decks, read from the database on demand.
    decks: DeckCatalog
    socketio: SocketIO
    code_misses: RateLimiter
    # The charter's monthly "did we keep it?" (game/service/followup.py).
    followups: FollowUps


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(ROOT / "instance"))
    private_folder(app.instance_path)  # 700: the database and the signing key live there
    app.config.from_mapping(
        DATABASE_URL=default_url(app.instance_path),
        SCENARIOS_DIR=os.environ.get("SCENARIOS_DIR", str(ROOT / "scenarios")),
        ASYNC_MODE=ASYNC_MODE,
        REDIS_URL=os.environ.get("REDIS_URL"),
        PUBLIC_URL=os.environ.get("PUBLIC_URL"),
        # How many proxies in front of us append to X-Forwarded-For (nginx: 1); 0 trusts none.
        TRUST_PROXY=int(os.environ.get("TRUST_PROXY") or 0),
        EARLY_END_GRACE=float(os.environ.get("EARLY_END_GRACE", "3")),
        JSON_SORT_KEYS=False,
    )
    if test_config:
        app.config.update(test_config)
    check_settings(app.config)

    engine = make_engine(app.config["DATABASE_URL"])
    if app.config.get("MIGRATE", True):
        migrate(engine)
    socketio = SocketIO()
    connections = Connections()
    sessions = SqlSessionRepository(engine)
    # Several processes only work together through the message queue, so without one this
    # process is the only writer and may trust its cached sessions.
    cache = StateCache(sessions, sole_writer=not app.config["REDIS_URL"])
    publisher = SocketPublisher(socketio, cache.reading, cache.version_in_hand, connections)
    service = SessionService(sessions, publisher, commit_interval=COMMIT_INTERVAL, cache=cache)
    socketio.init_app(
        app, async_mode=app.config["ASYNC_MODE"], message_queue=app.config["REDIS_URL"],
        # Our own limit (16 KB, answered with message_too_large, then the close) sits below this hard
        # cap, above which the transport closes the connection without reading the message.
        # A phone that vanishes without closing its socket (wifi gone, asleep) is marked away on the
        # presenter within ping_interval + ping_timeout seconds.
        max_http_buffer_size=MAX_READ_BYTES, ping_interval=5, ping_timeout=8, serializer=JsonPacket,
    )
    scenarios = Path(app.config["SCENARIOS_DIR"])
    decks = DeckCatalog(load_library(scenarios), SqlDeckRepository(engine))
    code_misses = RateLimiter(rate=0.5, burst=20)  # unknown join codes per address, HTTP and socket alike
    followups = FollowUps(SqlFollowUps(engine), clock=time.time)
    app.extensions["cxgame"] = Services(service, decks, socketio, code_misses, followups)
    app.extensions["cxgame_joins"] = joins = JoinGate(*app.config.get("JOIN_LIMIT", ()))
    sockets.register(socketio, service, connections, code_misses=code_misses, joins=joins,
                     may_host=lambda code: app.extensions["cxgame_accounts"].may_host(code))
    i18n.init_app(app)
    if not websocket_deflate_enabled():
        app.wsgi_app = NoWebSocketCompression(app.wsgi_app)  # outside Socket.IO's middleware
    for blueprint in (pages, api, deck_pages, deck_api, followup):
        app.register_blueprint(blueprint)
    auth.init_app(app, engine)
    # Flask-SocketIO builds a request context from the websocket's environ for every event.
    # Without a rule for that path each one raises and keeps a NotFound (garbage with cycles).
    # The Socket.IO middleware answers this path first, so the view itself is never reached.
    app.add_url_rule("/socket.io/", "socketio_events", lambda: ("", 404))
    app.cli.add_command(decks_cli)
    protect(app)  # outermost: bodies are measured first, and Socket.IO's connect sees the client's address
    return app


def run_ticker(services: Services) -> None:
    """Close phases whose timer ran out. The version check lets only one process win."""
    while True:
        services.socketio.sleep(TICK_SECONDS)
        try:
            services.service.tick_due()
        except Exception:  # keep ticking: one bad session must not stop every timer
            import logging

            logging.getLogger("cxgame").exception("ticker failed")


def tune_garbage_collector() -> None:
    """Leave what exists after start-up out of the collector's rounds.

    Modules, the app and the deck library live as long as the process; with
    thousands of connection objects on top, every full collection would walk
    them again for nothing.
    """
    gc.collect()
    gc.freeze()


def migrate_in_child() -> None:
    """Migrate in a short-lived process, so Alembic is never loaded into the server's memory."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "-c", "from game.store.db import default_url, make_engine, migrate; "
                    f"migrate(make_engine(default_url({str(ROOT / 'instance')!r})))"],
                   cwd=ROOT, check=True)


def main() -> None:
    migrate_in_child()
    app = create_app({"MIGRATE": False})
    tune_garbage_collector()
    services: Services = app.extensions["cxgame"]
    host = os.environ.get("HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "5000"))
    services.socketio.start_background_task(run_ticker, services)
    print(f"CX Game is running ({ASYNC_MODE}). Facilitator: open http://localhost:{port}/host/new", flush=True)
    base, reachable = reachable_base(f"http://localhost:{port}/", os.environ.get("PUBLIC_URL"))
    if reachable:
        print(f"Phones on the same network join at {base}/play", flush=True)
    else:
        print("No network address phones can reach: join this computer to the room's wifi, or set PUBLIC_URL.",
              flush=True)
    if app.extensions["cxgame_accounts"].users.count() == 0:
        print(f"No accounts yet: open http://localhost:{port}/setup on this computer to create the first "
              "admin, or run `flask --app app users create --admin`.", flush=True)
    serve(app, services.socketio, host, port, ASYNC_MODE, log_output=os.environ.get("LOG_REQUESTS") == "1",
          trusted_proxy_hops=app.config["TRUST_PROXY"])


if __name__ == "__main__":
    main()
