"""Benchmark: the HTTP consent check against a real `pactum serve`, with `/healthz` as the baseline.

    .venv/bin/python bench/consent_http.py [--rate 3000] [--seconds 10] [--workers 2] [--runs 1]

Starts `pactum serve` on a fresh SQLite workspace (10,000 people in the ledger, an API key with
`consent:read`) and measures, for `/healthz` (one `SELECT 1`) and then the check, in the same run:

1. Latency at a given rate (issue 4's bar: p99 < 20 ms at 3,000 requests/s). An open-loop
   generator sends requests at a constant rate, whether or not earlier ones were answered, and
   times each one from the moment it was due to be sent: a stalled server shows as the wait of
   every request that arrived during the stall (no coordinated omission). It is a few lines of
   asyncio on uvloop over raw keep-alive sockets, in this process, and prints the share of a
   core it took: about 15 % at 3,000/s, against about 50 % for k6 (docs/decisions/0081).
   Requests leave on a 1 ms tick, so latencies include up to 1 ms of the generator's own delay.
2. Throughput at saturation, with `wrk` (closed loop: each connection sends its next request when
   the last is answered), at the connection counts given (`--wrk-connections 32 4`). `wrk` comes
   from Debian (`apt-get install wrk`); without it this part is skipped and says so.

The machine is shared: the load average is printed with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx
import uvloop

from bench.consent_world import machine, open_bench_workspace, populate
from pactum.accounts.api_keys import create_key
from pactum.accounts.models import Role
from pactum.accounts.service import add_staff
from pactum.db import transaction

CHECK = "/api/v1/consent/check?email=subscriber1%40example.com&purpose=marketing_email"
_TICK = 0.001  # the generator's send granularity: uvloop's timers count milliseconds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(folder: Path) -> str:
    """The workspace, 10,000 people, and an API key; returns the key."""
    workspace = open_bench_workspace(folder)
    populate(workspace, 10_000)
    with transaction(workspace.sessions) as session:
        add_staff(
            session,
            workspace.clock,
            email="bench@example.test",
            name="Bench",
            role=Role.PRIVACY_OFFICER,
            password="a long bench password",
            actor="bench",
        )
        _, token = create_key(
            session,
            workspace.clock,
            email="bench@example.test",
            name="bench",
            scopes=["consent:read"],
            actor="bench",
        )
    workspace.engine.dispose()
    return token


def http_request(path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


@dataclass
class AtRate:
    """What the open-loop generator saw: latencies in ms, counted from when each was due."""

    rate: float
    p50: float
    p90: float
    p99: float
    p999: float
    worst: float
    not_ok: int
    lag: float  # ms, p99 of the wait from due to sent (the generator's tick, or no idle connection)
    generator_cpu: float  # share of one core
    server_cpu: float  # µs of CPU per request, all server processes together
    server_cores: float  # the cores the server had: its CPU time over the elapsed time


class _Connection(asyncio.Protocol):
    """One keep-alive connection: one request at a time, answered with a Content-Length."""

    def __init__(self, load: _OpenLoop) -> None:
        self.load = load
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.due = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's does not subclass it
        self.load.idle.append(self)

    def send(self, due: float) -> None:
        assert self.transport is not None
        self.due = due
        self.load.lags.append(time.perf_counter() - due)
        self.transport.write(self.load.request)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = self.buffer[:end].lower()
        start = head.find(b"content-length:")
        length = int(head[start + 15 :].split(b"\r\n", 1)[0]) if start >= 0 else 0
        if len(self.buffer) < end + 4 + length:
            return
        self.buffer = self.buffer[end + 4 + length :]
        self.load.answered(self, ok=head[9:12] == b"200")


class _OpenLoop:
    """Requests due at a constant rate, each sent on the first idle connection when it is due."""

    def __init__(self, request: bytes, rate: float, seconds: float) -> None:
        self.request = request
        self.interval = 1.0 / rate
        self.total = int(rate * seconds)
        self.idle: deque[_Connection] = deque()
        self.waiting: deque[float] = deque()  # due times with no idle connection yet
        self.latencies: list[float] = []
        self.lags: list[float] = []  # from due to sent: the generator's own delay, and queueing
        self.not_ok = 0
        self.outstanding = 0
        self.finished = asyncio.Event()

    def answered(self, connection: _Connection, *, ok: bool) -> None:
        self.latencies.append(time.perf_counter() - connection.due)
        self.not_ok += not ok
        self.outstanding -= 1
        if self.waiting:
            connection.send(self.waiting.popleft())
        else:
            self.idle.append(connection)
        if self.outstanding == 0 and len(self.latencies) == self.total:
            self.finished.set()

    async def run(self, port: int, connections: int) -> float:
        loop = asyncio.get_running_loop()
        for _ in range(connections):
            await loop.create_connection(lambda: _Connection(self), "127.0.0.1", port)
        started = time.perf_counter()
        sent = 0
        while sent < self.total:
            due_now = min(self.total, int((time.perf_counter() - started) / self.interval) + 1)
            for number in range(sent, due_now):
                due = started + number * self.interval
                if self.idle:
                    self.idle.popleft().send(due)
                else:
                    self.waiting.append(due)
            self.outstanding += due_now - sent
            sent = due_now
            next_due = started + sent * self.interval
            await asyncio.sleep(max(_TICK, next_due - time.perf_counter()))
        await asyncio.wait_for(self.finished.wait(), timeout=60)
        return time.perf_counter() - started


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def server_cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children so far (Linux: /proc)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        for child in (task / "children").read_text().split():
            total += round(server_cpu_seconds(int(child)) * os.sysconf("SC_CLK_TCK"))
    return total / os.sysconf("SC_CLK_TCK")


def at_rate(
    server: int, port: int, request: bytes, rate: float, seconds: float, connections: int
) -> AtRate:
    """Latency at `rate` requests per second, after a 2-second warm-up at the same rate."""
    uvloop.run(_OpenLoop(request, rate, 2.0).run(port, connections))
    load = _OpenLoop(request, rate, seconds)
    cpu, served = _cpu_seconds(), server_cpu_seconds(server)
    elapsed = uvloop.run(load.run(port, connections))
    cpu, served = _cpu_seconds() - cpu, server_cpu_seconds(server) - served
    ordered = sorted(load.latencies)

    def cut(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    return AtRate(
        rate=len(ordered) / elapsed,
        p50=cut(0.50),
        p90=cut(0.90),
        p99=cut(0.99),
        p999=cut(0.999),
        worst=ordered[-1] * 1000,
        not_ok=load.not_ok,
        lag=sorted(load.lags)[int(0.99 * len(load.lags))] * 1000,
        generator_cpu=cpu / elapsed,
        server_cpu=served / len(ordered) * 1e6,
        server_cores=served / elapsed,
    )


@dataclass
class Saturated:
    rate: float
    p50: float
    p99: float
    not_ok: int


def saturated(
    wrk: str, port: int, path: str, headers: dict[str, str], seconds: float, connections: int
) -> Saturated:
    """Most requests per second, with `wrk` (closed loop; its p99 is mostly queueing)."""
    threads = min(2, connections)
    options = [f"-t{threads}", f"-c{connections}"]
    for name, value in headers.items():
        options += ["-H", f"{name}: {value}"]
    url = f"http://127.0.0.1:{port}{path}"
    subprocess.run([wrk, *options, "-d2s", url], capture_output=True, check=True)  # warm-up
    output = subprocess.run(
        [wrk, *options, f"-d{round(seconds)}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def number(pattern: str) -> str:
        found = re.search(pattern, output)
        if found is None:
            raise SystemExit(f"unexpected wrk output:\n{output}")
        return found.group(1)

    def cut(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    return Saturated(
        float(number(r"Requests/sec:\s*([\d.]+)")),
        cut("50"),
        cut("99"),
        int(errors.group(1)) if errors else 0,
    )


def serve(folder: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PACTUM_HOME": str(folder)}
    env.pop("PACTUM_DATABASE_URL", None)
    env.pop("PACTUM_REDIS_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "pactum", "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                time.sleep(2)  # every worker up, not only the first to answer
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("pactum serve did not start")


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def report_at_rate(
    args: argparse.Namespace, server: int, port: int, token: str, prefix: str
) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    figures = {}
    for label, path, headers in (("/healthz", "/healthz", {}), ("check", CHECK, auth)):
        before = load()
        figure = at_rate(
            server, port, http_request(path, headers), args.rate, args.seconds, args.connections
        )
        figures[label] = figure
        print(
            f"{prefix} at {args.rate:,.0f}/s {label:<8} {figure.rate:>6,.0f} req/s  "
            f"p50 {figure.p50:6.2f}  p90 {figure.p90:6.2f}  p99 {figure.p99:7.2f}  "
            f"p99.9 {figure.p999:7.2f}  max {figure.worst:7.2f} ms  non-200: {figure.not_ok}  "
            f"sent late by {figure.lag:.2f} ms at p99, server CPU {figure.server_cpu:.0f} µs/request "
            f"({figure.server_cores:.2f} cores), "
            f"generator {figure.generator_cpu:.0%} "
            f"of a core  ({before}; after: {load()})"
        )
    ratio = figures["check"].p99 / figures["/healthz"].p99
    check = figures["check"]
    kept_up = check.rate >= 0.99 * args.rate and check.not_ok == 0
    met = args.rate >= 3000 and kept_up and check.p99 < 20
    print(
        f"{prefix} at {args.rate:,.0f}/s check p99 / healthz p99: {ratio:.2f}; "
        f"bar (p99 < 20 ms at 3,000/s): {'met' if met else 'NOT met'}"
    )


def report_saturated(args: argparse.Namespace, port: int, token: str, prefix: str) -> None:
    wrk = shutil.which("wrk")
    if wrk is None:
        print(f"{prefix} saturation skipped: wrk not found (apt-get install wrk)")
        return
    auth = {"Authorization": f"Bearer {token}"}
    for connections in args.wrk_connections:
        before = load()
        base = saturated(wrk, port, "/healthz", {}, args.seconds, connections)
        mine = saturated(wrk, port, CHECK, auth, args.seconds, connections)
        for label, figure in (("/healthz", base), ("check", mine)):
            print(
                f"{prefix} wrk -c{connections:<3} {label:<8} {figure.rate:>6,.0f} req/s  "
                f"p50 {figure.p50:6.2f}  p99 {figure.p99:7.2f} ms  non-200: {figure.not_ok}"
            )
        print(
            f"{prefix} wrk -c{connections:<3} check / healthz: {mine.rate / base.rate:.2f} "
            f"of the throughput  ({before}; after: {load()})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rate", type=float, default=3000, help="requests/s of the open loop")
    parser.add_argument("--seconds", type=float, default=10, help="per figure")
    parser.add_argument("--connections", type=int, default=32, help="the open loop's pool")
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    parser.add_argument("--runs", type=int, default=1, help="each figure this many times")
    parser.add_argument(
        "--wrk-connections", type=int, nargs="*", default=[32, 4], help="none: no saturation"
    )
    args = parser.parse_args()
    print(f"machine: {machine()}; nproc {os.cpu_count()}; {load()}")
    print(
        f"open loop: {args.rate:,.0f} requests/s over {args.connections} keep-alive connections, "
        f"{args.seconds:g} s per figure, latency from each request's due time"
    )
    with tempfile.TemporaryDirectory(prefix="pactum-bench-") as name:
        folder = Path(name) / "ws"
        token = prepare(folder)
        for workers in args.workers:
            port = free_port()
            server = serve(folder, port, workers)
            try:
                for run in range(1, args.runs + 1):
                    prefix = f"--workers {workers} run {run}"
                    report_at_rate(args, server.pid, port, token, prefix)
                    report_saturated(args, port, token, prefix)
            finally:
                server.terminate()
                server.wait(timeout=30)
    print(f"at the end: {load()}")


if __name__ == "__main__":
    main()
