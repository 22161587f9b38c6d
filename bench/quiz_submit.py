"""Measure full quiz submissions per second through the gateway against a bare nameko HTTP→RPC echo.

Usage:
    python bench/quiz_submit.py                         # 20 clients, 20 s per phase
    python bench/quiz_submit.py --clients 20 --duration 30
    python bench/quiz_submit.py --rounds 3              # three quiz/echo pairs, median ratio

It creates a RabbitMQ vhost and a PostgreSQL database of its own on
127.0.0.1 and migrates and seeds the quiz schema. It then starts these
with ``nameko run`` in subprocesses, as ``make run`` does: the quiz
service, the gateway (rate limit off) and, for the baseline, the echo pair
of ``bench/quiz_echo.py``. The media service is not started, so results
get no media suggestions, the path a result takes when media is down (the
gateway then skips the media service for 15 s at a time). Then, with
``--clients`` threads each holding a keep-alive connection:

1. preparation (not timed): start enough attempts for the submission phase;
2. quiz: each client submits all answers of one attempt after another
   (``POST /api/v1/quiz/attempts/{id}/answers`` with an Idempotency-Key) for
   ``--duration`` seconds;
3. echo: each client posts a body of the same size to the echo route for
   ``--duration`` seconds.

With ``--rounds N`` phases 2 and 3 alternate N times, so that a change in
the machine's speed during the run shows as a spread of the ratios.

Reported: requests per second and p50/p99 latency of each phase, CPU time
per request of each process, the mean number of submissions the quiz
service stored per batch, and the ratio quiz / echo of each round
and their median. Every process and everything created is removed at the
end; the run stops after the phases whatever happens.
"""

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import requests

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from tests import support  # noqa: E402

