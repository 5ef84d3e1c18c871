"""The ASGI entry point for several server processes: `uvicorn pactum.asgi:app`."""

from pactum.app import create_app
from pactum.config import Settings
from pactum.logs import configure_logging
from pactum.serving import freeze_startup_objects
from pactum.workspace import open_workspace

configure_logging()
app = create_app(open_workspace(Settings()))
freeze_startup_objects()
