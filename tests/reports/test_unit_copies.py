"""The reports service's copies of units and media, kept from events through the real broker."""

import datetime

from nameko.standalone.events import event_dispatcher
from sqlalchemy import text

from cybervaccine import events
from tests import support
from tests.reports.conftest import count_rows, new_id, query_rows, report_body, settled_totals


def dispatched_unit_events(config):
    session = support.session_for(config, "directory")
    try:
        return session.execute(
            text("SELECT count(*) FROM outbox WHERE event_type = 'unit_changed' AND dispatched_at IS NOT NULL")
        ).scalar()
    finally:
        session.close()
        session.bind.dispose()


def test_seed_events_wait_for_late_service(reports_queues, gateway, start_platform, service_config):
    from services.reports.service import ReportsService

    support.wait_for(lambda: dispatched_unit_events(service_config) >= 200, timeout=60, message="first seed events")
    assert count_rows(service_config, "reports", "units") == 0

    start_platform(ReportsService)

    expected = count_rows(service_config, "directory", "units")
    support.wait_for(
        lambda: count_rows(service_config, "reports", "units") == expected, timeout=120, message="every unit copied"
    )
    [(path,)] = query_rows(service_config, "SELECT path FROM units WHERE code = 'ST-5001'")
    [(directory_path,)] = support_rows(service_config, "SELECT path FROM units WHERE code = 'ST-5001'")
    assert path == directory_path


def support_rows(config, statement):
    session = support.session_for(config, "directory")
    try:
        return session.execute(text(statement)).all()
    finally:
        session.close()
        session.bind.dispose()


def unit_event(unit, **changes):
    fields = {
        "unit_id": unit["id"],
        "code": unit["code"],
        "name_th": unit["name_th"],
        "name_en": unit["name_en"],
        "level": unit["level"],
        "parent_id": unit["parent_id"],
        "path": unit["path"],
        "province_code": unit["province_code"],
        "district_code": unit["district_code"],
        "change": "updated",
    }
    fields.update(changes)
    return events.build_event("directory", "unit_changed", fields)


def division_total(config, unit_id):
    rows = settled_totals(
        config, "SELECT COALESCE(SUM(reports), 0) FROM report_totals WHERE unit_id = :unit AND dimension = 'all'",
        unit=unit_id,
    )
    return int(rows[0][0])


def test_moved_station_takes_its_totals_along(people, service_config):
    station = people.station
    old_division = people.division
    new_division = people.unit("DIV-TH-51")
    people.officer.request("PUT", "/api/v1/reports/" + new_id(), json=report_body(station["id"]))
    assert division_total(service_config, old_division["id"]) == 1

    new_path = new_division["path"] + [station["id"]]
    event_dispatcher(service_config)(
        "directory", "unit_changed", unit_event(station, parent_id=new_division["id"], path=new_path)
    )

    expected = "/" + "".join("{}/".format(unit_id) for unit_id in new_path)
    support.wait_for(
        lambda: query_rows(service_config, "SELECT path FROM units WHERE id = :id", id=station["id"])[0][0] == expected,
        timeout=15, message="the station's new path",
    )
    assert division_total(service_config, old_division["id"]) == 0
    assert division_total(service_config, new_division["id"]) == 1
    assert division_total(service_config, station["path"][1]) == 1
    assert division_total(service_config, station["path"][0]) == 1
    listed = people.division_head.get("/api/v1/reports").json()["items"]
    assert listed == []


def test_older_unit_event_changes_nothing(people, service_config):
    station = people.station
    stale = unit_event(station, name_th="ชื่อเก่า")
    stale["occurred_at"] = "2001-01-01T00:00:00+00:00"
    fresh = unit_event(station, name_th="สถานีตำรวจภูธรเมืองเชียงใหม่")
    dispatch = event_dispatcher(service_config)

    dispatch("directory", "unit_changed", fresh)
    support.wait_for(
        lambda: query_rows(service_config, "SELECT name_th FROM units WHERE id = :id", id=station["id"])[0][0]
        == "สถานีตำรวจภูธรเมืองเชียงใหม่",
        timeout=15, message="renamed unit",
    )
    dispatch("directory", "unit_changed", stale)
    support.wait_for(
        lambda: count_rows(service_config, "reports", "handled_events") and query_rows(
            service_config, "SELECT count(*) FROM handled_events WHERE event_id = :id", id=stale["event_id"]
        )[0][0] == 1,
        timeout=15, message="stale event handled",
    )

    [(name,)] = query_rows(service_config, "SELECT name_th FROM units WHERE id = :id", id=station["id"])
    assert name == "สถานีตำรวจภูธรเมืองเชียงใหม่"


def test_media_copy_follows_library_events(people, media_library, service_config):
    dispatch = event_dispatcher(service_config)
    archived = events.schema_for("media", "media_archived").example
    dispatch("media", "media_archived", events.build_event("media", "media_archived", dict(archived, media_id=18)))
    support.wait_for(
        lambda: query_rows(service_config, "SELECT archived FROM media_items WHERE media_id = 18")[0][0],
        timeout=15, message="archived item",
    )

    options = people.officer.get("/api/v1/reports/options").json()
    filed = people.officer.request(
        "PUT", "/api/v1/reports/" + new_id(), json=report_body(people.station["id"], media=[{"media_id": 18, "version": 1}])
    )

    assert sorted((item["media_id"], item["version"]) for item in options["media"]) == [(17, 1), (17, 2)]
    assert filed.status_code == 201, filed.text


def test_options_list_codes_with_names(people):
    response = people.officer.get("/api/v1/reports/options")

    assert response.status_code == 200
    options = response.json()
    assert [item["code"] for item in options["activity_types"]][:3] == ["community-meeting", "school", "temple"]
    assert {"code": "elderly", "name_th": "ผู้สูงอายุ", "name_en": "Elderly people"} in options["audience_groups"]
    assert "call-center" in [item["code"] for item in options["scam_types"]]
    assert options["max_photos"] == 10
    assert options["large_count_threshold"] == 100_000


def test_activity_day_is_thai_calendar_day(people):
    today = datetime.datetime.now(datetime.timezone.utc).date()
    evening_utc = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(20, 0), datetime.timezone.utc)
    body = report_body(people.station["id"], occurred_at=evening_utc.isoformat())

    response = people.officer.request("PUT", "/api/v1/reports/" + new_id(), json=body)

    assert response.status_code == 201, response.text
    assert response.json()["activity_date"] == today.isoformat()
