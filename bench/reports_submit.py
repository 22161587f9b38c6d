"""Measure report submissions per second through the gateway against a bare nameko HTTP→RPC echo.

Usage:
    python bench/reports_submit.py                          # 20 clients, 20 s per phase
    python bench/reports_submit.py --clients 10 --duration 30
    python bench/reports_submit.py --rounds 3               # three report/echo pairs, median ratio

It creates, on 127.0.0.1, a RabbitMQ vhost, a PostgreSQL database and a
SeaweedFS object store of its own, then migrates, declares the event
queues and seeds the directory as ``make run`` does. It starts with
``nameko run`` in subprocesses: the directory, the reports service and the
gateway, and for the baseline the two services of ``bench/reports_echo.py``
(one ``@http`` route that calls one ``@rpc`` method that echoes). Every
process has the same ``max_workers`` (``--workers``).

Before timing it creates one officer per client, each with the reporting
duty of a station of its own, waits until the directory's seed events are
all delivered, and lets every client file a few reports (untimed). Then:

1. reports: each client files new reports, one after another, for
   ``--duration`` seconds (``PUT /api/v1/reports/{new uuid}``, no photos);
2. echo: each client PUTs the same JSON body to the echo route for
   ``--duration`` seconds.

With ``--rounds N`` the two phases alternate N times, so that a change in
the machine's speed during the run shows as a spread of the ratios.

Reported: requests per second, p50 and p99 latency of each phase, CPU
time per request of each process (the client, RabbitMQ and PostgreSQL
serve the whole machine, so theirs are this run's alone only on an
otherwise idle machine), the ratio reports / echo of each round and their
median, and a check that the database contains exactly one report per
accepted submission. Everything it created is removed at the
end.
"""

import argparse
import datetime
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

from sqlalchemy import text  # noqa: E402

from bench.quiz_submit import shared_cpu_seconds  # noqa: E402
from tests import support  # noqa: E402

POSTGRES_URI = os.environ.get("TEST_POSTGRES_URI", "postgresql://postgres@127.0.0.1:5432/postgres")
MANAGEMENT_API = os.environ.get("RABBIT_MANAGEMENT_URL", "http://127.0.0.1:15672")
ADMIN_PASSWORD = "bench-admin-" + uuid.uuid4().hex[:12]
MAX_DURATION_SECONDS = 300
MAX_CLIENTS = 100
MAX_ROUNDS = 5
WARM_UP_REPORTS = 3
THAI_TIME = datetime.timezone(datetime.timedelta(hours=7))


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (1–100)")
    parser.add_argument("--duration", type=float, default=20, help="seconds per timed phase (at most 300)")
    parser.add_argument("--workers", type=int, default=10, help="max_workers of every nameko process")
    parser.add_argument("--rounds", type=int, default=1, help="report/echo phase pairs, one after another (1–5)")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.duration <= MAX_DURATION_SECONDS:
        parser.error("--clients must be 1–{} and --duration 0–{} s".format(MAX_CLIENTS, MAX_DURATION_SECONDS))
    if not 1 <= args.rounds <= MAX_ROUNDS:
        parser.error("--rounds must be 1–{}".format(MAX_ROUNDS))
    return args


