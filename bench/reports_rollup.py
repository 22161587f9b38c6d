"""Time the national roll-up of outreach reports over 100,000 reports in PostgreSQL.

Usage:
    python bench/reports_rollup.py                     # 100,000 reports, 200 timed roll-ups each
    python bench/reports_rollup.py --reports 20000 --repeat 100
    python bench/reports_rollup.py --http              # also through the gateway and RPC
    python bench/reports_rollup.py --database URL      # time again a database kept with --keep

It creates a scratch PostgreSQL database on 127.0.0.1, migrates the reports
schema and fills the unit copy with the seed tree (national, bureaus, one
division per province, one station per district). The reports are spread
over the last 365 days and every station, with random activity types,
audiences, scam types, media and channels. The first
``--through-operations`` of them are filed one by one through
``services.reports.operations.submit_report``, the service's code path, in a
transaction each. The rest are inserted in batches into the same tables,
with their totals computed by the same rules and upserted at the end,
because filing 100,000 one by one took over an hour on a shared two-core
machine. The bulk part writes no revision rows. A check then
compares the national totals with the stored reports.

Timed afterwards, ``--repeat`` times each and in this order:
national by month (12 months), national by week, one division by month, one
station by month, and the newest page of the national list. With
``--http`` it also starts the reports service and the gateway with
``nameko run`` (a RabbitMQ vhost of its own) and times
``GET /api/v1/reports/summary`` for the whole country. The database, the
vhost and the processes are removed at the end.
"""

import argparse
import datetime
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

import requests  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from cybervaccine import areas, auth, db, migrations, taxonomy  # noqa: E402
from services.directory import rules as directory_rules  # noqa: E402
from services.directory.seed import SEED_BUREAUS, region_provinces  # noqa: E402
from services.reports import copies, operations, rules, schemas, totals  # noqa: E402
from services.reports.models import Report, ReportAudience, ReportMedia, ReportScamType  # noqa: E402
from tests import support  # noqa: E402

POSTGRES_URI = os.environ.get("TEST_POSTGRES_URI", "postgresql://postgres@127.0.0.1:5432/postgres")
MANAGEMENT_API = os.environ.get("RABBIT_MANAGEMENT_URL", "http://127.0.0.1:15672")
MAX_REPORTS = 500_000
MAX_REPEAT = 2000
EXPUNGE_EVERY = 500
NATIONAL = auth.Caller(account_id=1, username="bench", unit_id=1, unit_path=(1,), roles=(auth.WORKING_GROUP,))


class NoOutbox:
    """Drops events: the roll-up does not read them, and building them is not what is timed here."""

    def add(self, session, event_type, fields):
        return None


class AllowAll:
    def __init__(self):
        self.codes = frozenset(taxonomy.seed_codes())

    def has_reporting_duty(self, account_id, unit_id):
        return True

    def scam_type_codes(self, refresh=False):
        return self.codes


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000, help="reports to file (at most 500,000)")
    parser.add_argument("--repeat", type=int, default=200, help="timed runs of each query (at most 2,000)")
    parser.add_argument("--seed", type=int, default=20261204, help="random seed of the generated reports")
    parser.add_argument("--through-operations", type=int, default=1000,
                        help="reports filed one by one through operations.submit_report before the bulk insert")
    parser.add_argument("--http", action="store_true", help="also time the roll-up through the gateway")
    parser.add_argument("--keep", action="store_true", help="keep the database and print its URL")
    parser.add_argument("--database", help="time an existing database that --keep left, without filing reports")
    args = parser.parse_args(argv)
    if not 1 <= args.reports <= MAX_REPORTS or not 1 <= args.repeat <= MAX_REPEAT:
        parser.error("--reports must be 1–{} and --repeat 1–{}".format(MAX_REPORTS, MAX_REPEAT))
    if not 0 <= args.through_operations <= args.reports:
        parser.error("--through-operations must be 0–{}".format(args.reports))
    return args


# Data

