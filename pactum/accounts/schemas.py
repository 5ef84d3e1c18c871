"""Staff members as shown to scripts and the API (never with their password hash)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from pactum.accounts.models import Role


class StaffOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    name: str
    role: Role
    is_disabled: bool
    created_at: datetime
