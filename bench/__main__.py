"""python -m bench: play a full round with N simulated phones against the real server.

For each size N and each repeat it starts ``python app.py`` as in production
(eventlet by default, SQLite unless --database-url), lets N phones join from
several load processes (bench/load.py) over real Socket.IO websockets, and
plays two cards and the closing promises activity (bench/plan.py): joins,
diagnose ticks, team drafts typed in bursts, a vote burst (card 1: every phone
at the same moment), a vote storm spread over one second (card 2), reveal, the
dot vote, end. The same phase changes and vote storms then run
against a bare Flask-SocketIO broadcast server (bench/baseline_server.py), the
stack's floor, and our figures are printed as ratios to it. Medians over the
repeats; a table on stdout and everything in --json.

Exit status 1 when a run had an error, a dropped connection or a vote that was
not counted exactly once; missed latency targets only show in the report.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp

from . import load
from .facilitator import Facilitator, create_facilitator, sign_in
from .plan import bench_deck, round_plan
from .processes import ROOT, Pool, ServerProcess, free_port, listen_overflows, pin, process_memory, split_cpus
from .report import ms, one_line, percentile, report, spread, summarize, target_lines, targets

TEAM_SIZE = 8  # players per team the session is set up for (2 to 60 teams)
SETTLE = 0.4  # seconds of quiet after each step, so coalesced updates land before the next one
PHASE_TIMEOUT = 30.0
DOT_SECONDS = 1.0  # the dot vote: every phone spends its 3 dots within this window


def sent_and_acked(run: Run, label: str, rows: list, at: float) -> tuple[list, list, float, float]:
    """A storm's rows (index, name, what, sent, done, error): those sent, those acknowledged without
    an error (each error recorded), and when the first and the last were sent."""
    sent = [row for row in rows if row[3] is not None]
    ok = [row for row in rows if row[5] is None]
    for row in rows:
        if row[5]:
            run.error(f"{label}: phone {row[0]}: {row[5]}")
    return sent, ok, min((row[3] for row in sent), default=at), max((row[3] for row in sent), default=at)


class Run:
    """What one run (one size, one repeat, one server) measured."""

    def __init__(self, kind: str, size: int, repeat: int):
        self.kind, self.size, self.repeat = kind, size, repeat
        self.errors: list[str] = []
        self.metrics: dict = {"kind": kind, "players": size, "repeat": repeat}
        self.received: list[float] = []
        self.phase_changes: list[dict] = []
        self.step_cpu: dict[str, float] = {}
        self.profiles: dict[str, int] = {}  # py-spy files written per step
        self.samples: dict[str, list] = {}  # raw latencies pooled over both cards, dropped before output

    def error(self, message: str) -> None:
        if len(self.errors) < 50:
            self.errors.append(message)

    def as_dict(self) -> dict:
        return {**self.metrics, "phase_change_ms": spread(self.received),
                "phase_changes": self.phase_changes,
                "server_cpu_by_step_s": self.step_cpu, "errors": self.errors}


class Bench:
    def __init__(self, args):
        self.args = args
        self.deflate = not args.no_deflate
        self.pool: Pool | None = None
        self.server_cpus: set[int] | None = None
        self.payloads: dict[int, list[dict]] = {}  # players -> our session payloads, replayed by the baseline
        self.plan: list[tuple[str, str, int]] = []
        self.work = Path(tempfile.mkdtemp(prefix="cxgame-bench-"))
        self.url = ""
        self.on_run = None  # called with the runs so far after each run

    @staticmethod
    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    @asynccontextmanager
    async def step(self, run: Run, server: ServerProcess, label: str):
        """Count the server's CPU seconds for a step; with --profile, sample it with py-spy meanwhile."""
        spy = None
        if self.args.profile and run.kind == "cxgame":
            count = run.profiles[label] = run.profiles.get(label, 0) + 1
            name = f"{run.kind}-{run.size}-r{run.repeat}-{label}{count if label == 'phase_changes' else ''}.txt"
            spy = subprocess.Popen([self.args.py_spy, "record", "--pid", str(server.pid), "--rate",
                                    str(self.args.profile_rate), "--format", "raw", "--nonblocking",
                                    "-o", str(Path(self.args.profile) / name)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await asyncio.sleep(0.3)  # py-spy attaches
        cpu = server.cpu()
        try:
            yield
        finally:
            run.step_cpu[label] = round(run.step_cpu.get(label, 0) + server.cpu() - cpu, 2)
            if spy is not None:
                spy.send_signal(signal.SIGINT)
                try:
                    spy.wait(20)
                except subprocess.TimeoutExpired:
                    spy.kill()

    async def setup_phones(self, mode: str, size: int) -> None:
        workers = len(self.pool.pipes)
        await self.pool.each("setup", [
            {"url": self.url, "mode": mode, "deflate": self.deflate,
             "phones": [(i, f"Phone {i:04d}") for i in range(size) if i % workers == number]}
            for number in range(workers)])

    async def join(self, run: Run, server: ServerProcess, code: str | None) -> None:
        overflows = listen_overflows()
        at = time.time() + 0.5
        async with self.step(run, server, "join"):
            rows = [row for rows in await self.pool.all("join", code=code, at=at, spread=self.args.join_spread,
                                                        total=run.size, wait=180) for row in rows]
        joined = [row for row in rows if row[3] is None]
        for row in rows:
            if row[3]:
                run.error(f"phone {row[0]} could not join: {row[3]}")
        run.metrics["joined"] = len(joined)
        run.metrics["join_all_s"] = round(max(r[2] for r in joined) - at, 3) if len(joined) == run.size else None
        run.metrics["join_p50_s"] = round(percentile([r[2] - at for r in joined], 0.5), 3) if joined else None
        run.metrics["listen_overflows"] = listen_overflows() - overflows
        run.metrics["rss_after_join_mb"] = process_memory(server.pid)["rss_mb"]

    async def phase_change(self, run: Run, server: ServerProcess, fac: Facilitator, step: int) -> None:
        action, phase, card = self.plan[step]
        async with self.step(run, server, "phase_changes"):
            since = time.time()
            if run.kind == "cxgame":
                # The control names the card and phase it moves from (docs/protocol.md, stale_control).
                _, from_phase, from_card = self.plan[step - 1] if step else ("", "lobby", 0)
                ack = await fac.call("host:control", {"id": uuid.uuid4().hex, "action": action,
                                                      "phase": from_phase, "card_index": from_card})
            else:
                ack = await fac.call("advance", {"index": step})
            acked = time.time()
            if not ack or not ack.get("ok"):
                run.error(f"{action} refused: {ack}")
            results = await self.pool.all("wait_phase", phase=phase, card_index=card, since=since,
                                          timeout=PHASE_TIMEOUT, wait=PHASE_TIMEOUT + 30)
            await asyncio.sleep(SETTLE)
        received = [x for r in results for x in r["latencies"]]
        missing = sum(r["missing"] for r in results)
        if missing:
            run.error(f"{phase} (card {card}) did not reach {missing} phones within {PHASE_TIMEOUT:.0f} s")
        run.received += received
        run.phase_changes.append({"phase": phase, "card": card, "ack_ms": ms(acked - since), **spread(received),
                                  "missing": missing})

    async def vote_storm(self, run: Run, server: ServerProcess, fac: Facilitator, card: int,
                         http: aiohttp.ClientSession | None, session: tuple | None) -> None:
        label, seconds = ("vote_burst", 0.0) if card == 0 else ("vote_spread", 1.0)
        voters = run.metrics["joined"]
        fac.expect_votes(voters)
        at = time.time() + 0.5
        async with self.step(run, server, label):
            rows = [row for rows in await self.pool.all("vote", at=at, spread=seconds, total=run.size,
                                                         seed=run.repeat, wait=180) for row in rows]
            complete = await fac.until(lambda: fac.votes_complete_at is not None, 60)
        sent, ok, first, last = sent_and_acked(run, label, rows, at)
        result = {"votes_sent": len(sent), "votes_acked_ok": len(ok), "send_window_ms": ms(last - first),
                  "tally_complete_s": round(fac.votes_complete_at - first, 3) if complete else None,
                  "tally_after_last_vote_ms": ms(fac.votes_complete_at - last) if complete else None,
                  "all_acked_s": round(max(row[4] for row in sent) - first, 3) if sent else None,
                  "ack_p95_ms": ms(percentile([row[4] - row[3] for row in sent], 0.95)),
                  "tally_max_seen": fac.most_votes}
        if not complete:
            run.error(f"{label}: the facilitator's tally never showed {voters} votes (most: {fac.most_votes})")
        elif fac.most_votes != voters:
            run.error(f"{label}: the facilitator's tally showed {fac.most_votes} votes for {voters} voters")
        await asyncio.sleep(SETTLE)
        if session is not None:
            code, host_token = session
            async with http.get(f"{self.url}/api/sessions/{code}/export.json", headers={"X-Host-Token": host_token},
                                timeout=aiohttp.ClientTimeout(total=180)) as response:
                ballots = (await response.json())["rounds"][card]["ballots"]
            sent_by = {row[1]: row[2] for row in ok}
            stored: dict[str, list] = {}
            for ballot in ballots:
                stored.setdefault(ballot["voter"], []).append(ballot["entry"])
            exact = len(ballots) == len(sent_by) == voters and all(
                stored.get(name) == [entry] for name, entry in sent_by.items())
            result.update({"stored": len(ballots), "stored_exact": exact})
            if not exact:
                run.error(f"{label}: {len(ballots)} ballots stored for {len(sent_by)} acknowledged votes of "
                          f"{voters} voters, or a stored ballot differs from the vote sent")
        run.metrics[label] = result

    async def dot_storm(self, run: Run, server: ServerProcess, fac: Facilitator,
                        http: aiohttp.ClientSession | None, session: tuple | None) -> None:
        """Every phone spends its 3 dots within DOT_SECONDS; the facilitator's screen view must rank
        every dot, and the stored board must hold each once."""
        voters = run.metrics["joined"]
        fac.expect_dots(3 * voters)
        at = time.time() + 2.0  # the load processes first read the activity's views (see load.cmd_dots)
        async with self.step(run, server, "dots"):
            rows = [row for rows in await self.pool.all("dots", at=at, spread=DOT_SECONDS, total=run.size,
                                                         seed=run.repeat, wait=180) for row in rows]
            complete = await fac.until(lambda: fac.dots_complete_at is not None, 60)
        sent, ok, first, last = sent_and_acked(run, "dots", rows, at)
        result = {"players": len(sent), "acked_ok": len(ok), "send_window_ms": ms(last - first),
                  "ranking_complete_s": round(fac.dots_complete_at - first, 3) if complete else None,
                  "ranking_after_last_ms": ms(fac.dots_complete_at - last) if complete else None,
                  "ack_p95_ms": ms(percentile([row[4] - row[3] for row in sent], 0.95)),
                  "ranking_max_seen": fac.most_dots}
        if not complete:
            run.error(f"dots: the projector's ranking never showed {3 * voters} dots (most: {fac.most_dots})")
        await asyncio.sleep(SETTLE)
        if session is not None:
            code, host_token = session
            async with http.get(f"{self.url}/api/sessions/{code}/export.json", headers={"X-Host-Token": host_token},
                                timeout=aiohttp.ClientTimeout(total=180)) as response:
                stored = sum(item["dots"] or 0 for item in (await response.json())["promises"])
            result.update({"stored": stored, "stored_exact": stored == 3 * len(ok) == 3 * voters})
            if not result["stored_exact"]:
                run.error(f"dots: {stored} dots stored for {len(ok)} players' acknowledged dots ({voters} players)")
        run.metrics["dots"] = result

    async def diagnose(self, run: Run, server: ServerProcess, card: int) -> None:
        at = time.time() + 0.3
        async with self.step(run, server, f"diagnose_{card}"):
            rows = [row for rows in await self.pool.all("diagnose", at=at, spread=self.args.diagnose_seconds,
                                                         ticks=2, seed=run.repeat, wait=240) for row in rows]
            await asyncio.sleep(SETTLE)
        for row in rows:
            if row[2]:
                run.error(f"diagnose: {row[2]}")
        acks = run.samples.setdefault("diagnose_acks", [])
        acks += [row[1] - row[0] for row in rows]
        run.metrics["diagnose"] = {"ticks": len(acks), "ack_p50_ms": ms(percentile(acks, 0.5)),
                                   "ack_p95_ms": ms(percentile(acks, 0.95)), "ack_max_ms": ms(max(acks, default=None))}

    async def drafts(self, run: Run, server: ServerProcess, card: int) -> None:
        args = self.args
        at = time.time() + 0.3
        typing = args.draft_bursts * (args.burst_seconds + 1.0)
        async with self.step(run, server, f"draft_{card}"):
            results = await self.pool.all("draft", at=at, bursts=args.draft_bursts, burst_seconds=args.burst_seconds,
                                          pause=1.0, interval=0.25, typists=args.typists, seed=run.repeat,
                                          wait=typing + 180)
            await asyncio.sleep(1.0)
            receipts = await self.pool.all("draft_receipts")
        for r in results:
            for error in r["errors"]:
                run.error(f"draft: {error}")
        members: dict[str, list[str]] = {}
        arrived = {}
        for r in receipts:
            for player_id, team_id in r["members"].items():
                members.setdefault(team_id, []).append(player_id)
            for player_id, team_id, field, version, at_time in r["receipts"]:
                arrived.setdefault((player_id, team_id, field, version), at_time)
        sends = [s for r in results for s in r["sends"]]
        latencies, missing = run.samples.setdefault("draft", []), 0
        for team_id, field, version, sent, _done, sender in sends:
            for player_id in members.get(team_id, []):
                if player_id != sender:
                    got = arrived.get((player_id, team_id, field, version))
                    if got is None:
                        missing += 1
                    else:
                        latencies.append(got - sent)
        if missing:
            run.error(f"draft: {missing} deliveries of an edit to a team member never arrived")
        acks = run.samples.setdefault("draft_acks", [])
        acks += [s[4] - s[3] for s in sends]
        before = run.metrics.get("draft", {"missing": 0, "typing_s": 0})
        typing_s = before["typing_s"] + args.draft_bursts * args.burst_seconds
        run.metrics["draft"] = {"edits": len(acks), "typing_s": typing_s, "edits_per_s": round(len(acks) / typing_s, 1),
                                "deliveries": len(latencies), "missing": before["missing"] + missing,
                                **{f"{k}_ms": v for k, v in spread(latencies).items() if k != "samples"},
                                "ack_p95_ms": ms(percentile(acks, 0.95))}

    async def play(self, run: Run, server: ServerProcess, fac: Facilitator, http=None, session=None) -> None:
        """The round: every phase change; diagnose and drafts on our server only; a vote storm per card."""
        for step, (_action, phase, card) in enumerate(self.plan):
            await self.phase_change(run, server, fac, step)
            if phase == "diagnose" and run.kind == "cxgame":
                await self.diagnose(run, server, card)
            elif phase == "draft" and run.kind == "cxgame":
                await self.drafts(run, server, card)
            elif phase == "vote":
                await self.vote_storm(run, server, fac, card, http, session)
            elif phase == "choose" and run.kind == "cxgame":
                await self.dot_storm(run, server, fac, http, session)

    async def finish(self, run: Run, server: ServerProcess, fac: Facilitator, started: float, cpu: float,
                     load_cpu: float) -> dict:
        wall = time.time() - started
        used = server.cpu() - cpu
        run.metrics.update(process_memory(server.pid))
        run.metrics.update({"server_cpu_s": round(used, 2), "server_cpu_pct": round(100 * used / wall, 1),
                            "load_cpu_pct": round(100 * (self.pool.cpu() - load_cpu) / wall, 1),
                            "wall_s": round(wall, 1)})
        collected = await self.pool.all("collect")
        run.metrics["drops"] = sum(c["drops"] for c in collected)
        if run.metrics["drops"]:
            run.error(f"{run.metrics['drops']} phones lost their connection")
        await self.pool.all("close", wait=60)
        await fac.sio.disconnect()
        return run.as_dict()

    async def run_game(self, size: int, repeat: int) -> dict:
        args = self.args
        run = Run("cxgame", size, repeat)
        folder = Path(tempfile.mkdtemp(prefix=f"game-{size}-{repeat}-", dir=self.work))
        (folder / "scenarios").mkdir()
        deck_id = bench_deck(folder / "scenarios")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "ASYNC_MODE": args.async_mode,
               "DATABASE_URL": args.database_url or f"sqlite:///{folder / 'bench.db'}",
               "EARLY_END_GRACE": "3600", "SCENARIOS_DIR": str(folder / "scenarios"), "PYTHONUNBUFFERED": "1"}
        create_facilitator(env)
        server = ServerProcess([sys.executable, str(ROOT / "app.py")], env, self.url + "/api/decks",
                               folder / "server.log", self.server_cpus).start()
        try:
            # unsafe=True: keep cookies for an IP address (127.0.0.1), which aiohttp refuses by default.
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60),
                                             cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
                csrf = await sign_in(http, self.url)
                teams = max(2, min(60, math.ceil(size / TEAM_SIZE)))
                async with http.post(self.url + "/api/sessions", json={"deck_id": deck_id, "team_count": teams},
                                     headers={"X-CSRFToken": csrf}) as r:
                    created = await r.json()
                    if r.status != 201:
                        raise RuntimeError(f"could not create a session: {created}")
                code, host_token = created["code"], created["host_token"]
                run.metrics["teams"] = teams
                fac = Facilitator(self.deflate)
                await fac.connect(self.url, {"code": code, "token": host_token})
                await fac.until(lambda: fac.session, 10)
                self.plan = round_plan(fac.session["card_count"])
                await self.setup_phones("game", size)
                started, cpu, load_cpu = time.time(), server.cpu(), self.pool.cpu()
                await self.join(run, server, code)
                if not await fac.until(lambda: fac.players >= size, 60):
                    run.error(f"the facilitator saw {fac.players} of {size} players")
                await asyncio.sleep(SETTLE)
                await self.play(run, server, fac, http, (code, host_token))
                self.payloads[size] = [fac.payloads[(phase, card)] for _a, phase, card in self.plan]
                run.metrics["phase_payload_bytes"] = [len(json.dumps(p)) for p in self.payloads[size]]
                return await self.finish(run, server, fac, started, cpu, load_cpu)
        finally:
            server.stop()

    async def run_baseline(self, size: int, repeat: int) -> dict:
        run = Run("baseline", size, repeat)
        folder = Path(tempfile.mkdtemp(prefix=f"baseline-{size}-{repeat}-", dir=self.work))
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        server = ServerProcess([sys.executable, str(ROOT / "bench" / "baseline_server.py"), "--port", str(port),
                                "--async-mode", self.args.async_mode], {**os.environ, "PYTHONUNBUFFERED": "1"},
                               self.url + "/ping", folder / "server.log", self.server_cpus).start()
        try:
            fac = Facilitator(self.deflate)
            await fac.connect(self.url, {"role": "host"})
            await fac.call("load", {"payloads": self.payloads[size]})
            await self.setup_phones("baseline", size)
            started, cpu, load_cpu = time.time(), server.cpu(), self.pool.cpu()
            await self.join(run, server, None)
            await asyncio.sleep(SETTLE)
            await self.play(run, server, fac)
            return await self.finish(run, server, fac, started, cpu, load_cpu)
        finally:
            server.stop()

    async def main(self) -> list[dict]:
        args = self.args
        self.server_cpus, load_cpus = split_cpus(not args.no_pin)
        pin(os.getpid(), load_cpus)  # the facilitator's client runs here
        self.pool = Pool(args.workers, load_cpus)
        runs = []
        try:
            for size in args.sizes:
                # Alternate which server goes first so a slow moment of the machine hits both alike.
                # The baseline replays our payloads: until a game run of this size has them, it waits.
                jobs = [(kind, repeat) for repeat in range(args.repeats)
                        for kind in (("cxgame", "baseline") if repeat % 2 == 0 else ("baseline", "cxgame"))]
                while jobs:
                    kind, repeat = next((job for job in jobs if job[0] == "cxgame" or size in self.payloads),
                                        jobs[0])
                    jobs.remove((kind, repeat))
                    self.log(f"[bench] {kind:8s} N={size:<5d} repeat {repeat + 1}/{args.repeats}")
                    run = self.run_game if kind == "cxgame" else self.run_baseline
                    try:
                        result = await run(size, repeat)
                    except Exception as exc:  # one broken run is reported, the others still run
                        result = failed_run(kind, size, repeat, exc)
                        await self.pool.all("close", wait=60)
                    runs.append(result)
                    self.log("[bench]   " + one_line(result))
                    if self.on_run:
                        self.on_run(runs)
        finally:
            self.pool.close()
            if not os.environ.get("BENCH_KEEP"):
                shutil.rmtree(self.work, ignore_errors=True)
        return runs


