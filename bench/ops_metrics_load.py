"""Send a short, bounded load through the gateway and show how each process's metrics moved.

Usage:
    python bench/ops_metrics_load.py            # against `make run` on 127.0.0.1:8000-8005
    python bench/ops_metrics_load.py --start    # start a platform of its own first

The script scrapes every process's /metrics before and after the load. It
prints how much the entrypoint counters grew, and the latency quantiles
estimated from the histogram buckets that the load filled. It only talks
to 127.0.0.1 and stops after ``--requests`` requests.
"""

import argparse
import concurrent.futures
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests
from prometheus_client.parser import text_string_to_metric_families

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PORTS = {"gateway": 8000, "directory": 8001, "media": 8002, "quiz": 8003, "reports": 8004, "analytics": 8005}
MAX_REQUESTS = 5000
MAX_CONCURRENCY = 16
LOAD = (
    ("GET", "/api/v1/units?level=bureau", None),
    ("GET", "/api/v1/scam-types", None),
    ("POST", "/api/v1/auth/login", {"username": "bench-nobody", "password": "not-a-password"}),
)
QUANTILES = (0.5, 0.95, 0.99)
SETTLE_TIMEOUT_SECONDS = 300
SETTLE_QUIET_SECONDS = 3


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", action="store_true", help="start a platform of its own on free loopback ports")
    parser.add_argument("--requests", type=int, default=300, help="requests to send in all (at most 5000)")
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight at once (at most 16)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= MAX_REQUESTS:
        parser.error("--requests must be between 1 and {}".format(MAX_REQUESTS))
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        parser.error("--concurrency must be between 1 and {}".format(MAX_CONCURRENCY))
    return args


def scrape(url):
    """Return {(sample name, sorted label items): value} from a /metrics URL."""
    response = requests.get(url, timeout=10)
    response.raise_for_status()
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def scrape_all(ports):
    return {process: scrape("http://127.0.0.1:{}/metrics".format(port)) for process, port in ports.items()}


def wait_until_settled(ports):
    """Wait until no outbox row waits and no event was handled for SETTLE_QUIET_SECONDS.

    Start-up work (the seed's events, for example) would otherwise mix with
    the load and its latencies.
    """
    deadline = time.monotonic() + SETTLE_TIMEOUT_SECONDS
    previous_handled = None
    while True:
        samples = scrape_all(ports)
        waiting = sum_samples(samples, "cybervaccine_outbox_pending")
        handled = sum_samples(samples, "cybervaccine_events_handled_total")
        if waiting == 0 and handled == previous_handled:
            return
        if time.monotonic() > deadline:
            raise SystemExit("the platform was still busy after {} s ({} outbox rows waiting)".format(
                SETTLE_TIMEOUT_SECONDS, int(waiting)))
        previous_handled = handled
        time.sleep(SETTLE_QUIET_SECONDS)


def sum_samples(samples, name):
    return sum(value for process in samples.values() for (sample, _), value in process.items() if sample == name)


def send_load(base_url, total, concurrency):
    """Send ``total`` requests from LOAD in turn; return {status code: count} and the elapsed seconds."""
    session = requests.Session()

    def send(number):
        method, path, body = LOAD[number % len(LOAD)]
        return session.request(method, base_url + path, json=body, timeout=30).status_code

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = list(pool.map(send, range(total)))
    elapsed = time.perf_counter() - started

    counts = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts, elapsed


def growth(before, after, name):
    """Return {labels: increase} for samples of ``name`` that grew."""
    grown = {}
    for (sample, labels), value in after.items():
        if sample == name:
            increase = value - before.get((sample, labels), 0.0)
            if increase > 0:
                grown[labels] = increase
    return grown


def quantile_from_buckets(buckets, q):
    """Estimate a quantile from cumulative bucket counts as Prometheus' histogram_quantile does."""
    ordered = sorted((float(bound), count) for bound, count in buckets.items())
    total = ordered[-1][1]
    if total == 0:
        return None
    rank = q * total
    lower_bound, lower_count = 0.0, 0.0
    for bound, count in ordered:
        if count >= rank:
            if bound == float("inf"):
                return lower_bound
            return lower_bound + (bound - lower_bound) * (rank - lower_count) / max(count - lower_count, 1e-9)
        lower_bound, lower_count = bound, count
    return lower_bound


