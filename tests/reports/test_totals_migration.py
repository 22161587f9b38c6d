"""The migration that lets new reports wait for their totals adds every waiting report to them on downgrade."""

import random
import uuid

import pytest
from alembic import command
from sqlalchemy import inspect, text

from cybervaccine import auth, db, migrations
from services.reports import operations
from tests import support
from tests.reports.test_totals import STATIONS, AllowAll, RecordingOutbox, _add_units, random_body


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path, postgres_uri):
    """The URL of an empty database with the reports schema, on SQLite or on PostgreSQL."""
    with support.empty_database(request.param, tmp_path, postgres_uri, "reports") as url:
        yield url


def national_total(engine):
    with engine.connect() as connection:
        return connection.scalar(
            text("SELECT COALESCE(SUM(reports), 0) FROM report_totals WHERE unit_id = 1 AND dimension = 'all'")
        )


def test_downgrade_adds_pending_reports_to_the_totals(empty_database):
    config = migrations.alembic_config("reports", empty_database)
    command.upgrade(config, "head")
    engine = db.make_engine(empty_database, schema="reports", pool_size=1)
    session = db.sessionmaker_for(engine)()
    _add_units(session)
    head = auth.Caller(account_id=1, username="head", unit_id=1, unit_path=(1,), roles=(auth.UNIT_HEAD,))
    generator = random.Random(13)
    for station in STATIONS[:3]:
        operations.submit_report(session, RecordingOutbox(), head, str(uuid.uuid4()), random_body(generator, station),
                                 AllowAll(), operations.Policy())
        session.commit()
    session.close()
    assert national_total(engine) == 0

    command.downgrade(config, "0002")
    columns = {column["name"] for column in inspect(engine).get_columns("reports")}

    assert national_total(engine) == 3
    assert "totals_pending" not in columns

    command.upgrade(config, "head")
    with engine.connect() as connection:
        pending = connection.scalar(text("SELECT count(*) FROM reports WHERE totals_pending"))
    assert pending == 0
    assert national_total(engine) == 3
    engine.dispose()
