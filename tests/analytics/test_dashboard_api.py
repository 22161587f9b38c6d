"""Area overview, recommendation, strategy overview and exports through the gateway."""

import csv
import io
import uuid

import openpyxl
import pytest

from tests.analytics.conftest import make_account, media_fields, outreach_fields, quiz_fields

OVERVIEW = "/api/v1/analytics/overview"
RECOMMENDATIONS = "/api/v1/analytics/recommendations"
STRATEGY = "/api/v1/analytics/strategy"
MARCH = {"period_start": "2026-03-01", "period_end": "2026-03-31"}


def quiz_events(count, type_scores, day="2026-03-10", province_code="TH-50", district_code="5001"):
    return [
        ("quiz", "quiz_completed", quiz_fields(type_scores, province_code=province_code, district_code=district_code,
                                               completed_at=day + "T03:00:00+00:00"))
        for _ in range(count)
    ]


def by_type(entries):
    return {entry["scam_type"]: entry for entry in entries}


# Area overview

def test_station_head_sees_province_overview(station_head, station, published_statistics, publish_and_fold):
    publish_and_fold(quiz_events(12, [("job", 1, 3)]))

    response = station_head.get(OVERVIEW, params=MARCH)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["area"]["code"] == station["province_code"] == "TH-50"
    assert body["period"] == {"start": "2026-03-01", "end": "2026-03-31", "days": 31}

    cases = body["cases"]
    assert cases["area"]["code"] == "TH"
    assert [notice["code"] for notice in cases["notices"]] == [
        "case_statistics_broader_area", "case_statistics_before_period",
    ]
    assert cases["latest_period_end"] == "2024-11-30"
    assert set(cases["rising_types"]) == {"job", "impersonation", "remote-access", "reward"}
    job = by_type(cases["by_type"])["job"]
    # 31626 cases in 224 days against 50536 in 660 days.
    assert round(job["trend"]["change"], 4) == 0.8439
    assert job["trend"]["latest"]["period_start"] == "2023-12-21"
    assert cases["caveat"]["th"].startswith("แนวโน้มเปรียบเทียบค่าเฉลี่ยต่อวัน")
    assert cases["caveat"]["en"].startswith("Trends compare the per-day figure")

    quiz = body["quiz"]
    assert quiz["total"]["takers"] == 12
    assert by_type(quiz["by_type"])["job"] == {
        "scam_type": "job", "suppressed": False, "takers": 12, "correct_share": pytest.approx(1 / 3),
        "average_score": 33.0,
    }
    assert quiz["weakest_types"] == ["job"]


def test_small_quiz_cells_are_suppressed(station_head, publish_and_fold):
    publish_and_fold(quiz_events(9, [("loan", 1, 2)]) + quiz_events(10, [("call-center", 3, 4)]))

    quiz = station_head.get(OVERVIEW, params=MARCH).json()["quiz"]

    cells = by_type(quiz["by_type"])
    assert cells["loan"] == {"scam_type": "loan", "suppressed": True, "takers": None, "correct_share": None,
                             "average_score": None}
    assert cells["call-center"]["takers"] == 10
    assert cells["call-center"]["correct_share"] == 0.75
    assert quiz["total"]["takers"] == 19
    assert quiz["weakest_types"] == []


def test_small_area_total_is_suppressed(station_head, publish_and_fold):
    publish_and_fold(quiz_events(4, [("loan", 1, 2)], district_code="5002"))

    quiz = station_head.get(OVERVIEW, params=dict(MARCH, area="5002")).json()["quiz"]

    assert quiz["total"]["suppressed"] is True
    assert quiz["total"]["takers"] is None
    assert quiz["total"]["risk_counts"] is None
    assert [notice["code"] for notice in quiz["notices"]] == ["quiz_suppressed"]


def test_outreach_and_downloads_in_overview(station_head, station, publish_and_fold):
    unit_path = station["path"]
    publish_and_fold([
        ("media", "media_published", media_fields(41, ["job"], title_th="รู้ทันงานออนไลน์")),
        ("reports", "outreach_reported", outreach_fields(str(uuid.uuid4()), station["id"], unit_path,
                                                         total_people=80, scam_types=["job", "loan"], media=[41])),
        ("reports", "outreach_reported", outreach_fields(str(uuid.uuid4()), station["id"], unit_path,
                                                         total_people=20, activity_type="school", scam_types=["job"])),
    ])

    body = station_head.get(OVERVIEW, params=MARCH).json()

    outreach = body["outreach"]
    assert outreach["activities"] == 2
    assert outreach["people"] == 100
    assert by_type(outreach["by_type"])["job"] == {"scam_type": "job", "activities": 2, "people": 100}
    assert {row["activity_type"] for row in outreach["by_activity_type"]} == {"temple", "school"}
    assert body["downloads"]["downloads"] == 0
    assert [notice["code"] for notice in body["downloads"]["notices"]] == ["no_data"]


