"""Grafana dashboards: generated from deploy/grafana/dashboards.py, well formed, provisioned."""

import importlib.util
import json

import yaml

from tests.operations.conftest import DEPLOY

GRAFANA = DEPLOY / "grafana"


def generator():
    spec = importlib.util.spec_from_file_location("dashboards_generator", GRAFANA / "dashboards.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_dashboards_match_generator():
    module = generator()

    for name, dashboard in module.all_dashboards().items():
        committed = (GRAFANA / "dashboards" / name).read_text()
        assert committed == module.render(dashboard), "{} is stale: run python deploy/grafana/dashboards.py".format(name)


def test_platform_and_every_process_have_a_dashboard():
    names = {path.name for path in (GRAFANA / "dashboards").glob("*.json")}

    assert names == {"platform.json", "gateway.json", "directory.json", "media.json", "quiz.json",
                     "reports.json", "analytics.json"}


def test_dashboards_are_well_formed():
    uids = set()
    for path in (GRAFANA / "dashboards").glob("*.json"):
        dashboard = json.loads(path.read_text())
        ids = [panel["id"] for panel in dashboard["panels"]]

        assert dashboard["uid"] not in uids, path.name
        assert len(ids) == len(set(ids)), path.name
        for panel in dashboard["panels"]:
            assert set(panel["gridPos"]) == {"h", "w", "x", "y"}, (path.name, panel["title"])
            assert panel["gridPos"]["x"] + panel["gridPos"]["w"] <= 24, (path.name, panel["title"])
            if panel["type"] != "row":
                assert panel["datasource"]["uid"] == "prometheus", (path.name, panel["title"])
                assert panel["targets"], (path.name, panel["title"])
        uids.add(dashboard["uid"])


def test_provisioning_points_at_the_dashboards():
    datasource = yaml.safe_load((GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())
    provider = yaml.safe_load((GRAFANA / "provisioning" / "dashboards" / "cybervaccine.yml").read_text())
    compose = yaml.safe_load((DEPLOY.parent / "docker-compose.yml").read_text())
    grafana_volumes = compose["services"]["grafana"]["volumes"]

    assert datasource["datasources"][0]["uid"] == "prometheus"
    assert datasource["datasources"][0]["url"] == "http://prometheus:9090"
    assert "./deploy/grafana/dashboards:{}:ro".format(provider["providers"][0]["options"]["path"]) in grafana_volumes
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning:ro" in grafana_volumes
