"""`pactum staff add|list|disable`."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from pactum.accounts import service
from pactum.accounts.models import Role
from pactum.accounts.passwords import generate_password
from pactum.accounts.schemas import StaffOut
from pactum.config import Settings
from pactum.db import transaction
from pactum.terminal import out, print_json, table
from pactum.workspace import open_workspace

app = typer.Typer(help="Staff accounts and their roles.")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


@app.command()
def add(
    email: str,
    role: Annotated[Role, typer.Option(help="What the member may see and do.")],
    name: Annotated[str, typer.Option(help="Display name.")] = "",
    json_: JsonFlag = False,
) -> None:
    """Add a staff member; the generated password is printed once and stored only as a hash."""
    password = generate_password()
    workspace = open_workspace(Settings())
    with transaction(workspace.sessions) as session:
        member = service.add_staff(
            session,
            workspace.clock,
            email=email,
            name=name or email,
            role=role,
            password=password,
            actor=f"cli:{getpass.getuser()}",
        )
        shown = StaffOut.model_validate(member)
    if json_:
        print_json({**shown.model_dump(mode="json"), "password": password})
    else:
        out.print(f"added {shown.email} as {shown.role.value}; password (shown once): {password}")


@app.command("list")
def list_(json_: JsonFlag = False) -> None:
    """List staff members and their roles."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        members = [StaffOut.model_validate(m) for m in service.list_staff(session)]
    if json_:
        print_json(members)
        return
    table(
        "Staff",
        ["email", "name", "role", "status"],
        [
            [m.email, m.name, m.role.value, "disabled" if m.is_disabled else "active"]
            for m in members
        ],
    )


@app.command()
def disable(email: str, json_: JsonFlag = False) -> None:
    """Disable a staff member: they can no longer sign in or use their API keys."""
    workspace = open_workspace(Settings())
    with transaction(workspace.sessions) as session:
        member = StaffOut.model_validate(
            service.disable_staff(
                session, workspace.clock, email=email, actor=f"cli:{getpass.getuser()}"
            )
        )
    if json_:
        print_json(member)
    else:
        out.print(f"disabled {member.email}")
