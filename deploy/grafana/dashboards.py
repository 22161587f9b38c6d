"""Generate the Grafana dashboards in deploy/grafana/dashboards/ from one description.

Run ``python deploy/grafana/dashboards.py`` after changing a panel; the
tests fail when the committed JSON differs from what this script writes.
Every query reads metrics that the platform's processes export (see
docs/operations.md) or that RabbitMQ's rabbitmq_prometheus plugin exports.
No panel ranks or compares police units.
"""

import json
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent / "dashboards"
DATASOURCE = {"type": "prometheus", "uid": "prometheus"}
SERVICES = ("directory", "media", "quiz", "reports", "analytics")
PROCESSES = ("gateway",) + SERVICES
PROCESS_JOBS = "|".join(PROCESSES)
RATE = "$__rate_interval"
PANEL_WIDTH = 12
PANEL_HEIGHT = 8


def timeseries(title, queries, unit="short", description=""):
    """Return a time series panel; ``queries`` is a list of (expr, legend) pairs."""
    return {
        "type": "timeseries",
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "targets": [
            {"refId": chr(ord("A") + index), "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}
            for index, (expr, legend) in enumerate(queries)
        ],
        "fieldConfig": {"defaults": {"unit": unit, "min": 0}, "overrides": []},
        "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull", "max"]},
                    "tooltip": {"mode": "multi", "sort": "desc"}},
    }


def stat(title, expr, legend="", unit="short", thresholds=None, description=""):
    """Return a single-value panel; ``thresholds`` is a list of (value, colour) steps above the base."""
    steps = [{"color": "green", "value": None}]
    steps += [{"color": colour, "value": value} for value, colour in thresholds or ()]
    return {
        "type": "stat",
        "title": title,
        "description": description,
        "datasource": DATASOURCE,
        "targets": [{"refId": "A", "datasource": DATASOURCE, "expr": expr, "legendFormat": legend}],
        "fieldConfig": {"defaults": {"unit": unit, "thresholds": {"mode": "absolute", "steps": steps}},
                        "overrides": []},
        "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                    "colorMode": "background", "graphMode": "none", "textMode": "auto"},
    }


def row(title):
    return {"type": "row", "title": title, "collapsed": False, "panels": []}


def quantile(q, selector, by):
    return "histogram_quantile({}, sum by ({}, le) (rate(cybervaccine_entrypoint_duration_seconds_bucket{{{}}}[{}])))".format(
        q, by, selector, RATE
    )


def queue_pattern(service):
    """Return a regex for the service's RPC queue and its event handler queues (nameko's names)."""
    return "rpc-{0}|evt-.+--{0}\\\\..+".format(service)


def process_panels(job):
    return [
        stat("Copies running", 'sum(up{{job="{}"}})'.format(job), thresholds=[]),
        timeseries("CPU", [('sum by (instance) (rate(process_cpu_seconds_total{{job="{}"}}[{}]))'.format(job, RATE),
                            "{{instance}}")], unit="percentunit"),
        timeseries("Resident memory", [('process_resident_memory_bytes{{job="{}"}}'.format(job), "{{instance}}")],
                   unit="bytes"),
    ]


def entrypoint_panels(service, kind, label):
    selector = 'service="{}", kind="{}"'.format(service, kind)
    return [
        timeseries(
            "{} calls by outcome".format(label),
            [("sum by (name, outcome) (rate(cybervaccine_entrypoint_calls_total{{{}}}[{}]))".format(selector, RATE),
              "{{name}} {{outcome}}")],
            unit="reqps",
        ),
        timeseries(
            "{} latency (p50 and p99)".format(label),
            [(quantile(0.5, selector, "name"), "p50 {{name}}"), (quantile(0.99, selector, "name"), "p99 {{name}}")],
            unit="s",
        ),
    ]


