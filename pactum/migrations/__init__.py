"""Alembic migrations of Pactum's own database; `pactum` applies them on start."""
