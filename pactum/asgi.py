"""The ASGI entry point for several server processes: `uvicorn pactum.asgi:app`."""

from pactum.app import create_app
from pactum.config import Settings
from pactum.workspace import open_workspace

app = create_app(open_workspace(Settings()))
