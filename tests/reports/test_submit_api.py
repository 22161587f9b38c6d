"""Filing reports through the gateway against the real broker, database and reports service."""

import datetime
import json

import eventlet
import pytest

from tests import support
from tests.reports.conftest import count_rows, new_id, query_rows, report_body, settled_totals


def put_report(client, report_id, body, **kwargs):
    return client.request("PUT", "/api/v1/reports/" + report_id, json=body, **kwargs)


def test_officer_with_duty_files_report(people, event_log):
    report_id = new_id()

    response = put_report(people.officer, report_id, report_body(people.station["id"]))

    assert response.status_code == 201, response.text
    report = response.json()
    assert report["id"] == report_id
    assert report["unit"]["code"] == "ST-5001"
    assert report["total_people"] == 65
    assert report["revision"] == 1
    assert report["complete"] is True
    assert report["status"] == "active"

    [event] = event_log.wait_for("outreach_reported", report_id)
    assert event["unit_id"] == people.station["id"]
    assert event["unit_path"] == people.station["path"]
    assert event["audience"] == {"elderly": 45, "farmers": 20}
    assert event["total_people"] == 65
    assert event["scam_types"] == ["call-center", "loan"]
    assert event["revision"] == 1
    assert event["activity_date"] == report["activity_date"]


def test_post_with_id_in_body_files_report(people):
    report_id = new_id()

    response = people.officer.post("/api/v1/reports", json=dict(report_body(people.station["id"]), id=report_id))

    assert response.status_code == 201, response.text
    assert response.json()["id"] == report_id


def test_replay_returns_stored_report(people, event_log, service_config):
    report_id = new_id()
    body = report_body(people.station["id"])
    first = put_report(people.officer, report_id, body)

    reordered = dict(body, audiences=list(reversed(body["audiences"])), scam_types=["loan", "call-center"])
    second = put_report(people.officer, report_id, reordered)

    assert first.status_code == 201
    assert second.status_code == 200, second.text
    assert second.json() == first.json()
    assert count_rows(service_config, "reports", "reports") == 1
    event_log.wait_for("outreach_reported", report_id)
    assert len(event_log.of_type("outreach_reported", report_id)) == 1


def test_replay_with_other_body_is_conflict(people, service_config):
    report_id = new_id()
    put_report(people.officer, report_id, report_body(people.station["id"]))

    changed = report_body(people.station["id"], audiences=[{"group": "elderly", "count": 46}])
    response = put_report(people.officer, report_id, changed)

    assert response.status_code == 409
    assert response.json()["error"] == "report_id_conflict"
    assert "ไม่ได้บันทึกซ้ำ" in response.json()["message"]
    [(total,)] = query_rows(service_config, "SELECT total_people FROM reports WHERE id = :id", id=report_id)
    assert total == 65


def test_concurrent_copies_store_one_report(people, event_log, service_config):
    report_id = new_id()
    body = report_body(people.station["id"])
    pool = eventlet.GreenPool()

    responses = list(pool.imap(lambda _: put_report(people.officer, report_id, body), range(8)))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] * 7 + [201], [response.text for response in responses]
    assert len({response.json()["revision"] for response in responses}) == 1
    assert count_rows(service_config, "reports", "reports") == 1
    assert count_rows(service_config, "reports", "report_revisions") == 1
    [(reports, people_count)] = settled_totals(
        service_config,
        "SELECT reports, people FROM report_totals WHERE unit_id = :unit AND dimension = 'all'",
        unit=people.station["id"],
    )
    assert (reports, people_count) == (1, 65)
    event_log.wait_for("outreach_reported", report_id)
    assert len(event_log.of_type("outreach_reported", report_id)) == 1


def test_concurrent_copies_with_different_bodies_keep_one(people, service_config):
    report_id = new_id()
    bodies = [report_body(people.station["id"], audiences=[{"group": "elderly", "count": count}]) for count in (10, 20)]
    pool = eventlet.GreenPool()

    responses = list(pool.imap(lambda body: put_report(people.officer, report_id, body), bodies))

    assert sorted(response.status_code for response in responses) == [201, 409]
    assert count_rows(service_config, "reports", "reports") == 1


