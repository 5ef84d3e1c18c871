"""Benchmark: the HTTP consent check against a real `pactum serve`, with `/healthz` as the baseline.

    .venv/bin/python bench/consent_http.py [--seconds 10] [--connections 32] [--workers 1 2]

Starts `pactum serve` on a fresh SQLite workspace (10,000 people in the ledger, an API key with
`consent:read`), then drives it with a small asyncio load generator (HTTP/1.1 keep-alive, raw
sockets, so the generator costs little) or with `wrk` when it is installed. `/healthz` (one
`SELECT 1`) is measured in the same run and the check is reported as a ratio to it.
Target (issue 4): >= 3,000 requests/s with p99 < 20 ms on this 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from bench.consent_world import machine, open_bench_workspace, populate
from pactum.accounts.api_keys import create_key
from pactum.accounts.models import Role
from pactum.accounts.service import add_staff
from pactum.db import transaction

_LENGTH = re.compile(rb"content-length:\s*(\d+)", re.IGNORECASE)


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


async def _connection(
    port: int, request: bytes, until: float, latencies: list[float], errors: list[int]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = _LENGTH.search(head)
            await reader.readexactly(int(length.group(1)) if length else 0)
            latencies.append(time.perf_counter() - started)
            if head[9:12] != b"200":
                errors.append(int(head[9:12]))
    finally:
        writer.close()


async def _load(
    port: int, request: bytes, seconds: float, connections: int
) -> tuple[list[float], list[int], float]:
    latencies: list[float] = []
    errors: list[int] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(
        *(_connection(port, request, until, latencies, errors) for _ in range(connections))
    )
    return latencies, errors, time.perf_counter() - started


def measure(
    port: int, path: str, headers: dict[str, str], seconds: float, connections: int
) -> tuple[float, float, float, int]:
    """Requests per second, p50 and p99 in ms, and the number of non-200 answers."""
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", *(f"{k}: {v}" for k, v in headers.items())]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode()
    asyncio.run(_load(port, request, 1.0, connections))  # warm-up
    latencies, errors, elapsed = asyncio.run(_load(port, request, seconds, connections))
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000, len(errors)


def measure_wrk(
    port: int,
    path: str,
    headers: dict[str, str],
    seconds: float,
    connections: int,
    threads: int = 2,
) -> tuple[float, float, float, int]:
    options = [f"-t{threads}", f"-c{connections}"]
    for name, value in headers.items():
        options += ["-H", f"{name}: {value}"]
    url = f"http://127.0.0.1:{port}{path}"
    subprocess.run(["wrk", *options, "-d1s", url], capture_output=True, check=True)  # warm-up
    output = subprocess.run(
        ["wrk", *options, f"-d{int(seconds)}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", output).group(1))  # type: ignore[union-attr]

    def cut(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    return rps, cut("50"), cut("99"), int(errors.group(1)) if errors else 0


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
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("pactum serve did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--generator", choices=["auto", "python", "wrk"], default="auto")
    parser.add_argument(
        "--threads", type=int, default=2, help="wrk threads (they share the cores with the server)"
    )
    args = parser.parse_args()
    use_wrk = args.generator == "wrk" or (args.generator == "auto" and shutil.which("wrk"))
    run = partial(measure_wrk, threads=args.threads) if use_wrk else measure
    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.2f}")
    print(
        f"load generator: {f'wrk -t{args.threads}' if use_wrk else 'asyncio, raw HTTP/1.1 keep-alive'}, "
        f"{args.connections} connections, {args.seconds:g} s per figure"
    )
    with tempfile.TemporaryDirectory(prefix="pactum-bench-") as name:
        folder = Path(name) / "ws"
        token = prepare(folder)
        check = "/api/v1/consent/check?email=subscriber1%40example.com&purpose=marketing_email"
        auth = {"Authorization": f"Bearer {token}"}
        for workers in args.workers:
            port = free_port()
            server = serve(folder, port, workers)
            try:
                base = run(port, "/healthz", {}, args.seconds, args.connections)
                mine = run(port, check, auth, args.seconds, args.connections)
            finally:
                server.terminate()
                server.wait(timeout=30)
            for label, (rps, p50, p99, bad) in (("/healthz", base), ("consent check", mine)):
                print(
                    f"serve --workers {workers}  {label:<14} {rps:>8,.0f} req/s  p50 {p50:6.2f} ms  "
                    f"p99 {p99:6.2f} ms  non-200: {bad}"
                )
            print(f"serve --workers {workers}  load average after: {os.getloadavg()[0]:.2f}")
            print(
                f"serve --workers {workers}  check / healthz: {mine[0] / base[0]:.2f} of the throughput"
            )
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
