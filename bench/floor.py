"""The stack's floor for one broadcast: server CPU per recipient and delivery p50/p95.

    python -m bench.floor [--phones 1000] [--sizes 100,7000,30000] [--repeats 10]

Starts bench/baseline_server.py (bare Flask-SocketIO, same settings as app.py),
connects the phones with the benchmark's lean client from this one process,
and has the facilitator broadcast payloads of each size to all of them, one
at a time. Pinned like the benchmark: the server on the first CPU, this
process on the others. What it shows is the cost our server cannot go below
for a phase change: every recipient is one websocket write through eventlet.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from .load import raise_fd_limit
from .processes import ROOT, ServerProcess, free_port, pin, process_cpu, split_cpus
from .wire import Connection


async def measure(url: str, server_pid: int, phones: int, sizes: list[int], repeats: int) -> list[dict]:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        arrived: list[float] = []
        links = [Connection(http, lambda _text, at: arrived.append(at), lambda: None) for _ in range(phones)]
        for start in range(0, phones, 100):
            await asyncio.gather(*(link.connect(url, {"role": "phone"}, 30) for link in links[start:start + 100]))
        host = Connection(http, lambda _text, _at: None, lambda: None)
        await host.connect(url, {"role": "host"}, 30)
        await asyncio.sleep(1.0)
        rows = []
        for size in sizes:
            payloads = [{"phase": "story", "card_index": i, "text": "x" * size} for i in range(repeats)]
            await host.call("load", {"payloads": payloads}, 30)
            runs = []
            for index in range(repeats):
                arrived.clear()
                cpu, sent = process_cpu(server_pid), time.time()
                await host.call("advance", {"index": index}, 30)
                while len(arrived) < phones:
                    await asyncio.sleep(0.005)
                await asyncio.sleep(0.3)  # let the server finish its writers' bookkeeping
                used = process_cpu(server_pid) - cpu
                latencies = sorted(at - sent for at in arrived)
                runs.append((used, latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]))
            middle = sorted(runs)[len(runs) // 2]
            p50 = sorted(r[1] for r in runs)[len(runs) // 2]
            p95 = sorted(r[2] for r in runs)[len(runs) // 2]
            rows.append({"bytes": size, "cpu_ms": round(middle[0] * 1000),
                         "us_per_phone": round(middle[0] / phones * 1e6),
                         "p50_ms": round(p50 * 1000), "p95_ms": round(p95 * 1000)})
        await asyncio.gather(*(link.close() for link in links), host.close())
        return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.floor", description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--sizes", default="100,7000,30000", help="payload sizes in bytes, comma separated")
    parser.add_argument("--repeats", type=int, default=10, help="broadcasts per size; medians are printed")
    parser.add_argument("--async-mode", default="eventlet", choices=("eventlet", "gevent"))
    args = parser.parse_args(argv)
    raise_fd_limit()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server_cpus, load_cpus = split_cpus(True)
    pin(os.getpid(), load_cpus)
    with tempfile.TemporaryDirectory(prefix="floor-") as folder:
        server = ServerProcess([sys.executable, str(ROOT / "bench" / "baseline_server.py"), "--port", str(port),
                                "--async-mode", args.async_mode], {**os.environ, "PYTHONUNBUFFERED": "1"},
                               url + "/ping", Path(folder) / "server.log", server_cpus).start()
        try:
            rows = asyncio.run(measure(url, server.pid, args.phones, [int(s) for s in args.sizes.split(",")],
                                       args.repeats))
        finally:
            server.stop()
    print(f"Bare Flask-SocketIO ({args.async_mode}) broadcast to {args.phones} phones, medians of {args.repeats}:")
    print("| payload bytes | server CPU ms | us per phone | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['bytes']} | {row['cpu_ms']} | {row['us_per_phone']} | {row['p50_ms']} | {row['p95_ms']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
