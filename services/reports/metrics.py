"""Business metrics of the reports service.

Labels are bounded: activity types are a fixed list, and photo outcomes are
"ready" or a fixed rejection code.
"""

from prometheus_client import Counter, Histogram

REPORTS_FILED = Counter(
    "cybervaccine_reports_filed_total",
    "Outreach reports stored (a repeated submission of the same report is not counted).",
    ["activity_type"],
)
REPORTS_CHANGED = Counter(
    "cybervaccine_reports_changed_total",
    "Reports amended or withdrawn by a unit head.",
    ["action"],
)
PHOTOS = Counter(
    "cybervaccine_report_photos_total",
    "Report photos that finished, by outcome (ready, or the rejection code).",
    ["outcome"],
)
FILING_BATCH = Histogram(
    "cybervaccine_reports_filing_batch_size",
    "New reports stored together in one transaction.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 200),
)
REPORTS_SETTLED = Counter(
    "cybervaccine_reports_settled_total",
    "New reports added to the roll-up totals by the service's timer (roll-ups add the rest themselves).",
)
