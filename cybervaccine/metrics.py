"""Prometheus metrics shared by every process, and the instrumentation provider.

Each nameko process is one service, so one registry per process is
exposed on that process's own ``/metrics`` route. Labels are bounded: route
templates and method names, never raw paths, ids or user input.

An entrypoint's ``outcome`` is ``ok``, ``client_error`` (the caller's
mistake: a platform error other than ``Unavailable``, or an HTTP 4xx) or
``server_error`` (anything else: an unexpected exception, ``Unavailable``,
or an HTTP 5xx). Error-rate alerts use ``server_error`` only.
"""

import time

from nameko.events import EventHandler
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc
from nameko.web.handlers import HttpRequestHandler
from prometheus_client import REGISTRY, Counter, Gauge, Histogram
from prometheus_client.exposition import choose_encoder
from werkzeug.wrappers import Response

from cybervaccine.errors import ServiceError, Unavailable

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

ENTRYPOINT_DURATION = Histogram(
    "cybervaccine_entrypoint_duration_seconds",
    "Time spent in a service entrypoint (RPC method, event handler or HTTP route).",
    ["service", "kind", "name"],
    buckets=LATENCY_BUCKETS,
)
ENTRYPOINT_CALLS = Counter(
    "cybervaccine_entrypoint_calls_total",
    "Entrypoint calls by outcome: ok, client_error or server_error.",
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
EVENTS_HANDLED = Counter(
    "cybervaccine_events_handled_total",
    "Event deliveries handled, by emitting service, event type and outcome (ok or error); "
    "a delivery that fails is retried and counted again.",
    ["service", "source", "event_type", "outcome"],
)
DB_POOL_IN_USE = Gauge(
    "cybervaccine_db_pool_connections_in_use", "Database connections checked out of the pool.", ["service"]
)
DB_POOL_MAX = Gauge(
    "cybervaccine_db_pool_connections_max",
    "Most connections the pool opens (pool size plus overflow; 0 when the pool has no limit).",
    ["service"],
)

OUTCOMES = ("ok", "client_error", "server_error")


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
        outcome = classify_outcome(kind, result, exc_info)

        ENTRYPOINT_DURATION.labels(service, kind, name).observe(time.perf_counter() - started)
        ENTRYPOINT_CALLS.labels(service, kind, name, outcome).inc()
        if kind == "event":
            entrypoint = worker_ctx.entrypoint
            outcome = "ok" if exc_info is None else "error"
            EVENTS_HANDLED.labels(service, entrypoint.source_service, entrypoint.event_type, outcome).inc()


def classify_outcome(kind, result, exc_info):
    """Return ``ok``, ``client_error`` or ``server_error`` for a finished entrypoint."""
    if exc_info is not None:
        error = exc_info[1]
        if isinstance(error, ServiceError) and not isinstance(error, Unavailable):
            return "client_error"
        return "server_error"

    if kind == "http":
        status = http_status(result)
        if status >= 500:
            return "server_error"
        if status >= 400:
            return "client_error"
    return "ok"


def http_status(result):
    """Return the status code of an ``@http`` handler's result (Response, tuple or body)."""
    if isinstance(result, Response):
        return result.status_code
    if isinstance(result, tuple) and result and isinstance(result[0], int):
        return result[0]
    return 200


def metrics_response(request=None):
    """Return the process's metrics as a Werkzeug response (nameko refuses bytes payloads).

    The format follows the request's Accept header (OpenMetrics for
    Prometheus); without a request it is the classic text format 0.0.4,
    which every Prometheus version reads.
    """
    accept = request.headers.get("Accept", "") if request is not None else ""
    encoder, content_type = choose_encoder(accept)
    return Response(encoder(REGISTRY), content_type=content_type)
