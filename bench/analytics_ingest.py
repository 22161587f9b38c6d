"""Measure how fast the analytics service consumes a burst of quiz_completed events.

Usage:
    python bench/analytics_ingest.py                  # 100,000 events, one service process folding itself
    python bench/analytics_ingest.py --events 20000   # a shorter run
    python bench/analytics_ingest.py --copies 2 --fold-process   # two consumers and a fold worker

It creates a RabbitMQ vhost and a PostgreSQL database of its own on
127.0.0.1, migrates the analytics schema, declares the handler queues and
starts the analytics service with ``nameko run`` in a subprocess, as
``make run`` does. It then publishes the events (persistent messages on the
``quiz.events`` exchange) as fast as one kombu connection can and polls the
event log until every event is in the read models. Reported:

- ingestion rate: events / seconds from the first publish until the last
  event is in the read models (handled and folded);
- handling lag: now − occurred_at when the handler ran, from the service's
  ``cybervaccine_analytics_event_lag_seconds`` histogram;
- read-model lag: for the event at the head of the log at each poll, the
  time since it was published (events are folded in log order);
- the baseline: the same events consumed by ``bench/analytics_echo.py``, a
  nameko service with the platform's per-event handler that only counts
  (50 workers), in a vhost of its own after the main run, and the ratio of
  the two rates.

Everything it creates is removed at the end. It stops after ``--timeout``
seconds even when the service has not caught up.
"""

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests
from kombu import Connection, Exchange, Producer
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from cybervaccine import areas, events, migrations  # noqa: E402
from cybervaccine.messaging import declare_handler_queues  # noqa: E402
from tests import support  # noqa: E402

POSTGRES_URI = os.environ.get("TEST_POSTGRES_URI", "postgresql://postgres@127.0.0.1:5432/postgres")
MANAGEMENT_API = os.environ.get("RABBIT_MANAGEMENT_URL", "http://127.0.0.1:15672")
MAX_EVENTS = 200_000
SCAM_TYPES = ("shopping", "job", "loan", "investment", "call-center", "impersonation", "reward",
              "remote-access", "romance", "digital-asset", "shopping-organised", "hacking")
RISK_LEVELS = ("low", "medium", "high")
POLL_SECONDS = 0.25
ECHO_WORKERS = 50


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="events to publish (at most 200,000)")
    parser.add_argument("--workers", type=int, default=50, help="max_workers (and so the prefetch count) of the service")
    parser.add_argument("--copies", type=int, default=1, choices=range(1, 5),
                        help="copies of the service consuming the same queues (at most 4)")
    parser.add_argument("--timeout", type=float, default=900, help="give up after this many seconds")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--no-baseline", action="store_true", help="skip the echo consumer run")
    parser.add_argument("--fold-process", action="store_true",
                        help="fold in a separate process (services.analytics.fold_worker), not in the service")
    args = parser.parse_args(argv)
    if not 1 <= args.events <= MAX_EVENTS:
        parser.error("--events must be between 1 and {}".format(MAX_EVENTS))
    return args


def quiz_payloads(count, seed=7):
    """Build ``count`` quiz_completed events spread over the districts, 3–6 scam types each."""
    random.seed(seed)
    events.load_all()
    district_list = list(areas.districts().values())
    payloads = []
    for _ in range(count):
        district = random.choice(district_list)
        types = random.sample(SCAM_TYPES, random.randint(3, 6))
        scores = []
        for scam_type in types:
            total = random.randint(1, 3)
            correct = random.randint(0, total)
            scores.append({"scam_type": scam_type, "correct": correct, "total": total, "score": round(100 * correct / total)})
        fields = {
            "attempt_id": str(uuid.uuid4()),
            "quiz_version": 1,
            "province_code": district.province_code,
            "district_code": district.code,
            "age_group": None,
            "station_unit_id": None,
            "campaign_code": None,
            "total_score": random.randint(0, 100),
            "risk_level": random.choice(RISK_LEVELS),
            "type_scores": scores,
            "completed_at": "2026-11-20T03:00:00+00:00",
        }
        payloads.append(events.build_event("quiz", "quiz_completed", fields))
    return payloads


