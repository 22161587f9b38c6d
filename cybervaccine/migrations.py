"""Alembic helpers: each service keeps its own migrations and version table.

A service's ``migrations/env.py`` calls ``run_env`` with its metadata. The
version table lives in the service's schema on PostgreSQL (or its own
SQLite file), so services migrate independently.
"""

from pathlib import Path

from alembic import command, context
from alembic.config import Config as AlembicConfig

from cybervaccine import db, settings

SERVICES_ROOT = settings.PROJECT_ROOT / "services"


def alembic_config(service_name, url):
    config = AlembicConfig()
    config.set_main_option("script_location", str(SERVICES_ROOT / service_name / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.attributes["service_name"] = service_name
    return config


def upgrade(service_name, config):
    """Migrate one service's database to the newest revision."""
    url = settings.database_url(config, service_name)
    engine = db.make_engine(url, schema=service_name, pool_size=1)
    db.ensure_schema(engine, service_name)
    engine.dispose()
    command.upgrade(alembic_config(service_name, url), "head")


def run_env(metadata):
    """Body of every service's ``migrations/env.py`` (online mode only)."""
    alembic = context.config
    service_name = alembic.attributes["service_name"]
    url = alembic.get_main_option("sqlalchemy.url")
    engine = db.make_engine(url, schema=service_name, pool_size=1)

    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=engine.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def migrations_folder(service_name):
    return Path(SERVICES_ROOT / service_name / "migrations")
