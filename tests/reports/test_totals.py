"""The pre-aggregated totals stay equal to a count over the raw reports, on PostgreSQL and SQLite."""

import datetime
import random
import uuid

import eventlet
import pytest
from sqlalchemy import func, select

from cybervaccine import auth, db, errors, migrations, taxonomy
from cybervaccine.groupcommit import Pending
from services.reports import copies, operations, rules, schemas
from services.reports.models import Report, ReportMonthTotal, ReportTotal
from tests import support

NOW = datetime.datetime.now(datetime.timezone.utc)


class RecordingOutbox:
    def __init__(self):
        self.events = []

    def add(self, session, event_type, fields):
        self.events.append((event_type, fields))


class AllowAll:
    def has_reporting_duty(self, account_id, unit_id):
        return True

    def scam_type_codes(self, refresh=False):
        return frozenset(taxonomy.seed_codes())


TREE = {1: [], 10: [1], 11: [1], 110: [1, 10], 111: [1, 10], 120: [1, 11], 1101: [1, 10, 110], 1102: [1, 10, 110],
        1111: [1, 10, 111], 1201: [1, 11, 120]}
STATIONS = [1101, 1102, 1111, 1201]


@pytest.fixture(params=["postgresql", "sqlite"])
def session(request, tmp_path):
    if request.param == "postgresql":
        config = {"DATABASE_URL": request.getfixturevalue("database_url")}
    else:
        config = {"DATA_DIR": str(tmp_path)}
        migrations.upgrade("reports", config)
    engine = db.make_engine(
        config.get("DATABASE_URL") or "sqlite:///{}/db/reports.sqlite".format(tmp_path), schema="reports", pool_size=2
    )
    session = db.sessionmaker_for(engine)()
    _add_units(session)
    yield session
    session.close()
    engine.dispose()


def _add_units(session):
    for unit_id, ancestors in TREE.items():
        path = ancestors + [unit_id]
        copies.apply_unit_changed(session, {
            "unit_id": unit_id, "code": "U{}".format(unit_id), "name_th": "หน่วย", "name_en": "unit",
            "level": "station" if unit_id in STATIONS else "division", "parent_id": ancestors[-1] if ancestors else None,
            "path": path, "province_code": "TH-50", "district_code": None, "occurred_at": NOW,
        })
    session.commit()


def random_body(generator, unit_id):
    groups = generator.sample(rules.AUDIENCE_GROUPS, generator.randint(1, 3))
    return schemas.ReportBodySchema().load({
        "occurred_at": (NOW - datetime.timedelta(days=generator.randint(0, 60), hours=generator.randint(0, 23))).isoformat(),
        "place": "สถานที่",
        "province_code": "TH-50",
        "unit_id": unit_id,
        "activity_type": generator.choice(rules.ACTIVITY_TYPES),
        "audiences": [{"group": group, "count": generator.randint(1, 80)} for group in groups],
        "channels": generator.sample(rules.CHANNELS, 2),
        "scam_types": generator.sample(taxonomy.seed_codes(), 2),
    })


def expected_totals(session, unit_path_by_id):
    """Count the active reports per (ancestor, day, dimension, key) straight from their rows."""
    expected = {}
    for report in session.scalars(select(Report).where(Report.status == "active")):
        state = operations.report_state(report)
        for key, value in rules.total_changes(
            unit_path_by_id[report.unit_id], report.activity_date, rules.contributions(state), 1
        ).items():
            current = expected.get(key, (0, 0))
            expected[key] = (current[0] + value[0], current[1] + value[1])
    return expected


def stored_totals(session, model=ReportTotal, period="day"):
    rows = session.scalars(select(model))
    return {
        (row.unit_id, getattr(row, period), row.dimension, row.key): (row.reports, row.people)
        for row in rows if (row.reports, row.people) != (0, 0)
    }


def file_reports(session, generator, head, count, outbox=None):
    filed = []
    for _ in range(count):
        body = random_body(generator, generator.choice(STATIONS))
        report, created = operations.submit_report(
            session, outbox or RecordingOutbox(), head, str(uuid.uuid4()), body, AllowAll(), operations.Policy()
        )
        session.commit()
        assert created
        filed.append(report.id)
    return filed


