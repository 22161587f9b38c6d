"""Report rules without a broker or database: validation, permissions, canonical form, roll-up arithmetic."""

import datetime
import uuid

import pytest

from cybervaccine import auth
from cybervaccine.errors import Conflict, InvalidInput, PermissionDenied
from services.reports import rules, schemas

NOW = datetime.datetime(2026, 11, 30, 5, 0, tzinfo=datetime.timezone.utc)


def body(**overrides):
    data = {
        "occurred_at": "2026-11-28T10:00:00+07:00",
        "place": "วัดพระสิงห์",
        "province_code": "TH-50",
        "district_code": "5001",
        "unit_id": 1204,
        "activity_type": "temple",
        "audiences": [{"group": "elderly", "count": 45}, {"group": "farmers", "count": 20}],
        "media": [{"media_id": 17, "version": 2}],
        "channels": ["print", "in-person"],
        "scam_types": ["loan", "call-center"],
        "note": "",
        "photo_count": 1,
    }
    data.update(overrides)
    return data


def loaded(**overrides):
    return schemas.ReportBodySchema().load(body(**overrides))


def caller(unit_id, path, roles=(auth.OFFICER,), account_id=7):
    return auth.Caller(account_id=account_id, username="u{}".format(account_id), unit_id=unit_id,
                       unit_path=tuple(path), roles=tuple(roles))


# Schema

def test_schema_requires_date():
    data = body()
    del data["occurred_at"]

    with pytest.raises(InvalidInput) as raised:
        schemas.ReportBodySchema().load(data)

    assert raised.value.code == "invalid_input"
    assert "occurred_at" in raised.value.details["fields"]
    assert "วันและเวลาที่จัดกิจกรรม" in raised.value.message_th
    assert "ต้องระบุ" in raised.value.message_th
    assert "date and time of the activity" in raised.value.message_en


def test_schema_rejects_text_head_count():
    with pytest.raises(InvalidInput) as raised:
        loaded(audiences=[{"group": "elderly", "count": "many"}])

    assert "จำนวนคน" in raised.value.message_th


def test_schema_reads_time_without_offset_as_thai_time():
    data = loaded(occurred_at="2026-11-28T01:30:00")

    assert data["occurred_at"].utcoffset() == datetime.timedelta(hours=7)
    assert rules.local_date(data["occurred_at"]) == datetime.date(2026, 11, 28)


def test_schema_rejects_unknown_activity_type():
    with pytest.raises(InvalidInput) as raised:
        loaded(activity_type="concert")

    assert "activity_type" in raised.value.details["fields"]


# Validation

def test_future_date_rejected():
    data = loaded(occurred_at=(NOW + datetime.timedelta(hours=1)).isoformat())

    with pytest.raises(InvalidInput) as raised:
        rules.check_report(data, NOW, 366)

    assert raised.value.code == "occurred_at_in_future"


def test_small_clock_skew_accepted():
    data = loaded(occurred_at=(NOW + datetime.timedelta(minutes=5)).isoformat())

    rules.check_report(data, NOW, 366)


def test_old_date_rejected():
    data = loaded(occurred_at="2024-01-01T10:00:00+07:00")

    with pytest.raises(InvalidInput) as raised:
        rules.check_report(data, NOW, 366)

    assert raised.value.code == "occurred_at_too_old"


@pytest.mark.parametrize(
    "audiences, code",
    [
        ([], "audience_missing"),
        ([{"group": "elderly", "count": -3}], "head_count_negative"),
        ([{"group": "elderly", "count": 0}], "audience_empty"),
        ([{"group": "elderly", "count": 5}, {"group": "elderly", "count": 2}], "audience_duplicate"),
        ([{"group": "general-public", "count": 100_001}], "head_count_needs_confirmation"),
        ([{"group": "general-public", "count": 10_000_001}], "head_count_too_large"),
    ],
)
def test_bad_head_counts_rejected(audiences, code):
    data = loaded(audiences=audiences)

    with pytest.raises(InvalidInput) as raised:
        rules.check_report(data, NOW, 366)

    assert raised.value.code == code
    assert raised.value.message_th and raised.value.message_en