class Platform:
    """The processes and scratch resources of one run."""

    def __init__(self, folder, workers):
        self.folder = folder
        self.name = "cvbench_{}".format(uuid.uuid4().hex[:10])
        self.object_store = support.ObjectStoreServer(folder / "objectstore")
        self.started = []
        self.processes = []
        self.names = []
        self.ports = {name: support.free_port() for name in ("directory", "reports", "gateway", "echo_rpc", "echo_http")}
        self.env = dict(
            os.environ,
            AMQP_URI="amqp://guest:guest@127.0.0.1:5672/{}".format(self.name),
            DATABASE_URL=support.database_url(POSTGRES_URI, self.name),
            DATA_DIR=str(folder / "data"),
            JWT_SECRET="bench-" + uuid.uuid4().hex + uuid.uuid4().hex,
            CYBERVACCINE_ADMIN_PASSWORD=ADMIN_PASSWORD,
            MAX_WORKERS=str(workers),
            PYTHONWARNINGS="ignore::DeprecationWarning",
        )

    def start(self):
        (self.folder / "objectstore").mkdir(parents=True, exist_ok=True)
        self.object_store.start()
        self.started = ["object_store"]
        self.env.update({key: str(value) for key, value in self.object_store.config("cvbench").items()})
        support.create_database(POSTGRES_URI, self.name)
        self.started.append("database")
        _vhost(self.name, "PUT")
        self.started.append("vhost")
        for command in (["migrate", "directory", "reports"], ["declare-queues", "reports"], ["seed", "directory"]):
            _manage(self.env, *command)

        self._run("services.directory.service:DirectoryService", "directory")
        self._run("services.reports.service:ReportsService", "reports")
        self._run("gateway.service:GatewayService", "gateway")
        self._run("bench.reports_echo:EchoRpc", "echo_rpc")
        self._run("bench.reports_echo:EchoHttp", "echo_http")

    def _run(self, target, name):
        log = open(self.folder / "{}.log".format(name), "wb")
        env = dict(self.env, WEB_SERVER_ADDRESS="127.0.0.1:{}".format(self.ports[name]))
        command = [str(Path(sys.executable).with_name("nameko")), "run", "--config", "config.yaml", target]
        self.processes.append(subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log,
                                               stderr=subprocess.STDOUT, start_new_session=True))
        self.names.append(name)

    def pid(self, name):
        """Return the pid of the nameko process started as ``name`` (the session leader is nameko itself)."""
        return self.processes[self.names.index(name)].pid

    def url(self, name):
        return "http://127.0.0.1:{}".format(self.ports[name])

    def wait_until(self, condition, description, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in self.processes):
                raise RuntimeError("a process stopped; see the logs in {}".format(self.folder))
            try:
                if condition():
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError("timed out after {} s waiting for {}".format(timeout, description))

    def count(self, schema, statement):
        session = support.session_for({"DATABASE_URL": self.env["DATABASE_URL"]}, schema)
        try:
            return session.execute(text(statement)).scalar()
        finally:
            session.close()
            session.bind.dispose()

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if "object_store" in self.started:
            self.object_store.stop()
        if "database" in self.started:
            support.drop_database(POSTGRES_URI, self.name)
        if "vhost" in self.started:
            _vhost(self.name, "DELETE")


