"""Measure area overview and recommendation latency on a year of pre-aggregated data.

Usage:
    python bench/analytics_queries.py                 # 200 requests of each kind, in process and over HTTP
    python bench/analytics_queries.py --no-http       # in process only

It creates a PostgreSQL database of its own on 127.0.0.1, migrates the
analytics schema and fills the read models directly with SQL, as the fold
would have left them after one year (2026) of:

- 10,000,000 quiz results in 928 districts, 5 of 14 scam types each on
  average, spread by district weight and day (about 5.2 million daily rows
  of quiz_type for districts, provinces and the whole country);
- 1,000,000 downloads by 1,480 stations of 300 media items;
- 140,000 outreach reports, and three years of monthly case statistics for
  every province and type.

It then times ``overview.area_overview`` and ``recommendation.recommend_media``
for random provinces, stations and three-month periods (month-aligned and
not), first in process and then through the gateway and the analytics
service started with ``nameko run`` (an HTTP GET with a token). The
database is dropped at the end.
"""

import argparse
import datetime
import json
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

import requests
from sqlalchemy import text

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from cybervaccine import areas, auth, db, migrations, taxonomy  # noqa: E402
from tests import support  # noqa: E402

POSTGRES_URI = os.environ.get("TEST_POSTGRES_URI", "postgresql://postgres@127.0.0.1:5432/postgres")
MAX_REQUESTS = 2000
YEAR_START = datetime.date(2026, 1, 1)
YEAR_END = datetime.date(2026, 12, 31)
QUIZ_RESULTS = 10_000_000
DOWNLOADS = 1_000_000
OUTREACH_REPORTS = 140_000
STATIONS = 1480
MEDIA_ITEMS = 300
TYPES_PER_ATTEMPT = 5


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests of each kind (at most 2000)")
    parser.add_argument("--no-http", action="store_true", help="skip the measurement through the gateway")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the filled database and print its name")
    parser.add_argument("--database", help="reuse a database that an earlier run with --keep filled")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= MAX_REQUESTS:
        parser.error("--requests must be between 1 and {}".format(MAX_REQUESTS))
    return args


# Data -------------------------------------------------------------------------------------

def reference_tables(connection, rng):
    """Create and fill helper tables: districts with weights, types, stations and media."""
    connection.execute(text("CREATE TEMP TABLE bench_districts (code text, province text, weight float)"))
    districts = list(areas.districts().values())
    rows = [{"code": item.code, "province": item.province_code, "weight": rng.lognormvariate(0, 0.8)} for item in districts]
    total = sum(row["weight"] for row in rows)
    for row in rows:
        row["weight"] = row["weight"] / total * len(rows)
    connection.execute(text("INSERT INTO bench_districts VALUES (:code, :province, :weight)"), rows)

    codes = taxonomy.seed_codes()
    connection.execute(text("CREATE TEMP TABLE bench_types (code text, weight float, correct float)"))
    type_rows = [{"code": code, "weight": rng.uniform(0.3, 1.7), "correct": rng.uniform(0.35, 0.85)} for code in codes]
    scale = len(type_rows) / sum(row["weight"] for row in type_rows)
    for row in type_rows:
        row["weight"] *= scale
    connection.execute(text("INSERT INTO bench_types VALUES (:code, :weight, :correct)"), type_rows)

    stations = [{"unit_id": 10_000 + number, "district": rng.choice(districts)} for number in range(STATIONS)]
    connection.execute(
        text("INSERT INTO units (unit_id, code, name_th, name_en, level, parent_id, path, province_code, district_code, "
             "updated_at) VALUES (:unit_id, :code, :name, :name, 'station', 1, :path, :province, :district, now())"),
        [{"unit_id": item["unit_id"], "code": "S{}".format(item["unit_id"]), "name": "Station {}".format(item["unit_id"]),
          "path": "/1/{}/".format(item["unit_id"]), "province": item["district"].province_code,
          "district": item["district"].code} for item in stations],
    )
    media = [{"media_id": number, "types": json.dumps(rng.sample(codes, rng.randint(1, 3)))} for number in range(1, MEDIA_ITEMS + 1)]
    connection.execute(
        text("INSERT INTO media_items (media_id, title_th, title_en, kind, scam_types, archived, published_at, "
             "changed_at) VALUES (:media_id, 'สื่อ ' || :media_id, 'Media ' || :media_id, 'poster', :types, false, "
             "'2025-12-01', '2025-12-01')"),
        media,
    )
    connection.execute(text(
        "CREATE TEMP TABLE bench_media AS SELECT media_id, json_array_elements_text(scam_types::json) AS scam_type "
        "FROM media_items"
    ))
    return stations


