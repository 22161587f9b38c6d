"""Event consumption into the read models on a real broker and database, against hand-computed values."""

import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
from kombu import Connection
from sqlalchemy import func, select

from services.analytics import rebuild, rules
from services.analytics.models import DAILY_TABLES, MONTHLY_TABLES, EventLog, MediaItem, READ_MODEL_TABLES, Unit
from tests import support
from tests.analytics.conftest import (
    amendment,
    download_fields,
    media_fields,
    outreach_fields,
    quiz_fields,
    unit_fields,
)

D = datetime.date
MARCH_10 = D(2026, 3, 10)
MARCH = D(2026, 3, 1)

UNITS = [
    unit_fields(1, [1], level="national", province_code=None, district_code=None),
    unit_fields(10, [1, 10], level="bureau", province_code=None, district_code=None),
    unit_fields(1204, [1, 10, 1204]),
    unit_fields(1300, [1, 10, 1300], district_code="5002"),
    unit_fields(2000, [1, 10, 2000], province_code="TH-10", district_code="1001"),
]


def nonzero_rows(session, table):
    """Return {key tuple: measures} of a table's rows, leaving out rows whose measures are all 0."""
    session.rollback()
    key_columns = [column.name for column in table.primary_key.columns]
    measures = [column.name for column in table.columns if column.name not in key_columns]
    result = {}
    for row in session.execute(select(table)).mappings():
        values = {name: row[name] for name in measures}
        if any(values.values()):
            key = tuple(row[name] if not isinstance(row[name], str) or name not in ("day", "month")
                        else D.fromisoformat(row[name]) for name in key_columns)
            result[key] = values
    return result


def publish_all(publish, wait_until_folded, batches):
    """Publish batches of (source, event type, fields) in order, waiting for each batch to be folded."""
    total = 0
    payloads = []
    for batch in batches:
        for source, event_type, fields in batch:
            payloads.append(publish(source, event_type, fields))
        total += len(batch)
        wait_until_folded(total)
    return payloads


@pytest.fixture
def small_event_set(analytics, publish, wait_until_folded):
    """A small set of every kind of event, published in dependency order; returns the download payloads."""
    r1 = outreach_fields(str(uuid.uuid4()), 1204, [1, 10, 1204], activity_date="2026-03-12", total_people=40,
                         scam_types=["loan"], media=[41])
    r2 = outreach_fields(str(uuid.uuid4()), 1300, [1, 10, 1300], activity_date="2026-03-15", total_people=100,
                         scam_types=["job"], media=[43], activity_type="school", district_code="5002")
    r3 = outreach_fields(str(uuid.uuid4()), 2000, [1, 10, 2000], activity_date="2026-03-12", total_people=30,
                         scam_types=["loan"], media=[41], activity_type="market", province_code="TH-10",
                         district_code="1001")

    payloads = publish_all(publish, wait_until_folded, [
        [("directory", "unit_changed", fields) for fields in UNITS],
        [
            ("media", "media_published", media_fields(41, ["loan"])),
            ("media", "media_published", media_fields(42, ["call-center", "loan"])),
            ("media", "media_published", media_fields(43, ["job"])),
        ],
        [
            ("quiz", "quiz_completed", quiz_fields([("loan", 2, 3), ("call-center", 0, 2)], total_score=40)),
            ("quiz", "quiz_completed", quiz_fields([("loan", 3, 3)], risk_level="low", total_score=100)),
            ("quiz", "quiz_completed", quiz_fields([("call-center", 1, 2)], district_code="5002", risk_level="high")),
            ("quiz", "quiz_completed", quiz_fields([("loan", 0, 3)], province_code="TH-10", district_code="1001",
                                                   risk_level="high", total_score=0)),
            ("media", "media_downloaded", download_fields(41, 1204, ["loan"])),
            ("media", "media_downloaded", download_fields(42, 1204, ["call-center", "loan"])),
            ("media", "media_downloaded", download_fields(42, 2000, ["call-center", "loan"], province_code="TH-10")),
            ("reports", "outreach_reported", r1),
            ("reports", "outreach_reported", r2),
            ("reports", "outreach_reported", r3),
        ],
        [
            ("reports", "outreach_amended", amendment(r1, 2, total_people=55, scam_types=["loan", "call-center"],
                                                      media=[{"media_id": 41, "version": 1}, {"media_id": 42, "version": 1}])),
            ("reports", "outreach_withdrawn", amendment(r2, 2)),
        ],
    ])
    return [payload for payload in payloads if "download_id" in payload]


