"""Report photos: resumable uploads to object storage, checks, display copies without location data."""

import hashlib
import io
import os

import pytest
import requests
from PIL import Image

from tests import support
from tests.reports.conftest import jpeg_with_gps, new_id, query_rows, report_body

GPS_IFD = 0x8825


def file_report(client, unit_id, photo_count=1):
    report_id = new_id()
    response = client.request("PUT", "/api/v1/reports/" + report_id, json=report_body(unit_id, photo_count=photo_count))
    assert response.status_code == 201, response.text
    return response.json()


def open_slot(client, report_id, data, content_type="image/jpeg", photo_id=None, **extra):
    body = {"photo_id": photo_id or new_id(), "file_name": "กิจกรรม.jpg", "content_type": content_type, "size": len(data)}
    body.update(extra)
    return client.post("/api/v1/reports/{}/photos".format(report_id), json=body)


def put_parts(slot, data, only=None):
    for part in slot["parts"]:
        if only is not None and part["part_number"] not in only:
            continue
        start = (part["part_number"] - 1) * slot["part_size"]
        response = requests.put(part["url"], data=data[start:start + part["size"]], timeout=60)
        assert response.status_code == 200, response.text


def complete(client, report_id, photo_id):
    return client.post("/api/v1/reports/{}/photos/{}/complete".format(report_id, photo_id))


def wait_until_complete(client, report_id):
    return support.wait_for(
        lambda: (lambda report: report if report["complete"] else None)(client.get("/api/v1/reports/" + report_id).json()),
        timeout=30, message="the report to be complete",
    )


def test_photo_upload_makes_display_copy_without_gps(people):
    report = file_report(people.officer, people.station["id"])
    data = jpeg_with_gps(2400, 1800)
    assert report["complete"] is False

    slot = open_slot(people.officer, report["id"], data, sha256=hashlib.sha256(data).hexdigest())
    assert slot.status_code == 201, slot.text
    put_parts(slot.json(), data)
    finished = complete(people.officer, report["id"], slot.json()["photo"]["id"])

    assert finished.status_code == 200, finished.text
    assert finished.json()["photo"]["status"] in ("processing", "ready")
    done = wait_until_complete(people.officer, report["id"])
    [photo] = done["photos"]
    assert photo["status"] == "ready"
    assert (photo["width"], photo["height"]) == (2400, 1800)

    display = Image.open(io.BytesIO(requests.get(photo["display_url"], timeout=30).content))
    assert max(display.size) == 1600
    assert GPS_IFD not in display.getexif()
    thumbnail = Image.open(io.BytesIO(requests.get(photo["thumbnail_url"], timeout=30).content))
    assert max(thumbnail.size) == 320

    original = people.station_head.get("/api/v1/reports/{}/photos/{}/original".format(report["id"], photo["id"]))
    assert original.status_code == 302
    kept = requests.get(original.headers["Location"], timeout=30).content
    assert kept == data
    assert Image.open(io.BytesIO(kept)).getexif().get_ifd(GPS_IFD)[1] == "N"


def test_division_head_sees_photo_of_station_report(people):
    report = file_report(people.officer, people.station["id"])
    data = jpeg_with_gps()
    slot = open_slot(people.officer, report["id"], data).json()
    put_parts(slot, data)
    complete(people.officer, report["id"], slot["photo"]["id"])
    wait_until_complete(people.officer, report["id"])

    listed = people.division_head.get("/api/v1/reports").json()["items"]

    [item] = [item for item in listed if item["id"] == report["id"]]
    assert item["photos"][0]["display_url"].startswith("http")