def event_panels(service):
    selector = 'service="{}"'.format(service)
    return [
        timeseries(
            "Events handled by type and outcome",
            [("sum by (source, event_type, outcome) (rate(cybervaccine_events_handled_total{{{}}}[{}]))".format(selector, RATE),
              "{{source}}.{{event_type}} {{outcome}}")],
            unit="ops",
        ),
        timeseries(
            "Events published by type",
            [("sum by (event_type) (rate(cybervaccine_events_published_total{{{}}}[{}]))".format(selector, RATE),
              "{{event_type}}")],
            unit="ops",
        ),
        timeseries(
            "Outbox: rows waiting and age of the oldest",
            [("max(cybervaccine_outbox_pending{{{}}})".format(selector), "rows waiting"),
             ("max(cybervaccine_outbox_oldest_pending_age_seconds{{{}}})".format(selector), "oldest (s)")],
        ),
        timeseries(
            "Dead-lettered events (per hour)",
            [("sum by (event_type) (increase(cybervaccine_dead_letters_total{{{}}}[1h]))".format(selector),
              "{{event_type}}")],
        ),
    ]


def broker_panels(service):
    pattern = queue_pattern(service)
    return [
        timeseries(
            "Queue depth (ready messages)",
            [('sum by (queue) (rabbitmq_detailed_queue_messages_ready{{queue=~"{}"}})'.format(pattern), "{{queue}}")],
        ),
        timeseries(
            "Consumers per queue",
            [('sum by (queue) (rabbitmq_detailed_queue_consumers{{queue=~"{}"}})'.format(pattern), "{{queue}}")],
        ),
    ]


def database_panels(service):
    selector = 'service="{}"'.format(service)
    return [
        timeseries(
            "Database pool: connections in use and maximum",
            [("sum by (instance) (cybervaccine_db_pool_connections_in_use{{{}}})".format(selector), "in use {{instance}}"),
             ("max(cybervaccine_db_pool_connections_max{{{}}})".format(selector), "maximum per copy")],
        ),
    ]


def object_storage_panels(service):
    selector = 'service="{}"'.format(service)
    return [
        stat("Object store reachable", "min(cybervaccine_object_storage_up{{{}}})".format(selector),
             thresholds=[], description="1 when every copy's last bucket check succeeded."),
        timeseries(
            "Object storage errors by operation",
            [("sum by (operation, error) (rate(cybervaccine_object_storage_errors_total{{{}}}[{}]))".format(selector, RATE),
              "{{operation}} {{error}}")],
            unit="ops",
        ),
    ]


BUSINESS_PANELS = {
    "media": [
        timeseries("Media downloads by scam type (per hour)",
                   [("sum by (scam_type) (increase(cybervaccine_media_downloads_total[1h]))", "{{scam_type}}")]),
        timeseries("Uploads by outcome (per hour)",
                   [("sum by (outcome) (increase(cybervaccine_media_uploads_total[1h]))", "{{outcome}}")]),
        timeseries("Previews by file type and outcome (per hour)",
                   [("sum by (file_type, outcome) (increase(cybervaccine_media_previews_total[1h]))",
                     "{{file_type}} {{outcome}}")]),
    ],
    "quiz": [
        timeseries("Quiz completions by risk level (per hour)",
                   [("sum by (risk_level) (increase(cybervaccine_quiz_completions_total[1h]))", "{{risk_level}}")]),
    ],
    "reports": [
        timeseries("Reports filed by activity type (per hour)",
                   [("sum by (activity_type) (increase(cybervaccine_reports_filed_total[1h]))", "{{activity_type}}")]),
        timeseries("Reports amended or withdrawn (per hour)",
                   [("sum by (action) (increase(cybervaccine_reports_changed_total[1h]))", "{{action}}")]),
        timeseries("Report photos by outcome (per hour)",
                   [("sum by (outcome) (increase(cybervaccine_report_photos_total[1h]))", "{{outcome}}")]),
    ],
}
# Service health beyond the shared panels; the platform dashboard leaves these out.
INTERNAL_PANELS = {
    "analytics": [
        timeseries("Event lag: occurred to handled (p50 and p99)",
                   [("histogram_quantile(0.5, sum by (le) (rate(cybervaccine_analytics_event_lag_seconds_bucket[{}])))".format(RATE), "p50"),
                    ("histogram_quantile(0.99, sum by (le) (rate(cybervaccine_analytics_event_lag_seconds_bucket[{}])))".format(RATE), "p99")],
                   unit="s"),
        timeseries("Events added to the read models",
                   [("sum by (event_type) (rate(cybervaccine_analytics_events_folded_total[{}]))".format(RATE), "{{event_type}}")],
                   unit="ops"),
        timeseries("Events waiting for the read models",
                   [("max(cybervaccine_analytics_events_pending)", "waiting")]),
        timeseries("Read model batch duration (p99)",
                   [("histogram_quantile(0.99, sum by (le) (rate(cybervaccine_analytics_fold_duration_seconds_bucket[{}])))".format(RATE), "p99")],
                   unit="s"),
        timeseries("Case statistics imports (per day)",
                   [("sum by (outcome) (increase(cybervaccine_case_statistics_imports_total[1d]))", "{{outcome}}")]),
    ],
}
STORAGE_USERS = ("media", "reports")


