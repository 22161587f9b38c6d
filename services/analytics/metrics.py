"""Business metrics of the analytics service (labels are event types, a bounded set)."""

from prometheus_client import Counter, Gauge, Histogram

LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)

EVENT_LAG = Histogram(
    "cybervaccine_analytics_event_lag_seconds",
    "Time from an event's occurred_at to its handling by the analytics service.",
    ["event_type"],
    buckets=LAG_BUCKETS,
)
EVENTS_RECEIVED = Counter(
    "cybervaccine_analytics_events_received_total",
    "Events received by the analytics handlers, by outcome: new, duplicate (a redelivery) or invalid.",
    ["event_type", "outcome"],
)
EVENTS_FOLDED = Counter(
    "cybervaccine_analytics_events_folded_total",
    "Events added to the analytics read models.",
    ["event_type"],
)
EVENTS_PENDING = Gauge(
    "cybervaccine_analytics_events_pending",
    "Events stored in the analytics event log but not yet added to the read models.",
)
FOLD_DURATION = Histogram(
    "cybervaccine_analytics_fold_duration_seconds",
    "Time to add one batch of events to the read models.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
CASE_STATISTICS_IMPORTS = Counter(
    "cybervaccine_case_statistics_imports_total",
    "Case statistics files imported, by outcome (active or rejected).",
    ["outcome"],
)
