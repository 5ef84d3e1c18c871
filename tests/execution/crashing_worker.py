"""A worker that runs a stored erasure plan and is killed (SIGKILL) in the middle of a write.

    python -m tests.execution.crashing_worker INVENTORY.json PLAN.json WRITES

It dies right after its WRITES-th UPDATE or DELETE statement, before that transaction commits:
what a `kill -9` of a real worker does at the worst moment.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from pactum.connectors.systems import connectors_for
from pactum.execution.steps import Step, run_step
from pactum.inventory.document import Inventory

KEY = b"k" * 32


def main(inventory_file: str, plan_file: str, writes: str) -> None:
    inventory = Inventory.model_validate_json(Path(inventory_file).read_text())
    steps = [Step.from_json(item) for item in json.loads(Path(plan_file).read_text())]
    budget = {"left": int(writes)}

    @event.listens_for(Engine, "after_cursor_execute")
    def _die_mid_transaction(*args: Any) -> None:
        statement = str(args[2]).lstrip().upper()
        if statement.startswith(("UPDATE", "DELETE")):
            budget["left"] -= 1
            if budget["left"] == 0:
                os.kill(os.getpid(), signal.SIGKILL)

    with connectors_for(inventory) as connectors:
        for step in steps:
            run_step(step, connectors, key=KEY)


if __name__ == "__main__":
    main(*sys.argv[1:])
