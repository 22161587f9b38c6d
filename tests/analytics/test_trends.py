"""Case statistics trends and recommendation reasons, against hand-computed values."""

import datetime
from decimal import Decimal

from services.analytics import reasons, trends

D = datetime.date

# Shopping cases from the published national file: running totals since 1 March 2022.
SHOPPING_CASES = [
    (D(2022, 3, 1), D(2023, 9, 30), 100694),
    (D(2022, 3, 1), D(2023, 12, 20), 160819),
    (D(2022, 3, 1), D(2024, 7, 31), 296042),
]


def test_running_totals_become_disjoint_periods():
    intervals = trends.disjoint_intervals(SHOPPING_CASES)

    assert [(item.start, item.end, item.value, item.days) for item in intervals] == [
        (D(2022, 3, 1), D(2023, 9, 30), 100694, 579),
        (D(2023, 10, 1), D(2023, 12, 20), 60125, 81),
        (D(2023, 12, 21), D(2024, 7, 31), 135223, 224),
    ]
    assert [item.derived for item in intervals] == [False, True, True]


def test_running_total_trend_per_day():
    trend = trends.latest_trend(trends.disjoint_intervals(SHOPPING_CASES), D(2024, 12, 31))

    # 135223 / 224 = 603.67 a day against 60125 / 81 = 742.28 a day.
    assert round(trend.change, 4) == -0.1867
    assert trend.rising is False


def test_monthly_data_is_month_over_month():
    rows = [
        (D(2024, 1, 1), D(2024, 1, 31), 310),
        (D(2024, 2, 1), D(2024, 2, 29), 290),
        (D(2024, 3, 1), D(2024, 3, 31), 434),
    ]
    trend = trends.latest_trend(trends.disjoint_intervals(rows), D(2024, 3, 31))

    # March 434 / 31 = 14.0 a day; February 290 / 29 = 10.0 a day.
    assert trend.latest.start == D(2024, 3, 1)
    assert trend.previous.start == D(2024, 2, 1)
    assert round(trend.change, 4) == 0.4
    assert trend.rising is True


def test_trend_ignores_periods_after_period_end():
    rows = [
        (D(2024, 1, 1), D(2024, 1, 31), 310),
        (D(2024, 2, 1), D(2024, 2, 29), 290),
        (D(2024, 3, 1), D(2024, 3, 31), 434),
    ]
    trend = trends.latest_trend(trends.disjoint_intervals(rows), D(2024, 3, 30))
    assert trend.latest.start == D(2024, 2, 1)


def test_shorter_periods_win_over_overlapping_longer():
    rows = [
        (D(2024, 1, 1), D(2024, 3, 31), 900),
        (D(2024, 1, 1), D(2024, 1, 31), 310),
        (D(2024, 2, 1), D(2024, 2, 29), 290),
    ]
    intervals = trends.disjoint_intervals(rows)

    # The quarter shares its start with January, so it gives a derived February–March
    # period of 900 - 310 = 590 cases, which overlaps the shorter February row and is dropped.
    assert [(item.start, item.end, item.value) for item in intervals] == [
        (D(2024, 1, 1), D(2024, 1, 31), 310),
        (D(2024, 2, 1), D(2024, 2, 29), 290),
    ]


def test_decreasing_running_total_is_dropped():
    rows = [(D(2024, 1, 1), D(2024, 1, 31), 500), (D(2024, 1, 1), D(2024, 2, 29), 450)]
    intervals = trends.disjoint_intervals(rows)
    assert [(item.start, item.end) for item in intervals] == [(D(2024, 1, 1), D(2024, 1, 31))]


def test_rise_below_minimum_cases_is_not_rising():
    rows = [(D(2024, 1, 1), D(2024, 1, 31), 2), (D(2024, 2, 1), D(2024, 2, 29), 4)]
    trend = trends.latest_trend(trends.disjoint_intervals(rows), D(2024, 2, 29))
    assert trend.change > 1
    assert trend.rising is False