def entrypoint_report(before, after):
    """Return one row per entrypoint that the load reached: calls by outcome and latency quantiles."""
    calls = growth(before, after, "cybervaccine_entrypoint_calls_total")
    buckets = growth(before, after, "cybervaccine_entrypoint_duration_seconds_bucket")
    rows = {}
    for labels, increase in calls.items():
        fields = dict(labels)
        key = (fields["service"], fields["kind"], fields["name"])
        rows.setdefault(key, {"outcomes": {}, "buckets": {}})["outcomes"][fields["outcome"]] = int(increase)
    for labels, increase in buckets.items():
        fields = dict(labels)
        key = (fields["service"], fields["kind"], fields["name"])
        if key in rows:
            rows[key]["buckets"][fields["le"]] = increase
    report = []
    for (service, kind, name), row in sorted(rows.items()):
        latency = {"p{}".format(int(q * 100)): quantile_from_buckets(row["buckets"], q) for q in QUANTILES}
        report.append({"service": service, "kind": kind, "name": name, "outcomes": row["outcomes"], "latency_s": latency})
    return report


def print_report(report, statuses, elapsed, total):
    print("Sent {} requests in {:.1f} s ({:.0f} requests/s); statuses {}".format(
        total, elapsed, total / elapsed, dict(sorted(statuses.items()))))
    print()
    print("{:<10} {:<5} {:<32} {:<34} {:>8} {:>8} {:>8}".format("service", "kind", "entrypoint", "calls by outcome",
                                                               "p50 ms", "p95 ms", "p99 ms"))
    for row in report:
        outcomes = ", ".join("{} {}".format(outcome, count) for outcome, count in sorted(row["outcomes"].items()))
        latency = ["{:8.1f}".format(value * 1000) if value is not None else "       -" for value in row["latency_s"].values()]
        print("{:<10} {:<5} {:<32} {:<34} {} {} {}".format(row["service"], row["kind"], row["name"][:32], outcomes, *latency))


def other_growth(before, after):
    """Return the growth of the event counters in every process."""
    names = ("cybervaccine_events_published_total", "cybervaccine_events_handled_total", "cybervaccine_dead_letters_total")
    moved = {}
    for process in after:
        for name in names:
            for labels, increase in growth(before[process], after[process], name).items():
                moved["{} {} {}".format(process, name, dict(labels))] = increase
    return moved


def run(ports, args):
    base_url = "http://127.0.0.1:{}".format(ports["gateway"])
    if urlsplit(base_url).hostname != "127.0.0.1":
        raise SystemExit("this script only sends load to 127.0.0.1")

    wait_until_settled(ports)
    before = scrape_all(ports)
    statuses, elapsed = send_load(base_url, args.requests, args.concurrency)
    time.sleep(1)  # let event handlers triggered by the load finish before the second scrape
    after = scrape_all(ports)

    report = []
    for process in ports:
        rows = entrypoint_report(before[process], after[process])
        report += [row for row in rows if row["service"] == process and row["name"] != "GET /metrics"]
    print_report(report, statuses, elapsed, args.requests)
    moved = other_growth(before, after)
    if moved:
        print()
        for key, increase in sorted(moved.items()):
            print("{}: +{:g}".format(key, increase))

    if args.json:
        args.json.write_text(json.dumps({"requests": args.requests, "concurrency": args.concurrency,
                                         "elapsed_s": elapsed, "statuses": statuses, "entrypoints": report},
                                        indent=2))
    return report


def main(argv=None):
    args = parse_args(argv)
    if not args.start:
        run(DEFAULT_PORTS, args)
        return

    sys.path.insert(0, str(PROJECT_ROOT))
    from e2e.platform import Platform

    with tempfile.TemporaryDirectory(prefix="cv-ops-bench-") as folder:
        platform = Platform(folder, admin_password="bench-" + uuid.uuid4().hex)
        platform.start()
        try:
            run(platform.ports, args)
        finally:
            platform.stop()


if __name__ == "__main__":
    main()
