"""Aggregation rules: events to increments, periods and suppression, checked against hand-computed values."""

import datetime

import pytest

from services.analytics import aggregates, rules
from services.analytics.aggregates import Increment

D = datetime.date


def quiz_event(**overrides):
    payload = {
        "attempt_id": "5b0e7d1c-3f7a-4c55-9a53-0d3f0a8c2e11",
        "quiz_version": 1,
        "province_code": "TH-50",
        "district_code": "5001",
        "age_group": None,
        "station_unit_id": None,
        "campaign_code": None,
        "total_score": 60,
        "risk_level": "medium",
        "type_scores": [
            {"scam_type": "loan", "correct": 2, "total": 3, "score": 67},
            {"scam_type": "call-center", "correct": 0, "total": 2, "score": 0},
        ],
        "completed_at": "2026-03-31T18:30:00+00:00",
    }
    payload.update(overrides)
    return payload


def outreach_event(**overrides):
    payload = {
        "report_id": "0b6f1c9e-5d1a-4f7e-9d43-6f0e2a9b8c11",
        "revision": 1,
        "unit_id": 1204,
        "unit_path": [1, 10, 112, 1204],
        "province_code": "TH-50",
        "district_code": "5001",
        "activity_type": "temple",
        "activity_date": "2026-04-02",
        "total_people": 65,
        "scam_types": ["loan", "call-center", "loan"],
        "media": [{"media_id": 17, "version": 1}, {"media_id": 17, "version": 2}, {"media_id": 5, "version": 1}],
    }
    payload.update(overrides)
    return payload


class FakeUnit:
    def __init__(self, province_code, district_code=None):
        self.province_code = province_code
        self.district_code = district_code


# Days and periods

def test_local_day_uses_thai_time():
    assert rules.local_day("2026-03-31T16:59:59+00:00") == D(2026, 3, 31)
    assert rules.local_day("2026-03-31T17:00:00+00:00") == D(2026, 4, 1)


def test_split_period_months_and_edges():
    months, added, subtracted = rules.split_period(D(2026, 1, 15), D(2026, 4, 10))
    # 17 of January's 31 days are inside, so January is taken whole minus 1–14 January;
    # 10 of April's 30 days are inside, so they are read day by day.
    assert months == [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    assert added == [(D(2026, 4, 1), D(2026, 4, 10))]
    assert subtracted == [(D(2026, 1, 1), D(2026, 1, 14))]


def test_split_period_whole_months_only():
    assert rules.split_period(D(2024, 1, 1), D(2024, 3, 31)) == ([D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)], [], [])


def test_split_period_inside_one_month():
    # 25 of February's 28 days: the month minus its first two days and its last day.
    assert rules.split_period(D(2026, 2, 3), D(2026, 2, 27)) == (
        [D(2026, 2, 1)], [], [(D(2026, 2, 1), D(2026, 2, 2)), (D(2026, 2, 28), D(2026, 2, 28))]
    )


def test_split_period_short_range():
    assert rules.split_period(D(2026, 2, 3), D(2026, 2, 9)) == ([], [(D(2026, 2, 3), D(2026, 2, 9))], [])


def test_split_period_february_leap_year():
    assert rules.split_period(D(2024, 2, 1), D(2024, 2, 29)) == ([D(2024, 2, 1)], [], [])


@pytest.mark.parametrize("start, end", [
    (D(2025, 12, 20), D(2026, 3, 10)), (D(2026, 1, 31), D(2026, 2, 1)), (D(2026, 1, 1), D(2026, 1, 1)),
    (D(2024, 2, 14), D(2024, 2, 16)), (D(2023, 6, 16), D(2024, 7, 15)),
])
def test_split_period_covers_each_day_once(start, end):
    months, added, subtracted = rules.split_period(start, end)
    counts = {}
    for month in months:
        day = month
        while day <= rules.month_end(month):
            counts[day] = counts.get(day, 0) + 1
            day += datetime.timedelta(days=1)
    for ranges, sign in ((added, 1), (subtracted, -1)):
        for first, last in ranges:
            day = first
            while day <= last:
                counts[day] = counts.get(day, 0) + sign
                day += datetime.timedelta(days=1)

    covered = {day for day, count in counts.items() if count}
    assert all(count in (0, 1) for count in counts.values())
    assert min(covered) == start
    assert max(covered) == end
    assert len(covered) == (end - start).days + 1