def fill_quiz(connection):
    days = (YEAR_END - YEAR_START).days + 1
    per_district_day = QUIZ_RESULTS / days / 928.0
    per_type_share = TYPES_PER_ATTEMPT / 14.0
    connection.execute(text("SELECT setseed(0.42)"))
    connection.execute(text(
        "INSERT INTO quiz_type_daily (day, area_code, scam_type, takers, correct, questions, score_sum) "
        "SELECT day, d.code, t.code, n, round(n * 1.5 * t.correct), round(n * 1.5), round(n * 100 * t.correct) "
        "FROM generate_series(CAST(:start AS date), CAST(:end AS date), interval '1 day') AS day "
        "CROSS JOIN bench_districts d CROSS JOIN bench_types t "
        "CROSS JOIN LATERAL (SELECT round(d.weight * t.weight * :mean * (0.5 + random()))::bigint AS n) AS x "
        "WHERE n > 0"
    ), {"start": YEAR_START, "end": YEAR_END, "mean": per_district_day * per_type_share})
    connection.execute(text(
        "INSERT INTO quiz_daily (day, area_code, takers, score_sum, risk_low, risk_medium, risk_high) "
        "SELECT day, d.code, n, n * 60, round(n * 0.4), round(n * 0.35), n - round(n * 0.4) - round(n * 0.35) "
        "FROM generate_series(CAST(:start AS date), CAST(:end AS date), interval '1 day') AS day "
        "CROSS JOIN bench_districts d "
        "CROSS JOIN LATERAL (SELECT round(d.weight * :mean * (0.5 + random()))::bigint AS n) AS x WHERE n > 0"
    ), {"start": YEAR_START, "end": YEAR_END, "mean": per_district_day})
    add_area_levels(connection, "quiz_type_daily", ("scam_type",), ("takers", "correct", "questions", "score_sum"))
    add_area_levels(connection, "quiz_daily", (), ("takers", "score_sum", "risk_low", "risk_medium", "risk_high"))


def add_area_levels(connection, table, keys, measures):
    """Add province and whole-country rows summed from a table's district rows, as the fold writes them."""
    key_list = "".join(", " + key for key in keys)
    sums = ", ".join("sum(t.{})".format(name) for name in measures)
    columns = "day, area_code{}, {}".format(key_list, ", ".join(measures))
    prefixed_keys = "".join(", t." + key for key in keys)
    connection.execute(text(
        "INSERT INTO {table} ({columns}) SELECT t.day, d.province{keys}, {sums} FROM {table} t "
        "JOIN bench_districts d ON d.code = t.area_code GROUP BY t.day, d.province{keys}".format(
            table=table, columns=columns, keys=prefixed_keys, sums=sums)
    ))
    connection.execute(text(
        "INSERT INTO {table} ({columns}) SELECT t.day, 'TH'{keys}, {sums} FROM {table} t "
        "WHERE t.area_code LIKE 'TH-%' GROUP BY t.day{keys}".format(
            table=table, columns=columns, keys=prefixed_keys, sums=sums)
    ))


