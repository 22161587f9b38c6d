"""Prometheus metrics shared by every process, and the instrumentation provider.

Each nameko process is one service, so one registry per process is
exposed on that process's own ``/metrics`` route. Labels are bounded: route
templates and method names, never raw paths, ids or user input.
"""

import time

from nameko.events import EventHandler
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc
from nameko.web.handlers import HttpRequestHandler
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from werkzeug.wrappers import Response

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

ENTRYPOINT_DURATION = Histogram(
    "cybervaccine_entrypoint_duration_seconds",
    "Time spent in a service entrypoint (RPC method, event handler or HTTP route).",
    ["service", "kind", "name"],
    buckets=LATENCY_BUCKETS,
)
ENTRYPOINT_CALLS = Counter(
    "cybervaccine_entrypoint_calls_total",
    "Entrypoint calls by outcome (ok, or the error class name).",
    ["service", "kind", "name", "outcome"],
)
EVENTS_PUBLISHED = Counter(
    "cybervaccine_events_published_total", "Events published from the outbox.", ["service", "event_type"]
)
OUTBOX_PENDING = Gauge("cybervaccine_outbox_pending", "Outbox rows not yet published.", ["service"])
OUTBOX_OLDEST_AGE = Gauge(
    "cybervaccine_outbox_oldest_pending_age_seconds", "Age of the oldest unpublished outbox row.", ["service"]
)
DEAD_LETTERS = Counter(
    "cybervaccine_dead_letters_total", "Events moved to a dead-letter queue.", ["service", "event_type"]
)


def entrypoint_identity(entrypoint):
    """Return (kind, name) for an entrypoint: the method, event or route template."""
    if isinstance(entrypoint, HttpRequestHandler):
        return "http", "{} {}".format(entrypoint.method, entrypoint.url)
    if isinstance(entrypoint, EventHandler):
        return "event", "{}.{}".format(entrypoint.source_service, entrypoint.event_type)
    if isinstance(entrypoint, Rpc):
        return "rpc", entrypoint.method_name
    return type(entrypoint).__name__.lower(), entrypoint.method_name


class Instrumentation(DependencyProvider):
    """Time every entrypoint of the service and count outcomes."""

    def __init__(self):
        self.started = {}

    def get_dependency(self, worker_ctx):
        return None

    def worker_setup(self, worker_ctx):
        self.started[worker_ctx] = time.perf_counter()

    def worker_result(self, worker_ctx, result=None, exc_info=None):
        started = self.started.pop(worker_ctx, None)
        if started is None:
            return

        kind, name = entrypoint_identity(worker_ctx.entrypoint)
        service = self.container.service_name
        outcome = "ok" if exc_info is None else exc_info[0].__name__
        if kind == "http" and isinstance(result, Response) and result.status_code >= 500:
            outcome = "http_{}".format(result.status_code)

        ENTRYPOINT_DURATION.labels(service, kind, name).observe(time.perf_counter() - started)
        ENTRYPOINT_CALLS.labels(service, kind, name, outcome).inc()


def metrics_response():
    """Return the process's metrics as a Werkzeug response (nameko refuses bytes payloads)."""
    return Response(generate_latest(), content_type=CONTENT_TYPE_LATEST)