def write_config(folder, fold_in_service):
    """Write config.yaml plus the analytics settings this run needs; return its path."""
    content = (PROJECT_ROOT / "config.yaml").read_text(encoding="utf-8")
    content += "\nANALYTICS_FOLD_IN_SERVICE: {}\n".format("true" if fold_in_service else "false")
    path = folder / "config.yaml"
    path.write_text(content, encoding="utf-8")
    return path


def start_service(env, port, log_path, target="services.analytics.service:AnalyticsService", config="config.yaml"):
    command = [str(Path(sys.executable).with_name("nameko")), "run", "--config", str(config), target]
    env = dict(env, WEB_SERVER_ADDRESS="127.0.0.1:{}".format(port))
    log = open(log_path, "wb")
    return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def wait_until_ready(port, process, timeout=60, path="/health/live"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the service stopped while starting")
        try:
            if requests.get("http://127.0.0.1:{}{}".format(port, path), timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("the service did not start within {} s".format(timeout))


def publish(amqp_uri, payloads):
    """Publish the events; return the monotonic time at which each one was sent."""
    exchange = Exchange("quiz.events", type="topic", durable=True)
    sent = []
    with Connection(amqp_uri) as connection:
        producer = Producer(connection.channel(), exchange=exchange, serializer="json")
        for payload in payloads:
            producer.publish(payload, routing_key="quiz_completed", delivery_mode=2)
            sent.append(time.monotonic())
    return sent


def lag_histogram(ports):
    """Return [(upper bound, cumulative count)] of the handling lag histogram, summed over the copies."""
    counts = {}
    for port in ports:
        response = requests.get("http://127.0.0.1:{}/metrics".format(port), timeout=10)
        for family in text_string_to_metric_families(response.text):
            if family.name == "cybervaccine_analytics_event_lag_seconds":
                for sample in family.samples:
                    if sample.name.endswith("_bucket"):
                        bound = float(sample.labels["le"])
                        counts[bound] = counts.get(bound, 0) + sample.value
    return sorted(counts.items())


def quantile_from_buckets(buckets, quantile):
    total = buckets[-1][1] if buckets else 0
    for bound, count in buckets:
        if total and count >= quantile * total:
            return bound
    return None


def watch_progress(engine, total, timeout):
    """Poll the log; return [(monotonic time, events handled, events folded)] until all are folded."""
    samples = []
    deadline = time.monotonic() + timeout
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            handled, folded = connection.execute(text(
                "SELECT count(*), count(*) FILTER (WHERE applied) FROM analytics.event_log"
            )).one()
            connection.rollback()
            samples.append((time.monotonic(), handled, folded))
            if folded >= total:
                break
            time.sleep(POLL_SECONDS)
    return samples


def run_baseline(args, payloads, folder):
    """Consume the same events with the echo consumer; return its rate in events per second."""
    from bench.analytics_echo import EchoConsumer

    vhost = "cvbench_{}".format(uuid.uuid4().hex[:10])
    amqp_uri = "amqp://guest:guest@127.0.0.1:5672/{}".format(vhost)
    port = support.free_port()
    _vhost("PUT", vhost)
    process = None
    try:
        with Connection(amqp_uri) as connection:
            declare_handler_queues(connection, [EchoConsumer])
        # 50 workers (and so 50 messages prefetched) keep the echo busy rather than waiting on the broker.
        env = dict(os.environ, AMQP_URI=amqp_uri, DATA_DIR=str(folder), MAX_WORKERS=str(ECHO_WORKERS),
                   LOG_LEVEL="WARNING", PYTHONWARNINGS="ignore")
        process = start_service(env, port, folder / "echo.log", "bench.analytics_echo:EchoConsumer")
        wait_until_ready(port, process, path="/count")

        started = time.monotonic()
        publish(amqp_uri, payloads)
        deadline = started + args.timeout
        while time.monotonic() < deadline:
            count = requests.get("http://127.0.0.1:{}/count".format(port), timeout=10).json()["count"]
            if count >= len(payloads):
                break
            time.sleep(POLL_SECONDS)
        return round(count / (time.monotonic() - started))
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        _vhost("DELETE", vhost)


def run(args):
    database = "cvbench_{}".format(uuid.uuid4().hex[:10])
    vhost = "cvbench_{}".format(uuid.uuid4().hex[:10])
    url = support.database_url(POSTGRES_URI, database)
    amqp_uri = "amqp://guest:guest@127.0.0.1:5672/{}".format(vhost)
    ports = [support.free_port() for _ in range(args.copies)]
    folder = Path(tempfile.mkdtemp(prefix="cv-bench-"))
    processes = []

    support.create_database(POSTGRES_URI, database)
    _vhost("PUT", vhost)
    try:
        migrations.upgrade("analytics", {"DATABASE_URL": url})
        from services.analytics.service import AnalyticsService

        with Connection(amqp_uri) as connection:
            declare_handler_queues(connection, [AnalyticsService])

        # Port 9 (discard) refuses connections, so the service never writes to an object store someone else runs.
        env = dict(os.environ, AMQP_URI=amqp_uri, DATABASE_URL=url, DATA_DIR=str(folder), S3_ENDPOINT="127.0.0.1:9",
                   MAX_WORKERS=str(args.workers), LOG_LEVEL="WARNING", PYTHONWARNINGS="ignore")
        config = write_config(folder, fold_in_service=not args.fold_process)
        for number, port in enumerate(ports):
            processes.append(start_service(env, port, folder / "analytics-{}.log".format(number), config=config))
        for port, process in zip(ports, processes):
            wait_until_ready(port, process)
        if args.fold_process:
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "services.analytics.fold_worker", "--config", str(config)],
                cwd=PROJECT_ROOT, env=env, stdout=open(folder / "fold.log", "wb"), stderr=subprocess.STDOUT,
                start_new_session=True,
            ))

        payloads = quiz_payloads(args.events)
        engine = create_engine(url)
        started = time.monotonic()
        sent = publish(amqp_uri, payloads)
        published = time.monotonic()
        samples = watch_progress(engine, args.events, args.timeout - (published - started))
        engine.dispose()
        results = summarise(args, started, published, sent, samples, lag_histogram(ports))
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        support.drop_database(POSTGRES_URI, database)
        _vhost("DELETE", vhost)

    if not args.no_baseline:
        results["echo_rate"] = run_baseline(args, payloads, folder)
        results["ratio_to_echo"] = round(results["ingestion_rate"] / results["echo_rate"], 2)
    return results