def add_units(session):
    """Copy the seed tree into the unit copy with ids 1, 2, …; return (divisions, stations, paths)."""
    planned = directory_rules.build_seed_units(SEED_BUREAUS, region_provinces(), areas.provinces(), areas.districts())
    ids, paths = {}, {}
    now = datetime.datetime.now(datetime.timezone.utc)
    for number, item in enumerate(planned, start=1):
        ids[item["code"]] = number
        parent = ids.get(item["parent_code"])
        paths[number] = (paths[parent] if parent else []) + [number]
        copies.apply_unit_changed(session, {
            "unit_id": number, "code": item["code"], "name_th": item["name_th"], "name_en": item["name_en"],
            "level": item["level"], "parent_id": parent, "path": paths[number],
            "province_code": item["province_code"], "district_code": item["district_code"], "occurred_at": now,
        })
    session.commit()
    divisions = [(ids[item["code"]], item) for item in planned if item["level"] == "division"]
    stations = [(ids[item["code"]], item) for item in planned if item["level"] == "station"]
    return divisions, stations, paths


def add_media(session):
    now = datetime.datetime.now(datetime.timezone.utc)
    for media_id in range(1, 61):
        copies.apply_media_published(session, {
            "media_id": media_id, "media_version": 1, "kind": "poster", "title_th": "สื่อ {}".format(media_id),
            "title_en": "Media {}".format(media_id), "occurred_at": now,
        })
        if media_id % 3 == 0:
            copies.apply_media_version_added(session, {
                "media_id": media_id, "media_version": 2, "kind": "poster", "occurred_at": now,
            })
    session.commit()


def random_body(generator, station, now):
    station_id, item = station
    groups = generator.sample(rules.AUDIENCE_GROUPS, generator.randint(1, 3))
    media = generator.sample(range(1, 61), generator.randint(0, 3))
    occurred = now - datetime.timedelta(days=generator.randint(0, 364), minutes=generator.randint(0, 1440))
    return schemas.ReportBodySchema().load({
        "occurred_at": occurred.isoformat(),
        "place": "สถานที่จัดกิจกรรม",
        "province_code": item["province_code"],
        "district_code": item["district_code"],
        "unit_id": station_id,
        "activity_type": generator.choice(rules.ACTIVITY_TYPES),
        "audiences": [{"group": group, "count": generator.randint(5, 120)} for group in groups],
        "media": [{"media_id": media_id, "version": 2 if media_id % 3 == 0 else 1} for media_id in media],
        "channels": generator.sample(rules.CHANNELS, generator.randint(1, 3)),
        "scam_types": generator.sample(taxonomy.seed_codes(), generator.randint(1, 3)),
        "note": "",
    })


def check_totals(session):
    """Raise RuntimeError unless the national totals count every active report exactly once."""
    counted = session.execute(
        text("SELECT COALESCE(SUM(reports), 0), COALESCE(SUM(people), 0) FROM report_totals WHERE unit_id = 1 AND dimension = 'all'")
    ).one()
    stored = session.execute(text("SELECT count(*), COALESCE(SUM(total_people), 0) FROM reports WHERE status = 'active'")).one()
    if tuple(counted) != tuple(stored):
        raise RuntimeError("national totals {} differ from the reports {}".format(tuple(counted), tuple(stored)))
    print("national totals match the reports: {:,} reports, {:,} people".format(*stored))


def file_reports(session, stations, count, seed, progress=True):
    """File ``count`` reports through the service's operation; return the seconds it took."""
    generator = random.Random(seed)
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    filer = auth.Caller(account_id=2, username="filer", unit_id=1, unit_path=(1,), roles=(auth.UNIT_HEAD,))
    lookups, outbox, policy = AllowAll(), NoOutbox(), operations.Policy()
    started = time.monotonic()

    for number in range(1, count + 1):
        body = random_body(generator, generator.choice(stations), now)
        operations.submit_report(session, outbox, filer, str(uuid.UUID(int=generator.getrandbits(128))), body,
                                 lookups, policy, now=now)
        session.commit()
        if number % EXPUNGE_EVERY == 0:
            # The service's timer adds new reports to the totals in batches; this does the same.
            totals.settle(session.connection())
            session.commit()
            session.expunge_all()
        if progress and number % 10_000 == 0:
            print("  {:,} reports filed ({:.0f} s)".format(number, time.monotonic() - started), flush=True)
    totals.settle(session.connection())
    session.commit()
    return time.monotonic() - started


