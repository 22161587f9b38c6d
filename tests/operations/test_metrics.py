"""Metrics recorded by the shared package, against real RabbitMQ, PostgreSQL and S3 storage."""

import re

import nameko.standalone.events
import pytest
import requests
from prometheus_client import REGISTRY
from sqlalchemy import text

from cybervaccine import db, errors, metrics, storage
from cybervaccine.logs import LogContext
from cybervaccine.messaging import event_handler
from tests import support
from tests.operations.conftest import sample_value, scrape

UNIT_ROUTE = "GET /api/v1/units/<int:unit_id>"
# The Accept header Prometheus 2.55 sends when it scrapes.
PROMETHEUS_ACCEPT = ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                     "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")


class FailingHandlerService:
    """Handles one event type and fails on the ones marked ``fail``."""

    name = "ops_event_probe"

    instrumentation = metrics.Instrumentation()
    log_context = LogContext()

    @event_handler("ops_source", "probe_sent")
    def handle_probe_sent(self, payload):
        if payload.get("fail"):
            raise RuntimeError("probe asked to fail")


class StorageProbeService:
    name = "ops_storage_probe"

    storage = storage.ObjectStorage()


class QuickStorage(storage.ObjectStorage):
    START_TIMEOUT_SECONDS = 1


class UnreachableStorageService:
    name = "ops_storage_unreachable"

    storage = QuickStorage()


def registry_value(metric, /, **labels):
    return REGISTRY.get_sample_value(metric, labels) or 0.0


def first_unit_id(config):
    session = support.session_for(config, "directory")
    try:
        return session.execute(text("SELECT min(id) FROM units")).scalar_one()
    finally:
        session.close()
        session.bind.dispose()


def delta(before, after, metric, /, **labels):
    """Return how much the samples of ``metric`` with ``labels`` grew between two scrapes.

    Metrics live in the test process's registry and keep counting across
    tests, so tests compare scrapes instead of absolute values.
    """
    return sample_value(after, metric, **labels) - sample_value(before, metric, **labels)


def test_http_routes_are_labelled_by_template(gateway, service_config):
    unit_id = first_unit_id(service_config)
    before = scrape(gateway.base_url + "/metrics")

    for _ in range(2):
        assert gateway.get("/api/v1/units/{}".format(unit_id)).status_code == 200
    assert gateway.get("/api/v1/units/987654321").status_code == 404
    after = scrape(gateway.base_url + "/metrics")

    route = {"service": "gateway", "kind": "http", "name": UNIT_ROUTE}
    assert delta(before, after, "cybervaccine_entrypoint_duration_seconds_count", **route) == 3
    assert delta(before, after, "cybervaccine_entrypoint_calls_total", outcome="ok", **route) == 2
    assert delta(before, after, "cybervaccine_entrypoint_calls_total", outcome="client_error", **route) == 1
    names = {dict(labels).get("name", "") for metric, labels in after if metric.startswith("cybervaccine_")}
    assert not [name for name in names if re.search(r"/\d+(/|$)", name)]


def test_rpc_methods_are_counted_by_outcome(gateway, service_config):
    unit_id = first_unit_id(service_config)
    before = scrape(gateway.base_url + "/metrics")

    gateway.get("/api/v1/units/{}".format(unit_id))
    gateway.get("/api/v1/units/987654321")
    gateway.post("/api/v1/auth/login", json={"username": "admin", "password": "wrong password"})
    after = scrape(gateway.base_url + "/metrics")

    rpc = {"service": "directory", "kind": "rpc"}
    assert delta(before, after, "cybervaccine_entrypoint_calls_total", name="get_unit", outcome="ok", **rpc) == 1
    assert delta(before, after, "cybervaccine_entrypoint_calls_total", name="get_unit", outcome="client_error", **rpc) == 1
    assert delta(before, after, "cybervaccine_entrypoint_calls_total", name="login", outcome="client_error", **rpc) == 1
    assert delta(before, after, "cybervaccine_entrypoint_duration_seconds_count", name="get_unit", **rpc) == 2


def test_outcomes_are_bounded(gateway):
    gateway.get("/api/v1/no-such-route")
    gateway.get("/api/v1/units/1")
    samples = scrape(gateway.base_url + "/metrics")

    outcomes = {dict(labels)["outcome"] for name, labels in samples if name == "cybervaccine_entrypoint_calls_total"}
    assert outcomes and outcomes <= set(metrics.OUTCOMES)


def test_outcome_classification():
    unavailable = errors.Unavailable("down", "ไม่พร้อม", "down")
    not_found = errors.NotFound("missing", "ไม่พบ", "missing")

    assert metrics.classify_outcome("rpc", None, None) == "ok"
    assert metrics.classify_outcome("rpc", None, (errors.NotFound, not_found, None)) == "client_error"
    assert metrics.classify_outcome("rpc", None, (errors.Unavailable, unavailable, None)) == "server_error"
    assert metrics.classify_outcome("event", None, (RuntimeError, RuntimeError("x"), None)) == "server_error"
    assert metrics.classify_outcome("http", (503, {}, "{}"), None) == "server_error"
    assert metrics.classify_outcome("http", (404, "{}"), None) == "client_error"
    assert metrics.classify_outcome("http", "body", None) == "ok"


def relayed_samples(url, service):
    """Return a scrape once the service's outbox gauge exists and shows no waiting row, else None."""
    samples = scrape(url)
    key = ("cybervaccine_outbox_pending", frozenset({("service", service)}))
    return samples if samples.get(key) == 0 else None


