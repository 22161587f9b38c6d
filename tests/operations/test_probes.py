"""Liveness and readiness routes for Kubernetes probes, against real outages of the database."""

import requests
from sqlalchemy import create_engine, text

from tests import support


def start_directory(config, runner_factory):
    from services.directory.service import DirectoryService

    port = support.free_port()
    config = dict(config, WEB_SERVER_ADDRESS="127.0.0.1:{}".format(port))
    runner_factory(config, DirectoryService).start()
    return "http://127.0.0.1:{}".format(port), config


def get(url):
    return requests.get(url, timeout=15)


def set_connections_allowed(postgres_uri, database, allowed):
    """Refuse (or allow again) new connections to a database and end the open ones."""
    engine = create_engine(postgres_uri, isolation_level="AUTOCOMMIT", pool_size=1)
    try:
        with engine.connect() as connection:
            connection.execute(text('ALTER DATABASE "{}" WITH ALLOW_CONNECTIONS {}'.format(database, str(allowed).lower())))
            if not allowed:
                connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = :name AND pid <> pg_backend_pid()"),
                    {"name": database},
                )
    finally:
        engine.dispose()


def test_service_is_ready_with_database_and_broker(service_config, runner_factory):
    base_url, _ = start_directory(service_config, runner_factory)

    response = get(base_url + "/health/ready")

    assert response.status_code == 200
    assert response.json() == {"service": "directory", "checks": {"database": "ok", "broker": "ok"}}
    assert get(base_url + "/health/live").status_code == 200


def test_readiness_follows_a_database_outage(service_config, runner_factory, postgres_uri):
    base_url, _ = start_directory(service_config, runner_factory)
    database = service_config["DATABASE_URL"].rsplit("/", 1)[1]
    assert get(base_url + "/health/ready").status_code == 200

    set_connections_allowed(postgres_uri, database, False)
    try:
        down = get(base_url + "/health/ready")
        live = get(base_url + "/health/live")
    finally:
        set_connections_allowed(postgres_uri, database, True)

    assert down.status_code == 503
    assert down.json()["checks"] == {"database": "down", "broker": "ok"}
    assert live.status_code == 200
    support.wait_for(lambda: get(base_url + "/health/ready").status_code == 200, timeout=30,
                     message="readiness to return once the database accepts connections again")


def test_service_with_unreachable_database_is_not_ready(service_config, runner_factory):
    closed = "postgresql://postgres@127.0.0.1:{}/nothing".format(support.free_port())
    base_url, _ = start_directory(dict(service_config, DATABASE_URL=closed), runner_factory)

    response = get(base_url + "/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "down"
    assert get(base_url + "/health/live").status_code == 200


def test_readiness_reports_an_unreachable_broker(service_config, runner_factory):
    """The running service keeps its open broker connections. Pointing the
    configured URI (the dict the container reads) at a closed port makes the
    readiness check's new connection fail as in a broker outage, without
    stopping the machine's shared broker."""
    base_url, config = start_directory(service_config, runner_factory)
    assert get(base_url + "/health/ready").status_code == 200

    config["AMQP_URI"] = "amqp://guest:guest@127.0.0.1:{}/".format(support.free_port())
    response = get(base_url + "/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "down"}


def test_gateway_probes(gateway):
    assert gateway.get("/health/live").status_code == 200
    assert gateway.get("/health/ready").status_code == 200
    assert gateway.get("/health/ready").json() == {"status": "ok"}
