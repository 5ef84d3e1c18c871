"""The `pactum` command: each feature's commands, plus serve and worker, and one error mapping."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from pactum.accounts import cli as accounts_cli
from pactum.audit import cli as audit_cli
from pactum.config import Settings
from pactum.consent import cli as consent_cli
from pactum.demo import cli as demo_cli
from pactum.detection import cli as detection_cli
from pactum.discovery import cli as discovery_cli
from pactum.errors import PactumError
from pactum.inventory import cli as inventory_cli
from pactum.policy import cli as policy_cli
from pactum.privacy_requests import cli as privacy_requests_cli
from pactum.terminal import err, report_error


class PactumGroup(TyperGroup):
    """Maps every PactumError to its message on stderr (or JSON) and its exit code, in one place."""

    wants_json = False

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        self.wants_json = "--json" in args
        return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except PactumError as error:
            report_error(error, as_json=self.wants_json)
            raise typer.Exit(error.exit_code) from error


app = typer.Typer(
    cls=PactumGroup,
    name="pactum",
    help="Pactum runs a company's privacy policy as software.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.command()(demo_cli.demo)
app.add_typer(policy_cli.app, name="policy")
app.add_typer(inventory_cli.app, name="inventory")
app.add_typer(audit_cli.app, name="audit")
app.add_typer(accounts_cli.app, name="staff")
app.add_typer(privacy_requests_cli.app, name="request")
app.add_typer(consent_cli.app, name="consent")
app.add_typer(detection_cli.app, name="scan")
# Discovery's commands join the groups a user looks in: `pactum inventory discover`, `pactum scan db`.
inventory_cli.app.command("discover")(discovery_cli.discover)
detection_cli.app.command("db")(discovery_cli.scan_db)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Web worker processes.")] = 1,
) -> None:
    """Start the web app: the API, the privacy center and the console."""
    # Imported here, not at the top: every other command starts faster without the web stack.
    from pactum.serving import serve_app

    serve_app(Settings(), host=host, port=port, workers=workers)


@app.command()
def worker(
    workers: Annotated[int, typer.Option(help="Jobs run side by side.")] = 2,
) -> None:
    """Consume the task queue: request execution, sweeps, webhooks, mail, periodic checks."""
    from pactum.logs import configure_logging
    from pactum.tasks import build_queue

    configure_logging()
    queue = build_queue(Settings())
    # An idle consumer of the SQLite queue polls it, sleeping longer each time it finds
    # nothing; capped at a second, new work waits at most that long (Redis blocks instead).
    consumer = queue.huey.create_consumer(workers=workers, worker_type="thread", max_delay=1.0)
    err.print(f"Pactum worker: {workers} worker thread(s) on {type(queue.huey).__name__}")
    consumer.run()


def main() -> None:
    app()
