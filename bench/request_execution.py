"""Benchmark: executing privacy requests on the demo company (access and deletion), SQLite and PostgreSQL.

    .venv/bin/python bench/request_execution.py [--scale 100000] [--requests 200]
        [--database PATH [--reuse]] [--postgres URL | --start-postgres] [--no-sqlite]

Target (issue 3): one access (locate + export) and one deletion (locate + plan + every step) for
a person with a typical footprint in under 250 ms (p50) on the demo company at --scale 1000000.
Prints p50/p95 per request, requests per second with one worker, rows read and written per
request, and the plan of every look-up the engine can make (indexed, never a table scan).
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.schema import CreateIndex, CreateTable

from pactum.connectors.sql import SqlConnector
from pactum.connectors.systems import ConnectorSet, connectors_for
from pactum.demo.annotations import demo_inventory_text
from pactum.demo.generate import build_demo_database
from pactum.demo.schema import metadata
from pactum.execution.access import export_access
from pactum.execution.graph import Graph
from pactum.execution.plan import plan_erasure
from pactum.execution.steps import run_step
from pactum.execution.walk import locate
from pactum.identities import normalize
from pactum.inventory.document import Inventory
from pactum.inventory.loading import parse_inventory

KEY = b"bench-key-of-32-bytes-for-hashes"


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # this process only (not a database server)
    read: list[int] = field(default_factory=list)
    written: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)
    lookups: list[int] = field(default_factory=list)

    def report(self, label: str) -> None:
        ms = sorted(s * 1000 for s in self.seconds)
        p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
        rate = len(ms) / sum(self.seconds)
        cpu = statistics.median(self.cpu) * 1000
        print(
            f"  {label:<9} n={len(ms):<4} p50 {statistics.median(ms):6.1f} ms  p95 {p95:6.1f} ms  "
            f"(cpu p50 {cpu:5.1f} ms)  {rate:5.1f} requests/s  rows held "
            f"{statistics.median(self.held):3.0f}  read {statistics.median(self.read):4.0f}  written "
            f"{statistics.median(self.written):3.0f}  look-ups {statistics.median(self.lookups):3.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="ERP contacts (default 100000)")
    parser.add_argument("--requests", type=int, default=200, help="of each kind (default 200)")
    parser.add_argument("--database", type=Path, help="the demo SQLite file (default: temp)")
    parser.add_argument("--reuse", action="store_true", help="use --database as it is")
    parser.add_argument("--postgres", help="a PostgreSQL server URL to copy the demo into")
    parser.add_argument("--start-postgres", action="store_true", help="start a throwaway one")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="pactum-exec-bench-") as folder:
        path = args.database or Path(folder) / "northwind.db"
        if not (args.reuse and path.exists()):
            started = time.perf_counter()
            stats = build_demo_database(f"sqlite:///{path}", scale=args.scale, seed=7)
            print(
                f"demo --scale {args.scale}: {stats.total_rows:,} rows in {time.perf_counter() - started:.0f} s"
            )
        sqlite_url = f"sqlite:///{path}"
        with postgres(args) as server:
            # Copied before any deletion, so both databases start from the same rows.
            postgres_url = copy_to_postgres(sqlite_url, server) if server else None
            if not args.no_sqlite:
                bench("SQLite", sqlite_url, args.requests, Path(folder))
            if postgres_url:
                bench("PostgreSQL", postgres_url, args.requests, Path(folder))


def bench(label: str, url: str, requests: int, folder: Path) -> None:
    inventory = parse_inventory(demo_inventory_text(url), "demo inventory", None)
    emails = sample_emails(url, 2 * requests + 1)
    print(f"\n{label} (medians per request; one worker, requests one after another)")
    with connectors_for(inventory) as connectors:
        locate(inventory, [normalize("email", emails.pop())], connectors)  # reflect the tables
        show_lookups(inventory, connectors)
        access, deletion = Runs(), Runs()
        for n, email in enumerate(emails[:requests]):
            run_access(inventory, connectors, email, folder / f"access-{n}", access)
        for email in emails[requests:]:
            run_deletion(inventory, connectors, email, deletion)
    access.report("access")
    deletion.report("deletion")


def run_access(
    inventory: Inventory, connectors: ConnectorSet, email: str, out: Path, runs: Runs
) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    footprint = locate(inventory, [normalize("email", email)], connectors)
    package = export_access(inventory, footprint, connectors, out, title="Your data")
    runs.seconds.append(time.perf_counter() - started)
    runs.cpu.append(time.process_time() - cpu)
    runs.read.append(footprint.rows_read + package.rows)
    runs.written.append(0)
    runs.held.append(footprint.rows)
    runs.lookups.append(footprint.lookups)


def run_deletion(inventory: Inventory, connectors: ConnectorSet, email: str, runs: Runs) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    footprint = locate(inventory, [normalize("email", email)], connectors)
    plan = plan_erasure(inventory, footprint)
    outcomes = [run_step(step, connectors, key=KEY) for step in plan.steps]
    runs.seconds.append(time.perf_counter() - started)
    runs.cpu.append(time.process_time() - cpu)
    runs.read.append(footprint.rows_read + sum(o.rows_read for o in outcomes))
    runs.written.append(sum(o.rows_written for o in outcomes))
    runs.held.append(footprint.rows)
    runs.lookups.append(footprint.lookups)


def sample_emails(url: str, count: int) -> list[str]:
    """Contacts drawn at random: their e-mails as stored (mixed case, stray spaces and all)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        ids = connection.execute(text("SELECT id FROM erp_contacts ORDER BY id")).scalars().all()
        chosen = random.Random(3).sample(list(ids), min(count, len(ids)))
        listed = ",".join(map(str, chosen))
        rows = connection.execute(text(f"SELECT email FROM erp_contacts WHERE id IN ({listed})"))
        emails = [r[0] for r in rows]
    engine.dispose()
    return emails