def test_quiz_aggregates_hand_computed(small_event_set, analytics_session):
    def quiz(takers, score_sum, low, medium, high):
        return {"takers": takers, "score_sum": score_sum, "risk_low": low, "risk_medium": medium, "risk_high": high}

    assert nonzero_rows(analytics_session, DAILY_TABLES["quiz"]) == {
        (MARCH_10, "TH"): quiz(4, 190, 1, 1, 2),
        (MARCH_10, "TH-50"): quiz(3, 190, 1, 1, 1),
        (MARCH_10, "5001"): quiz(2, 140, 1, 1, 0),
        (MARCH_10, "5002"): quiz(1, 50, 0, 0, 1),
        (MARCH_10, "TH-10"): quiz(1, 0, 0, 0, 1),
        (MARCH_10, "1001"): quiz(1, 0, 0, 0, 1),
    }


def quiz_type(takers, correct, questions, score_sum):
    return {"takers": takers, "correct": correct, "questions": questions, "score_sum": score_sum}


QUIZ_TYPE_CELLS = {
    ("TH", "loan"): quiz_type(3, 5, 9, 167),
    ("TH", "call-center"): quiz_type(2, 1, 4, 50),
    ("TH-50", "loan"): quiz_type(2, 5, 6, 167),
    ("TH-50", "call-center"): quiz_type(2, 1, 4, 50),
    ("5001", "loan"): quiz_type(2, 5, 6, 167),
    ("5001", "call-center"): quiz_type(1, 0, 2, 0),
    ("5002", "call-center"): quiz_type(1, 1, 2, 50),
    ("TH-10", "loan"): quiz_type(1, 0, 3, 0),
    ("1001", "loan"): quiz_type(1, 0, 3, 0),
}


def test_quiz_types_hand_computed(small_event_set, analytics_session):
    expected = {(MARCH_10,) + key: value for key, value in QUIZ_TYPE_CELLS.items()}
    assert nonzero_rows(analytics_session, DAILY_TABLES["quiz_type"]) == expected


def test_monthly_rollup_matches_days(small_event_set, analytics_session):
    expected = {(MARCH,) + key: value for key, value in QUIZ_TYPE_CELLS.items()}
    assert nonzero_rows(analytics_session, MONTHLY_TABLES["quiz_type"]) == expected


def test_download_aggregates_hand_computed(small_event_set, analytics_session):
    days = {rules.local_day(payload["occurred_at"]) for payload in small_event_set}
    assert len(days) == 1
    day = days.pop()

    assert nonzero_rows(analytics_session, DAILY_TABLES["downloads"]) == {
        (day, "TH", 41): {"downloads": 1},
        (day, "TH", 42): {"downloads": 2},
        (day, "TH-50", 41): {"downloads": 1},
        (day, "TH-50", 42): {"downloads": 1},
        (day, "5001", 41): {"downloads": 1},
        (day, "5001", 42): {"downloads": 1},
        (day, "TH-10", 42): {"downloads": 1},
        (day, "1001", 42): {"downloads": 1},
    }
    assert nonzero_rows(analytics_session, DAILY_TABLES["download_type"]) == {
        (day, "TH", "loan"): {"downloads": 3},
        (day, "TH", "call-center"): {"downloads": 2},
        (day, "TH-50", "loan"): {"downloads": 2},
        (day, "TH-50", "call-center"): {"downloads": 1},
        (day, "5001", "loan"): {"downloads": 2},
        (day, "5001", "call-center"): {"downloads": 1},
        (day, "TH-10", "loan"): {"downloads": 1},
        (day, "TH-10", "call-center"): {"downloads": 1},
        (day, "1001", "loan"): {"downloads": 1},
        (day, "1001", "call-center"): {"downloads": 1},
    }


