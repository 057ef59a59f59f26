"""The processes a bench run starts (the server, the load workers) and what /proc says about them."""
from __future__ import annotations

import asyncio
import multiprocessing
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from . import load

ROOT = Path(__file__).resolve().parents[1]

def split_cpus(pin: bool) -> tuple[set[int] | None, set[int] | None]:
    """The CPUs for the server and for the load (and this process), or ``(None, None)`` to share all.

    Pinned (the default with 2+ CPUs): the server gets the first CPU to itself and the load the
    rest. An eventlet or gevent server runs on one core anyway; what pinning stops is the load
    processes, which wake in a burst on every broadcast, taking the server's core in the middle
    of it: in production the phones' CPUs are not the server's.
    """
    available = sorted(os.sched_getaffinity(0))
    if not pin or len(available) < 2:
        return None, None
    return {available[0]}, set(available[1:])


def pin(pid: int, cpus: set[int] | None) -> None:
    if cpus:
        os.sched_setaffinity(pid, cpus)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listen_overflows() -> int:
    """The kernel's count of connections dropped because a listen queue was full."""
    try:
        lines = Path("/proc/net/netstat").read_text().splitlines()
    except OSError:
        return 0
    for header, values in zip(lines[::2], lines[1::2], strict=False):
        if header.startswith("TcpExt:"):
            return int(dict(zip(header.split()[1:], values.split()[1:], strict=True)).get("ListenOverflows", 0))
    return 0


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process, from /proc/PID/stat."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_memory(pid: int) -> dict:
    """Peak (VmHWM) and current (VmRSS) resident memory in MB, from /proc/PID/status."""
    found = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmHWM:", "VmRSS:")):
                name, value = line.split(":", 1)
                found[name] = round(int(value.split()[0]) / 1024, 1)
    except OSError:
        pass
    return {"peak_rss_mb": found.get("VmHWM"), "rss_mb": found.get("VmRSS")}


class ServerProcess:
    """A server in a subprocess on a loopback port."""

    def __init__(self, argv: list[str], env: dict, ready_url: str, log: Path, cpus: set[int] | None = None):
        self.argv, self.env, self.ready_url, self.log, self.cpus = argv, env, ready_url, log, cpus
        self.process: subprocess.Popen | None = None

    def start(self) -> ServerProcess:
        with self.log.open("ab") as log:  # the child keeps its own copy of the file descriptor
            self.process = subprocess.Popen(self.argv, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        pin(self.process.pid, self.cpus)
        deadline = time.time() + 30
        while time.time() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.ready_url, timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"server did not start: {' '.join(self.argv)}\n{self.log.read_text()[-3000:]}")

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu(self) -> float:
        return process_cpu(self.pid)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


class Pool:
    """The load processes and their pipes: a command goes to every worker, the answers come back."""

    def __init__(self, count: int, cpus: set[int] | None = None):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for number in range(count):
            parent, child = context.Pipe()
            process = context.Process(target=load.run, args=(child, number), daemon=True, name=f"bench-load-{number}")
            process.start()
            pin(process.pid, cpus)
            child.close()
            self.pipes.append(parent)
            self.processes.append(process)

    def cpu(self) -> float:
        return sum(process_cpu(p.pid) for p in self.processes)

    @staticmethod
    def _receive(pipe, wait: float):
        if not pipe.poll(wait):
            raise TimeoutError("a load process did not answer in time")
        status, value = pipe.recv()
        if status != "ok":
            raise RuntimeError("a load process failed:\n" + value)
        return value

    async def each(self, command: str, arguments: list[dict], wait: float = 120.0) -> list:
        loop = asyncio.get_running_loop()
        for pipe, args in zip(self.pipes, arguments, strict=True):
            pipe.send((command, args))
        return list(await asyncio.gather(*(loop.run_in_executor(None, self._receive, pipe, wait)
                                           for pipe in self.pipes)))

    async def all(self, command: str, wait: float = 120.0, **arguments) -> list:
        return await self.each(command, [arguments] * len(self.pipes), wait)

    def close(self) -> None:
        for pipe in self.pipes:
            try:
                pipe.send(("quit", {}))
            except OSError:
                pass
        for pipe, process in zip(self.pipes, self.processes, strict=True):
            process.join(15)
            if process.is_alive():
                process.terminate()
                process.join(5)
            pipe.close()
