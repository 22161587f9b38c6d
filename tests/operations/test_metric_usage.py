"""Every metric and label that a dashboard or an alert rule reads is exported by the code.

Queries are parsed with a PromQL parser. A metric named in a query must be
one that the platform's code registers (checked against the registry after
importing every module), one that RabbitMQ's rabbitmq_prometheus plugin
serves (checked against the broker running on this machine), or ``up``.
Label matchers and ``by``/``without`` labels must be labels of the metric
or labels that Prometheus adds to every target.
"""

import json
import re

import promql_parser
import pytest
import yaml

from tests.operations.conftest import DEPLOY, exported_metrics, import_platform_modules, rabbitmq_metric_names

TARGET_LABELS = {"job", "instance", "pod", "__name__"}
PROMETHEUS_METRICS = {"up": set()}
GRAFANA_VARIABLES = {"$__rate_interval": "5m", "$__interval": "1m", "$__range": "1h"}


def dashboard_queries():
    """Yield (dashboard file, panel title, expr) for every query of every dashboard."""
    for path in sorted((DEPLOY / "grafana" / "dashboards").glob("*.json")):
        dashboard = json.loads(path.read_text())
        for panel in dashboard["panels"]:
            for target in panel.get("targets", ()):
                yield path.name, panel["title"], target["expr"]


def rule_queries():
    """Yield ("alerts.yml", alert name, expr) for every rule."""
    rules = yaml.safe_load((DEPLOY / "prometheus" / "alerts.yml").read_text())
    for group in rules["groups"]:
        for rule in group["rules"]:
            yield "alerts.yml", rule.get("alert") or rule.get("record"), rule["expr"]


def parse(expr):
    for variable, value in GRAFANA_VARIABLES.items():
        expr = expr.replace(variable, value)
    return promql_parser.parse(expr)


def selectors_and_groupings(expr):
    """Return ([(metric, label names)], [(grouping labels, metrics under the aggregation)])."""
    selectors, groupings = [], []

    def visit(node):
        if isinstance(node, promql_parser.VectorSelector):
            labels = {matcher.name for matcher in node.matchers.matchers}
            selectors.append((node.name or "", labels))
        if isinstance(node, promql_parser.AggregateExpr) and node.modifier is not None:
            groupings.append((set(node.modifier.labels), metric_names(node.expr)))
        return None

    promql_parser.walk(parse(expr), visit)
    return selectors, groupings


def metric_names(node):
    names = set()

    def visit(child):
        if isinstance(child, promql_parser.VectorSelector):
            names.add(child.name)
        return None

    promql_parser.walk(node, visit)
    return names


ALL_QUERIES = list(dashboard_queries()) + list(rule_queries())


@pytest.fixture(scope="module")
def known_metrics():
    import_platform_modules()
    known = dict(exported_metrics())
    known.update(PROMETHEUS_METRICS)
    return known


@pytest.fixture(scope="module")
def rabbitmq_metrics():
    return rabbitmq_metric_names()


def test_queries_exist():
    names = {source for source, _, _ in ALL_QUERIES}

    assert {"platform.json", "gateway.json", "alerts.yml"} <= names
    assert {"directory.json", "media.json", "quiz.json", "reports.json", "analytics.json"} <= names


@pytest.mark.parametrize("source, title, expr", ALL_QUERIES, ids=["{}: {}".format(s, t) for s, t, _ in ALL_QUERIES])
def test_query_reads_exported_metrics(source, title, expr, known_metrics, rabbitmq_metrics):
    selectors, groupings = selectors_and_groupings(expr)
    assert selectors, "no metric in {!r}".format(expr)

    for metric, labels in selectors:
        if metric.startswith("rabbitmq_"):
            assert metric in rabbitmq_metrics, "{} is not served by rabbitmq_prometheus".format(metric)
            continue
        assert metric in known_metrics, "{} is not exported by the platform's code".format(metric)
        unknown = labels - known_metrics[metric] - TARGET_LABELS
        assert not unknown, "{} has no label {}".format(metric, sorted(unknown))

    for grouping, metrics in groupings:
        ours = [metric for metric in metrics if metric in known_metrics]
        if len(ours) != 1 or len(metrics) != 1:
            continue
        unknown = grouping - known_metrics[ours[0]] - TARGET_LABELS
        assert not unknown, "{} is grouped by labels it does not have: {}".format(ours[0], sorted(unknown))


def test_business_metrics_are_exported(known_metrics):
    """The campaign counters the dashboards show, with their bounded labels."""
    expected = {
        "cybervaccine_media_downloads_total": {"scam_type"},
        "cybervaccine_quiz_completions_total": {"risk_level"},
        "cybervaccine_reports_filed_total": {"activity_type"},
        "cybervaccine_object_storage_errors_total": {"service", "operation", "error"},
    }

    for name, labels in expected.items():
        assert name in known_metrics, "{} is not exported".format(name)
        assert labels <= known_metrics[name], "{} lacks labels {}".format(name, sorted(labels - known_metrics[name]))


def test_metric_labels_are_bounded(known_metrics):
    """No label of a platform metric is named after an unbounded value."""
    unbounded = re.compile(r"(^|_)(id|ids|path|url|uuid|user|username|email|phone|ip|request_id|query)$")

    for name, labels in known_metrics.items():
        if not name.startswith("cybervaccine_"):
            continue
        bad = sorted(label for label in labels if unbounded.search(label))
        assert not bad, "{} has unbounded labels {}".format(name, bad)