def fill_downloads(connection, stations):
    days = (YEAR_END - YEAR_START).days + 1
    connection.execute(text("CREATE TEMP TABLE bench_stations (number int, unit_id int, province text, district text)"))
    connection.execute(text("INSERT INTO bench_stations VALUES (:number, :unit_id, :province, :district)"), [
        {"number": number, "unit_id": item["unit_id"], "province": item["district"].province_code,
         "district": item["district"].code} for number, item in enumerate(stations)
    ])
    connection.execute(text(
        "CREATE TEMP TABLE bench_downloads AS "
        "WITH picks AS MATERIALIZED ("
        "  SELECT day::date AS day, floor(random() * :stations)::int AS number, 1 + floor(random() * :media)::int AS media_id "
        "  FROM generate_series(CAST(:start AS date), CAST(:end AS date), interval '1 day') AS day "
        "  CROSS JOIN generate_series(1, :per_day) AS n) "
        "SELECT p.day, s.unit_id, s.province, s.district, p.media_id FROM picks p JOIN bench_stations s USING (number)"
    ), {"start": YEAR_START, "end": YEAR_END, "per_day": DOWNLOADS // days, "media": MEDIA_ITEMS, "stations": STATIONS})
    connection.execute(text(
        "INSERT INTO downloads_daily (day, area_code, media_id, downloads) "
        "SELECT day, district, media_id, count(*) FROM bench_downloads GROUP BY 1, 2, 3"
    ))
    connection.execute(text(
        "INSERT INTO download_type_daily (day, area_code, scam_type, downloads) "
        "SELECT b.day, b.district, m.scam_type, count(*) FROM bench_downloads b "
        "JOIN bench_media m USING (media_id) GROUP BY 1, 2, 3"
    ))
    add_area_levels(connection, "downloads_daily", ("media_id",), ("downloads",))
    add_area_levels(connection, "download_type_daily", ("scam_type",), ("downloads",))


def fill_outreach(connection):
    days = (YEAR_END - YEAR_START).days + 1
    connection.execute(text(
        "CREATE TEMP TABLE bench_reports AS "
        "WITH picks AS MATERIALIZED ("
        "  SELECT day::date AS day, floor(random() * :stations)::int AS number, 1 + floor(random() * :media)::int AS media_id, "
        "  (ARRAY['temple','school','market','community-meeting','online'])[1 + floor(random() * 5)::int] AS activity, "
        "  10 + floor(random() * 150)::int AS people "
        "  FROM generate_series(CAST(:start AS date), CAST(:end AS date), interval '1 day') AS day "
        "  CROSS JOIN generate_series(1, :per_day) AS n) "
        "SELECT p.day, s.unit_id, s.province, s.district, p.media_id, p.activity, p.people "
        "FROM picks p JOIN bench_stations s USING (number)"
    ), {"start": YEAR_START, "end": YEAR_END, "per_day": OUTREACH_REPORTS // days, "media": MEDIA_ITEMS, "stations": STATIONS})
    connection.execute(text(
        "INSERT INTO outreach_daily SELECT day, unit_id, province, district, activity, count(*), sum(people) "
        "FROM bench_reports GROUP BY 1, 2, 3, 4, 5"
    ))
    connection.execute(text(
        "INSERT INTO outreach_type_daily SELECT r.day, r.unit_id, r.province, r.district, m.scam_type, count(*), "
        "sum(r.people) FROM bench_reports r JOIN bench_media m USING (media_id) GROUP BY 1, 2, 3, 4, 5"
    ))
    connection.execute(text(
        "INSERT INTO outreach_media_daily SELECT day, unit_id, province, district, media_id, count(*), sum(people) "
        "FROM bench_reports GROUP BY 1, 2, 3, 4, 5"
    ))


def fill_national_rollups(connection):
    connection.execute(text(
        "INSERT INTO media_use_daily (day, media_id, downloads, outreach_uses, outreach_people) "
        "SELECT day, media_id, sum(downloads), sum(uses), sum(people) FROM ("
        "  SELECT day, media_id, downloads, 0 AS uses, 0 AS people FROM downloads_daily WHERE area_code = 'TH'"
        "  UNION ALL SELECT day, media_id, 0, uses, people FROM outreach_media_daily) AS x GROUP BY 1, 2"
    ))
    connection.execute(text(
        "INSERT INTO type_use_daily (day, scam_type, downloads, outreach_activities, outreach_people, quiz_takers, "
        "quiz_correct, quiz_questions, quiz_score_sum) "
        "SELECT day, scam_type, sum(a), sum(b), sum(c), sum(d), sum(e), sum(f), sum(g) FROM ("
        "  SELECT day, scam_type, downloads AS a, 0 AS b, 0 AS c, 0 AS d, 0 AS e, 0 AS f, 0 AS g FROM download_type_daily"
        "  WHERE area_code = 'TH'"
        "  UNION ALL SELECT day, scam_type, 0, activities, people, 0, 0, 0, 0 FROM outreach_type_daily"
        "  UNION ALL SELECT day, scam_type, 0, 0, 0, takers, correct, questions, score_sum FROM quiz_type_daily"
        "  WHERE area_code = 'TH'"
        ") AS x GROUP BY 1, 2"
    ))


def fill_monthly(connection):
    """Sum every daily table into its monthly table, as the fold does."""
    from services.analytics import aggregates

    for aggregate in aggregates.AGGREGATES:
        dimensions = ", ".join(aggregate.dimensions)
        sums = ", ".join("sum({})".format(name) for name in aggregate.measures)
        connection.execute(text(
            "INSERT INTO {monthly} (month, {dimensions}, {measures}) "
            "SELECT date_trunc('month', day)::date, {dimensions}, {sums} FROM {daily} GROUP BY 1, {dimensions}".format(
                monthly=aggregate.monthly_table, daily=aggregate.daily_table, dimensions=dimensions,
                measures=", ".join(aggregate.measures), sums=sums,
            )
        ))


def fill_case_statistics(connection, rng):
    connection.execute(text(
        "INSERT INTO case_statistics_imports (id, file_name, source, status, row_count, replaced_row_count, "
        "skipped_line_count, error_count, created_at) VALUES (1, 'bench.csv', 'upload', 'active', 0, 0, 0, 0, now())"
    ))
    rows = []
    codes = taxonomy.seed_codes()
    for province in list(areas.provinces()) + [areas.NATIONAL]:
        for code in codes:
            level = rng.uniform(5, 400) * (40 if province == areas.NATIONAL else 1)
            month = datetime.date(2024, 1, 1)
            while month <= datetime.date(2026, 12, 1):
                end = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
                level *= rng.uniform(0.85, 1.2)
                rows.append({"start": month, "end": end, "area": province, "type": code, "cases": int(level),
                             "damage": round(level * rng.uniform(20000, 90000), 2)})
                month = end + datetime.timedelta(days=1)
    connection.execute(text(
        "INSERT INTO case_statistics (import_id, period_start, period_end, area_code, scam_type, cases, damage_baht, "
        "line) VALUES (1, :start, :end, :area, :type, :cases, :damage, 2)"
    ), rows)


def fill(url, rng):
    engine = db.make_engine(url, schema="analytics", pool_size=1)
    started = time.monotonic()
    with engine.begin() as connection:
        connection.execute(text("SET LOCAL statement_timeout = 0"))
        stations = reference_tables(connection, rng)
        fill_quiz(connection)
        fill_downloads(connection, stations)
        fill_outreach(connection)
        fill_national_rollups(connection)
        fill_monthly(connection)
        fill_case_statistics(connection, rng)
    with engine.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        counts = {
            name: connection.execute(text("SELECT count(*) FROM {}".format(name))).scalar()
            for name in ("quiz_type_daily", "quiz_type_monthly", "downloads_daily", "downloads_monthly", "outreach_daily")
        }
        totals = connection.execute(text(
            "SELECT (SELECT sum(takers) FROM quiz_daily WHERE area_code = 'TH'), "
            "(SELECT sum(downloads) FROM downloads_daily WHERE area_code = 'TH')"
        )).one()
    engine.dispose()
    return stations, {"fill_seconds": round(time.monotonic() - started, 1), "rows": counts,
                      "quiz_results": int(totals[0]), "downloads": int(totals[1])}


def existing_stations(url):
    """Return the stations of a database filled by an earlier run, as ``reference_tables`` returns them."""
    engine = db.make_engine(url, schema="analytics", pool_size=1)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT unit_id, district_code FROM units WHERE level = 'station' ORDER BY unit_id"))
        stations = [{"unit_id": unit_id, "district": areas.districts()[district]} for unit_id, district in rows]
    engine.dispose()
    return stations


# Requests ----------------------------------------------------------------------------------

def random_period(rng):
    """Pick a three-month period in 2026, month-aligned half of the time and from any day otherwise."""
    start_month = rng.randint(1, 10)
    if rng.random() < 0.5:
        start = datetime.date(2026, start_month, 1)
        end = (datetime.date(2026, start_month + 2, 28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    else:
        start = datetime.date(2026, start_month, rng.randint(2, 28))
        end = start + datetime.timedelta(days=91)
    return start, end


def request_plan(stations, rng, count):
    plan = []
    for _ in range(count):
        station = rng.choice(stations)
        start, end = random_period(rng)
        plan.append({"unit_id": station["unit_id"], "province": station["district"].province_code, "start": start, "end": end})
    return plan


def percentiles(samples):
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def time_in_process(url, plan):
    from services.analytics import overview, queries, recommendation

    engine = db.make_engine(url, schema="analytics", pool_size=1)
    session = db.sessionmaker_for(engine)()
    timings = {"overview": [], "recommendation": []}
    try:
        for item in plan:
            started = time.perf_counter()
            overview.area_overview(session, queries.Area(item["province"], queries.PROVINCE), item["start"], item["end"])
            session.rollback()
            timings["overview"].append(time.perf_counter() - started)

            started = time.perf_counter()
            unit = queries.get_unit(session, item["unit_id"])
            recommendation.recommend_media(session, unit, item["start"], item["end"])
            session.rollback()
            timings["recommendation"].append(time.perf_counter() - started)
    finally:
        session.close()
        engine.dispose()
    return {name: percentiles(values) for name, values in timings.items()}


def time_over_http(url, plan, folder):
    """Start the analytics service and the gateway on this database; time the two routes."""
    vhost = "cvbench_{}".format(uuid.uuid4().hex[:10])
    secret = "bench-" + uuid.uuid4().hex * 2
    ports = {"analytics": support.free_port(), "gateway": support.free_port()}
    _vhost("PUT", vhost)
    processes = []
    try:
        # Port 9 (discard) refuses connections, so no process writes to an object store someone else runs.
        env = dict(os.environ, AMQP_URI="amqp://guest:guest@127.0.0.1:5672/{}".format(vhost), DATABASE_URL=url,
                   DATA_DIR=str(folder), JWT_SECRET=secret, LOG_LEVEL="WARNING", PYTHONWARNINGS="ignore",
                   S3_ENDPOINT="127.0.0.1:9")
        for name, target in (("analytics", "services.analytics.service:AnalyticsService"),
                             ("gateway", "gateway.service:GatewayService")):
            command = [str(Path(sys.executable).with_name("nameko")), "run", "--config", "config.yaml", target]
            log = open(folder / "{}.log".format(name), "wb")
            processes.append(subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=dict(env, WEB_SERVER_ADDRESS="127.0.0.1:{}".format(ports[name])),
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            ))
        base = "http://127.0.0.1:{}".format(ports["gateway"])
        _wait_until_up("http://127.0.0.1:{}/health/live".format(ports["analytics"]))
        _wait_until_up(base + "/health/live")

        http = requests.Session()
        timings = {"overview": [], "recommendation": []}
        for number, item in enumerate(plan):
            caller = auth.Caller(account_id=1, username="bench", unit_id=item["unit_id"], unit_path=(1, item["unit_id"]),
                                 roles=(auth.UNIT_HEAD,))
            token, _ = auth.issue_token(secret, caller, 3600)
            headers = {"Authorization": "Bearer " + token}
            params = {"period_start": item["start"].isoformat(), "period_end": item["end"].isoformat()}
            for name, path in (("overview", "/api/v1/analytics/overview"), ("recommendation", "/api/v1/analytics/recommendations")):
                started = time.perf_counter()
                response = http.get(base + path, params=params, headers=headers, timeout=30)
                elapsed = time.perf_counter() - started
                response.raise_for_status()
                if number >= 5:
                    timings[name].append(elapsed)
        return {name: percentiles(values) for name, values in timings.items()}
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        _vhost("DELETE", vhost)


def _wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError("{} did not respond within {} s".format(url, timeout))


def _vhost(method, name):
    management = os.environ.get("RABBIT_MANAGEMENT_URL", "http://127.0.0.1:15672")
    credentials = ("guest", "guest")
    requests.request(method, "{}/api/vhosts/{}".format(management, name), auth=credentials, timeout=10).raise_for_status()
    if method == "PUT":
        permissions = {"configure": ".*", "write": ".*", "read": ".*"}
        requests.put("{}/api/permissions/{}/guest".format(management, name), json=permissions, auth=credentials,
                     timeout=10).raise_for_status()


def main(argv=None):
    args = parse_args(argv)
    rng = random.Random(7)
    database = args.database or "cvbench_{}".format(uuid.uuid4().hex[:10])
    url = support.database_url(POSTGRES_URI, database)
    try:
        if args.database:
            stations, data = existing_stations(url), {"reused": database}
        else:
            support.create_database(POSTGRES_URI, database)
            migrations.upgrade("analytics", {"DATABASE_URL": url})
            stations, data = fill(url, rng)
        plan = request_plan(stations, rng, args.requests)
        results = {"data": data, "requests_each": args.requests, "in_process": time_in_process(url, plan)}
        if not args.no_http:
            results["http"] = time_over_http(url, plan, Path(tempfile.mkdtemp(prefix="cv-bench-")))
    finally:
        if args.keep:
            print("database kept: {}".format(database), file=sys.stderr)
        else:
            support.drop_database(POSTGRES_URI, database)
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