def test_rise_from_zero_has_no_percentage():
    rows = [(D(2024, 1, 1), D(2024, 1, 31), 0), (D(2024, 2, 1), D(2024, 2, 29), 12)]
    trend = trends.latest_trend(trends.disjoint_intervals(rows), D(2024, 2, 29))
    assert trend.change is None
    assert trend.rising is True


def test_single_period_has_no_trend():
    assert trends.latest_trend(trends.disjoint_intervals(SHOPPING_CASES[:1]), D(2030, 1, 1)) is None


def test_damage_in_baht_keeps_decimals():
    rows = [(D(2024, 1, 1), D(2024, 1, 31), Decimal("100.50")), (D(2024, 1, 1), D(2024, 2, 29), Decimal("300.75"))]
    intervals = trends.disjoint_intervals(rows)
    assert intervals[1].value == Decimal("200.25")


def test_total_within_counts_whole_periods_only():
    rows = [
        (D(2024, 1, 1), D(2024, 1, 31), 310),
        (D(2024, 2, 1), D(2024, 2, 29), 290),
        (D(2024, 3, 1), D(2024, 3, 31), 434),
    ]
    intervals = trends.disjoint_intervals(rows)
    assert trends.total_within(intervals, D(2024, 1, 15), D(2024, 3, 31)) == (724, 60)
    assert trends.total_within(intervals, D(2025, 1, 1), D(2025, 3, 31)) == (None, 0)


def test_series_keeps_latest_periods():
    rows = [(D(2024, month, 1), D(2024, month, 28), month) for month in range(1, 13)]
    intervals = trends.disjoint_intervals(rows)
    assert [item.value for item in trends.series(intervals, D(2024, 12, 31), length=3)] == [10, 11, 12]


# Reasons

def test_rising_reason_thai_and_english():
    rows = [(D(2024, 1, 1), D(2024, 3, 31), 1000), (D(2024, 4, 1), D(2024, 6, 30), 1350)]
    trend = trends.latest_trend(trends.disjoint_intervals(rows), D(2024, 6, 30))
    reason = reasons.rising_cases(trend, "TH-50")

    # 1350 / 91 days against 1000 / 91 days is a rise of 35%.
    assert reason["code"] == "cases_rising"
    assert reason["th"] == (
        "คดีประเภทนี้ในจังหวัดเชียงใหม่เพิ่มขึ้น 35% "
        "(เฉลี่ยต่อวัน ช่วง 1 เม.ย. 2567 – 30 มิ.ย. 2567 เทียบกับช่วง 1 ม.ค. 2567 – 31 มี.ค. 2567)"
    )
    assert reason["en"] == (
        "Cases of this type rose 35% in Chiang Mai "
        "(per day, 1 Apr 2024 – 30 Jun 2024 compared with 1 Jan 2024 – 31 Mar 2024)."
    )


def test_weak_quiz_reason():
    reason = reasons.weak_quiz(0.41, 1250, "TH-50")
    assert reason["th"] == "ผู้เล่นเกมในจังหวัดเชียงใหม่ตอบคำถามประเภทนี้ถูก 41% (ผู้เล่น 1,250 ครั้ง)"
    assert reason["en"] == "Quiz takers in Chiang Mai answer 41% of these questions correctly (1,250 attempts)."


def test_area_phrases():
    assert reasons.area_phrase("TH") == ("ทั่วประเทศ", "nationwide")
    assert reasons.area_phrase("TH-10") == ("ในกรุงเทพมหานคร", "in Bangkok")
    assert reasons.area_phrase("1001") == ("ในเขตพระนคร", "in Phra Nakhon district")
    assert reasons.area_phrase("5001")[0].startswith("ในอำเภอ")


def test_percent_rounds_half_up():
    assert reasons.percent(0.345) == 35
    assert reasons.percent(0.344) == 34
    assert reasons.percent(-0.1867) == 19
