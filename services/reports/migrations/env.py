"""Alembic environment of the reports service."""

from cybervaccine.migrations import run_env
from services.reports.models import Base

run_env(Base.metadata)
