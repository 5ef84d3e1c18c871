"""`pactum staff add|list|disable|totp-reset` and `pactum staff key create|list|revoke`."""

from __future__ import annotations

import getpass
from typing import Annotated, Any

import typer

from pactum.accounts import api_keys, service, totp
from pactum.accounts.models import Role
from pactum.accounts.passwords import generate_password
from pactum.accounts.schemas import StaffOut
from pactum.accounts.sessions import end_all_sessions
from pactum.config import Settings
from pactum.db import transaction
from pactum.errors import NotFound
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


key_app = typer.Typer(help="API keys: shown once, stored hashed, used as `Authorization: Bearer`.")
app.add_typer(key_app, name="key")


@key_app.command("create")
def key_create(
    email: str,
    scope: Annotated[
        list[str], typer.Option("--scope", help="Repeat for each scope, e.g. requests:read.")
    ],
    name: Annotated[str, typer.Option(help="What the key is for.")] = "",
    json_: JsonFlag = False,
) -> None:
    """Create an API key for a staff member; the key is printed once and stored only as a hash."""
    workspace = open_workspace(Settings())
    with transaction(workspace.sessions) as session:
        key, token = api_keys.create_key(
            session,
            workspace.clock,
            email=email,
            name=name or "api key",
            scopes=scope,
            actor=f"cli:{getpass.getuser()}",
        )
        shown = {"prefix": key.prefix, "scopes": key.scopes, "name": key.name}
    if json_:
        print_json({**shown, "key": token})
    else:
        out.print(f"created {shown['prefix']} ({', '.join(shown['scopes'])}); key (shown once):")
        out.print(token)


@key_app.command("list")
def key_list(json_: JsonFlag = False) -> None:
    """List API keys (prefixes only, never the secret)."""
    workspace = open_workspace(Settings())
    with workspace.reader()() as session:
        rows: list[dict[str, Any]] = [
            {
                "prefix": k.prefix,
                "email": m.email,
                "name": k.name,
                "scopes": k.scopes,
                "created_at": k.created_at,
                "last_used_at": k.last_used_at,
                "revoked": k.revoked_at is not None,
            }
            for k, m in api_keys.list_keys(session)
        ]
    if json_:
        print_json(rows)
        return
    table(
        "API keys",
        ["prefix", "staff", "name", "scopes", "last used", "status"],
        [
            [
                r["prefix"],
                r["email"],
                r["name"],
                ", ".join(r["scopes"]),
                r["last_used_at"] or "",
                "revoked" if r["revoked"] else "active",
            ]
            for r in rows
        ],
    )


@key_app.command("revoke")
def key_revoke(prefix: str, json_: JsonFlag = False) -> None:
    """Revoke an API key by its prefix; it stops working at once."""
    workspace = open_workspace(Settings())
    with transaction(workspace.sessions) as session:
        key = api_keys.revoke_key(
            session, workspace.clock, prefix=prefix, actor=f"cli:{getpass.getuser()}"
        )
        shown = {"prefix": key.prefix, "revoked": True}
    if json_:
        print_json(shown)
    else:
        out.print(f"revoked {shown['prefix']}")


@app.command("totp-reset")
def totp_reset(email: str, json_: JsonFlag = False) -> None:
    """Turn a member's second factor off (a lost phone); they can set it up again when signed in."""
    workspace = open_workspace(Settings())
    with transaction(workspace.sessions) as session:
        member = service.find_staff(session, email)
        if member is None:
            raise NotFound(f"no staff member with e-mail {email}", fix="see `pactum staff list`")
        totp.disable(session, workspace.clock, member, actor=f"cli:{getpass.getuser()}")
        end_all_sessions(session, member.id)
        shown = {"email": member.email, "second_factor": False}
    if json_:
        print_json(shown)
    else:
        out.print(f"second factor turned off for {shown['email']}; their sessions were ended")