# Quiz

def test_quiz_increments_hand_computed():
    cells = rules.named(rules.combine(rules.quiz_increments(quiz_event())))

    day = D(2026, 4, 1)
    for area in ("TH", "TH-50", "5001"):
        assert cells[("quiz", day, (area,))] == {
            "takers": 1, "score_sum": 60, "risk_low": 0, "risk_medium": 1, "risk_high": 0,
        }
        assert cells[("quiz_type", day, (area, "loan"))] == {"takers": 1, "correct": 2, "questions": 3, "score_sum": 67}
        assert cells[("quiz_type", day, (area, "call-center"))] == {
            "takers": 1, "correct": 0, "questions": 2, "score_sum": 0,
        }
    assert cells[("type_use", day, ("loan",))] == {
        "downloads": 0, "outreach_activities": 0, "outreach_people": 0,
        "quiz_takers": 1, "quiz_correct": 2, "quiz_questions": 3, "quiz_score_sum": 67,
    }
    assert len(cells) == 3 + 6 + 2


def test_quiz_repeated_type_counts_one_taker():
    payload = quiz_event(type_scores=[
        {"scam_type": "loan", "correct": 1, "total": 1, "score": 100},
        {"scam_type": "loan", "correct": 0, "total": 3, "score": 0},
    ])
    cells = rules.named(rules.combine(rules.quiz_increments(payload)))
    assert cells[("quiz_type", D(2026, 4, 1), ("5001", "loan"))] == {
        "takers": 1, "correct": 1, "questions": 4, "score_sum": 25,
    }


def quiz_areas(payload):
    return sorted(key[0] for name, _, key in rules.combine(rules.quiz_increments(payload)) if name == "quiz")


def test_quiz_unknown_area_counts_nationally_only():
    assert quiz_areas(quiz_event(province_code="TH-99", district_code="9999")) == ["TH"]


def test_quiz_district_outside_province_is_dropped():
    assert quiz_areas(quiz_event(province_code="TH-10", district_code="5001")) == ["TH", "TH-10"]


def test_quiz_district_without_province_gives_province():
    assert quiz_areas(quiz_event(province_code=None, district_code="5001")) == ["5001", "TH", "TH-50"]


# Downloads and outreach

def test_download_increments_use_unit_area():
    payload = {"media_id": 41, "unit_id": 1204, "province_code": "TH-50", "scam_types": ["loan", "job"],
               "occurred_at": "2026-04-01T01:00:00+00:00"}
    cells = rules.named(rules.combine(rules.download_increments(payload, FakeUnit("TH-50", "5001"))))

    day = D(2026, 4, 1)
    national_type = {"downloads": 1, "outreach_activities": 0, "outreach_people": 0,
                     "quiz_takers": 0, "quiz_correct": 0, "quiz_questions": 0, "quiz_score_sum": 0}
    expected = {("media_use", day, (41,)): {"downloads": 1, "outreach_uses": 0, "outreach_people": 0}}
    for area in ("TH", "TH-50", "5001"):
        expected[("downloads", day, (area, 41))] = {"downloads": 1}
        expected[("download_type", day, (area, "job"))] = {"downloads": 1}
        expected[("download_type", day, (area, "loan"))] = {"downloads": 1}
    expected[("type_use", day, ("job",))] = national_type
    expected[("type_use", day, ("loan",))] = national_type
    assert cells == expected


