"""Alembic environment of the quiz service."""

from cybervaccine.migrations import run_env
from services.quiz.models import Base

run_env(Base.metadata)