def test_period_without_data_is_empty_not_an_error(station_head, published_statistics):
    response = station_head.get(OVERVIEW, params={"period_start": "2015-01-01", "period_end": "2015-03-31"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["cases"]["by_type"] == []
    assert [notice["code"] for notice in body["cases"]["notices"]] == ["no_case_statistics"]
    assert body["cases"]["notices"][0]["th"] == "ยังไม่มีสถิติคดีของพื้นที่นี้ถึงวันที่ 31 มี.ค. 2558"
    for section in ("quiz", "outreach", "downloads"):
        assert [notice["code"] for notice in body[section]["notices"]] == ["no_data"]


@pytest.mark.parametrize("params, status, code", [
    ({"area": "TH-99"}, 404, "area_not_found"),
    ({"area": "9999"}, 404, "area_not_found"),
    ({"area": "Chiang Mai"}, 400, "invalid_input"),
    ({"unit_id": 999999}, 404, "unit_not_found"),
    ({"period_start": "2026-03-31", "period_end": "2026-03-01"}, 400, "period_reversed"),
    ({"period_start": "2020-01-01", "period_end": "2026-03-01"}, 400, "period_too_long"),
    ({"period_start": "2569-01-01"}, 400, "buddhist_era_date"),
    ({"period_start": "2026-02-30"}, 400, "invalid_input"),
])
def test_bad_overview_requests(station_head, params, status, code):
    response = station_head.get(OVERVIEW, params=params)
    assert response.status_code == status, response.text
    assert response.json()["error"] == code


def test_unit_outside_subtree_is_403(station_head, admin):
    other = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-10"}).json()[0]
    response = station_head.get(RECOMMENDATIONS, params={"unit_id": other["id"]})
    assert response.status_code == 403
    assert response.json()["error"] == "unit_outside_subtree"


def test_overview_needs_login(analytics_api):
    assert analytics_api.get(OVERVIEW).status_code == 401


# Recommendation

def test_recommendation_with_reasons(analytics_api, station_head, station, admin, published_statistics, publish_and_fold):
    other = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-10"}).json()[0]
    publish_and_fold(
        quiz_events(12, [("job", 1, 3), ("loan", 3, 3)])
        + [
            ("media", "media_published", media_fields(41, ["job"], title_th="รู้ทันงานออนไลน์")),
            ("media", "media_published", media_fields(42, ["job", "loan"], title_th="งานง่ายได้เงินจริงหรือ")),
        ]
        + [
            ("reports", "outreach_reported", outreach_fields(str(uuid.uuid4()), other["id"], other["path"],
                                                             scam_types=["job"], media=[41], province_code="TH-10",
                                                             district_code=None))
            for _ in range(2)
        ]
        + [("reports", "outreach_reported", outreach_fields(str(uuid.uuid4()), station["id"], station["path"],
                                                            scam_types=["job"], media=[42]))]
    )

    response = station_head.get(RECOMMENDATIONS, params=MARCH)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["unit"]["unit_id"] == station["id"]
    assert body["case_area"]["code"] == "TH"
    items = by_type(body["items"])
    assert body["items"][0]["scam_type"] == "job"
    job = items["job"]
    assert (job["rising"], job["weak"]) == (True, True)
    assert job["reason_th"] == (
        "คดีประเภทนี้ทั่วประเทศเพิ่มขึ้น 84% (เฉลี่ยต่อวัน ช่วง 21 ธ.ค. 2566 – 31 ก.ค. 2567 "
        "เทียบกับช่วง 1 มี.ค. 2565 – 20 ธ.ค. 2566) และผู้เล่นเกมในจังหวัดเชียงใหม่ตอบคำถามประเภทนี้ถูก 33% (ผู้เล่น 12 ครั้ง)"
    )
    assert job["reason_en"] == (
        "Cases of this type rose 84% nationwide (per day, 21 Dec 2023 – 31 Jul 2024 compared with "
        "1 Mar 2022 – 20 Dec 2023). Quiz takers in Chiang Mai answer 33% of these questions correctly (12 attempts)."
    )
    assert [(media["media_id"], media["outreach_uses_by_others"]) for media in job["media"]] == [(41, 2), (42, 0)]
    assert "loan" not in items
    assert items["remote-access"]["reasons"][-1]["code"] == "no_media"


def test_recommendation_without_data_has_notice(station_head):
    body = station_head.get(RECOMMENDATIONS, params=MARCH).json()
    assert body["items"] == []
    assert body["notices"][0]["en"] == "No scam type is rising or weak among quiz takers in this area and period."


# Strategy

def test_strategy_overview(working_group, station, published_statistics, publish, publish_and_fold):
    from cybervaccine import events

    events.load_all()
    january_item = events.build_event("media", "media_published", media_fields(44, ["call-center"]))
    january_item["occurred_at"] = "2026-01-05T02:00:00+00:00"
    publish_and_fold([("media", "media_published", None)], payloads=[january_item])
    publish_and_fold(
        [
            ("media", "media_published", media_fields(41, ["job"])),
            ("media", "media_published", media_fields(43, ["loan"])),
            ("reports", "outreach_reported", outreach_fields(str(uuid.uuid4()), station["id"], station["path"],
                                                             activity_date="2026-03-15", scam_types=["job"],
                                                             media=[41])),
        ]
        + quiz_events(10, [("job", 1, 3)], day="2026-03-10")
        + quiz_events(10, [("job", 3, 3)], day="2026-03-20")
        + quiz_events(5, [("loan", 0, 3)], day="2026-03-20")
    )

    response = working_group.get(STRATEGY, params=MARCH)

    assert response.status_code == 200, response.text
    body = response.json()
    types = by_type(body["types"])
    job = types["job"]
    assert job["media_count"] == 1
    assert job["outreach_activities"] == 1
    assert job["outreach_media_uses"] == 1
    assert job["quiz"]["takers"] == 20
    assert job["quiz"]["correct_share"] == pytest.approx(40 / 60)
    assert job["before_after"]["provinces"] == 1
    assert job["before_after"]["before"] == {"suppressed": False, "takers": 10, "correct_share": pytest.approx(1 / 3)}
    assert job["before_after"]["after"] == {"suppressed": False, "takers": 10, "correct_share": 1.0}
    assert job["before_after"]["change"] == pytest.approx(2 / 3)
    assert types["loan"]["quiz"]["suppressed"] is True
    assert "hacking" in body["lacking_media"]
    assert "job" not in body["lacking_media"]
    # Items 41 and 43 were published today, after the period, so only item 44 can be rarely used in March.
    assert [media["media_id"] for media in body["rarely_used_media"]] == [44]
    assert [(media["media_id"], media["outreach_uses"]) for media in body["media"]] == [(41, 1), (43, 0), (44, 0)]
    assert body["caveats"]["before_after"]["en"].startswith("Before/after figures show a correlation, not a cause.")


def test_strategy_is_for_the_working_group(station_head):
    response = station_head.get(STRATEGY)
    assert response.status_code == 403


# Exports

def test_overview_csv_export(station_head, publish_and_fold):
    publish_and_fold(quiz_events(10, [("call-center", 3, 4)]))

    response = station_head.get(OVERVIEW, params=dict(MARCH, format="csv", table="quiz"))

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert 'filename="cybervaccine-overview-quiz.csv"' in response.headers["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["รหัสประเภท", "ประเภทการหลอกลวง", "ผู้เล่น (ครั้ง)"]
    assert rows[1][:5] == ["call-center", "ข่มขู่ทางโทรศัพท์ (call center)", "10", "75", "75.0"]


def test_csv_export_needs_a_table(station_head):
    response = station_head.get(OVERVIEW, params=dict(MARCH, format="csv"))
    assert response.status_code == 400
    assert "quiz" in response.json()["details"]["tables"]


def test_strategy_xlsx_export_in_english(working_group, published_statistics):
    english = type(working_group)(working_group.base_url, working_group.token, language="en")
    response = english.get(STRATEGY, params=dict(MARCH, format="xlsx"))

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["types", "media"]
    header = next(workbook["types"].iter_rows(values_only=True))
    assert header[:3] == ("Scam type code", "Scam type", "National cases in period")


def test_officer_sees_overview(analytics_api, admin, station):
    officer = make_account(analytics_api, admin, station["id"], ["officer"])
    assert officer.get(OVERVIEW, params=MARCH).status_code == 200