def pending_count(session):
    return session.scalar(select(func.count()).select_from(Report).where(Report.totals_pending.is_(True)))


def test_totals_match_raw_reports_after_changes(session):
    generator = random.Random(7)
    outbox = RecordingOutbox()
    head = auth.Caller(account_id=1, username="head", unit_id=1, unit_path=(1,), roles=(auth.UNIT_HEAD,))
    policy = operations.Policy()
    settled = file_reports(session, generator, head, 30, outbox)
    assert operations.totals.settle(session.connection(), limit=20) == 20
    assert operations.totals.settle(session.connection()) == 10
    session.commit()
    pending = file_reports(session, generator, head, 10, outbox)

    # Amend and withdraw settled reports and reports still pending.
    for report_id in settled[:8] + pending[:2]:
        report = operations.load_report(session, report_id)
        new_body = random_body(generator, report.unit_id)
        operations.amend_report(session, outbox, head, report_id, {"reason": "แก้ไข", "revision": report.revision,
                                                                   "report": new_body}, AllowAll(), policy)
        session.commit()
    for report_id in settled[10:14] + pending[5:6]:
        operations.withdraw_report(session, outbox, head, report_id, {"reason": "ถอน"}, policy)
        session.commit()
    assert pending_count(session) == 7
    assert operations.totals.settle(session.connection()) == 7
    session.commit()

    paths = {unit_id: ancestors + [unit_id] for unit_id, ancestors in TREE.items()}
    expected = expected_totals(session, paths)
    assert pending_count(session) == 0
    assert stored_totals(session) == expected
    assert stored_totals(session, ReportMonthTotal, "month") == rules.month_changes(expected)
    assert [event_type for event_type, _ in outbox.events].count("outreach_amended") == 10
    assert [event_type for event_type, _ in outbox.events].count("outreach_withdrawn") == 5


def test_summary_of_root_equals_sum_of_children(session):
    generator = random.Random(11)
    head = auth.Caller(account_id=1, username="head", unit_id=1, unit_path=(1,), roles=(auth.UNIT_HEAD,))
    file_reports(session, generator, head, 25)
    assert pending_count(session) == 25

    summary = operations.summarize(session, head, {"period": "week"})
    by_month = operations.summarize(session, head, {"period": "month"})
    from_mid_month = operations.summarize(
        session, head, {"period": "month", "date_from": NOW.date().replace(day=1) - datetime.timedelta(days=20)}
    )

    assert by_month["reports"] == summary["reports"]
    assert by_month["by"] == summary["by"]
    assert from_mid_month["reports"] == sum(
        1 for report in session.scalars(select(Report))
        if report.activity_date >= NOW.date().replace(day=1) - datetime.timedelta(days=20)
    )
    assert pending_count(session) == 0
    assert summary["reports"] == 25
    assert sum(item["reports"] for item in summary["units"]) == 25
    assert sum(period["reports"] for period in summary["periods"]) == 25
    assert summary["people"] == sum(item["people"] for item in summary["units"])


def test_filing_batch_retried_after_late_failure(session, monkeypatch):
    from services.reports import filing
    from services.reports.models import OutboxMessage, ReportRevision

    head = auth.Caller(account_id=1, username="head", unit_id=1, unit_path=(1,), roles=(auth.UNIT_HEAD,))
    generator = random.Random(5)
    new_reports = [
        operations.prepare_report(session, head, str(uuid.uuid4()), random_body(generator, station), AllowAll(),
                                  operations.Policy())[0]
        for station in STATIONS[:2]
    ]
    session.rollback()
    log = support.standalone_group_commit(filing.FilingLog(), session.bind, "reports", OutboxMessage)
    outbox_values = filing.outbox_values
    calls = []

    def fail_first_batch(*args):
        # A failure after the reports' INSERT, as a statement timeout on the outbox would cause.
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("statement timed out")
        return outbox_values(*args)

    monkeypatch.setattr(filing, "outbox_values", fail_first_batch)
    batch = [Pending(item) for item in new_reports]

    log.write_batch(batch)

    assert [pending.done.wait() for pending in batch] == [True, True]
    assert len(calls) == 3
    assert session.scalar(select(func.count()).select_from(Report)) == 2
    assert session.scalar(select(func.count()).select_from(ReportRevision)) == 2
    assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    assert operations.totals.settle(session.connection()) == 2
    assert sum(reports for (unit_id, _, dimension, _), (reports, _) in stored_totals(session).items()
               if unit_id == 1 and dimension == "all") == 2


