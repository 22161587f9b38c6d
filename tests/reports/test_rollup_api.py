"""Lists and roll-ups of the unit tree: one record per activity, seen at every level above it."""

import datetime

import pytest

from tests.reports.conftest import new_id, report_body

THAI_TIME = datetime.timezone(datetime.timedelta(hours=7))


def file(client, unit, **overrides):
    body = report_body(unit["id"], district_code=unit["district_code"], province_code=unit["province_code"], **overrides)
    response = client.request("PUT", "/api/v1/reports/" + new_id(), json=body)
    assert response.status_code == 201, response.text
    return response.json()


@pytest.fixture
def filed(people):
    """Two reports at the station, three at its sibling, one in Bangkok."""
    station = [
        file(people.officer, people.station),
        file(people.officer, people.station, activity_type="school",
             audiences=[{"group": "students", "count": 30}], scam_types=["job"]),
    ]
    sibling = [file(people.sibling_head, people.sibling_station, activity_type="market") for _ in range(3)]
    bangkok = [file(people.bangkok_head, people.bangkok_station, place="ตลาดนัดจตุจักร")]
    return {"station": station, "sibling": sibling, "bangkok": bangkok}


def ids(response):
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def test_station_head_sees_own_station_only(people, filed):
    seen = ids(people.station_head.get("/api/v1/reports"))

    assert seen == {report["id"] for report in filed["station"]}


def test_division_head_sees_whole_division(people, filed):
    seen = ids(people.division_head.get("/api/v1/reports"))

    assert seen == {report["id"] for report in filed["station"] + filed["sibling"]}


def test_other_division_sees_nothing_of_chiang_mai(people, filed):
    seen = ids(people.bangkok_head.get("/api/v1/reports"))

    assert seen == {report["id"] for report in filed["bangkok"]}


def test_officer_lists_own_filings(people, filed):
    seen = ids(people.officer.get("/api/v1/reports"))

    assert seen == {report["id"] for report in filed["station"]}


def test_head_cannot_list_unit_outside_subtree(people, filed):
    response = people.station_head.get("/api/v1/reports", params={"unit_id": people.sibling_station["id"]})

    assert response.status_code == 403
    assert response.json()["error"] == "unit_outside_subtree"


def test_division_head_reads_station_report(people, filed):
    report = filed["station"][0]

    own = people.division_head.get("/api/v1/reports/" + report["id"])
    other = people.bangkok_head.get("/api/v1/reports/" + report["id"])

    assert own.status_code == 200
    assert own.json()["place"] == report["place"]
    assert other.status_code == 404


def test_filters_and_pages(people, filed):
    head = people.division_head

    assert ids(head.get("/api/v1/reports", params={"activity_type": "school"})) == {filed["station"][1]["id"]}
    assert ids(head.get("/api/v1/reports", params={"scam_type": "job"})) == {filed["station"][1]["id"]}
    assert ids(head.get("/api/v1/reports", params={"audience": "students"})) == {filed["station"][1]["id"]}
    assert ids(head.get("/api/v1/reports", params={"unit_id": people.sibling_station["id"]})) == {
        report["id"] for report in filed["sibling"]
    }

    pages, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = head.get("/api/v1/reports", params=params).json()
        pages.append([item["id"] for item in body["items"]])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert [len(page) for page in pages] == [2, 2, 1]
    assert len({report_id for page in pages for report_id in page}) == 5


def test_withdrawn_reports_leave_default_list(people, filed):
    report = filed["sibling"][0]
    people.division_head.post("/api/v1/reports/{}/withdrawal".format(report["id"]), json={"reason": "ซ้ำซ้อน"})

    active = ids(people.division_head.get("/api/v1/reports"))
    withdrawn = ids(people.division_head.get("/api/v1/reports", params={"status": "withdrawn"}))

    assert report["id"] not in active
    assert withdrawn == {report["id"]}


def by_key(items):
    return {item["key"]: (item["reports"], item["people"]) for item in items}


def test_division_summary_rolls_up_stations(people, filed):
    response = people.division_head.get("/api/v1/reports/summary")

    assert response.status_code == 200, response.text
    summary = response.json()
    assert summary["unit"]["code"] == "DIV-TH-50"
    assert summary["reports"] == 5
    assert summary["people"] == 65 + 30 + 3 * 65
    assert by_key(summary["by"]["activity_type"]) == {"temple": (1, 65), "school": (1, 30), "market": (3, 195)}
    assert by_key(summary["by"]["audience"]) == {"elderly": (4, 180), "students": (1, 30), "farmers": (4, 80)}
    assert by_key(summary["by"]["scam_type"])["job"] == (1, 30)
    assert by_key(summary["by"]["scam_type"])["loan"] == (4, 260)
    assert [item["key"] for item in summary["by"]["activity_type"]] == ["school", "temple", "market"]

    this_month = datetime.datetime.now(THAI_TIME).date().replace(day=1)
    months = {period["period"]: period for period in summary["periods"]}
    assert len(summary["periods"]) == 12
    yesterday_month = (datetime.datetime.now(THAI_TIME).date() - datetime.timedelta(days=1)).replace(day=1)
    assert months[yesterday_month.isoformat()]["reports"] == 5
    assert this_month.isoformat() in months


def test_summary_lists_sub_units_in_code_order(people, filed):
    summary = people.division_head.get("/api/v1/reports/summary").json()

    codes = [item["unit"]["code"] for item in summary["units"]]
    counts = {item["unit"]["code"]: item["reports"] for item in summary["units"]}
    assert codes == sorted(codes)
    assert counts["ST-5001"] == 2
    assert counts["ST-5002"] == 3
    assert "ST-1001" not in counts


def test_national_summary_counts_each_report_once(people, filed):
    summary = people.admin.get("/api/v1/reports/summary").json()

    assert summary["reports"] == 6
    assert summary["unit"]["level"] == "national"


def test_station_summary_weekly(people, filed):
    response = people.station_head.get("/api/v1/reports/summary", params={"period": "week"})

    summary = response.json()
    assert summary["reports"] == 2
    assert all(datetime.date.fromisoformat(period["period"]).weekday() == 0 for period in summary["periods"])


def test_officer_cannot_read_summary(people, filed):
    response = people.officer.get("/api/v1/reports/summary")

    assert response.status_code == 403


def test_summary_of_unit_outside_subtree_is_forbidden(people, filed):
    response = people.station_head.get("/api/v1/reports/summary", params={"unit_id": people.division["id"]})

    assert response.status_code == 403
    assert response.json()["error"] == "unit_outside_subtree"


def test_summary_range_checked(people):
    response = people.division_head.get("/api/v1/reports/summary", params={"from": "2026-05-01", "to": "2026-01-01"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_period_range"