def test_unit_head_files_for_own_station(people):
    response = put_report(people.station_head, new_id(), report_body(people.station["id"]))

    assert response.status_code == 201, response.text


def test_division_head_files_for_station_in_subtree(people):
    response = put_report(people.division_head, new_id(), report_body(people.station["id"]))

    assert response.status_code == 201, response.text


def test_media_versions_from_library_accepted(people, media_library):
    media = [{"media_id": 17, "version": 2}, {"media_id": 18, "version": 1}]

    response = put_report(people.officer, new_id(), report_body(people.station["id"], media=media))

    assert response.status_code == 201, response.text
    assert [item["media_id"] for item in response.json()["media"]] == [17, 18]
    assert response.json()["media"][0]["title_th"] == "รู้ทันแก๊งเงินกู้ออนไลน์"


def test_large_count_accepted_with_confirmation(people):
    body = report_body(
        people.station["id"], activity_type="online", audiences=[{"group": "general-public", "count": 150_000}],
        confirm_large_counts=True,
    )

    response = put_report(people.officer, new_id(), body)

    assert response.status_code == 201, response.text
    assert response.json()["total_people"] == 150_000


def tomorrow():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).isoformat()


BAD_BODIES = [
    ("missing date", {"occurred_at": None}, 400, "invalid_input"),
    ("future date", {"occurred_at": tomorrow}, 400, "occurred_at_in_future"),
    ("negative count", {"audiences": [{"group": "elderly", "count": -5}]}, 400, "head_count_negative"),
    ("absurd count", {"audiences": [{"group": "elderly", "count": 100_001}]}, 400, "head_count_needs_confirmation"),
    ("no audience", {"audiences": []}, 400, "audience_missing"),
    ("unknown province", {"province_code": "TH-00"}, 400, "unknown_province"),
    ("unknown scam type", {"scam_types": ["lottery-of-doom"]}, 400, "unknown_scam_type"),
    ("unknown media version", {"media": [{"media_id": 17, "version": 9}]}, 400, "unknown_media_version"),
    ("unknown media item", {"media": [{"media_id": 999, "version": 1}]}, 400, "unknown_media_version"),
    ("unknown unit", {"unit_id": 987654}, 404, "unit_not_found"),
    ("too many photos", {"photo_count": 11}, 400, "invalid_input"),
]


@pytest.mark.parametrize("name, overrides, status, code", BAD_BODIES, ids=[case[0] for case in BAD_BODIES])
def test_bad_report_rejected_and_not_stored(people, media_library, service_config, name, overrides, status, code):
    body = report_body(people.station["id"])
    for field, value in overrides.items():
        if value is None:
            del body[field]
        else:
            body[field] = value() if callable(value) else value

    response = put_report(people.officer, new_id(), body)

    assert response.status_code == status, response.text
    assert response.json()["error"] == code
    assert response.json()["message"]
    assert count_rows(service_config, "reports", "reports") == 0
    assert count_rows(service_config, "reports", "outbox") == 0


def test_missing_date_names_field_in_thai_and_english(people):
    body = report_body(people.station["id"])
    del body["occurred_at"]

    thai = put_report(people.officer, new_id(), body)
    english = put_report(people.officer, new_id(), body, headers={"Accept-Language": "en"})

    assert "วันและเวลาที่จัดกิจกรรม" in thai.json()["message"]
    assert "date and time of the activity" in english.json()["message"]
    assert "occurred_at" in thai.json()["details"]["fields"]


def test_body_outside_json_numbers_or_schema_rejected(people, service_config):
    body = report_body(people.station["id"])
    text = json.dumps(dict(body, latitude=13.7))
    headers = {"Content-Type": "application/json"}

    def put_text(replacement):
        data = text.replace("13.7", replacement)
        return people.officer.request("PUT", "/api/v1/reports/" + new_id(), data=data, headers=headers)

    not_a_number = put_text("NaN")
    too_large = put_text("1e400")
    too_deep = put_text("[" * 100 + "]" * 100)
    listed = put_report(people.officer, new_id(), [body])
    unknown_field = put_report(people.officer, new_id(), dict(body, mood="happy"))
    count_as_text = put_report(people.officer, new_id(), dict(body, photo_count="2"))

    for response in (not_a_number, too_large, too_deep):
        assert response.status_code == 400
        assert response.json()["error"] == "invalid_json"
    assert "NaN" in not_a_number.json()["message"]
    assert "1e400" in too_large.json()["message"]
    assert listed.json()["error"] == "json_object_required"
    assert unknown_field.status_code == 400
    assert "mood" in unknown_field.json()["details"]["fields"]
    assert count_as_text.status_code == 400
    assert "photo_count" in count_as_text.json()["details"]["fields"]
    assert count_rows(service_config, "reports", "reports") == 0