POSTGRES_URI = os.environ.get("TEST_POSTGRES_URI", "postgresql://postgres@127.0.0.1:5432/postgres")
MANAGEMENT_API = os.environ.get("RABBIT_MANAGEMENT_URL", "http://127.0.0.1:15672")
MAX_DURATION_SECONDS = 300
MAX_CLIENTS = 200
MAX_ROUNDS = 5
BATCH_HISTOGRAM = "cybervaccine_quiz_submission_batch_size"
ATTEMPTS_PER_SECOND_ESTIMATE = 400
SHARED_PROCESSES = {"beam.smp": "rabbitmq", "postgres": "postgres", "postmaster": "postgres"}


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (1–200)")
    parser.add_argument("--duration", type=float, default=20, help="seconds per timed phase (at most 300)")
    parser.add_argument("--workers", type=int, default=10, help="max_workers of every nameko process")
    parser.add_argument("--rounds", type=int, default=1, help="quiz/echo phase pairs, one after another (1–5)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION_SECONDS:
        parser.error("--clients must be 1–{} and --duration 0–{} s".format(MAX_CLIENTS, MAX_DURATION_SECONDS))
    if not 1 <= args.rounds <= MAX_ROUNDS:
        parser.error("--rounds must be 1–{}".format(MAX_ROUNDS))
    return args


# The platform pieces

class Processes:
    """The nameko processes of one run, each in its own session so that it stops with its children."""

    def __init__(self, folder, env):
        self.folder = folder
        self.env = env
        self.running = []

    def start(self, target, port, config):
        command = [str(Path(sys.executable).with_name("nameko")), "run", "--config", str(config), target]
        env = dict(self.env, WEB_SERVER_ADDRESS="127.0.0.1:{}".format(port))
        log = open(self.folder / "{}.log".format(target.split(":")[-1]), "wb")
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.running.append(process)
        return process

    def stop(self):
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def wait_until(url, processes, timeout=90, method="GET", body=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes.running):
            raise RuntimeError("a process stopped while starting; see the logs in {}".format(processes.folder))
        try:
            response = requests.request(method, url, json=body, timeout=5)
            if response.status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("{} did not respond within {} s".format(url, timeout))


def manage(env, *command):
    result = subprocess.run([sys.executable, "-m", "cybervaccine.manage", *command], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError("manage {} failed:\n{}".format(" ".join(command), result.stderr))


def vhost(name, method):
    auth = ("guest", "guest")
    url = "{}/api/vhosts/{}".format(MANAGEMENT_API, name)
    requests.request(method, url, auth=auth, timeout=10).raise_for_status()
    if method == "PUT":
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        requests.put("{}/api/permissions/{}/guest".format(MANAGEMENT_API, name), json=permissions, auth=auth,
                     timeout=10).raise_for_status()


def write_config(folder):
    """Write the platform's config.yaml with the quiz rate limit turned off (the load comes from one address)."""
    path = folder / "config.yaml"
    text = (PROJECT_ROOT / "config.yaml").read_text()
    path.write_text(text + "\nRATE_LIMIT_QUIZ_PER_MINUTE: 0\n")
    return path


# Load

def run_clients(clients, duration, work):
    """Run ``work(session)`` in a loop on each client until ``duration`` passes; return (latencies, seconds).

    ``work`` returns the latency of the request it timed, or None when it had nothing left to do.
    """
    latencies = [[] for _ in range(clients)]
    failures = []
    started = time.monotonic()
    deadline = started + duration

    def loop(index):
        session = requests.Session()
        while time.monotonic() < deadline and not failures:
            try:
                latency = work(session)
            except Exception as error:
                failures.append(error)
                return
            if latency is None:
                return
            latencies[index].append(latency)

    threads = [threading.Thread(target=loop, args=(index,)) for index in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [value for values in latencies for value in values], time.monotonic() - started


def timed_post(session, url, body, headers=None):
    started = time.perf_counter()
    response = session.post(url, json=body, headers=headers, timeout=30)
    elapsed = time.perf_counter() - started
    if response.status_code >= 300:
        raise RuntimeError("{} returned {}: {}".format(url, response.status_code, response.text[:300]))
    return elapsed, response


def prepare_attempts(base, clients, count):
    """Start ``count`` attempts (untimed); return a thread-safe stack of (attempt id, answers)."""
    prepared = []
    lock = threading.Lock()

    def start(session):
        with lock:
            if len(prepared) >= count:
                return None
        _, response = timed_post(session, base + "/api/v1/quiz/attempts", {"province_code": "TH-50"})
        attempt = response.json()
        answers = [{"question_id": q["id"], "choice_id": q["choices"][0]["id"]} for q in attempt["questions"]]
        with lock:
            prepared.append((attempt["attempt_id"], answers))
        return 0.0

    run_clients(clients, MAX_DURATION_SECONDS, start)
    return prepared


def measure_quiz(base, clients, duration, prepared):
    lock = threading.Lock()

    def submit(session):
        with lock:
            if not prepared:
                return None
            attempt_id, answers = prepared.pop()
        url = "{}/api/v1/quiz/attempts/{}/answers".format(base, attempt_id)
        latency, _ = timed_post(session, url, {"answers": answers}, {"Idempotency-Key": uuid.uuid4().hex})
        return latency

    return run_clients(clients, duration, submit)


def measure_echo(url, clients, duration, body):
    return run_clients(clients, duration, lambda session: timed_post(session, url, body)[0])


def cpu_seconds(process):
    """Return the user + system CPU seconds a process and its reaped children have used so far."""
    fields = Path("/proc/{}/stat".format(process.pid)).read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")


def shared_cpu_seconds():
    """Return the CPU seconds used so far by this client process, by RabbitMQ and by PostgreSQL.

    RabbitMQ and PostgreSQL serve the whole machine, so other work running
    at the same time counts too. Only on an idle machine are the numbers
    this run's alone.
    """
    totals = {"client": sum(os.times()[:2]), "rabbitmq": 0.0, "postgres": 0.0}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        group = SHARED_PROCESSES.get(name)
        if group:
            fields = text.rsplit(")", 1)[1].split()
            totals[group] += sum(int(value) for value in fields[11:13]) / os.sysconf("SC_CLK_TCK")
    return totals


def cpu_per_request(processes, before, requests_done):
    """Return the CPU milliseconds each process spent per request since ``before``."""
    return {
        name: round(1000 * (cpu_seconds(process) - before[name]) / max(requests_done, 1), 1)
        for name, process in processes.items()
    }


def shared_per_request(before, requests_done):
    after = shared_cpu_seconds()
    return {name: round(1000 * (after[name] - before[name]) / max(requests_done, 1), 1) for name in after}


def metric_families(port):
    """Return the metric families a process serves on its Prometheus endpoint."""
    from prometheus_client.parser import text_string_to_metric_families

    text = requests.get("http://127.0.0.1:{}/metrics".format(port), timeout=10).text
    return list(text_string_to_metric_families(text))


def entrypoint_means(port, names):
    """Return the mean time in ms of each named entrypoint, from the process's Prometheus histogram."""
    sums, counts = {}, {}
    for family in metric_families(port):
        if family.name != "cybervaccine_entrypoint_duration_seconds":
            continue
        for sample in family.samples:
            name = sample.labels.get("name")
            if sample.name.endswith("_sum"):
                sums[name] = sample.value
            elif sample.name.endswith("_count"):
                counts[name] = sample.value
    return {name: round(1000 * sums[name] / counts[name], 1) for name in names if counts.get(name)}


def histogram_totals(port, name):
    """Return (sum, count) of a histogram without labels, from the process's Prometheus endpoint."""
    values = {}
    for family in metric_families(port):
        if family.name == name:
            values.update({sample.name[len(name):]: sample.value for sample in family.samples})
    return values.get("_sum", 0.0), values.get("_count", 0.0)


def summary(latencies, seconds):
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "seconds": round(seconds, 2),
        "per_second": round(len(ordered) / seconds, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1),
    }


# The run

def measure_quiz_phase(base, ports, processes, args, prepared):
    print("quiz submissions for {} s…".format(args.duration), flush=True)
    before = {name: cpu_seconds(process) for name, process in processes.items()}
    shared_before = shared_cpu_seconds()
    batches_before = histogram_totals(ports["quiz"], BATCH_HISTOGRAM)
    quiz = summary(*measure_quiz(base, args.clients, args.duration, prepared))
    batches = [after - before for after, before in zip(histogram_totals(ports["quiz"], BATCH_HISTOGRAM), batches_before)]
    quiz["mean_batch_size"] = round(batches[0] / max(batches[1], 1), 1)
    quiz["cpu_ms_per_request"] = cpu_per_request(processes, before, quiz["requests"])
    quiz["shared_cpu_ms_per_request"] = shared_per_request(shared_before, quiz["requests"])
    quiz["server_mean_ms"] = entrypoint_means(ports["quiz"], ["submit_attempt", "start_attempt"])
    quiz["server_mean_ms"].update(entrypoint_means(ports["gateway"], [
        "POST /api/v1/quiz/attempts/<attempt_id>/answers", "POST /api/v1/quiz/attempts"]))
    if not prepared:
        print("NOTE: every prepared attempt was used before the time was up; raise ATTEMPTS_PER_SECOND_ESTIMATE")
    return quiz


def measure_echo_phase(url, processes, args, body):
    print("echo for {} s…".format(args.duration), flush=True)
    before = {name: cpu_seconds(process) for name, process in processes.items()}
    shared_before = shared_cpu_seconds()
    echo = summary(*measure_echo(url, args.clients, args.duration, body))
    echo["cpu_ms_per_request"] = cpu_per_request(processes, before, echo["requests"])
    echo["shared_cpu_ms_per_request"] = shared_per_request(shared_before, echo["requests"])
    return echo


def main(argv=None):
    args = parse_args(argv)
    name = "cvbench_quiz_{}".format(uuid.uuid4().hex[:8])
    folder = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    ports = {key: support.free_port() for key in ("quiz", "gateway", "echo", "echo_gateway")}
    env = dict(
        os.environ,
        AMQP_URI="amqp://guest:guest@127.0.0.1:5672/{}".format(name),
        DATABASE_URL=support.database_url(POSTGRES_URI, name),
        DATA_DIR=str(folder / "data"),
        JWT_SECRET="bench-" + "x" * 40,
        MAX_WORKERS=str(args.workers),
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore::DeprecationWarning",
    )
    config = write_config(folder)
    support.create_database(POSTGRES_URI, name)
    vhost(name, "PUT")
    processes = Processes(folder, env)
    try:
        manage(env, "migrate", "quiz")
        manage(env, "seed", "quiz")
        quiz_processes = {
            "quiz": processes.start("services.quiz.service:QuizService", ports["quiz"], config),
            "gateway": processes.start("gateway.service:GatewayService", ports["gateway"], config),
        }
        echo_processes = {
            "echo_service": processes.start("bench.quiz_echo:EchoService", ports["echo"], config),
            "echo_gateway": processes.start("bench.quiz_echo:EchoGateway", ports["echo_gateway"], config),
        }

        base = "http://127.0.0.1:{}".format(ports["gateway"])
        echo_url = "http://127.0.0.1:{}/echo".format(ports["echo_gateway"])
        wait_until(base + "/api/v1/quiz/areas", processes)
        wait_until(echo_url, processes, method="POST", body={"ready": True})

        count = int(args.rounds * args.duration * ATTEMPTS_PER_SECOND_ESTIMATE)
        print("preparing {} attempts with {} clients…".format(count, args.clients), flush=True)
        prepared = prepare_attempts(base, args.clients, count)
        echo_body = {"answers": prepared[0][1]}

        rounds = []
        for _ in range(args.rounds):
            quiz = measure_quiz_phase(base, ports, quiz_processes, args, prepared)
            echo = measure_echo_phase(echo_url, echo_processes, args, echo_body)
            rounds.append({"quiz": quiz, "echo": echo, "ratio": round(quiz["per_second"] / echo["per_second"], 2)})
    finally:
        processes.stop()
        vhost(name, "DELETE")
        support.drop_database(POSTGRES_URI, name)

    ratios = [item["ratio"] for item in rounds]
    results = {"clients": args.clients, "workers": args.workers, "rounds": rounds,
               "median_ratio": statistics.median(ratios)}
    print(json.dumps(results, indent=2))
    print("ratio quiz / echo per round: {}; median {:.2f}".format(", ".join(map(str, ratios)), statistics.median(ratios)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
