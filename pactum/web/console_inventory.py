"""The console's inventory: a picture of systems, tables and references, and the same as tables."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from pactum.accounts.models import Permission
from pactum.errors import NotFound
from pactum.http import ReadSession
from pactum.inventory.service import find_current_inventory
from pactum.policy.document import Policy
from pactum.policy.service import current_policy
from pactum.web.console_access import Viewer, require
from pactum.web.inventory_map import NODE_HEIGHT, layout
from pactum.web.rendering import render

router = APIRouter(prefix="/console", include_in_schema=False)
MayReadInventory = Annotated[Viewer, Depends(require(Permission.INVENTORY))]


@router.get("/inventory", response_class=HTMLResponse)
def inventory_page(
    request: Request, session: ReadSession, viewer: MayReadInventory, view: str = "picture"
) -> HTMLResponse:
    inventory = find_current_inventory(session)
    try:
        policy: Policy | None = current_policy(session)
    except NotFound:
        policy = None
    picture = layout(inventory, policy) if inventory else None
    return render(
        request,
        "console/inventory.html",
        active="inventory",
        inventory=inventory,
        policy=policy,
        picture=picture,
        node_height=NODE_HEIGHT,
        view="tables" if view == "tables" else "picture",
    )