def service_dashboard(service):
    panels = [row("Process")] + process_panels(service)
    panels += [row("RPC")] + entrypoint_panels(service, "rpc", "RPC")
    panels += [row("Events")] + entrypoint_panels(service, "event", "Event handler") + event_panels(service)
    panels += [row("Broker")] + broker_panels(service)
    panels += [row("Database")] + database_panels(service)
    if service in STORAGE_USERS:
        panels += [row("Object storage")] + object_storage_panels(service)
    if service in INTERNAL_PANELS:
        panels += [row("Read models")] + INTERNAL_PANELS[service]
    if service in BUSINESS_PANELS:
        panels += [row("Campaign activity")] + BUSINESS_PANELS[service]
    return dashboard("cv-{}".format(service), "Cyber Vaccine: {} service".format(service), panels)


def gateway_dashboard():
    selector = 'service="gateway", kind="http"'
    panels = [row("Process")] + process_panels("gateway")
    panels += [row("HTTP")]
    panels += [
        timeseries(
            "Requests by route and outcome",
            [("sum by (name, outcome) (rate(cybervaccine_entrypoint_calls_total{{{}}}[{}]))".format(selector, RATE),
              "{{name}} {{outcome}}")],
            unit="reqps",
        ),
        timeseries(
            "Server error ratio",
            [('sum(rate(cybervaccine_entrypoint_calls_total{{{}, outcome="server_error"}}[{}])) / '
              "sum(rate(cybervaccine_entrypoint_calls_total{{{}}}[{}]))".format(selector, RATE, selector, RATE),
              "server errors")],
            unit="percentunit",
        ),
        timeseries(
            "Latency, all routes (p50, p95, p99)",
            [(quantile(q, selector, "service"), "p{}".format(int(q * 100))) for q in (0.5, 0.95, 0.99)],
            unit="s",
        ),
        timeseries("Latency by route (p99)", [(quantile(0.99, selector, "name"), "{{name}}")], unit="s"),
        timeseries(
            "Requests rejected by rate limits",
            [("sum by (limit) (rate(cybervaccine_gateway_rate_limited_total[{}]))".format(RATE), "{{limit}}")],
            unit="reqps",
        ),
    ]
    return dashboard("cv-gateway", "Cyber Vaccine: gateway", panels)


