"""How fast the demo company's database is generated: rows/s per table and total seconds.

    .venv/bin/python bench/demo_generation.py --scale 10000
    .venv/bin/python bench/demo_generation.py --scale 100000

Every batch flush writes rows of several tables; the time since the previous flush is shared
among them by row count, which gives each table's rate (generation and insert together).
Index creation at the end is reported on its own line.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from pactum.demo.generate import BATCH_ROWS, build_demo_database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000, help="ERP contacts (default 10000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--path", type=Path, help="where to write the database (default: a temp dir)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pactum-demo-bench-") as folder:
        path = args.path or Path(folder) / "northwind.db"
        run(path, args.scale, args.seed)


def run(path: Path, scale: int, seed: int) -> None:
    seconds: dict[str, float] = {}
    last_done: dict[str, int] = {}
    flush: list[tuple[str, int]] = []  # (table, rows) written in the current flush
    state = {"in_flush": 0, "flush_started": 0.0, "last": 0.0}

    def progress(table: str, done: int, total: int) -> None:
        now = time.perf_counter()
        rows = done - last_done.get(table, 0)
        last_done[table] = done
        if rows == 0:
            return
        flush.append((table, rows))
        state["in_flush"] += rows
        if state["in_flush"] >= BATCH_ROWS:
            spent = now - state["last"]
            for name, count in flush:
                seconds[name] = seconds.get(name, 0.0) + spent * count / state["in_flush"]
            flush.clear()
            state["in_flush"], state["last"] = 0, now

    started, cpu_started = time.perf_counter(), time.process_time()
    state["last"] = started
    stats = build_demo_database(f"sqlite:///{path}", scale=scale, seed=seed, progress=progress)
    loaded = state["last"]
    if flush:  # the final, partial flush ends before the indexes are built
        spent = max(loaded - state["last"], 1e-9)
        for name, count in flush:
            seconds[name] = seconds.get(name, 0.0) + spent * count / state["in_flush"]

    print(f"demo database, scale {scale:,} (seed {seed})")
    print(f"{'table':<26}{'rows':>12}{'rows/s':>12}")
    for table, count in sorted(stats.row_counts.items(), key=lambda item: -item[1]):
        rate = count / seconds[table] if seconds.get(table) else float("nan")
        print(f"{table:<26}{count:>12,}{rate:>12,.0f}")
    total = stats.elapsed_seconds
    print(f"{'all tables':<26}{stats.total_rows:>12,}{stats.total_rows / total:>12,.0f}")
    print(f"total seconds: {total:.2f} (indexes and set-up: {total - (loaded - started):.2f})")
    # On a busy machine wall time overstates the cost; CPU time is what the build needs.
    print(f"CPU seconds: {time.process_time() - cpu_started:.2f}")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    print(f"database size: {path.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