def failed_run(kind: str, size: int, repeat: int, exc: Exception) -> dict:
    run = Run(kind, size, repeat)
    where = traceback.extract_tb(exc.__traceback__)
    frames = "; ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in where[-4:])
    run.error(f"the run stopped: {type(exc).__name__}: {exc} (at {frames})"[:600])
    return run.as_dict()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,500,1000", help="players per session, comma separated")
    parser.add_argument("--repeats", type=int, default=3, help="runs per size and server; medians are quoted")
    parser.add_argument("--json", help="write every run and the summary to this file")
    parser.add_argument("--database-url", help="PostgreSQL URL for the server (default: a fresh SQLite file per run)")
    parser.add_argument("--async-mode", default="eventlet", choices=("eventlet", "gevent"))
    parser.add_argument("--workers", type=int, default=4, help="load processes")
    parser.add_argument("--no-deflate", action="store_true",
                        help="do not negotiate permessage-deflate (browsers do, so the default does)")
    parser.add_argument("--no-pin", action="store_true",
                        help="let server and load processes share every CPU (default: the server gets the first "
                             "CPU to itself, the load processes the others)")
    parser.add_argument("--join-spread", type=float, default=0.0,
                        help="phones start joining evenly over this many seconds (default 0: all at once)")
    parser.add_argument("--typists", type=int, default=2, help="phones per team typing the draft, one field each")
    parser.add_argument("--draft-bursts", type=int, default=2, help="typing bursts per draft phase")
    parser.add_argument("--burst-seconds", type=float, default=2.0, help="length of a typing burst")
    parser.add_argument("--diagnose-seconds", type=float, default=10.0,
                        help="every phone sends two diagnose ticks at random moments within this many seconds")
    parser.add_argument("--profile", metavar="DIR", help="sample the game server with py-spy, one file per step")
    parser.add_argument("--profile-rate", type=int, default=100)
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 players, 1 repeat, short steps")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeats, args.workers = "20", 1, min(args.workers, 2)
        args.draft_bursts, args.burst_seconds, args.diagnose_seconds = 1, 1.0, 1.0
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    if args.profile:
        args.py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        if not Path(args.py_spy).exists():
            parser.error("--profile needs py-spy (pip install py-spy)")
        Path(args.profile).mkdir(parents=True, exist_ok=True)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    load.raise_fd_limit()  # the server inherits it
    started = time.time()
    bench = Bench(args)
    if args.json:  # the runs so far, in case a long benchmark is stopped
        bench.on_run = lambda runs: Path(args.json).write_text(json.dumps({"partial": True, "runs": runs}, indent=2))
    runs = asyncio.run(bench.main())
    config = {"sizes": args.sizes, "repeats": args.repeats, "async_mode": args.async_mode,
              "database": "PostgreSQL" if args.database_url else "SQLite", "deflate": not args.no_deflate,
              "server_deflate": os.environ.get("WS_DEFLATE") == "1",
              "workers": args.workers, "server_cpus": sorted(bench.server_cpus or []),
              "join_spread_s": args.join_spread,
              "typists": args.typists, "draft_bursts": args.draft_bursts, "burst_seconds": args.burst_seconds,
              "diagnose_seconds": args.diagnose_seconds, "team_size": TEAM_SIZE, "cpus": os.cpu_count(),
              "python": platform.python_version(), "platform": platform.platform(),
              "duration_s": round(time.time() - started, 1)}
    summary = summarize(runs)
    size, checks = targets(summary)
    print(report(summary, config) + "\n\n" + target_lines(size, checks), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps({"config": config, "summary": summary, "targets_at": size,
                                               "targets": checks, "runs": runs}, indent=2))
    broken = any(r["errors"] or r.get("drops") for r in runs) or not all(
        s.get("cxgame", {}).get("votes_exact", True) for s in summary.values())
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
