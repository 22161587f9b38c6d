"""Fixtures and helpers for the operations tests: metrics, logs, probes and deployment files."""

import importlib
import logging
import shutil
from pathlib import Path

import pytest
import requests
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from cybervaccine import logs
from cybervaccine.manage import SERVICES

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = PROJECT_ROOT / "deploy"
RABBITMQ_PROMETHEUS = "http://127.0.0.1:15692"
RABBITMQ_QUEUE_FAMILIES = {"family": ["queue_coarse_metrics", "queue_consumer_count"]}


def require_tool(name, package):
    """Return the path of a command-line tool; fail the test with the package to install if it is missing."""
    path = shutil.which(name)
    if path is None:
        pytest.fail("{} is not installed; install the {} (scripts/install-system-packages.sh does)".format(name, package))
    return path


def import_platform_modules():
    """Import every module of the gateway, the services and the shared package.

    Business metrics are module-level objects, so importing the modules
    registers every metric the code can export in prometheus_client's
    default registry. Migrations are skipped because Alembic runs them on
    import.
    """
    folders = [PROJECT_ROOT / "cybervaccine", PROJECT_ROOT / "gateway", PROJECT_ROOT / "gateway" / "routes"]
    folders += [PROJECT_ROOT / "services" / name for name in SERVICES]
    for folder in folders:
        package = ".".join(folder.relative_to(PROJECT_ROOT).parts)
        for path in sorted(folder.glob("*.py")):
            if path.stem != "__init__":
                importlib.import_module("{}.{}".format(package, path.stem))


def exported_metrics():
    """Return {sample name: label names} for every metric in the default registry.

    Histogram bucket samples also carry ``le``. The registry's name index is
    private API of prometheus_client 0.26; it is the only place that lists
    a labelled metric before any sample of it exists.
    """
    exported = {}
    for name, collector in REGISTRY._names_to_collectors.items():
        labels = set(getattr(collector, "_labelnames", ()))
        if name.endswith("_bucket"):
            labels.add("le")
        exported[name] = labels
    return exported


def rabbitmq_metric_names():
    """Return the metric names RabbitMQ's rabbitmq_prometheus plugin serves on this machine."""
    names = set()
    for path, params in (("/metrics", None), ("/metrics/detailed", RABBITMQ_QUEUE_FAMILIES)):
        try:
            response = requests.get(RABBITMQ_PROMETHEUS + path, params=params, timeout=10)
        except requests.RequestException as error:
            pytest.fail("RabbitMQ's Prometheus endpoint {} is not reachable ({}); enable it with "
                        "'rabbitmq-plugins enable rabbitmq_prometheus'".format(RABBITMQ_PROMETHEUS, error))
        response.raise_for_status()
        names |= {sample.name for family in text_string_to_metric_families(response.text) for sample in family.samples}
        names |= declared_names(response.text)
    return names


def declared_names(text):
    """Return the names of the ``# TYPE`` lines: a queue metric has no sample while no queue exists."""
    return {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ")}


def scrape(url):
    """Return {(sample name, frozenset of labels): value} from a /metrics URL."""
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"].startswith("text/plain")
    return parse_samples(response.text)


def parse_samples(text):
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def sample_value(samples, metric, /, **labels):
    """Return the sum of the samples of ``metric`` whose labels include ``labels``."""
    expected = set(labels.items())
    return sum(value for (sample, sample_labels), value in samples.items() if sample == metric and expected <= sample_labels)


class RecordingHandler(logging.Handler):
    """Keep log records after the platform's context filter has labelled them."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []
        self.addFilter(logs.ContextFilter())

    def emit(self, record):
        self.records.append(record)

    def with_request_id(self, request_id):
        return [record for record in self.records if record.request_id == request_id]


@pytest.fixture
def log_records():
    """Record every log record of level INFO and above, with ``request_id`` and ``service``."""
    handler = RecordingHandler()
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield handler
    root.removeHandler(handler)
    root.setLevel(previous_level)