def test_outreach_amend_and_withdraw_hand_computed(small_event_set, analytics_session):
    march_12 = D(2026, 3, 12)
    assert nonzero_rows(analytics_session, DAILY_TABLES["outreach"]) == {
        (march_12, 1204, "TH-50", "5001", "temple"): {"activities": 1, "people": 55},
        (march_12, 2000, "TH-10", "1001", "market"): {"activities": 1, "people": 30},
    }
    assert nonzero_rows(analytics_session, DAILY_TABLES["outreach_type"]) == {
        (march_12, 1204, "TH-50", "5001", "loan"): {"activities": 1, "people": 55},
        (march_12, 1204, "TH-50", "5001", "call-center"): {"activities": 1, "people": 55},
        (march_12, 2000, "TH-10", "1001", "loan"): {"activities": 1, "people": 30},
    }
    assert nonzero_rows(analytics_session, DAILY_TABLES["outreach_media"]) == {
        (march_12, 1204, "TH-50", "5001", 41): {"uses": 1, "people": 55},
        (march_12, 1204, "TH-50", "5001", 42): {"uses": 1, "people": 55},
        (march_12, 2000, "TH-10", "1001", 41): {"uses": 1, "people": 30},
    }


def test_national_rollups_hand_computed(small_event_set, analytics_session):
    by_media = {key[1]: value for key, value in nonzero_rows(analytics_session, MONTHLY_TABLES["media_use"]).items()
                if key[0] == MARCH}
    assert by_media == {
        41: {"downloads": 0, "outreach_uses": 2, "outreach_people": 85},
        42: {"downloads": 0, "outreach_uses": 1, "outreach_people": 55},
    }
    loan = nonzero_rows(analytics_session, MONTHLY_TABLES["type_use"])[(MARCH, "loan")]
    assert loan == {
        "downloads": 0, "outreach_activities": 2, "outreach_people": 85,
        "quiz_takers": 3, "quiz_correct": 5, "quiz_questions": 9, "quiz_score_sum": 167,
    }


def test_units_and_media_copies(small_event_set, analytics_session):
    unit = analytics_session.get(Unit, 1204)
    assert unit.path_ids == [1, 10, 1204]
    assert unit.district_code == "5001"
    media = analytics_session.get(MediaItem, 42)
    assert media.title_th == "สื่อทดสอบ"
    assert media.scam_types == '["call-center", "loan"]'


