"""The gateway's health, OpenAPI, metrics and timeout behaviour."""

import eventlet
import requests

from cybervaccine.entrypoints import rpc
from gateway.service import GatewayService
from services.analytics.service import AnalyticsService
from services.directory.service import DirectoryService
from services.media.service import MediaService
from services.quiz.service import QuizService
from services.reports.service import ReportsService
from tests import support


class SlowDirectory:
    """Stands in for a directory service that hangs, which a real one cannot be made to do on demand."""

    name = "directory"

    @rpc
    def login(self, credentials):
        eventlet.sleep(5)
        return {}


def test_health_is_ok_with_every_component(service_config, start_platform):
    support.seed_directory(service_config)
    start_platform(GatewayService, DirectoryService, MediaService, QuizService, ReportsService, AnalyticsService)
    url = "http://{}/health".format(service_config["WEB_SERVER_ADDRESS"])

    response = support.wait_for(lambda: _ok(requests.get(url, timeout=10)), timeout=30, message="healthy platform")

    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert body["components"]["object_storage"] == "ok"
    assert body["components"]["database:quiz"] == "ok"


def _ok(response):
    return response if response.status_code == 200 else None


def test_health_names_what_is_down(service_config, start_platform):
    support.seed_directory(service_config)
    start_platform(GatewayService, DirectoryService)

    response = requests.get("http://{}/health".format(service_config["WEB_SERVER_ADDRESS"]), timeout=20)

    assert response.status_code == 503
    body = response.json()
    assert body["components"]["service:directory"] == "ok"
    assert body["components"]["broker"] == "ok"
    assert "service:media" in body["down"]
    assert "service:analytics" in body["down"]


def test_openapi_lists_routes_and_error_schema(gateway):
    response = gateway.get("/openapi.json")

    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/auth/login" in spec["paths"]
    assert "/api/v1/units/{unit_id}" in spec["paths"]
    login = spec["paths"]["/api/v1/auth/login"]["post"]
    assert "requestBody" in login
    assert set(spec["components"]["schemas"]["Error"]["required"]) == {"error", "message"}
    assert spec["paths"]["/api/v1/me"]["get"]["security"] == [{"bearer": []}]


def test_metrics_use_route_templates(gateway, service_config):
    gateway.get("/api/v1/units/1")
    gateway.get("/api/v1/units/2")

    text = requests.get("http://{}/metrics".format(service_config["WEB_SERVER_ADDRESS"]), timeout=10).text

    assert 'name="GET /api/v1/units/<int:unit_id>"' in text
    assert "/api/v1/units/1\"" not in text
    assert "cybervaccine_entrypoint_duration_seconds_bucket" in text


def test_slow_service_becomes_504(service_config, start_platform):
    config = dict(service_config, RPC_TIMEOUT=1)
    start_platform(GatewayService, SlowDirectory, config=config)
    client = support.ApiClient("http://" + config["WEB_SERVER_ADDRESS"], language="en")

    response = client.post("/api/v1/auth/login", json={"username": "admin", "password": "x"})

    assert response.status_code == 504
    assert response.json()["error"] == "service_timeout"
    assert "directory" in response.json()["message"]


def test_missing_service_becomes_503(service_config, start_platform):
    start_platform(GatewayService)
    client = support.ApiClient("http://" + service_config["WEB_SERVER_ADDRESS"])

    response = client.get("/api/v1/units")

    assert response.status_code == 503
    assert response.json()["error"] == "service_unavailable"


def test_web_client_is_served(gateway):
    index = gateway.get("/")
    script = gateway.get("/static/common.js")
    missing = gateway.get("/static/../config.yaml")

    assert index.status_code == 200
    assert "ไซเบอร์วัคซีน" in index.text
    assert script.headers["Content-Type"].startswith("application/javascript")
    assert missing.status_code == 404
