"""Fixtures for tests against real RabbitMQ, PostgreSQL and S3 storage.

eventlet must patch the standard library before anything else imports it,
so this happens first. Each test gets its own RabbitMQ vhost (nameko's
``rabbit_config``), its own PostgreSQL database copied from a migrated
template, and its own bucket on one SeaweedFS server per test session.
"""

import eventlet

eventlet.monkey_patch()  # noqa: E402

import os  # noqa: E402
import secrets  # noqa: E402
import uuid  # noqa: E402

import pytest  # noqa: E402

from tests import support  # noqa: E402


def pytest_addoption(parser):
    parser.addoption(
        "--postgres-uri",
        default=os.environ.get("TEST_POSTGRES_URI", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="PostgreSQL server for test databases (a maintenance database URI)",
    )


@pytest.fixture(scope="session")
def postgres_uri(request):
    return request.config.getoption("--postgres-uri")


@pytest.fixture(scope="session")
def template_database(postgres_uri):
    """A database migrated for every service; each test copies it."""
    name = "cvtest_template_{}".format(uuid.uuid4().hex[:8])
    support.create_database(postgres_uri, name)
    url = support.database_url(postgres_uri, name)
    support.migrate_all(url)
    support.close_connections(postgres_uri, name)
    yield name
    support.drop_database(postgres_uri, name)


@pytest.fixture
def database_url(postgres_uri, template_database):
    """A fresh database for one test, copied from the migrated template."""
    name = "cvtest_{}".format(uuid.uuid4().hex[:12])
    support.create_database(postgres_uri, name, template=template_database)
    yield support.database_url(postgres_uri, name)
    support.drop_database(postgres_uri, name)


@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    """One SeaweedFS S3 server for the session, on free loopback ports."""
    server = support.ObjectStoreServer(tmp_path_factory.mktemp("objectstore"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def s3_config(object_store):
    """Settings for a bucket of this test's own; the bucket is emptied and removed afterwards."""
    bucket = "test-{}".format(uuid.uuid4().hex[:16])
    config = object_store.config(bucket)
    yield config
    support.remove_bucket(config)


@pytest.fixture
def service_config(rabbit_config, database_url, s3_config, tmp_path):
    """The nameko config of one test's platform: its vhost, database and bucket."""
    config = dict(rabbit_config)
    config.update(s3_config)
    config.update(
        {
            "DATABASE_URL": database_url,
            "DATA_DIR": str(tmp_path / "data"),
            "JWT_SECRET": secrets.token_urlsafe(40),
            "WEB_SERVER_ADDRESS": "127.0.0.1:{}".format(support.free_port()),
            "max_workers": 10,
            "RPC_TIMEOUT": 10,
            "ENVIRONMENT": "test",
        }
    )
    return config


@pytest.fixture
def start_platform(service_config, runner_factory):
    """Start service classes in this process, each in its own runner; return the gateway's config.

    Every service gets its own web server port (for /metrics and probes),
    as in production, and the gateway the configured ``WEB_SERVER_ADDRESS``.
    The runners stop here, before this test's database is dropped: nameko's
    autouse ``fast_teardown`` fixture would otherwise stop them afterwards.
    """
    runners = []

    def start(*service_classes, config=None):
        config = config or service_config
        for service_class in service_classes:
            runner_config = dict(config)
            if service_class.name != "gateway":
                runner_config["WEB_SERVER_ADDRESS"] = "127.0.0.1:{}".format(support.free_port())
            runner = runner_factory(runner_config, service_class)
            runner.start()
            runners.append(runner)
        return config

    yield start

    for runner in reversed(runners):
        runner.stop()


@pytest.fixture
def gateway(start_platform, service_config):
    """The gateway and the directory service, seeded; returns an HTTP client for the gateway."""
    from gateway.service import GatewayService
    from services.directory.service import DirectoryService

    support.seed_directory(service_config)
    start_platform(GatewayService, DirectoryService)
    return support.ApiClient("http://" + service_config["WEB_SERVER_ADDRESS"])