def bulk_file(session, stations, paths, count, seed, batch_size=2000):
    """Insert ``count`` reports with the models' tables in batches; return the seconds it took.

    Each report's totals come from the same rules as in the service
    (``rules.contributions`` and ``rules.total_changes``). They are summed
    in memory and upserted at the end with ``totals.apply``.
    """
    generator = random.Random(seed)
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    changes = {}
    started = time.monotonic()

    for first in range(0, count, batch_size):
        batch = [random_body(generator, generator.choice(stations), now) for _ in range(min(batch_size, count - first))]
        rows = _bulk_rows(generator, batch, now)
        for table, values in rows.items():
            if values:
                session.execute(insert(table), values)
        for body, report in zip(batch, rows[Report.__table__]):
            state = dict(body, total_people=report["total_people"])
            for key, (reports, people) in rules.total_changes(
                paths[body["unit_id"]], report["activity_date"], rules.contributions(state), 1
            ).items():
                old = changes.get(key, (0, 0))
                changes[key] = (old[0] + reports, old[1] + people)
        session.commit()
        if (first + batch_size) % 20_000 == 0:
            print("  {:,} reports inserted ({:.0f} s)".format(first + batch_size, time.monotonic() - started), flush=True)

    keys = sorted(changes)
    for first in range(0, len(keys), 5000):
        totals.apply(session.connection(), {key: changes[key] for key in keys[first:first + 5000]})
        session.commit()
    return time.monotonic() - started


def _bulk_rows(generator, batch, now):
    rows = {Report.__table__: [], ReportAudience.__table__: [], ReportScamType.__table__: [], ReportMedia.__table__: []}
    for body in batch:
        report_id = str(uuid.UUID(int=generator.getrandbits(128)))
        canonical = rules.canonical_body(body)
        rows[Report.__table__].append({
            "id": report_id, "unit_id": body["unit_id"], "filed_by": 2, "filed_by_username": "filer",
            "occurred_at": body["occurred_at"], "activity_date": rules.local_date(body["occurred_at"]),
            "place": body["place"], "province_code": body["province_code"], "district_code": body["district_code"],
            "latitude": None, "longitude": None, "activity_type": body["activity_type"], "channels": canonical["channels"],
            "note": "", "total_people": sum(entry["count"] for entry in body["audiences"]), "photo_count": 0,
            "complete": True, "status": "active", "revision": 1, "submission_hash": rules.body_hash(canonical),
            "created_at": now, "updated_at": now,
        })
        rows[ReportAudience.__table__] += [dict(entry, report_id=report_id) for entry in body["audiences"]]
        rows[ReportScamType.__table__] += [{"report_id": report_id, "code": code} for code in set(body["scam_types"])]
        rows[ReportMedia.__table__] += [dict(item, report_id=report_id) for item in body["media"]]
    return rows


# Timing

def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def time_calls(name, repeat, call):
    latencies = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        latencies.append((time.perf_counter() - started) * 1000)
    row = {
        "name": name,
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies),
    }
    print("| {name} | {p50:.1f} | {p95:.1f} | {max:.1f} |".format(**row), flush=True)
    return row


def time_in_process(session, repeat, division_id, station_id):
    print("\n| roll-up (in process, PostgreSQL) | p50 ms | p95 ms | max ms |\n|---|---|---|---|")

    def summary(unit_id, period, **range_):
        query = dict({"unit_id": unit_id, "period": period}, **range_)
        result = operations.summarize(session, NATIONAL, query)
        session.rollback()
        return result

    def first_page():
        reports, _ = operations.list_reports(session, NATIONAL, {"limit": 50})
        session.rollback()
        return reports

    national = summary(1, "month")
    year_ago = national["date_from"]
    print("(national: {:,} reports, {:,} people)".format(national["reports"], national["people"]))
    return [
        time_calls("national, 12 months by month", repeat, lambda: summary(1, "month")),
        time_calls("national, 13 weeks by week", repeat, lambda: summary(1, "week")),
        time_calls("national, 12 months by week", repeat, lambda: summary(1, "week", date_from=year_ago)),
        time_calls("one division, by month", repeat, lambda: summary(division_id, "month")),
        time_calls("one station, by month", repeat, lambda: summary(station_id, "month")),
        time_calls("national list, newest 50", repeat, first_page),
    ]