def test_unit_outside_subtree_is_forbidden(people, service_config):
    response = put_report(people.officer, new_id(), report_body(people.bangkok_station["id"], province_code="TH-10",
                                                                district_code="1001"))

    assert response.status_code == 403
    assert response.json()["error"] == "unit_outside_subtree"
    assert count_rows(service_config, "reports", "reports") == 0


def test_sibling_station_head_cannot_file_for_station(people):
    response = put_report(people.sibling_head, new_id(), report_body(people.station["id"]))

    assert response.status_code == 403
    assert response.json()["error"] == "unit_outside_subtree"


def test_officer_without_duty_is_forbidden(people):
    response = put_report(people.officer_without_duty, new_id(), report_body(people.station["id"]))

    assert response.status_code == 403
    assert response.json()["error"] == "reporting_duty_required"
    assert "หน้าที่รายงานผล" in response.json()["message"]


def test_ended_duty_stops_filing_before_cache_expires(people):
    """The reports service caches a granted duty for a minute; duty_ended clears it at once."""
    officer = people.account("ending", people.station, ["officer"], duty=True)
    assert put_report(officer, new_id(), report_body(people.station["id"])).status_code == 201

    ended = people.admin.delete("/api/v1/duties/{}".format(officer.duty_assignment_id))
    assert ended.status_code == 200

    def forbidden_body():
        response = put_report(officer, new_id(), report_body(people.station["id"]))
        return response.json() if response.status_code == 403 else None

    body = support.wait_for(forbidden_body, timeout=15, interval=0.5, message="a 403 after the duty ended")
    assert body["error"] == "reporting_duty_required"


def test_report_id_must_be_uuid(people):
    response = put_report(people.officer, "not-a-uuid", report_body(people.station["id"]))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_report_id"


def test_filing_needs_login(reports_platform):
    response = put_report(reports_platform, new_id(), report_body(1))

    assert response.status_code == 401


def test_filed_counter_counts_new_reports_only(people, reports_platform):
    report_id = new_id()
    body = report_body(people.station["id"], activity_type="market")
    before = _filed_count(reports_platform)

    put_report(people.officer, report_id, body)
    put_report(people.officer, report_id, body)

    assert _filed_count(reports_platform) == before + 1


def _filed_count(client):
    from prometheus_client import REGISTRY

    value = REGISTRY.get_sample_value("cybervaccine_reports_filed_total", {"activity_type": "market"})
    return value or 0


def test_concurrent_reports_and_copies_count_once(people, event_log, service_config):
    distinct = [new_id() for _ in range(6)]
    copied = new_id()
    body = report_body(people.station["id"])
    pool = eventlet.GreenPool()

    responses = list(pool.imap(lambda report_id: put_report(people.officer, report_id, body), distinct + [copied] * 3))

    assert [response.status_code for response in responses[:6]] == [201] * 6, [r.text for r in responses]
    assert sorted(response.status_code for response in responses[6:]) == [200, 200, 201]
    assert count_rows(service_config, "reports", "reports") == 7
    assert count_rows(service_config, "reports", "report_revisions") == 7
    for unit_id in (people.station["id"], people.division["id"]):
        [(reports, people_count)] = settled_totals(
            service_config,
            "SELECT reports, people FROM report_totals WHERE unit_id = :unit AND dimension = 'all'",
            unit=unit_id,
        )
        assert (reports, people_count) == (7, 7 * 65)
    for report_id in distinct + [copied]:
        event_log.wait_for("outreach_reported", report_id)
    assert len(event_log.of_type("outreach_reported", copied)) == 1