def test_redelivered_events_count_once(analytics, publish, wait_until_folded, analytics_session):
    payload = publish("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)]))
    for _ in range(3):
        publish("quiz", "quiz_completed", payload=payload)
    wait_until_folded(1)

    second = publish("quiz", "quiz_completed", quiz_fields([("loan", 2, 2)]))
    publish("quiz", "quiz_completed", payload=second)
    wait_until_folded(2)

    assert nonzero_rows(analytics_session, DAILY_TABLES["quiz_type"]) == {
        (MARCH_10, area, "loan"): {"takers": 2, "correct": 3, "questions": 4, "score_sum": 150}
        for area in ("TH", "TH-50", "5001")
    }


def test_older_revision_after_newer_is_ignored(analytics, publish, wait_until_folded, analytics_session):
    report = outreach_fields(str(uuid.uuid4()), 1204, [1, 10, 1204], total_people=40)
    publish("reports", "outreach_amended", amendment(report, 3, total_people=70))
    wait_until_folded(1)
    publish("reports", "outreach_amended", amendment(report, 2, total_people=55))
    publish("reports", "outreach_reported", report)
    wait_until_folded(3)

    rows = nonzero_rows(analytics_session, DAILY_TABLES["outreach"])
    assert list(rows.values()) == [{"activities": 1, "people": 70}]


def test_withdrawn_before_reported_counts_nothing(analytics, publish, wait_until_folded, analytics_session):
    report = outreach_fields(str(uuid.uuid4()), 1204, [1, 10, 1204])
    publish("reports", "outreach_withdrawn", amendment(report, 2))
    wait_until_folded(1)
    publish("reports", "outreach_reported", report)
    wait_until_folded(2)

    assert nonzero_rows(analytics_session, DAILY_TABLES["outreach"]) == {}


def test_invalid_event_goes_to_dead_letter_queue(analytics, publish, wait_until_folded, analytics_session):
    from cybervaccine import events

    events.load_all()
    broken = events.build_event("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)]))
    broken["risk_level"] = "unknown"
    publish("quiz", "quiz_completed", payload=broken)
    publish("quiz", "quiz_completed", payload="not an event")
    publish("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)]))
    wait_until_folded(1)

    queue = "evt-quiz-quiz_completed--analytics.handle_quiz_completed.dead-letter"
    with Connection(analytics["AMQP_URI"]) as connection:
        def dead_lettered():
            channel = connection.channel()
            try:
                return channel.queue_declare(queue, passive=True).message_count == 2
            finally:
                channel.close()

        support.wait_for(dead_lettered, timeout=20, message="both invalid events in the dead-letter queue")

    logged = analytics_session.scalar(select(func.count(EventLog.id)).where(EventLog.event_id == broken["event_id"]))
    assert logged == 0


def test_rebuild_reproduces_read_models(small_event_set, analytics_session):
    before = {table.name: nonzero_rows(analytics_session, table) for table in READ_MODEL_TABLES if table.name.endswith(("_daily", "_monthly"))}
    analytics_session.rollback()

    applied = rebuild.rebuild(analytics_session, batch_size=4)

    after = {table.name: nonzero_rows(analytics_session, table) for table in READ_MODEL_TABLES if table.name.endswith(("_daily", "_monthly"))}
    assert applied == 20
    assert after == before
    assert analytics_session.get(Unit, 2000).province_code == "TH-10"


def test_rebuild_command(small_event_set, service_config, analytics_session):
    env = dict(os.environ, DATABASE_URL=service_config["DATABASE_URL"], AMQP_URI=service_config["AMQP_URI"],
               DATA_DIR=service_config["DATA_DIR"], PYTHONWARNINGS="ignore")
    result = subprocess.run(
        [sys.executable, "-m", "services.analytics.rebuild"], cwd=Path(__file__).resolve().parents[2],
        env=env, capture_output=True, text=True, timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "read models rebuilt from 20 events" in result.stdout
    assert len(nonzero_rows(analytics_session, DAILY_TABLES["quiz"])) == 6


def metric_values(url):
    """Return {sample line name with labels: value} from a /metrics page."""
    values = {}
    for line in requests.get(url, timeout=10).text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            values[name] = float(value)
    return values


def test_metrics_show_lag_and_folded_events(analytics, publish, wait_until_folded):
    names = (
        'cybervaccine_analytics_event_lag_seconds_count{event_type="quiz_completed"}',
        'cybervaccine_analytics_events_folded_total{event_type="quiz_completed"}',
        'cybervaccine_analytics_events_received_total{event_type="quiz_completed",outcome="new"}',
    )
    before = metric_values(analytics["metrics_url"])

    publish("quiz", "quiz_completed", quiz_fields([("loan", 1, 2)]))
    wait_until_folded(1)

    def grown_by_one():
        after = metric_values(analytics["metrics_url"])
        return [name for name in names if after.get(name, 0.0) - before.get(name, 0.0) != 1.0] == []

    support.wait_for(grown_by_one, timeout=10, message="each metric grown by one")
