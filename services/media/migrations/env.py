"""Alembic environment of the media service."""

from cybervaccine.migrations import run_env
from services.media.models import Base

run_env(Base.metadata)
