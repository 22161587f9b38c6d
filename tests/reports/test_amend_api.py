"""Amending and withdrawing reports: who may, until when, the history and the events."""

import datetime

from tests.reports.conftest import new_id, query_rows, report_body, settled_totals


def file_report(client, unit_id, **overrides):
    report_id = new_id()
    response = client.request("PUT", "/api/v1/reports/" + report_id, json=report_body(unit_id, **overrides))
    assert response.status_code == 201, response.text
    return response.json()


def amendment(report, reason="แก้จำนวนผู้สูงอายุ", **changes):
    body = {key: report[key] for key in (
        "occurred_at", "place", "province_code", "district_code", "activity_type", "channels", "scam_types", "note",
        "photo_count",
    )}
    body["unit_id"] = report["unit"]["id"]
    body["audiences"] = report["audiences"]
    body["media"] = [{"media_id": item["media_id"], "version": item["version"]} for item in report["media"]]
    body.update(changes)
    return {"reason": reason, "revision": report["revision"], "report": body}


def totals_of(config, unit_id, dimension, key=""):
    rows = settled_totals(
        config,
        "SELECT COALESCE(SUM(reports), 0), COALESCE(SUM(people), 0) FROM report_totals "
        "WHERE unit_id = :unit AND dimension = :dimension AND key = :key",
        unit=unit_id, dimension=dimension, key=key,
    )
    return tuple(int(value) for value in rows[0])


def test_station_head_amends_report(people, event_log, service_config):
    report = file_report(people.officer, people.station["id"])
    audiences = [{"group": "elderly", "count": 54}, {"group": "farmers", "count": 20}]

    response = people.station_head.post(
        "/api/v1/reports/{}/amendments".format(report["id"]), json=amendment(report, audiences=audiences,
                                                                              activity_type="market")
    )

    assert response.status_code == 200, response.text
    amended = response.json()
    assert amended["revision"] == 2
    assert amended["total_people"] == 74
    assert amended["activity_type"] == "market"

    [event] = event_log.wait_for("outreach_amended", report["id"])
    assert event["revision"] == 2
    assert event["reason"] == "แก้จำนวนผู้สูงอายุ"
    assert event["total_people"] == 74
    assert event["changed_by"] == people.station_head.account_id

    division = people.division["id"]
    assert totals_of(service_config, division, "all") == (1, 74)
    assert totals_of(service_config, division, "activity_type", "temple") == (0, 0)
    assert totals_of(service_config, division, "activity_type", "market") == (1, 74)
    assert totals_of(service_config, division, "audience", "elderly") == (1, 54)


def test_history_keeps_every_revision(people):
    report = file_report(people.officer, people.station["id"])
    people.station_head.post(
        "/api/v1/reports/{}/amendments".format(report["id"]), json=amendment(report, note="แก้ไขบันทึก")
    )

    response = people.station_head.get("/api/v1/reports/{}/history".format(report["id"]))

    assert response.status_code == 200
    history = response.json()
    assert [item["action"] for item in history] == ["filed", "amended"]
    assert history[0]["body"]["note"] == "บรรยายหลังทำบุญ"
    assert history[1]["body"]["note"] == "แก้ไขบันทึก"
    assert history[1]["reason"] == "แก้จำนวนผู้สูงอายุ"
    assert history[1]["actor_id"] == people.station_head.account_id


def test_division_head_withdraws_report(people, event_log, service_config):
    report = file_report(people.officer, people.station["id"])

    response = people.division_head.post(
        "/api/v1/reports/{}/withdrawal".format(report["id"]), json={"reason": "รายงานซ้ำกับกิจกรรมเดียวกัน"}
    )

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "withdrawn"
    [event] = event_log.wait_for("outreach_withdrawn", report["id"])
    assert event["reason"] == "รายงานซ้ำกับกิจกรรมเดียวกัน"
    assert event["revision"] == 2
    assert totals_of(service_config, people.division["id"], "all") == (0, 0)
    assert totals_of(service_config, people.station["id"], "scam_type", "loan") == (0, 0)