def large_jpeg():
    """A JPEG of random noise, larger than one 5 MiB part."""
    image = Image.frombytes("RGB", (2600, 2000), os.urandom(2600 * 2000 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=98)
    data = buffer.getvalue()
    assert len(data) > 5 * 1024 * 1024
    return data


def test_interrupted_upload_resumes_with_missing_parts(people):
    report = file_report(people.officer, people.station["id"])
    data = large_jpeg()
    slot = open_slot(people.officer, report["id"], data).json()
    assert slot["part_count"] == 2

    put_parts(slot, data, only={1})
    early = complete(people.officer, report["id"], slot["photo"]["id"])
    status = people.officer.get("/api/v1/reports/{}/photos/{}".format(report["id"], slot["photo"]["id"])).json()

    assert early.status_code == 400
    assert early.json()["error"] == "photo_upload_incomplete"
    assert status["uploaded_parts"] == [1]
    assert [part["part_number"] for part in status["parts"]] == [2]

    put_parts(status, data)
    finished = complete(people.officer, report["id"], slot["photo"]["id"])
    assert finished.status_code == 200, finished.text
    assert wait_until_complete(people.officer, report["id"])["photos"][0]["size_bytes"] == len(data)


def test_retry_of_slot_returns_same_slot(people):
    report = file_report(people.officer, people.station["id"])
    data = jpeg_with_gps()
    photo_id = new_id()

    first = open_slot(people.officer, report["id"], data, photo_id=photo_id)
    second = open_slot(people.officer, report["id"], data, photo_id=photo_id)
    other = open_slot(people.officer, report["id"], data + b"x", photo_id=photo_id)

    assert first.status_code == 201
    assert second.status_code == 201
    assert second.json()["photo"]["id"] == photo_id
    assert other.status_code == 409
    assert other.json()["error"] == "photo_id_conflict"


def test_file_that_is_not_an_image_is_rejected(people, service_config):
    report = file_report(people.officer, people.station["id"])
    data = b"%PDF-1.4 this is not a photo" * 100
    slot = open_slot(people.officer, report["id"], data).json()
    put_parts(slot, data)

    response = complete(people.officer, report["id"], slot["photo"]["id"])

    assert response.status_code == 400
    assert response.json()["error"] == "photo_not_image"
    assert "กิจกรรม.jpg" in response.json()["message"]
    [(status,)] = query_rows(service_config, "SELECT status FROM report_photos WHERE id = :id", id=slot["photo"]["id"])
    assert status == "rejected"
    retry = open_slot(people.officer, report["id"], jpeg_with_gps())
    assert retry.status_code == 201


def test_checksum_mismatch_is_rejected(people):
    report = file_report(people.officer, people.station["id"])
    data = jpeg_with_gps()
    slot = open_slot(people.officer, report["id"], data, sha256="0" * 64).json()
    put_parts(slot, data)

    response = complete(people.officer, report["id"], slot["photo"]["id"])

    assert response.status_code == 400
    assert response.json()["error"] == "photo_checksum_mismatch"


@pytest.mark.parametrize(
    "content_type, size, status, code",
    [
        ("application/pdf", 1000, 400, "photo_type_not_allowed"),
        ("image/jpeg", 15 * 1024 * 1024 + 1, 413, "photo_too_large"),
    ],
)
def test_bad_slot_rejected(people, content_type, size, status, code):
    report = file_report(people.officer, people.station["id"])

    response = people.officer.post(
        "/api/v1/reports/{}/photos".format(report["id"]),
        json={"photo_id": new_id(), "file_name": "x", "content_type": content_type, "size": size},
    )

    assert response.status_code == status
    assert response.json()["error"] == code


def test_more_photos_than_declared_rejected(people):
    report = file_report(people.officer, people.station["id"], photo_count=1)
    data = jpeg_with_gps()
    open_slot(people.officer, report["id"], data)

    response = open_slot(people.officer, report["id"], data)

    assert response.status_code == 409
    assert response.json()["error"] == "photo_count_reached"


def test_other_officer_cannot_upload(people):
    report = file_report(people.officer, people.station["id"])

    response = open_slot(people.officer_without_duty, report["id"], jpeg_with_gps())

    assert response.status_code == 404


def test_report_incomplete_until_every_photo_ready(people):
    report = file_report(people.officer, people.station["id"], photo_count=2)
    data = jpeg_with_gps()
    slot = open_slot(people.officer, report["id"], data).json()
    put_parts(slot, data)
    complete(people.officer, report["id"], slot["photo"]["id"])

    support.wait_for(
        lambda: people.officer.get("/api/v1/reports/" + report["id"]).json()["photos"][0]["status"] == "ready",
        timeout=30, message="first photo ready",
    )

    assert people.officer.get("/api/v1/reports/" + report["id"]).json()["complete"] is False
