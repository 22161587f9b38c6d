"""Endpoints every service process shares: ping, metrics, liveness and readiness.

A service class inherits ``OperationsMixin`` and declares ``db`` (a
``Database``). It also gets the metrics instrumentation and the log
context of ``cybervaccine.logs``. Each process serves these routes on its own
``WEB_SERVER_ADDRESS`` so that Prometheus and Kubernetes probes reach it
directly, and the gateway pings it over RPC.
"""

import json
import logging

from kombu import Connection
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.dependency_providers import Config
from nameko.web.handlers import http
from sqlalchemy import text

from cybervaccine import logs, metrics
from cybervaccine.entrypoints import rpc

log = logging.getLogger(__name__)

BROKER_CHECK_TIMEOUT_SECONDS = 2


def check_broker(amqp_uri):
    """Open and close a connection to the broker; raise if it fails."""
    with Connection(amqp_uri, connect_timeout=BROKER_CHECK_TIMEOUT_SECONDS) as connection:
        connection.ensure_connection(max_retries=1)


class OperationsMixin:
    """Shared operational entrypoints for a nameko service class."""

    config = Config()
    instrumentation = metrics.Instrumentation()
    log_context = logs.LogContext()

    @rpc
    def ping(self):
        """Return the service name and whether its database responds."""
        return {"service": self.name, "database": self._database_status()}

    @http("GET", "/metrics")
    def metrics(self, request):
        return metrics.metrics_response(request)

    @http("GET", "/health/live")
    def live(self, request):
        return 200, {"Content-Type": "application/json"}, json.dumps({"status": "ok"})

    @http("GET", "/health/ready")
    def ready(self, request):
        checks = {"database": self._database_status(), "broker": self._broker_status()}
        status = 200 if all(value == "ok" for value in checks.values()) else 503
        return status, {"Content-Type": "application/json"}, json.dumps({"service": self.name, "checks": checks})

    def _database_status(self):
        try:
            self.db.execute(text("SELECT 1"))
            return "ok"
        except Exception as error:
            log.warning("database check of %s failed: %s", self.name, error)
            return "down"
        finally:
            self.db.rollback()

    def _broker_status(self):
        try:
            check_broker(self.config[AMQP_URI_CONFIG_KEY])
            return "ok"
        except Exception as error:
            log.warning("broker check of %s failed: %s", self.name, error)
            return "down"