def test_withdrawn_report_cannot_change_again(people):
    report = file_report(people.officer, people.station["id"])
    people.station_head.post("/api/v1/reports/{}/withdrawal".format(report["id"]), json={"reason": "ซ้ำซ้อน"})

    again = people.station_head.post("/api/v1/reports/{}/withdrawal".format(report["id"]), json={"reason": "ซ้ำซ้อน"})
    amend = people.station_head.post(
        "/api/v1/reports/{}/amendments".format(report["id"]), json=dict(amendment(report), revision=2)
    )

    assert again.status_code == 409
    assert again.json()["error"] == "report_withdrawn"
    assert amend.status_code == 409


def test_officer_cannot_amend(people):
    report = file_report(people.officer, people.station["id"])

    response = people.officer.post("/api/v1/reports/{}/amendments".format(report["id"]), json=amendment(report))

    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_head_of_other_station_cannot_amend(people, service_config):
    report = file_report(people.officer, people.station["id"])

    response = people.sibling_head.post("/api/v1/reports/{}/amendments".format(report["id"]), json=amendment(report))

    assert response.status_code == 403
    assert response.json()["error"] == "amend_not_allowed"
    [(revision,)] = query_rows(service_config, "SELECT revision FROM reports WHERE id = :id", id=report["id"])
    assert revision == 1


def test_amend_after_window_is_rejected(people, service_config):
    report = file_report(people.officer, people.station["id"])
    filed_long_ago = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=31)
    _set_created_at(service_config, report["id"], filed_long_ago)

    response = people.station_head.post(
        "/api/v1/reports/{}/amendments".format(report["id"]), json=amendment(report), headers={"Accept-Language": "en"}
    )

    assert response.status_code == 403
    assert response.json()["error"] == "amend_window_closed"
    assert "30 days" in response.json()["message"]


def test_stale_revision_is_conflict(people):
    report = file_report(people.officer, people.station["id"])
    first = people.station_head.post("/api/v1/reports/{}/amendments".format(report["id"]), json=amendment(report))

    second = people.station_head.post(
        "/api/v1/reports/{}/amendments".format(report["id"]), json=amendment(report, note="อีกครั้ง")
    )

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["error"] == "revision_conflict"


def test_amend_cannot_move_report_to_other_unit(people):
    report = file_report(people.officer, people.station["id"])

    response = people.division_head.post(
        "/api/v1/reports/{}/amendments".format(report["id"]),
        json=amendment(report, unit_id=people.sibling_station["id"], district_code="5002"),
    )

    assert response.status_code == 400
    assert response.json()["error"] == "unit_cannot_change"


def test_amend_validates_new_content(people):
    report = file_report(people.officer, people.station["id"])

    response = people.station_head.post(
        "/api/v1/reports/{}/amendments".format(report["id"]),
        json=amendment(report, audiences=[{"group": "elderly", "count": -1}]),
    )

    assert response.status_code == 400
    assert response.json()["error"] == "head_count_negative"


def test_amend_needs_reason(people):
    report = file_report(people.officer, people.station["id"])
    body = amendment(report)
    del body["reason"]

    response = people.station_head.post("/api/v1/reports/{}/amendments".format(report["id"]), json=body)

    assert response.status_code == 400
    assert "reason" in response.json()["details"]["fields"]


def test_replay_of_original_after_amendment_returns_current(people):
    body = report_body(people.station["id"])
    report_id = new_id()
    first = people.officer.request("PUT", "/api/v1/reports/" + report_id, json=body)
    people.station_head.post("/api/v1/reports/{}/amendments".format(report_id), json=amendment(first.json()))

    replay = people.officer.request("PUT", "/api/v1/reports/" + report_id, json=body)

    assert replay.status_code == 200
    assert replay.json()["revision"] == 2


def _set_created_at(config, report_id, moment):
    from tests import support
    from sqlalchemy import text

    session = support.session_for(config, "reports")
    try:
        session.execute(text("UPDATE reports SET created_at = :moment WHERE id = :id"), {"moment": moment, "id": report_id})
        session.commit()
    finally:
        session.close()
        session.bind.dispose()