def test_download_of_unknown_unit_uses_event_province():
    payload = {"media_id": 41, "unit_id": 7, "province_code": "TH-10", "scam_types": ["loan"],
               "occurred_at": "2026-04-01T01:00:00+00:00"}
    cells = rules.combine(rules.download_increments(payload, None))
    assert sorted(key for name, _, key in cells if name == "downloads") == [("TH", 41), ("TH-10", 41)]


def test_outreach_contribution_hand_computed():
    cells = rules.named(rules.combine(rules.outreach_contribution(outreach_event())))

    day = D(2026, 4, 2)
    where = (1204, "TH-50", "5001")
    national_type = {"downloads": 0, "outreach_activities": 1, "outreach_people": 65,
                     "quiz_takers": 0, "quiz_correct": 0, "quiz_questions": 0, "quiz_score_sum": 0}
    national_media = {"downloads": 0, "outreach_uses": 1, "outreach_people": 65}
    assert cells == {
        ("outreach", day, where + ("temple",)): {"activities": 1, "people": 65},
        ("outreach_type", day, where + ("call-center",)): {"activities": 1, "people": 65},
        ("outreach_type", day, where + ("loan",)): {"activities": 1, "people": 65},
        ("type_use", day, ("call-center",)): national_type,
        ("type_use", day, ("loan",)): national_type,
        ("outreach_media", day, where + (5,)): {"uses": 1, "people": 65},
        ("outreach_media", day, where + (17,)): {"uses": 1, "people": 65},
        ("media_use", day, (5,)): national_media,
        ("media_use", day, (17,)): national_media,
    }


def test_increment_negation_and_round_trip():
    item = rules.outreach_contribution(outreach_event())[0]
    negated = item.negated()

    assert negated.measures == {"activities": -1, "people": -65}
    assert Increment.from_list(item.as_list()) == item


# Suppression

def test_quiz_type_cell_below_minimum_is_suppressed():
    assert rules.quiz_type_cell(9, 9, 18, 900) == {
        "suppressed": True, "takers": None, "correct_share": None, "average_score": None,
    }


def test_quiz_type_cell_at_minimum_is_shown():
    cell = rules.quiz_type_cell(10, 41, 100, 650)
    assert cell == {"suppressed": False, "takers": 10, "correct_share": 0.41, "average_score": 65.0}


def test_quiz_total_cell_average_risk():
    cell = rules.quiz_total_cell(20, 1200, {"low": 10, "medium": 0, "high": 10})
    assert cell["average_risk"] == 2.0
    assert cell["average_score"] == 60.0
    assert cell["risk_counts"] == {"low": 10, "medium": 0, "high": 10}


def test_quiz_total_cell_suppresses_small_total():
    cell = rules.quiz_total_cell(9, 500, {"low": 9})
    assert cell["suppressed"] is True
    assert cell["takers"] is None
    assert cell["risk_counts"] is None


def test_risk_counts_secondary_suppression():
    shown = rules.suppress_counts({"low": 30, "medium": 12, "high": 3})
    assert shown == {"low": 30, "medium": None, "high": None}


def test_risk_counts_two_small_need_no_more():
    assert rules.suppress_counts({"low": 30, "medium": 4, "high": 3}) == {"low": 30, "medium": None, "high": None}


@pytest.mark.parametrize("counts", [{"low": 10, "medium": 11, "high": 0}, {"low": 25, "medium": 0, "high": 0}])
def test_risk_counts_without_small_cells_unchanged(counts):
    assert rules.suppress_counts(counts) == counts


def test_fast_increments_follow_measure_order():
    cells = rules.named(rules.combine(rules.quiz_increments(quiz_event(risk_level="high", total_score=7))))
    assert cells[("quiz", D(2026, 4, 1), ("TH-50",))] == {
        "takers": 1, "score_sum": 7, "risk_low": 0, "risk_medium": 0, "risk_high": 1,
    }
    for name, _, key, values in rules.quiz_increments(quiz_event()):
        aggregate = aggregates.BY_NAME[name]
        assert len(values) == len(aggregate.measures)
        assert len(key) == len(aggregate.dimensions)