def _manage(env, *command):
    result = subprocess.run([sys.executable, "-m", "cybervaccine.manage", *command], cwd=PROJECT_ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError("manage {} failed:\n{}".format(" ".join(command), result.stderr))


def _vhost(name, method):
    credentials = ("guest", "guest")
    requests.request(method, "{}/api/vhosts/{}".format(MANAGEMENT_API, name), auth=credentials,
                     timeout=10).raise_for_status()
    if method == "PUT":
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        requests.put("{}/api/permissions/{}/guest".format(MANAGEMENT_API, name), json=permissions,
                     auth=credentials, timeout=10).raise_for_status()


# Accounts and bodies

def create_officers(platform, count):
    """Create ``count`` officers, each with the reporting duty of another Bangkok station; return their tokens."""
    api = support.ApiClient(platform.url("gateway")).as_admin_with(ADMIN_PASSWORD)
    stations = api.get("/api/v1/units", params={"level": "station", "province_code": "TH-10"}).json()
    if len(stations) < count:
        raise RuntimeError("only {} stations to give {} officers".format(len(stations), count))

    officers = []
    for index, station in enumerate(stations[:count]):
        username = "bench-officer-{}".format(index)
        password = "bench-password-{}".format(index)
        created = api.post("/api/v1/accounts", json={"username": username, "password": password,
                                                     "display_name": username, "unit_id": station["id"],
                                                     "roles": ["officer"]})
        created.raise_for_status()
        api.post("/api/v1/duties", json={"account_id": created.json()["id"], "unit_id": station["id"],
                                         "duty": "reporting"}).raise_for_status()
        token = support.ApiClient(platform.url("gateway")).login(username, password).token
        officers.append((token, station))
    return officers


def report_body(station):
    yesterday = datetime.datetime.now(THAI_TIME).replace(hour=10, minute=0, second=0, microsecond=0)
    return {
        "occurred_at": (yesterday - datetime.timedelta(days=1)).isoformat(),
        "place": "ตลาดชุมชน ซอยวัดใหม่",
        "province_code": station["province_code"],
        "district_code": station["district_code"],
        "unit_id": station["id"],
        "activity_type": "market",
        "audiences": [{"group": "elderly", "count": 25}, {"group": "online-sellers", "count": 12}],
        "media": [],
        "channels": ["in-person", "print"],
        "scam_types": ["call-center", "shopping"],
        "note": "แจกแผ่นพับและพูดคุยกับผู้ค้า",
        "photo_count": 0,
    }


# Load

def run_clients(officers, duration, send):
    """Run ``send(session, officer)`` in a loop per officer until ``duration`` passes; return (latencies, seconds)."""
    latencies = [[] for _ in officers]
    failures = []
    started = time.monotonic()
    deadline = started + duration

    def loop(index):
        session = requests.Session()
        session.headers["Authorization"] = "Bearer " + officers[index][0]
        while time.monotonic() < deadline and not failures:
            begun = time.perf_counter()
            try:
                send(session, officers[index])
            except Exception as error:
                failures.append(error)
                return
            latencies[index].append(time.perf_counter() - begun)

    threads = [threading.Thread(target=loop, args=(index,)) for index in range(len(officers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [value for values in latencies for value in values], time.monotonic() - started


def put_checked(session, url, body, expected):
    response = session.put(url, json=body, timeout=30)
    if response.status_code != expected:
        raise RuntimeError("{} returned {}: {}".format(url, response.status_code, response.text[:300]))


def cpu_seconds(pid):
    """Return the user and system CPU seconds a process used so far (Linux /proc)."""
    fields = Path("/proc/{}/stat".format(pid)).read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(name, platform, officers, duration, send, processes):
    """Run one phase; print and return its throughput, latency and CPU per request of ``processes``."""
    before = {process: cpu_seconds(platform.pid(process)) for process in processes}
    shared_before = shared_cpu_seconds()
    latencies, seconds = run_clients(officers, duration, send)
    cpu = {process: cpu_seconds(platform.pid(process)) - before[process] for process in processes}
    shared_after = shared_cpu_seconds()
    cpu.update({name: shared_after[name] - shared_before[name] for name in shared_after})

    ordered = sorted(latencies)
    row = {
        "phase": name,
        "requests": len(ordered),
        "per_second": len(ordered) / seconds,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
        "cpu_ms": {process: 1000 * value / len(ordered) for process, value in cpu.items()},
    }
    cpu_text = ", ".join("{} {:.1f}".format(process, value) for process, value in row["cpu_ms"].items())
    print("| {phase} | {requests} | {per_second:.1f} | {p50:.1f} | {p99:.1f} | ".format(**row) + cpu_text + " |",
          flush=True)
    return row


def main(argv=None):
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        platform = Platform(Path(folder), args.workers)
        try:
            platform.start()
            gateway, echo = platform.url("gateway"), platform.url("echo_http")
            platform.wait_until(lambda: requests.get(gateway + "/api/v1/scam-types", timeout=5).ok, "the gateway")
            platform.wait_until(lambda: requests.put(echo + "/echo/x", json={}, timeout=5).status_code == 201, "the echo")
            officers = create_officers(platform, args.clients)
            platform.wait_until(
                lambda: platform.count("directory", "SELECT count(*) FROM outbox WHERE dispatched_at IS NULL") == 0
                and platform.count("reports", "SELECT count(*) FROM units") >= platform.count("directory", "SELECT count(*) FROM units"),
                "the directory's seed events", timeout=300,
            )

            def file_report(session, officer):
                put_checked(session, "{}/api/v1/reports/{}".format(gateway, uuid.uuid4()), report_body(officer[1]), 201)

            def echo_report(session, officer):
                put_checked(session, "{}/echo/{}".format(echo, uuid.uuid4()), report_body(officer[1]), 201)

            for officer in officers:
                session = requests.Session()
                session.headers["Authorization"] = "Bearer " + officer[0]
                for _ in range(WARM_UP_REPORTS):
                    file_report(session, officer)
                    echo_report(session, officer)
            before = platform.count("reports", "SELECT count(*) FROM reports")

            print("\n{} clients, {} s per phase, max_workers {}, {} round(s)\n".format(
                args.clients, args.duration, args.workers, args.rounds))
            print("| phase | requests | per second | p50 ms | p99 ms | CPU ms per request |\n|---|---|---|---|---|---|")
            rounds = []
            for _ in range(args.rounds):
                reports = measure("report submission", platform, officers, args.duration, file_report,
                                  ("reports", "gateway", "directory"))
                baseline = measure("echo", platform, officers, args.duration, echo_report, ("echo_rpc", "echo_http"))
                rounds.append({"reports": reports, "echo": baseline,
                               "ratio": reports["per_second"] / baseline["per_second"]})

            stored = platform.count("reports", "SELECT count(*) FROM reports") - before
            accepted = sum(item["reports"]["requests"] for item in rounds)
            ratios = [item["ratio"] for item in rounds]
            print("\nratio reports / echo per round: {}".format(", ".join("{:.2f}".format(ratio) for ratio in ratios)))
            print("median ratio: {:.2f}".format(statistics.median(ratios)))
            print("reports stored during the phases: {} (accepted: {})".format(stored, accepted))
            print(json.dumps({"rounds": rounds, "median_ratio": statistics.median(ratios)}))
        finally:
            platform.stop()


if __name__ == "__main__":
    main()
