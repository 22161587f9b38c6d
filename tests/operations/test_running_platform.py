"""The whole platform as separate processes, started the way ``make run`` starts them.

Each process serves its own /metrics, /health/live and /health/ready. A
short load through the gateway moves the counters and histograms. JSON log
lines of different processes carry the same request id and no secret.
"""

import json
import re
import uuid

import pytest
import requests

from e2e.platform import Platform
from tests import support
from tests.operations.conftest import sample_value, scrape

LOAD_REQUESTS = 30


class JsonLoggingPlatform(Platform):
    """The e2e platform with JSON logs at INFO level."""

    @property
    def env(self):
        env = super().env
        env.update({"LOG_FORMAT": "json", "LOG_LEVEL": "INFO"})
        return env


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    running = JsonLoggingPlatform(tmp_path_factory.mktemp("ops-platform"), admin_password="ops-" + uuid.uuid4().hex)
    running.start()
    yield running
    running.stop()


def process_url(platform, process, path):
    return "http://127.0.0.1:{}{}".format(platform.ports[process], path)


def log_lines(platform):
    """Return (process, JSON object) for every JSON log line in honcho's combined output."""
    lines = []
    for line in platform.log_path.read_text(errors="replace").splitlines():
        match = re.match(r"^\S+ ([\w-]+)\.\d+\s+\| (\{.*\})$", line)
        if match:
            lines.append((match.group(1), json.loads(match.group(2))))
    return lines


@pytest.mark.parametrize("process", ["gateway", "directory", "media", "quiz", "reports", "analytics"])
def test_process_serves_metrics_and_probes(platform, process):
    samples = scrape(process_url(platform, process, "/metrics"))
    names = {name for name, _ in samples}

    assert requests.get(process_url(platform, process, "/health/live"), timeout=10).status_code == 200
    assert requests.get(process_url(platform, process, "/health/ready"), timeout=10).status_code == 200
    assert "process_resident_memory_bytes" in names
    if process != "gateway":
        assert ("cybervaccine_db_pool_connections_in_use", frozenset({("service", process)})) in samples
        assert ("cybervaccine_db_pool_connections_max", frozenset({("service", process)})) in samples
        assert ("cybervaccine_outbox_pending", frozenset({("service", process)})) in samples


def test_fold_worker_counts_seed_events(platform):
    url = process_url(platform, "analytics-fold", "/metrics")

    def folded_unit_events():
        try:
            return sample_value(scrape(url), "cybervaccine_analytics_events_folded_total", event_type="unit_changed")
        except requests.ConnectionError:
            return 0

    support.wait_for(folded_unit_events, timeout=60, message="the fold worker to fold the seeded units")
    fold_lines = [line for process, line in log_lines(platform) if process == "analytics-fold"]
    assert any(line["message"] == "fold worker started; metrics on http://{}/metrics".format(
        platform.env["ANALYTICS_FOLD_ADDRESS"]) for line in fold_lines)


@pytest.mark.parametrize("process, metric", [
    ("gateway", "cybervaccine_gateway_rate_limited_total"),
    ("media", "cybervaccine_media_downloads_total"),
    ("media", "cybervaccine_object_storage_errors_total"),
    ("media", "cybervaccine_object_storage_up"),
    ("quiz", "cybervaccine_quiz_completions_total"),
    ("reports", "cybervaccine_reports_filed_total"),
    ("reports", "cybervaccine_object_storage_up"),
])
def test_process_declares_its_business_metrics(platform, process, metric):
    """A labelled metric with no sample yet still has its TYPE line in the text format."""
    text = requests.get(process_url(platform, process, "/metrics"), timeout=10).text

    assert "# TYPE {} ".format(metric) in text


def test_load_through_the_gateway_moves_metrics(platform):
    gateway = process_url(platform, "gateway", "/metrics")
    directory = process_url(platform, "directory", "/metrics")
    before = {"gateway": scrape(gateway), "directory": scrape(directory)}

    for _ in range(LOAD_REQUESTS):
        assert platform.api.get("/api/v1/units?level=bureau").status_code == 200
    after = {"gateway": scrape(gateway), "directory": scrape(directory)}

    route = {"service": "gateway", "kind": "http", "name": "GET /api/v1/units"}
    rpc = {"service": "directory", "kind": "rpc", "name": "list_units"}
    for metric in ("cybervaccine_entrypoint_duration_seconds_count", "cybervaccine_entrypoint_calls_total"):
        grown = sample_value(after["gateway"], metric, **route) - sample_value(before["gateway"], metric, **route)
        assert grown == LOAD_REQUESTS, metric
    grown = (sample_value(after["directory"], "cybervaccine_entrypoint_duration_seconds_count", **rpc)
             - sample_value(before["directory"], "cybervaccine_entrypoint_duration_seconds_count", **rpc))
    assert grown == LOAD_REQUESTS
    assert sample_value(after["gateway"], "cybervaccine_entrypoint_duration_seconds_count", service="directory") == 0


def test_request_id_appears_in_both_processes_logs(platform):
    request_id = "ops-" + uuid.uuid4().hex

    response = platform.api.post("/api/v1/auth/login", json={"username": "admin", "password": platform.admin_password},
                                 headers={"X-Request-ID": request_id})
    assert response.status_code == 200

    def matching():
        found = [(process, line) for process, line in log_lines(platform) if line.get("request_id") == request_id]
        return found if {"gateway", "directory"} <= {process for process, _ in found} else None

    found = support.wait_for(matching, timeout=15, message="log lines of both processes")
    assert {line["service"] for _, line in found} == {"gateway", "directory"}


def test_logs_hold_no_secret(platform):
    token = platform.api.post("/api/v1/auth/login", json={"username": "admin", "password": platform.admin_password}
                              ).json()["token"]
    platform.api.get("/api/v1/me", headers={"Authorization": "Bearer " + token})
    text = platform.log_path.read_text(errors="replace")

    assert platform.admin_password not in text
    assert token not in text
    assert platform.env["JWT_SECRET"] not in text
    assert platform.env["S3_SECRET_KEY"] not in text
