"""Routes for operators: health, metrics and the OpenAPI document."""

import json

import eventlet
from nameko.constants import AMQP_URI_CONFIG_KEY
from werkzeug.wrappers import Response

from cybervaccine import metrics, storage
from cybervaccine.manage import SERVICES
from cybervaccine.operations import check_broker
from gateway import openapi
from gateway.http import JSON_TYPE, ROUTES, api_http

HEALTH_TIMEOUT_SECONDS = 3


class SystemRoutes:
    @api_http("GET", "/health")
    def health(self, request):
        """Report broker, services, their databases and object storage: 200 if all are up, else 503."""
        pool = eventlet.GreenPool()
        broker = pool.spawn(self._component_status, check_broker, self.config[AMQP_URI_CONFIG_KEY])
        object_storage = pool.spawn(self._component_status, storage.check, self.config)
        services = {name: pool.spawn(self._service_status, name) for name in SERVICES}

        components = {"broker": broker.wait(), "object_storage": object_storage.wait()}
        for name, thread in services.items():
            components["service:" + name], components["database:" + name] = thread.wait()

        down = sorted(name for name, status in components.items() if status != "ok")
        body = {"status": "ok" if not down else "degraded", "components": components, "down": down}
        return Response(json.dumps(body), status=200 if not down else 503, content_type=JSON_TYPE)

    def _component_status(self, check, argument):
        try:
            with eventlet.Timeout(HEALTH_TIMEOUT_SECONDS):
                check(argument)
            return "ok"
        except (Exception, eventlet.Timeout):
            return "down"

    def _service_status(self, name):
        """Return (service status, database status) from the service's ping."""
        try:
            with eventlet.Timeout(HEALTH_TIMEOUT_SECONDS):
                reply = getattr(self.rpc, name).ping()
            return "ok", reply.get("database", "down")
        except (Exception, eventlet.Timeout):
            return "down", "unknown"

    @api_http("GET", "/metrics")
    def metrics(self, request):
        return metrics.metrics_response(request)

    @api_http("GET", "/health/live")
    def live(self, request):
        return Response('{"status": "ok"}', content_type=JSON_TYPE)

    @api_http("GET", "/health/ready")
    def ready(self, request):
        """Report ready when the broker responds, because the gateway keeps no other state."""
        status = self._component_status(check_broker, self.config[AMQP_URI_CONFIG_KEY])
        return Response(json.dumps({"status": status}), status=200 if status == "ok" else 503, content_type=JSON_TYPE)

    @api_http("GET", "/openapi.json")
    def openapi_document(self, request):
        return Response(json.dumps(openapi.build_spec(ROUTES), ensure_ascii=False), content_type=JSON_TYPE)
