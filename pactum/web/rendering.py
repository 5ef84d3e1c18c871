"""Jinja2 set-up shared by every page: templates, autoescaping, filters, the CSRF field."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pactum.web import csrf

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml", "svg"], default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value:%-d %B %Y}"


def _moment(value: datetime | None) -> str:
    if value is None:
        return ""
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return f"{moment:%-d %b %Y, %H:%M} UTC"


def _label(value: object) -> str:
    return str(getattr(value, "value", value)).replace("_", " ").replace("-", " ")


_environment.filters["long_date"] = _long_date
_environment.filters["moment"] = _moment
_environment.filters["label"] = _label


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    token = csrf.csrf_token(request)
    field = Markup('<input type="hidden" name="{}" value="{}">').format(csrf.FIELD, token)
    context.setdefault("viewer", getattr(request.state, "viewer", None))
    page = _environment.get_template(template).render(request=request, csrf_field=field, **context)
    response = HTMLResponse(page, status_code=status_code, headers={"Cache-Control": "no-store"})
    csrf.set_cookie(request, response)
    return response
