"""Database engines and the nameko dependency provider for sessions.

Each service owns one schema. On PostgreSQL the schema is the service's
name and is selected with ``search_path``, so models carry no schema name
and the same models run on SQLite, where each service has its own file.
"""

import logging
import time

from nameko.extensions import DependencyProvider
from sqlalchemy import create_engine, event, exc, text
from sqlalchemy.orm import sessionmaker

from cybervaccine import metrics, settings

log = logging.getLogger(__name__)

STATEMENT_TIMEOUT_MS = 30000
CONNECT_TIMEOUT_SECONDS = 5
# Connections unused for longer than this are pinged before use.
PING_AFTER_IDLE_SECONDS = 5.0


def make_engine(url, schema=None, pool_size=10, ping_after_idle=PING_AFTER_IDLE_SECONDS):
    """Create an engine with timeouts, a ping of idle connections and the service's schema."""
    if url.startswith("sqlite"):
        return _make_sqlite_engine(url, pool_size)

    options = "-c statement_timeout={}".format(STATEMENT_TIMEOUT_MS)
    if schema:
        options += " -c search_path={}".format(schema)

    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_recycle=1800,
        connect_args={"options": options, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )
    _ping_idle_connections(engine, ping_after_idle)
    _end_autocommit_on_checkin(engine)
    return engine


def _ping_idle_connections(engine, idle_seconds):
    """Ping a pooled connection on checkout only when it sat unused for ``idle_seconds``.

    SQLAlchemy's ``pool_pre_ping`` pings on every checkout, one extra round
    trip per request. A connection returned moments ago is almost always
    alive. If the server dropped it anyway, the statement fails once, and
    SQLAlchemy detects the disconnect and replaces every pooled connection.
    """

    @event.listens_for(engine, "checkin")
    def _mark_returned(dbapi_connection, record):
        record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping_if_idle(dbapi_connection, record, proxy):
        if time.monotonic() - record.info.get("returned_at", 0.0) < idle_seconds:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and checks out a new one.
            raise exc.DisconnectionError("idle connection failed its ping") from error


def _end_autocommit_on_checkin(engine):
    """Turn off psycopg2's autocommit flag that ``read_without_transaction`` turned on, before reuse."""

    @event.listens_for(engine, "checkin")
    def _end_autocommit(dbapi_connection, record):
        if dbapi_connection is not None and dbapi_connection.autocommit:
            dbapi_connection.autocommit = False


def _make_sqlite_engine(url, pool_size):
    # A file database gets the pool size PostgreSQL gets. An in-memory one
    # keeps SQLAlchemy's single-connection pool, which takes no size.
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    sizes = {} if in_memory else {"pool_size": pool_size, "max_overflow": pool_size}
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **sizes)

    @event.listens_for(engine, "connect")
    def _configure(connection, _record):
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def read_without_transaction(session):
    """Run a fresh session's statements in autocommit mode, for a request that only reads.

    Each statement then runs in a transaction of its own. psycopg2 sends no
    BEGIN before the first one and the session's end sends no ROLLBACK, so
    the request costs two round trips fewer. A session that already began
    a transaction keeps it.

    On PostgreSQL this sets psycopg2's own autocommit flag, which the
    engine clears when the connection returns to the pool: SQLAlchemy's
    AUTOCOMMIT isolation level costs a round trip of its own when it is
    reset at check-in.
    """
    if session.in_transaction():
        return
    if not is_postgresql(session.get_bind()):
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        return
    session.connection().connection.dbapi_connection.autocommit = True


def statements_commit_alone(connection):
    """On PostgreSQL, let each statement of a fresh Core connection commit on its own.

    For a group commit whose writes are one statement: psycopg2 then sends
    neither BEGIN nor COMMIT, two round trips of three. Like
    ``read_without_transaction`` it sets psycopg2's autocommit flag, which
    the engine clears at check-in. Elsewhere the connection keeps its
    transaction.

    The statement must be safe to run twice. The group commit retries a
    batch on a new connection when the first one died, and a statement
    that commits on its own may have been stored before the connection
    broke. Quiz submissions skip finished attempts, and a report stored
    twice fails on its primary key.
    """
    if is_postgresql(connection.engine):
        connection.connection.dbapi_connection.autocommit = True


def is_postgresql(engine):
    return engine.dialect.name == "postgresql"


def ensure_schema(engine, schema):
    """Create the service's schema on PostgreSQL; SQLite needs none."""
    if not is_postgresql(engine):
        return
    with engine.begin() as connection:
        connection.execute(text('CREATE SCHEMA IF NOT EXISTS "{}"'.format(schema)))


def patch_for_eventlet():
    """Make psycopg2 yield to the eventlet hub while it waits on the server."""
    import psycogreen.eventlet

    psycogreen.eventlet.patch_psycopg()


class Database(DependencyProvider):
    """Give each worker its own SQLAlchemy session and close it afterwards.

    The pool is sized from ``max_workers`` so that every worker can hold a
    connection at once, with the same number again as overflow for the
    outbox relay and health checks.
    """

    def __init__(self, service_name=None):
        self.service_name = service_name
        self.engine = None
        self.sessionmaker = None
        self.sessions = {}

    def setup(self):
        config = self.container.config
        name = self.service_name or self.container.service_name
        url = settings.database_url(config, name)

        if url.startswith("postgresql"):
            patch_for_eventlet()

        pool_size = int(config.get("max_workers", 10)) + 2
        self.engine = make_engine(url, schema=name, pool_size=pool_size)
        self.sessionmaker = sessionmaker_for(self.engine)
        export_pool_metrics(self.container.service_name, self.engine)
        log.debug("database ready for %s (%s)", name, self.engine.dialect.name)

    def stop(self):
        if self.engine is not None:
            self.engine.dispose()

    def kill(self):
        self.stop()

    def get_dependency(self, worker_ctx):
        session = self.sessionmaker()
        self.sessions[worker_ctx] = session
        return session

    def worker_teardown(self, worker_ctx):
        session = self.sessions.pop(worker_ctx, None)
        if session is not None:
            session.close()

    def check(self):
        """Run a trivial query; raise if the database does not respond."""
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))


def export_pool_metrics(service_name, engine):
    """Read the pool's checked-out and maximum connection counts at every scrape."""
    pool = engine.pool
    metrics.DB_POOL_IN_USE.labels(service_name).set_function(lambda: _pool_count(pool, "checkedout"))
    metrics.DB_POOL_MAX.labels(service_name).set_function(lambda: _pool_limit(pool))


def _pool_count(pool, method_name):
    """Return ``pool.<method_name>()``; pools without counters (NullPool, SingletonThreadPool) give 0."""
    method = getattr(pool, method_name, None)
    return method() if method is not None else 0


def _pool_limit(pool):
    size = _pool_count(pool, "size")
    overflow = getattr(pool, "_max_overflow", 0)
    if size <= 0 or overflow < 0:
        return 0
    return size + overflow


def sessionmaker_for(engine):
    """Return the session factory every process uses (objects stay loaded after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False)