def show_lookups(inventory: Inventory, connectors: ConnectorSet) -> None:
    """Every column set the walk can look up, and how the database answers it."""
    graph = Graph(inventory)
    lookups = {
        (node_id, (name,))
        for node_id, node in graph.nodes.items()
        for name, _ in node.identity_fields()
    }
    for edge in graph.edges:
        lookups |= {(edge.child, edge.fields), (edge.parent, edge.parent_fields)}
    scans = []
    for (system, dataset), fields in sorted(lookups):
        connector = connectors[system]
        assert isinstance(connector, SqlConnector)
        values = [tuple("1" for _ in fields), tuple("2" for _ in fields)]
        plan = " / ".join(connector.query_plan(dataset, fields, values))
        if "SCAN " + dataset in plan or "Seq Scan" in plan:
            scans.append((dataset, fields, plan))
    print(
        f"  look-ups: {len(lookups)} column sets, {len(lookups) - len(scans)} answered from an index"
    )
    for dataset, fields, plan in scans:
        rows = count_rows(inventory, dataset)
        verdict = "small table, the planner's choice" if rows < 10_000 else "TABLE SCAN"
        print(f"    {dataset}({', '.join(fields)}), {rows:,} rows: {verdict}: {plan[:90]}")


def count_rows(inventory: Inventory, dataset: str) -> int:
    url = next(s.url for s in inventory.systems if s.dataset(dataset))
    assert url is not None
    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text(f"SELECT count(*) FROM {dataset}")).scalar_one()
    engine.dispose()
    return int(count)


@contextmanager
def postgres(args: argparse.Namespace) -> Iterator[str | None]:
    if args.postgres:
        yield args.postgres
    elif args.start_postgres:
        from tests.services import postgres_server

        with (
            tempfile.TemporaryDirectory(prefix="pactum-pg-") as folder,
            postgres_server(Path(folder)) as url,
        ):
            yield url
    else:
        yield None


def copy_to_postgres(sqlite_url: str, server: str) -> str:
    """The same demo rows in a fresh PostgreSQL database (COPY, then indexes, then ANALYZE)."""
    name = f"pactum_bench_{int(time.time())}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    started = time.perf_counter()
    source, target = create_engine(sqlite_url), create_engine(url)
    with source.connect() as out, target.connect() as into:
        for table in metadata.sorted_tables:
            into.execute(CreateTable(table, include_foreign_key_constraints=[]))
        into.commit()
        for table in metadata.sorted_tables:
            columns = [c.name for c in table.columns]
            raw = into.connection.driver_connection
            assert raw is not None
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in out.execute(select(table)).yield_per(20_000):
                    copy.write_row(tuple(row))
            into.commit()
        for table in metadata.sorted_tables:
            for index in table.indexes:
                into.execute(CreateIndex(index))
            for constraint in table.foreign_key_constraints:
                into.execute(text(_foreign_key(table.name, constraint)))
        into.commit()
        into.execute(text("ANALYZE"))
        into.commit()
    source.dispose()
    target.dispose()
    print(f"\ncopied the demo into PostgreSQL in {time.perf_counter() - started:.0f} s")
    return url


def _foreign_key(table: str, constraint: object) -> str:
    columns = [c.name for c in constraint.columns]  # type: ignore[attr-defined]
    target = constraint.elements[0].column.table.name  # type: ignore[attr-defined]
    remote = [e.column.name for e in constraint.elements]  # type: ignore[attr-defined]
    return (
        f"ALTER TABLE {table} ADD FOREIGN KEY ({', '.join(columns)}) "
        f"REFERENCES {target} ({', '.join(remote)})"
    )


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    uname = subprocess.run(
        ["uname", "-srm"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = Path("/proc/loadavg").read_text().split()[:3]
    return f"{uname}; {cpu}; Python {platform.python_version()}; load {' '.join(load)}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


if __name__ == "__main__":
    main()