def platform_dashboard():
    http = 'service="gateway", kind="http"'
    panels = [row("Processes")]
    panels += [
        stat("Processes up", 'sum(up{{job=~"{}"}})'.format(PROCESS_JOBS), description="Answering copies of all processes."),
        stat("Processes down", 'count(up{{job=~"{}"}} == 0) or vector(0)'.format(PROCESS_JOBS), thresholds=[(1, "red")]),
        timeseries("Copies running per process", [('sum by (job) (up{{job=~"{}"}})'.format(PROCESS_JOBS), "{{job}}")]),
    ]
    panels += [row("Traffic and errors")]
    panels += [
        timeseries("Gateway requests", [("sum by (outcome) (rate(cybervaccine_entrypoint_calls_total{{{}}}[{}]))".format(http, RATE),
                                         "{{outcome}}")], unit="reqps"),
        timeseries("Gateway latency (p99)", [(quantile(0.99, http, "service"), "p99")], unit="s"),
        timeseries(
            "Server error ratio by service",
            [('sum by (service) (rate(cybervaccine_entrypoint_calls_total{{outcome="server_error"}}[{0}])) / '
              "sum by (service) (rate(cybervaccine_entrypoint_calls_total[{0}]))".format(RATE), "{{service}}")],
            unit="percentunit",
        ),
        timeseries("RPC latency by service (p99)", [(quantile(0.99, 'kind="rpc"', "service"), "{{service}}")], unit="s"),
    ]
    panels += [row("Events and broker")]
    panels += [
        timeseries("Events published", [("sum by (service, event_type) (rate(cybervaccine_events_published_total[{}]))".format(RATE),
                                         "{{service}} {{event_type}}")], unit="ops"),
        timeseries("Events handled", [("sum by (service, source, event_type, outcome) (rate(cybervaccine_events_handled_total[{}]))".format(RATE),
                                       "{{service}}: {{source}}.{{event_type}} {{outcome}}")], unit="ops"),
        timeseries("Outbox rows waiting", [("max by (service) (cybervaccine_outbox_pending)", "{{service}}")]),
        timeseries("Oldest outbox row", [("max by (service) (cybervaccine_outbox_oldest_pending_age_seconds)", "{{service}}")], unit="s"),
        timeseries("Dead-lettered events (per hour)", [("sum by (service, event_type) (increase(cybervaccine_dead_letters_total[1h]))",
                                                        "{{service}} {{event_type}}")]),
        timeseries("Messages in dead-letter queues", [('sum by (queue) (rabbitmq_detailed_queue_messages{queue=~".+\\\\.dead-letter"})',
                                                       "{{queue}}")]),
        timeseries("Queue depth (ready messages)", [('sum by (queue) (rabbitmq_detailed_queue_messages_ready{queue!~".+\\\\.dead-letter"})',
                                                     "{{queue}}")]),
        timeseries("Queues without consumers", [('count(rabbitmq_detailed_queue_consumers{queue=~"rpc-.+|evt-.+", queue!~".+\\\\.dead-letter"} == 0) or vector(0)',
                                                 "queues")]),
    ]
    panels += [row("Storage")]
    panels += [
        timeseries("Database connections in use", [("sum by (service) (cybervaccine_db_pool_connections_in_use)", "{{service}}")]),
        timeseries("Object store reachable", [("min by (service) (cybervaccine_object_storage_up)", "{{service}}")]),
        timeseries("Object storage errors", [("sum by (service, error) (rate(cybervaccine_object_storage_errors_total[{}]))".format(RATE),
                                              "{{service}} {{error}}")], unit="ops"),
    ]
    panels += [row("Campaign activity")] + [panel for service in BUSINESS_PANELS for panel in BUSINESS_PANELS[service]]
    return dashboard("cv-platform", "Cyber Vaccine: platform", panels)


def dashboard(uid, title, panels):
    return {
        "uid": uid,
        "title": title,
        "tags": ["cybervaccine"],
        "timezone": "browser",
        "schemaVersion": 39,
        "version": 1,
        "editable": True,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "annotations": {"list": []},
        "templating": {"list": []},
        "links": [{"title": "Cyber Vaccine dashboards", "type": "dashboards", "tags": ["cybervaccine"], "asDropdown": True}],
        "panels": laid_out(panels),
    }


def laid_out(panels):
    """Number the panels and place them two to a row; a row header takes a full line."""
    placed, x, y = [], 0, 0
    for number, panel in enumerate(panels, start=1):
        panel = dict(panel, id=number)
        if panel["type"] == "row":
            y += PANEL_HEIGHT if x else 0
            panel["gridPos"] = {"h": 1, "w": 24, "x": 0, "y": y}
            x, y = 0, y + 1
        else:
            panel["gridPos"] = {"h": PANEL_HEIGHT, "w": PANEL_WIDTH, "x": x, "y": y}
            x += PANEL_WIDTH
            if x >= 24:
                x, y = 0, y + PANEL_HEIGHT
        placed.append(panel)
    return placed


def all_dashboards():
    """Return {file name: dashboard} for every dashboard."""
    dashboards = {"platform.json": platform_dashboard(), "gateway.json": gateway_dashboard()}
    dashboards.update({"{}.json".format(service): service_dashboard(service) for service in SERVICES})
    return dashboards


def render(dashboard_json):
    return json.dumps(dashboard_json, indent=2, ensure_ascii=False) + "\n"


def main():
    OUTPUT.mkdir(exist_ok=True)
    for name, content in all_dashboards().items():
        (OUTPUT / name).write_text(render(content))
        print("wrote", OUTPUT / name)


if __name__ == "__main__":
    main()