def test_large_count_accepted_with_confirmation():
    data = loaded(audiences=[{"group": "general-public", "count": 250_000}], confirm_large_counts=True)

    rules.check_report(data, NOW, 366)


@pytest.mark.parametrize(
    "overrides, code",
    [
        ({"province_code": "TH-99"}, "unknown_province"),
        ({"district_code": "1001"}, "unknown_district"),
        ({"latitude": 18.79}, "coordinates_incomplete"),
        ({"latitude": 48.85, "longitude": 2.35}, "coordinates_outside_thailand"),
        ({"media": [{"media_id": 3, "version": 1}, {"media_id": 3, "version": 1}]}, "duplicate_media_version"),
    ],
)
def test_bad_place_and_media_rejected(overrides, code):
    with pytest.raises(InvalidInput) as raised:
        rules.check_report(loaded(**overrides), NOW, 366)

    assert raised.value.code == code


def test_coordinates_in_chiang_mai_accepted():
    rules.check_report(loaded(latitude=18.7883, longitude=98.9853), NOW, 366)


# Canonical form

def test_canonical_body_ignores_order_zone_and_confirmation():
    first = loaded()
    second = loaded(
        occurred_at="2026-11-28T03:00:00+00:00",
        audiences=[{"group": "farmers", "count": 20}, {"group": "elderly", "count": 45}],
        channels=["in-person", "print"],
        scam_types=["call-center", "loan", "loan"],
        confirm_large_counts=True,
    )

    assert rules.body_hash(rules.canonical_body(first)) == rules.body_hash(rules.canonical_body(second))


def test_canonical_body_differs_on_head_count():
    first = loaded()
    second = loaded(audiences=[{"group": "elderly", "count": 46}, {"group": "farmers", "count": 20}])

    assert rules.body_hash(rules.canonical_body(first)) != rules.body_hash(rules.canonical_body(second))


# Permissions

STATION_PATH = (1, 10, 112, 1204)


def test_unit_head_files_for_subtree_without_duty_lookup():
    head = caller(112, (1, 10, 112), roles=(auth.UNIT_HEAD,))

    def no_lookup():
        raise AssertionError("the directory should not be asked")

    rules.check_filing_rights(head, 1204, STATION_PATH, no_lookup)


def test_officer_with_duty_files():
    rules.check_filing_rights(caller(1204, STATION_PATH), 1204, STATION_PATH, lambda: True)


def test_officer_without_duty_rejected():
    with pytest.raises(PermissionDenied) as raised:
        rules.check_filing_rights(caller(1204, STATION_PATH), 1204, STATION_PATH, lambda: False)

    assert raised.value.code == "reporting_duty_required"


def test_unit_outside_subtree_rejected():
    other = caller(1300, (1, 10, 113, 1300), roles=(auth.UNIT_HEAD,))

    with pytest.raises(PermissionDenied) as raised:
        rules.check_filing_rights(other, 1204, STATION_PATH, lambda: False)

    assert raised.value.code == "unit_outside_subtree"


def test_amend_needs_unit_head_within_window():
    created = NOW - datetime.timedelta(days=3)
    head = caller(112, (1, 10, 112), roles=(auth.UNIT_HEAD,))
    officer = caller(1204, STATION_PATH)

    rules.check_amend_rights(head, "r", 1204, STATION_PATH, "active", created, NOW, 30)
    with pytest.raises(PermissionDenied) as raised:
        rules.check_amend_rights(officer, "r", 1204, STATION_PATH, "active", created, NOW, 30)
    assert raised.value.code == "amend_not_allowed"


