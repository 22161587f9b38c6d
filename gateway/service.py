"""The HTTP gateway: the platform's only public edge.

It keeps nothing persistent. It checks tokens itself, checks roles for
every route, validates input, calls the services over RPC with a timeout,
and serves the OpenAPI document and the web client. Route groups live in
``gateway/routes``, one module per service.
"""

from nameko.dependency_providers import Config

from cybervaccine.logs import LogContext
from cybervaccine.metrics import Instrumentation
from gateway.dependencies import ServiceClients, TokenVerifier
from gateway.http import DEFAULT_MAX_REQUEST_BYTES
from gateway.routes.analytics import AnalyticsRoutes
from gateway.routes.directory import DirectoryRoutes
from gateway.routes.media import MediaRoutes
from gateway.routes.quiz import QuizRoutes
from gateway.routes.reports import ReportsRoutes
from gateway.routes.system import SystemRoutes
from gateway.routes.web import WebRoutes


class GatewayService(
    DirectoryRoutes, MediaRoutes, QuizRoutes, ReportsRoutes, AnalyticsRoutes, SystemRoutes, WebRoutes
):
    name = "gateway"

    config = Config()
    rpc = ServiceClients()
    tokens = TokenVerifier()
    instrumentation = Instrumentation()
    log_context = LogContext()

    @property
    def max_request_bytes(self):
        return int(self.config.get("MAX_REQUEST_BYTES") or DEFAULT_MAX_REQUEST_BYTES)
