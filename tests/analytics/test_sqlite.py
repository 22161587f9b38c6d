"""The fold, the rebuild and the dashboards on SQLite, the zero-setup database of ``make run``."""

import datetime
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from cybervaccine import db, events, migrations, settings
from services.analytics import fold, imports, overview, queries, rebuild, recommendation, seed, strategy
from services.analytics.models import DAILY_TABLES, Unit
from tests.analytics.conftest import media_fields, outreach_fields, quiz_fields, unit_fields
from tests.support import free_port, wait_for

PROJECT_ROOT = Path(__file__).resolve().parents[2]

D = datetime.date


@pytest.fixture
def sqlite_session(tmp_path):
    config = {"DATA_DIR": str(tmp_path)}
    migrations.upgrade("analytics", config)
    engine = db.make_engine(settings.database_url(config, "analytics"))
    session = db.sessionmaker_for(engine)()
    yield session
    session.close()
    engine.dispose()


def record(session, items):
    events.load_all()
    payloads = [(source, event_type, events.build_event(source, event_type, fields)) for source, event_type, fields in items]
    new_ids = fold.record_events(session, payloads)
    session.commit()
    return payloads, new_ids


def fold_all(session):
    count, _ = fold.fold_pending(session)
    session.commit()
    return count


def test_fold_and_overview_on_sqlite(sqlite_session):
    station = unit_fields(1204, [1, 10, 1204])
    report = str(uuid.uuid4())
    record(sqlite_session, [("directory", "unit_changed", station), ("media", "media_published", media_fields(41, ["job"]))])
    record(sqlite_session, [("quiz", "quiz_completed", quiz_fields([("job", 1, 3)])) for _ in range(12)] + [
        ("reports", "outreach_reported", outreach_fields(report, 1204, [1, 10, 1204], scam_types=["job"], media=[41])),
        ("media", "media_downloaded", {"download_id": 1, "media_id": 41, "media_version": 1, "current_version": 1,
                                       "kind": "poster", "scam_types": ["job"], "account_id": 3, "unit_id": 1204,
                                       "province_code": "TH-50", "via": "direct"}),
    ])

    assert fold_all(sqlite_session) == 16

    area = queries.Area("TH-50", queries.PROVINCE)
    result = overview.area_overview(sqlite_session, area, D(2026, 3, 1), D(2026, 3, 31))
    assert result["quiz"]["total"]["takers"] == 12
    assert result["quiz"]["weakest_types"] == ["job"]
    assert result["outreach"]["activities"] == 1

    unit = sqlite_session.get(Unit, 1204)
    advice = recommendation.recommend_media(sqlite_session, unit, D(2026, 3, 1), D(2026, 3, 31))
    assert [item["scam_type"] for item in advice["items"]] == ["job"]
    assert advice["items"][0]["media"][0]["media_id"] == 41


def test_redelivery_on_sqlite(sqlite_session):
    payloads, new_ids = record(sqlite_session, [("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)]))])
    again = fold.record_events(sqlite_session, payloads + payloads)
    sqlite_session.commit()

    assert len(new_ids) == 1
    assert again == set()
    assert fold_all(sqlite_session) == 1


def test_strategy_before_after_on_sqlite(sqlite_session):
    record(sqlite_session, [
        ("reports", "outreach_reported", outreach_fields(str(uuid.uuid4()), 1204, [1, 10, 1204],
                                                         activity_date="2026-03-15", scam_types=["job"])),
    ] + [
        ("quiz", "quiz_completed", quiz_fields([("job", 1, 3)], completed_at="2026-03-10T03:00:00+00:00"))
        for _ in range(10)
    ] + [
        ("quiz", "quiz_completed", quiz_fields([("job", 3, 3)], completed_at="2026-03-20T03:00:00+00:00"))
        for _ in range(10)
    ])
    fold_all(sqlite_session)

    result = strategy.strategy_overview(sqlite_session, D(2026, 3, 1), D(2026, 3, 31))

    job = {row["scam_type"]: row for row in result["types"]}["job"]
    assert job["before_after"]["before"]["takers"] == 10
    assert job["before_after"]["after"]["correct_share"] == 1.0


def test_seed_import_and_rebuild_on_sqlite(sqlite_session):
    assert seed.seed_published_statistics(sqlite_session).row_count == 46
    assert seed.seed_published_statistics(sqlite_session) is None

    record(sqlite_session, [("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)])) for _ in range(3)])
    fold_all(sqlite_session)
    before = sqlite_session.execute(DAILY_TABLES["quiz"].select()).all()

    assert rebuild.rebuild(sqlite_session) == 3
    assert sqlite_session.execute(DAILY_TABLES["quiz"].select()).all() == before
    assert len(queries.current_case_rows(sqlite_session, "TH")) == 46


def test_alias_on_sqlite(sqlite_session):
    from cybervaccine.auth import WORKING_GROUP, Caller

    caller = Caller(account_id=1, username="wg", unit_id=1, unit_path=(1,), roles=(WORKING_GROUP,))
    imports.add_alias(sqlite_session, caller, "job", "งานพับถุงออนไลน์", ["job"])
    sqlite_session.commit()

    assert imports.reference_data(sqlite_session).aliases.resolve("งานพับถุงออนไลน์") == "job"


def test_fold_worker_folds_pending_events(sqlite_session):
    from services.analytics import fold_worker

    record(sqlite_session, [("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)])) for _ in range(3)])
    rounds = []

    def stop_after_two_rounds():
        rounds.append(1)
        return len(rounds) > 2

    folded = fold_worker.fold_until_stopped(db.sessionmaker_for(sqlite_session.get_bind()), 2, stop_after_two_rounds)

    assert folded == 3
    assert fold.pending_count(sqlite_session) == 0


def test_fold_worker_process_stops_cleanly(sqlite_session, tmp_path):
    record(sqlite_session, [("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)])) for _ in range(3)])
    port = free_port()
    config = tmp_path / "config.yaml"
    config.write_text("DATA_DIR: {}\nANALYTICS_FOLD_METRICS_ADDRESS: 127.0.0.1:{}\n".format(tmp_path, port))
    worker = subprocess.Popen(
        [sys.executable, "-m", "services.analytics.fold_worker", "--config", str(config)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    folded = 'cybervaccine_analytics_events_folded_total{event_type="quiz_completed"} 3.0'

    def metrics_show_the_fold():
        try:
            return folded in requests.get("http://127.0.0.1:{}/metrics".format(port), timeout=2).text
        except requests.ConnectionError:
            return False

    try:
        wait_for(metrics_show_the_fold, timeout=30, message="the fold worker's /metrics to count 3 folded events")
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)

    assert worker.returncode == 0, output
    assert "stopped after folding 3 events" in output
    assert fold.pending_count(sqlite_session) == 0


def test_fold_worker_rejects_bad_address(tmp_path):

    config = tmp_path / "config.yaml"
    config.write_text("DATA_DIR: {}\n".format(tmp_path))

    result = subprocess.run(
        [sys.executable, "-m", "services.analytics.fold_worker", "--config", str(config), "--metrics-address", "8006"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
    )

    assert result.returncode == 2
    assert "invalid metrics address '8006': expected host:port" in result.stderr