def test_amend_after_window_rejected():
    created = NOW - datetime.timedelta(days=31)
    head = caller(1204, STATION_PATH, roles=(auth.UNIT_HEAD,))

    with pytest.raises(PermissionDenied) as raised:
        rules.check_amend_rights(head, "r", 1204, STATION_PATH, "active", created, NOW, 30)

    assert raised.value.code == "amend_window_closed"


def test_amend_withdrawn_report_conflicts():
    head = caller(1204, STATION_PATH, roles=(auth.UNIT_HEAD,))

    with pytest.raises(Conflict):
        rules.check_amend_rights(head, "r", 1204, STATION_PATH, "withdrawn", NOW, NOW, 30)


def test_working_group_cannot_amend():
    member = caller(1, (1,), roles=(auth.WORKING_GROUP,))

    with pytest.raises(PermissionDenied):
        rules.check_amend_rights(member, "r", 1204, STATION_PATH, "active", NOW, NOW, 30)


def test_officer_sees_only_own_reports():
    officer = caller(1204, STATION_PATH, account_id=7)

    assert rules.can_view_report(officer, 7, STATION_PATH)
    assert not rules.can_view_report(officer, 8, STATION_PATH)


def test_division_head_sees_station_report():
    division_head = caller(112, (1, 10, 112), roles=(auth.UNIT_HEAD,), account_id=20)

    assert rules.can_view_report(division_head, 7, STATION_PATH)
    assert not rules.can_view_report(division_head, 7, (1, 10, 113, 1300))


# Roll-up arithmetic

def state(**overrides):
    data = {
        "activity_type": "temple",
        "audiences": [{"group": "elderly", "count": 45}, {"group": "farmers", "count": 20}, {"group": "students", "count": 0}],
        "scam_types": ["loan", "call-center"],
        "media": [{"media_id": 17, "version": 2}, {"media_id": 17, "version": 3}],
        "channels": ["print"],
        "total_people": 65,
    }
    data.update(overrides)
    return data


def test_contributions_count_people_per_dimension():
    rows = {(dimension, key): (reports, people) for dimension, key, reports, people in rules.contributions(state())}

    assert rows[("all", "")] == (1, 65)
    assert rows[("activity_type", "temple")] == (1, 65)
    assert rows[("audience", "elderly")] == (1, 45)
    assert ("audience", "students") not in rows
    assert rows[("scam_type", "loan")] == (1, 65)
    assert rows[("media", "17")] == (1, 65)
    assert ("media", "17") in rows and len([key for key in rows if key[0] == "media"]) == 1
    assert rows[("channel", "print")] == (1, 65)


def test_total_changes_cover_every_ancestor():
    day = datetime.date(2026, 11, 28)
    changes = rules.total_changes((1, 10, 112, 1204), day, rules.contributions(state()), 1)

    assert {key[0] for key in changes} == {1, 10, 112, 1204}
    assert changes[(10, day, "all", "")] == (1, 65)


def test_added_changes_equal_merged_total_changes():
    day = datetime.date(2026, 11, 28)
    first = rules.contributions(state())
    second = rules.contributions(state(activity_type="school"))

    added = rules.add_changes(rules.add_changes({}, (1, 10, 112, 1204), day, first), (1, 10, 113), day, second)
    merged = rules.merge_changes(
        rules.total_changes((1, 10, 112, 1204), day, first, 1), rules.total_changes((1, 10, 113), day, second, 1)
    )

    assert added == merged
    assert added[(10, day, "all", "")] == (2, 130)


def test_amendment_changes_cancel_unchanged_rows():
    day = datetime.date(2026, 11, 28)
    path = (1, 10, 112, 1204)
    before = rules.total_changes(path, day, rules.contributions(state()), -1)
    after = rules.total_changes(path, day, rules.contributions(state(activity_type="school")), 1)

    merged = rules.merge_changes(before, after)

    assert merged[(1, day, "activity_type", "temple")] == (-1, -65)
    assert merged[(1, day, "activity_type", "school")] == (1, 65)
    assert (1, day, "all", "") not in merged


