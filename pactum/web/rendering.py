"""Jinja2 set-up shared by every page: templates, autoescaping, filters, branding."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html", "xml"], default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return f"{value:%-d %B %Y}"


def _label(value: object) -> str:
    return str(getattr(value, "value", value)).replace("_", " ").replace("-", " ")


_environment.filters["long_date"] = _long_date
_environment.filters["label"] = _label


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    page = _environment.get_template(template).render(request=request, **context)
    return HTMLResponse(page, status_code=status_code)