def time_over_http(database_url, repeat, folder):
    """Start the reports service and the gateway on this database and time the national roll-up over HTTP."""
    vhost_name = "cvbench_{}".format(uuid.uuid4().hex[:10])
    _vhost(vhost_name, "PUT")
    secret = "bench-" + uuid.uuid4().hex + uuid.uuid4().hex
    # The roll-up needs no object storage, so the service gets an address where nothing listens.
    env = dict(os.environ, AMQP_URI="amqp://guest:guest@127.0.0.1:5672/{}".format(vhost_name),
               DATABASE_URL=database_url, JWT_SECRET=secret, DATA_DIR=str(folder / "data"),
               S3_ENDPOINT="127.0.0.1:{}".format(support.free_port()), PYTHONWARNINGS="ignore::DeprecationWarning")
    port = support.free_port()
    processes = []
    try:
        for target, address in (("services.reports.service:ReportsService", support.free_port()),
                                ("gateway.service:GatewayService", port)):
            log = open(folder / "{}.log".format(target.split(":")[-1]), "wb")
            processes.append(subprocess.Popen(
                [str(Path(sys.executable).with_name("nameko")), "run", "--config", "config.yaml", target],
                cwd=PROJECT_ROOT, env=dict(env, WEB_SERVER_ADDRESS="127.0.0.1:{}".format(address)),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            ))
        token, _ = auth.issue_token(secret, NATIONAL, 3600)
        session = requests.Session()
        session.headers["Authorization"] = "Bearer " + token
        url = "http://127.0.0.1:{}/api/v1/reports/summary".format(port)
        _wait_for(lambda: session.get(url, timeout=10).status_code == 200, processes)

        print("\n| roll-up (HTTP → gateway → RPC → reports) | p50 ms | p95 ms | max ms |\n|---|---|---|---|")
        return [time_calls("national, 12 months by month", repeat, lambda: _ok(session.get(url, timeout=30)))]
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        _vhost(vhost_name, "DELETE")


def _ok(response):
    if response.status_code != 200:
        raise RuntimeError("summary returned {}: {}".format(response.status_code, response.text[:300]))
    return response


def _wait_for(condition, processes, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in processes):
            raise RuntimeError("a process stopped while starting")
        try:
            if condition():
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("the gateway did not respond within {} s".format(timeout))


def _vhost(name, method):
    auth_pair = ("guest", "guest")
    requests.request(method, "{}/api/vhosts/{}".format(MANAGEMENT_API, name), auth=auth_pair, timeout=10).raise_for_status()
    if method == "PUT":
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        requests.put("{}/api/permissions/{}/guest".format(MANAGEMENT_API, name), json=permissions, auth=auth_pair,
                     timeout=10).raise_for_status()


def fill_database(url, args):
    """Migrate a new database and file the reports; return (division id, station id) to time."""
    migrations.upgrade("reports", {"DATABASE_URL": url})
    engine = db.make_engine(url, schema="reports", pool_size=2)
    session = db.sessionmaker_for(engine)()
    try:
        divisions, stations, paths = add_units(session)
        add_media(session)
        print("{} divisions, {} stations; {:,} reports".format(len(divisions), len(stations), args.reports))

        seconds = file_reports(session, stations, args.through_operations, args.seed)
        print("filed {:,} reports through operations.submit_report in {:.0f} s".format(args.through_operations, seconds))
        session.expunge_all()
        seconds = bulk_file(session, stations, paths, args.reports - args.through_operations, args.seed + 1)
        print("inserted {:,} more in bulk in {:.0f} s".format(args.reports - args.through_operations, seconds))
        check_totals(session)
        session.execute(text("ANALYZE"))
        session.commit()
    finally:
        session.close()
        engine.dispose()


def time_database(url, args):
    engine = db.make_engine(url, schema="reports", pool_size=2)
    session = db.sessionmaker_for(engine)()
    try:
        division_id = session.execute(text("SELECT id FROM units WHERE code = 'DIV-TH-50'")).scalar()
        station_id = session.execute(text("SELECT id FROM units WHERE code = 'ST-5001'")).scalar()
        time_in_process(session, args.repeat, division_id, station_id)
    finally:
        session.close()
        engine.dispose()
    if args.http:
        with tempfile.TemporaryDirectory() as folder:
            time_over_http(url, args.repeat, Path(folder))


def main(argv=None):
    args = parse_args(argv)
    if args.database:
        time_database(args.database, args)
        return

    name = "cvbench_reports_{}".format(uuid.uuid4().hex[:8])
    support.create_database(POSTGRES_URI, name)
    url = support.database_url(POSTGRES_URI, name)
    try:
        fill_database(url, args)
        time_database(url, args)
    finally:
        if args.keep:
            print("kept database", url)
        else:
            support.drop_database(POSTGRES_URI, name)


if __name__ == "__main__":
    main()