def test_pending_report_follows_moved_station(session):
    head = auth.Caller(account_id=1, username="head", unit_id=1, unit_path=(1,), roles=(auth.UNIT_HEAD,))
    [report_id] = file_reports(session, random.Random(3), head, 1)
    station = operations.load_report(session, report_id).unit_id
    old_division = TREE[station][-1]
    new_division = next(unit_id for unit_id in (110, 111, 120) if unit_id != old_division)

    copies.apply_unit_changed(session, {
        "unit_id": station, "code": "U{}".format(station), "name_th": "หน่วย", "name_en": "unit", "level": "station",
        "parent_id": new_division, "path": TREE[new_division] + [new_division, station], "province_code": "TH-50",
        "district_code": None, "occurred_at": datetime.datetime.now(datetime.timezone.utc),
    })
    session.commit()
    operations.totals.settle(session.connection())
    session.commit()

    counted = {unit_id for (unit_id, _, dimension, _) in stored_totals(session) if dimension == "all"}
    assert counted == {station, new_division, *TREE[new_division]}


def test_ancestor_move_waits_for_a_running_settling(session, monkeypatch):
    if session.bind.dialect.name != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time")
    head = auth.Caller(account_id=1, username="head", unit_id=1, unit_path=(1,), roles=(auth.UNIT_HEAD,))
    operations.submit_report(session, RecordingOutbox(), head, str(uuid.uuid4()),
                             random_body(random.Random(1), 1101), AllowAll(), operations.Policy())
    session.commit()
    paused, resume = eventlet.event.Event(), eventlet.event.Event()
    apply_totals = operations.totals.apply

    def apply_after_resume(connection, changes):
        if not paused.ready():
            paused.send()
            resume.wait()
        return apply_totals(connection, changes)

    monkeypatch.setattr(operations.totals, "apply", apply_after_resume)

    def settle():
        with session.bind.connect() as connection:
            operations.totals.settle(connection)
            connection.commit()

    def move_division_110():
        move_session = db.sessionmaker_for(session.bind)()
        copies.apply_unit_changed(move_session, {
            "unit_id": 110, "code": "U110", "name_th": "หน่วย", "name_en": "unit", "level": "division",
            "parent_id": 11, "path": [1, 11, 110], "province_code": "TH-50", "district_code": None,
            "occurred_at": datetime.datetime.now(datetime.timezone.utc),
        })
        move_session.commit()
        move_session.close()

    settling = eventlet.spawn(settle)
    paused.wait()
    moving = eventlet.spawn(move_division_110)
    eventlet.sleep(0.5)
    waited = not moving.dead
    resume.send()
    settling.wait()
    moving.wait()

    counted = {unit_id for (unit_id, _, dimension, _) in stored_totals(session) if dimension == "all"}
    assert waited
    assert counted == {1, 11, 110, 1101}


class NoDuty(AllowAll):
    def has_reporting_duty(self, account_id, unit_id):
        return False


def test_repeat_after_duty_ended_returns_stored_report(session):
    officer = auth.Caller(account_id=5, username="officer", unit_id=1101, unit_path=(1, 10, 110, 1101),
                          roles=(auth.OFFICER,))
    body = random_body(random.Random(2), 1101)
    report_id = str(uuid.uuid4())
    operations.submit_report(session, RecordingOutbox(), officer, report_id, body, AllowAll(), operations.Policy())
    session.commit()

    stored, created = operations.prepare_report(session, officer, report_id, body, NoDuty(), operations.Policy())
    other = dict(body, place="ที่อื่น")

    assert (stored.id, created) == (report_id, False)
    with pytest.raises(errors.Conflict):
        operations.prepare_report(session, officer, report_id, other, NoDuty(), operations.Policy())
    with pytest.raises(errors.PermissionDenied):
        operations.prepare_report(session, officer, str(uuid.uuid4()), body, NoDuty(), operations.Policy())