def test_period_starts_cover_range():
    weeks = rules.period_starts(datetime.date(2026, 11, 4), datetime.date(2026, 11, 20), "week")
    months = rules.period_starts(datetime.date(2025, 12, 15), datetime.date(2026, 2, 1), "month")

    assert weeks == [datetime.date(2026, 11, 2), datetime.date(2026, 11, 9), datetime.date(2026, 11, 16)]
    assert months == [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]


def test_build_summary_fills_empty_periods_and_orders_keys():
    rows = [
        (datetime.date(2026, 1, 1), "all", "", 2, 70),
        (datetime.date(2026, 1, 1), "activity_type", "temple", 1, 50),
        (datetime.date(2026, 1, 1), "activity_type", "school", 1, 20),
        (datetime.date(2026, 3, 1), "all", "", 1, 5),
        (datetime.date(2026, 3, 1), "activity_type", "school", 1, 5),
    ]

    summary = rules.build_summary(rows, "month", datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))

    assert summary["reports"] == 3
    assert summary["people"] == 75
    assert [period["period"] for period in summary["periods"]] == [
        datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)
    ]
    assert summary["periods"][1]["reports"] == 0
    assert [item["key"] for item in summary["by"]["activity_type"]] == ["school", "temple"]
    assert summary["by"]["activity_type"][0] == {"key": "school", "reports": 2, "people": 25}


@pytest.mark.parametrize(
    "first, last, months, edges",
    [
        ("2026-01-01", "2026-12-05", ("2026-01-01", "2026-11-01"), [("2026-12-01", "2026-12-05")]),
        ("2026-01-15", "2026-03-31", ("2026-02-01", "2026-03-01"), [("2026-01-15", "2026-01-31")]),
        ("2026-02-03", "2026-02-20", None, [("2026-02-03", "2026-02-20")]),
        ("2026-01-01", "2026-01-31", ("2026-01-01", "2026-01-01"), []),
        ("2025-12-31", "2026-01-01", None, [("2025-12-31", "2026-01-01")]),
    ],
)
def test_split_range_into_months_and_edge_days(first, last, months, edges):
    day = datetime.date.fromisoformat

    found_months, found_edges = rules.split_range(day(first), day(last))

    assert found_months == (tuple(map(day, months)) if months else None)
    assert found_edges == [(day(start), day(end)) for start, end in edges]


def test_month_changes_sum_days():
    changes = {
        (1, datetime.date(2026, 1, 3), "all", ""): (1, 10),
        (1, datetime.date(2026, 1, 20), "all", ""): (2, 5),
        (1, datetime.date(2026, 2, 1), "all", ""): (-1, -4),
    }

    assert rules.month_changes(changes) == {
        (1, datetime.date(2026, 1, 1), "all", ""): (3, 15),
        (1, datetime.date(2026, 2, 1), "all", ""): (-1, -4),
    }


def test_summary_range_defaults_and_limits():
    today = datetime.date(2026, 11, 30)

    date_from, date_to = rules.summary_range(None, None, today)

    assert date_to == today
    assert date_from == datetime.date(2025, 12, 1)
    assert rules.summary_range(None, None, today, "week")[0] == datetime.date(2026, 9, 7)
    assert rules.summary_range(None, None, today, "day")[0] == datetime.date(2026, 10, 31)
    with pytest.raises(InvalidInput):
        rules.summary_range(datetime.date(2026, 2, 1), datetime.date(2026, 1, 1), today)


def test_report_id_must_be_uuid():
    from services.reports import operations

    assert operations.parse_uuid(str(uuid.UUID(int=5)).upper()) == str(uuid.UUID(int=5))
    with pytest.raises(InvalidInput) as raised:
        operations.parse_uuid("report-1")
    assert raised.value.code == "invalid_report_id"
