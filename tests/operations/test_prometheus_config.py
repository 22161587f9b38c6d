"""Prometheus configuration and alert rules, checked and unit-tested with promtool."""

import subprocess

import yaml

from tests.operations.conftest import DEPLOY, require_tool

PROMETHEUS = DEPLOY / "prometheus"
EXPECTED_ALERTS = {
    "CyberVaccineProcessDown",
    "CyberVaccineServiceMissing",
    "CyberVaccineHighErrorRate",
    "CyberVaccineRpcLatencyHigh",
    "CyberVaccineOutboxStalled",
    "CyberVaccineOutboxBacklogGrowing",
    "CyberVaccineDeadLetters",
    "CyberVaccineDeadLetterQueueNotEmpty",
    "CyberVaccineQueueDepthGrowing",
    "CyberVaccineObjectStorageUnreachable",
}
PROCESS_JOBS = {"gateway", "directory", "media", "quiz", "reports", "analytics", "analytics-fold"}


def promtool(*args, cwd=PROMETHEUS):
    tool = require_tool("promtool", "Debian package prometheus")
    return subprocess.run([tool, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def alert_rules():
    rules = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())
    return {rule["alert"]: rule for group in rules["groups"] for rule in group["rules"] if "alert" in rule}


def test_promtool_accepts_rules():
    result = promtool("check", "rules", "alerts.yml")

    assert result.returncode == 0, result.stdout + result.stderr


def test_rule_unit_tests_pass():
    result = promtool("test", "rules", "alerts.test.yml")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_every_required_alert_exists():
    missing = EXPECTED_ALERTS - set(alert_rules())

    assert not missing


def test_every_alert_has_severity_and_summary():
    for name, rule in alert_rules().items():
        assert rule["labels"]["severity"] in ("warning", "critical"), name
        assert rule["annotations"]["summary"], name
        assert rule["annotations"]["description"], name


def test_every_alert_has_a_unit_test():
    tests = yaml.safe_load((PROMETHEUS / "alerts.test.yml").read_text())
    tested = {case["alertname"] for test in tests["tests"] for case in test["alert_rule_test"]}

    assert {"CyberVaccineProcessDown", "CyberVaccineHighErrorRate", "CyberVaccineDeadLetters",
            "CyberVaccineObjectStorageUnreachable", "CyberVaccineQueueDepthGrowing"} <= tested


def test_compose_prometheus_config_is_valid():
    result = promtool("check", "config", "prometheus.yml")

    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_config_scrapes_every_process_and_rabbitmq():
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}

    assert PROCESS_JOBS <= set(jobs)
    assert jobs["rabbitmq"]["static_configs"][0]["targets"] == ["rabbitmq:15692"]
    assert jobs["rabbitmq-queues"]["metrics_path"] == "/metrics/detailed"
    assert set(jobs["rabbitmq-queues"]["params"]["family"]) == {"queue_coarse_metrics", "queue_consumer_count"}


def test_compose_targets_match_process_ports():
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text())
    ports = {"gateway": 8000, "directory": 8001, "media": 8002, "quiz": 8003, "reports": 8004, "analytics": 8005,
             "analytics-fold": 8006}

    for job in config["scrape_configs"]:
        if job["job_name"] in ports:
            assert job["static_configs"][0]["targets"] == ["{}:{}".format(job["job_name"], ports[job["job_name"]])]


def test_kubernetes_prometheus_config_is_valid(tmp_path):
    """Debian's promtool is built without Kubernetes service discovery, so those
    blocks become static targets here; promtool checks everything else
    (relabelling, paths, parameters, rule files)."""
    config = yaml.safe_load((PROMETHEUS / "prometheus-kubernetes.yml").read_text())
    for job in config["scrape_configs"]:
        assert job.pop("kubernetes_sd_configs")[0]["role"] == "pod"
        job["static_configs"] = [{"targets": ["127.0.0.1:9"]}]
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(config))
    (tmp_path / "alerts.yml").write_text((PROMETHEUS / "alerts.yml").read_text())

    result = promtool("check", "config", "prometheus.yml", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_config_names_jobs_after_the_component_label():
    config = yaml.safe_load((PROMETHEUS / "prometheus-kubernetes.yml").read_text())
    platform = next(job for job in config["scrape_configs"] if job["job_name"] == "cybervaccine")
    job_rule = next(rule for rule in platform["relabel_configs"] if rule.get("target_label") == "job")

    assert job_rule["source_labels"] == ["__meta_kubernetes_pod_label_app_kubernetes_io_component"]
