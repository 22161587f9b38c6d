"""The connection pool pings only connections that sat idle, and replaces dead ones."""

import pytest
from sqlalchemy import create_engine, exc, text
from sqlalchemy.orm import sessionmaker

from cybervaccine import db


@pytest.fixture
def make_engine(database_url):
    engines = []

    def make(**kwargs):
        engine = db.make_engine(database_url, schema="directory", pool_size=1, **kwargs)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


def counting_pings(engine):
    """Wrap the dialect's ping so that the test can count the calls."""
    calls = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection):
        calls.append(1)
        return ping(dbapi_connection)

    engine.dialect.do_ping = counted
    return calls


def backend_pid(engine):
    with engine.connect() as connection:
        return connection.execute(text("SELECT pg_backend_pid()")).scalar()


def terminate(postgres_uri, pid):
    admin = create_engine(postgres_uri, isolation_level="AUTOCOMMIT", pool_size=1)
    try:
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def test_recently_returned_connection_is_not_pinged(make_engine):
    engine = make_engine()
    calls = counting_pings(engine)
    first = backend_pid(engine)

    second = backend_pid(engine)

    assert second == first
    assert len(calls) == 1


def test_idle_connection_is_pinged_and_replaced_when_dead(make_engine, postgres_uri):
    engine = make_engine(ping_after_idle=0)
    calls = counting_pings(engine)
    first = backend_pid(engine)
    terminate(postgres_uri, first)

    second = backend_pid(engine)

    assert second != first
    assert len(calls) >= 2


def test_dead_connection_fails_once_then_pool_recovers(make_engine, postgres_uri):
    engine = make_engine(ping_after_idle=3600)
    first = backend_pid(engine)
    terminate(postgres_uri, first)

    with pytest.raises(exc.OperationalError):
        backend_pid(engine)
    second = backend_pid(engine)

    assert second != first


def transaction_started_at(session):
    return session.execute(text("SELECT transaction_timestamp()")).scalar()


def test_autocommit_reads_end_at_checkin(make_engine):
    engine = make_engine()
    sessions = sessionmaker(bind=engine)

    with sessions() as session:
        db.read_without_transaction(session)
        first = transaction_started_at(session)
        second = transaction_started_at(session)
        autocommit = session.connection().connection.dbapi_connection.autocommit

    with sessions() as session:
        third = transaction_started_at(session)
        fourth = transaction_started_at(session)
        reused_autocommit = session.connection().connection.dbapi_connection.autocommit

    assert autocommit is True
    assert second > first
    assert reused_autocommit is False
    assert fourth == third


def test_statements_commit_alone_until_checkin(make_engine):
    engine = make_engine()
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE directory.marks (id integer PRIMARY KEY)"))

    with engine.connect() as connection:
        db.statements_commit_alone(connection)
        connection.execute(text("INSERT INTO directory.marks VALUES (1)"))
        with pytest.raises(exc.IntegrityError):
            connection.execute(text("INSERT INTO directory.marks VALUES (1)"))
        connection.rollback()

    with engine.connect() as connection:
        rows_after_failure = connection.scalar(text("SELECT count(*) FROM directory.marks"))
        connection.execute(text("INSERT INTO directory.marks VALUES (2)"))
        connection.rollback()
        after_rollback = connection.scalar(text("SELECT count(*) FROM directory.marks"))

    assert rows_after_failure == 1
    assert after_rollback == 1