def summarise(args, started, published, sent, samples, buckets):
    finished_at, handled, folded = samples[-1]
    handled_at = next((moment for moment, count, _ in samples if count >= args.events), None)
    read_model_lags = []
    for moment, _, count in samples:
        if 0 < count <= len(sent):
            read_model_lags.append(moment - sent[count - 1])
    read_model_lags.sort()

    def percentile(values, share):
        return values[min(len(values) - 1, int(share * len(values)))] if values else None

    return {
        "events": args.events,
        "copies": args.copies,
        "fold_process": args.fold_process,
        "max_workers": args.workers,
        "publish_seconds": round(published - started, 2),
        "publish_rate": round(args.events / (published - started)),
        "all_handled_seconds": round(handled_at - started, 2) if handled_at else None,
        "all_folded_seconds": round(finished_at - started, 2),
        "folded": folded,
        "ingestion_rate": round(folded / (finished_at - started)),
        "handling_lag_p50_seconds_at_most": quantile_from_buckets(buckets, 0.5),
        "handling_lag_p95_seconds_at_most": quantile_from_buckets(buckets, 0.95),
        "read_model_lag_p50_seconds": round(percentile(read_model_lags, 0.5) or 0, 2),
        "read_model_lag_max_seconds": round(read_model_lags[-1], 2) if read_model_lags else None,
    }


def _vhost(method, name):
    auth = ("guest", "guest")
    requests.request(method, "{}/api/vhosts/{}".format(MANAGEMENT_API, name), auth=auth, timeout=10).raise_for_status()
    if method == "PUT":
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        requests.put("{}/api/permissions/{}/guest".format(MANAGEMENT_API, name), json=permissions, auth=auth,
                     timeout=10).raise_for_status()


def main(argv=None):
    args = parse_args(argv)
    results = run(args)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
