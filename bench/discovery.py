"""How fast and how well discovery reads the demo company: seconds, recall, precision, categories.

    .venv/bin/python bench/discovery.py --scale 10000
    .venv/bin/python bench/discovery.py --scale 1000000 --runs 3

The demo database is built once per (scale, seed) under --cache and reused (a marker file says
the build finished). The first discovery in the process is "cold": it loads the detector's name
lists and phone metadata, as a `pactum inventory discover` command does; the next runs are warm.
With --cold-cache the database file is evicted from the OS page cache before every run, so each
run reads its sample from the disk.

Recall and precision compare the columns discovery calls personal with the demo inventory's
annotated columns (`annotated_personal_columns()`: a category or an identity); category agreement
is the share of found annotated columns whose category (named as the demo policy names it)
equals the annotation's.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from importlib import resources
from pathlib import Path

from pactum.demo.annotations import annotated_personal_columns, demo_inventory_text
from pactum.demo.generate import build_demo_database
from pactum.discovery.schemas import DiscoveryReport
from pactum.discovery.service import DEFAULT_SAMPLE, discover
from pactum.inventory.document import Inventory
from pactum.inventory.loading import parse_inventory
from pactum.policy.loading import parse_policy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10_000, help="ERP contacts (default 10000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sample", type=int, default=DEFAULT_SAMPLE, help="rows per table")
    parser.add_argument("--runs", type=int, default=3, help="warm runs after the cold one")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "pactum-bench")
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    parser.add_argument(
        "--cold-cache",
        action="store_true",
        help="evict the database file from the OS page cache before each run (posix_fadvise)",
    )
    args = parser.parse_args()
    path = demo_database(args.cache, args.scale, args.seed)
    run(path, args)


def demo_database(cache: Path, scale: int, seed: int) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"northwind-s{scale}-seed{seed}.db"
    marker = path.with_name(path.name + ".built")
    if not marker.exists():
        print(f"building the demo database at scale {scale:,} (once) ...", flush=True)
        stats = build_demo_database(f"sqlite:///{path}", scale=scale, seed=seed)
        marker.write_text(str(stats.total_rows))
        print(f"  {stats.total_rows:,} rows in {stats.elapsed_seconds:.0f} s")
    return path


def run(path: Path, args: argparse.Namespace) -> None:
    url = f"sqlite:///{path}"
    policy = parse_policy(resources.files("pactum.demo").joinpath("policy.yaml").read_text())
    current = parse_inventory(demo_inventory_text(url), "demo inventory", policy)
    rows = path.with_name(path.name + ".built").read_text()
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
          f"{platform.python_implementation()} {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.2f}")  # fmt: skip
    print(f"demo database: scale {args.scale:,}, {int(rows):,} rows, "
          f"{path.stat().st_size / 2**20:,.0f} MiB; sample {args.sample} rows per table")  # fmt: skip
    walls, cpus = [], []
    for attempt in range(1 + args.runs):
        if args.cold_cache:
            evict(path)
        wall, cpu = time.perf_counter(), time.process_time()
        found = discover(url, policy=policy, current=current, sample=args.sample)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        if attempt == 0:
            report = found.report
    print(f"cold run: {walls[0]:.2f} s wall, {cpus[0]:.2f} s CPU")
    if args.runs:
        print(f"warm runs: median {statistics.median(walls[1:]):.2f} s wall, "
              f"{statistics.median(cpus[1:]):.2f} s CPU (of {args.runs})")  # fmt: skip
    score(report, current, verbose=args.verbose)


def evict(path: Path) -> None:
    """Drop this one file's pages from the page cache, so the run reads from the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
        os.posix_fadvise(descriptor, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(descriptor)


def score(report: DiscoveryReport, current: Inventory, *, verbose: bool) -> None:
    annotated = annotated_personal_columns()
    found = {(c.table, c.column) for c in report.personal_columns}
    hits = found & annotated
    recall, precision = len(hits) / len(annotated), len(hits) / len(found)
    categories = {
        (d.name, f.name): f.category
        for s in current.systems
        for d in s.datasets
        for f in d.fields
        if f.category
    }
    with_category = [k for k in hits if k in categories]
    agreeing = [k for k in with_category if _category(report, *k) == categories[k]]
    print(f"columns: {len(report.columns)}, annotated personal {len(annotated)}, "
          f"found personal {len(found)}, of them annotated {len(hits)}")  # fmt: skip
    print(f"recall {recall:.3f}  precision {precision:.3f}  "
          f"category agreement {len(agreeing) / len(with_category):.3f} "
          f"({len(agreeing)} of {len(with_category)})")  # fmt: skip
    special = [f"{c.table}.{c.column}: {', '.join(c.special)}" for c in report.columns if c.special]
    print(f"special categories flagged: {'; '.join(special) or 'none'}")
    print(f"diff against the demo inventory: {len(report.diff)} entries")
    if verbose:
        print("missed:", sorted(annotated - found))
        print("not annotated:", sorted(found - annotated))
        for key in sorted(set(with_category) - set(agreeing)):
            print(f"category {key}: annotated {categories[key]}, found {_category(report, *key)}")


def _category(report: DiscoveryReport, table: str, column: str) -> str | None:
    found = report.column(table, column)
    return found.category if found else None


if __name__ == "__main__":
    main()