def test_services_export_outbox_and_pool_gauges(gateway):
    samples = support.wait_for(lambda: relayed_samples(gateway.base_url + "/metrics", "directory"),
                               timeout=60, message="the directory's seed events to be relayed")

    assert ("cybervaccine_outbox_oldest_pending_age_seconds", frozenset({("service", "directory")})) in samples
    assert sample_value(samples, "cybervaccine_db_pool_connections_max", service="directory") == 2 * (10 + 2)
    assert ("cybervaccine_db_pool_connections_in_use", frozenset({("service", "directory")})) in samples
    assert sample_value(samples, "cybervaccine_events_published_total", service="directory", event_type="unit_changed") > 0


def test_pool_gauge_follows_checked_out_connections(database_url):
    engine = db.make_engine(database_url, schema="directory", pool_size=3)
    db.export_pool_metrics("ops_pool_probe", engine)
    try:
        connection = engine.connect()
        in_use_while_held = registry_value("cybervaccine_db_pool_connections_in_use", service="ops_pool_probe")
        connection.close()

        assert in_use_while_held == 1
        assert registry_value("cybervaccine_db_pool_connections_in_use", service="ops_pool_probe") == 0
        assert registry_value("cybervaccine_db_pool_connections_max", service="ops_pool_probe") == 6
    finally:
        engine.dispose()


def test_failing_handler_counts_attempts_and_dead_letter(rabbit_config, runner_factory):
    runner_factory(rabbit_config, FailingHandlerService).start()
    labels = {"service": "ops_event_probe", "source": "ops_source", "event_type": "probe_sent"}
    before_ok = registry_value("cybervaccine_events_handled_total", outcome="ok", **labels)
    before_error = registry_value("cybervaccine_events_handled_total", outcome="error", **labels)
    before_dead = registry_value("cybervaccine_dead_letters_total", service="ops_event_probe", event_type="probe_sent")
    dispatch = nameko.standalone.events.event_dispatcher(rabbit_config)

    dispatch("ops_source", "probe_sent", {"fail": False})
    dispatch("ops_source", "probe_sent", {"fail": True})
    support.wait_for(
        lambda: registry_value("cybervaccine_dead_letters_total", service="ops_event_probe", event_type="probe_sent")
        == before_dead + 1,
        timeout=30, message="the failing event to be dead-lettered",
    )

    assert registry_value("cybervaccine_events_handled_total", outcome="ok", **labels) == before_ok + 1
    assert registry_value("cybervaccine_events_handled_total", outcome="error", **labels) == before_error + 3
    assert registry_value("cybervaccine_entrypoint_calls_total", service="ops_event_probe", kind="event",
                          name="ops_source.probe_sent", outcome="server_error") >= 3


def test_object_storage_up_when_bucket_is_reachable(rabbit_config, s3_config, runner_factory, tmp_path):
    config = dict(rabbit_config, **s3_config, DATA_DIR=str(tmp_path))

    runner_factory(config, StorageProbeService).start()

    support.wait_for(lambda: registry_value("cybervaccine_object_storage_up", service="ops_storage_probe") == 1,
                     timeout=30, message="the object storage check to succeed")


def test_storage_errors_are_counted_by_kind(rabbit_config, s3_config, runner_factory, tmp_path):
    config = dict(rabbit_config, **s3_config, DATA_DIR=str(tmp_path))
    runner = runner_factory(config, StorageProbeService)
    runner.start()
    container = next(iter(runner.containers))
    client = next(dependency for dependency in container.dependencies if isinstance(dependency, storage.ObjectStorage)).client
    labels = {"service": "ops_storage_probe", "operation": "stat_object", "error": "NoSuchKey"}
    before = registry_value("cybervaccine_object_storage_errors_total", **labels)

    with pytest.raises(Exception):
        client.stat_object(s3_config["S3_BUCKET"], "no/such/object")

    assert registry_value("cybervaccine_object_storage_errors_total", **labels) == before + 1


def test_unreachable_store_sets_up_to_zero_and_counts(rabbit_config, runner_factory, tmp_path):
    closed = "127.0.0.1:{}".format(support.free_port())
    config = dict(rabbit_config, S3_ENDPOINT=closed, S3_PUBLIC_ENDPOINT=closed, S3_ACCESS_KEY="probe-key",
                  S3_SECRET_KEY="probe-secret-value", S3_BUCKET="probe", DATA_DIR=str(tmp_path))
    labels = {"service": "ops_storage_unreachable", "operation": "bucket_exists", "error": "unreachable"}
    before = registry_value("cybervaccine_object_storage_errors_total", **labels)

    runner_factory(config, UnreachableStorageService).start()

    support.wait_for(lambda: registry_value("cybervaccine_object_storage_up", service="ops_storage_unreachable") == 0
                     and REGISTRY.get_sample_value("cybervaccine_object_storage_up",
                                                   {"service": "ops_storage_unreachable"}) is not None,
                     timeout=60, message="the object storage check to fail")
    assert registry_value("cybervaccine_object_storage_errors_total", **labels) > before


def test_every_process_serves_metrics_on_its_own_port(service_config, runner_factory):
    from services.directory.service import DirectoryService

    port = support.free_port()
    config = dict(service_config, WEB_SERVER_ADDRESS="127.0.0.1:{}".format(port))
    runner_factory(config, DirectoryService).start()

    url = "http://127.0.0.1:{}/metrics".format(port)
    response = requests.get(url, timeout=10)
    openmetrics = requests.get(url, headers={"Accept": PROMETHEUS_ACCEPT}, timeout=10)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    assert "cybervaccine_entrypoint_duration_seconds_bucket" in response.text
    assert openmetrics.headers["Content-Type"].startswith("application/openmetrics-text; version=1.0.0")
    assert openmetrics.text.rstrip().endswith("# EOF")
