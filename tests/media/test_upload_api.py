"""Uploads through the gateway: presigned part PUTs to the real object store, checks, and bad input."""

import pytest
import requests
from minio import Minio

from services.media import rules
from tests import support
from tests.media.conftest import new_item, publish, put_parts, upload_item


def bucket_keys(config, prefix="media/"):
    client = Minio(config["S3_ENDPOINT"], config["S3_ACCESS_KEY"], config["S3_SECRET_KEY"], secure=False,
                   region="us-east-1")
    return sorted(item.object_name for item in client.list_objects(config["S3_BUCKET"], prefix=prefix, recursive=True))


def start_upload(client, data, file_name, **overrides):
    response = client.post("/api/v1/media/uploads", json=new_item(file_name, len(data), **overrides))
    assert response.status_code == 201, response.text
    return response.json()


def test_poster_upload_publishes_item(working_group, media_files, events):
    data = media_files.image("png")

    response = upload_item(working_group, data, "โปสเตอร์-แก๊งคอลเซ็นเตอร์.png")

    assert response.status_code == 201, response.text
    upload = response.json()
    assert upload["status"] == "published"
    assert upload["version"] == 1
    item = working_group.get("/api/v1/media/{}".format(upload["media_id"])).json()
    assert item["title_th"] == "โปสเตอร์เตือนภัยแก๊งคอลเซ็นเตอร์"
    assert item["scam_types"] == ["call-center"]
    assert item["channels"] == ["print", "social"]
    assert item["file"]["file_name"] == "โปสเตอร์-แก๊งคอลเซ็นเตอร์.png"
    assert item["file"]["file_type"] == "png"
    assert item["file"]["size_bytes"] == len(data)
    event = events.wait_for("media_published", lambda payload: payload["media_id"] == upload["media_id"])
    assert event["media_version"] == 1
    assert event["file_name"] == "โปสเตอร์-แก๊งคอลเซ็นเตอร์.png"
    assert event["sha256"] == item["file"]["sha256"]


def test_multipart_upload_of_several_parts(working_group, media_files, service_config):
    data = media_files.image("png") + b"\0" * (rules.MIN_PART_BYTES + 12345)
    upload = start_upload(working_group, data, "ใหญ่.png")
    assert upload["part_count"] == 2
    assert [part["size"] for part in upload["parts"]] == [rules.MIN_PART_BYTES, len(data) - rules.MIN_PART_BYTES]
    assert upload["parts"][0]["url"].startswith("http://" + service_config["S3_PUBLIC_ENDPOINT"] + "/")
    assert requests.put(upload["parts"][0]["url"] + "x", data=b"x", timeout=10).status_code == 403

    put_parts(upload, data)
    response = working_group.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))

    assert response.status_code == 201, response.text
    item = working_group.get("/api/v1/media/{}".format(response.json()["media_id"])).json()
    assert item["file"]["size_bytes"] == len(data)
    assert len(bucket_keys(service_config)) == 1
    again = working_group.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))
    assert again.status_code == 201, again.text
    assert again.json()["media_id"] == response.json()["media_id"]


@pytest.fixture
def background_checks(service_config):
    """Make every upload larger than 1 KiB go through the background check."""
    service_config["MEDIA_INLINE_VERIFY_BYTES"] = 1024


def test_large_upload_is_checked_in_background(background_checks, working_group, media_files):
    data = media_files.pdf(pages=1)
    upload = start_upload(working_group, data, "แผ่นพับ.pdf", kind="leaflet")
    put_parts(upload, data)

    response = working_group.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))

    assert response.status_code == 202, response.text
    assert response.json()["status"] == "verifying"
    status_path = "/api/v1/media/uploads/{}".format(upload["id"])
    support.wait_for(lambda: working_group.get(status_path).json()["status"] == "published", timeout=15,
                     message="background check")
    assert working_group.get(status_path).json()["version"] == 1


def test_background_rejection_is_reported(background_checks, working_group, media_files, service_config):
    data = media_files.image("png")
    upload = start_upload(working_group, data, "leaflet.pdf", kind="leaflet")
    put_parts(upload, data)

    response = working_group.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))

    assert response.status_code == 202, response.text
    status_path = "/api/v1/media/uploads/{}".format(upload["id"])
    support.wait_for(lambda: working_group.get(status_path).json()["status"] == "rejected", timeout=15,
                     message="background rejection")
    rejected = working_group.get(status_path, headers={"Accept-Language": "en"}).json()
    assert rejected["error"]["code"] == "kind_file_mismatch"
    assert rejected["error"]["status"] == 415
    assert rejected["error"]["message"].startswith("A leaflet must be a PDF file")
    support.wait_for(lambda: bucket_keys(service_config) == [], message="rejected object removed")


BAD_UPLOAD_REQUESTS = [
    ({"title_th": "   "}, 400, "title_th_required"),
    ({"scam_types": []}, 400, "scam_types_required"),
    ({"scam_types": ["not-a-scam"]}, 400, "unknown_scam_type"),
    ({"audiences": ["aliens"]}, 400, "unknown_audience"),
    ({"channels": ["pigeon"]}, 400, "unknown_channel"),
    ({"file_name": "virus.exe"}, 415, "unsupported_file_type"),
    ({"file_name": "no-extension"}, 415, "unsupported_file_type"),
    ({"file_name": "leaflet.pdf"}, 415, "kind_file_mismatch"),
    ({"size_bytes": 0}, 400, "file_empty"),
    ({"size_bytes": 3 * rules.GIB}, 413, "file_too_large"),
    ({"kind": "hologram"}, 400, "invalid_input"),
    ({"language": "xx"}, 400, "invalid_input"),
]


def test_bad_upload_requests_are_rejected(working_group, service_config):
    for overrides, status, code in BAD_UPLOAD_REQUESTS:
        data = new_item("poster.png", 1000)
        data.update(overrides)

        response = working_group.post("/api/v1/media/uploads", json=data)

        assert response.status_code == status, (overrides, response.text)
        assert response.json()["error"] == code, overrides
        assert response.json()["message"], overrides
    assert bucket_keys(service_config) == []

    english = working_group.post(
        "/api/v1/media/uploads", json=new_item("poster.png", 1000, title_th=""), headers={"Accept-Language": "en"}
    )
    assert english.json()["message"] == "Enter the Thai title of the item."


def test_content_checks_reject_and_remove(working_group, media_files, service_config):
    cases = [
        (media_files.pdf(), "poster.png", "kind_file_mismatch", "PDF"),
        (media_files.image("jpeg"), "poster.png", "content_type_mismatch", "JPEG"),
        (b"MZ\x90\x00" + b"\x00" * 4000, "poster.png", "unsupported_file_type", "Windows executable"),
        (b"\x00" * 4000, "poster.png", "content_type_unknown", "PNG, JPEG, WebP"),
    ]
    for data, file_name, code, named in cases:
        upload = start_upload(working_group, data, file_name)
        put_parts(upload, data)

        response = working_group.post(
            "/api/v1/media/uploads/{}/complete".format(upload["id"]), headers={"Accept-Language": "en"}
        )

        assert response.status_code == 415, (code, response.text)
        assert response.json()["error"] == code
        assert named in response.json()["message"], code
        status = working_group.get("/api/v1/media/uploads/{}".format(upload["id"])).json()
        assert status["status"] == "rejected", code
        assert status["error"]["code"] == code
        assert status["error"]["status"] == 415
    assert bucket_keys(service_config) == []
    assert working_group.get("/api/v1/media").json()["total"] == 0


def test_duplicate_file_names_existing_item(working_group, media_files, service_config):
    data = media_files.image("png")
    first = publish(working_group, data, "ต้นฉบับ.png")

    response = upload_item(working_group, data, "สำเนา.png", title_th="สำเนา")

    assert response.status_code == 409, response.text
    body = response.json()
    assert body["error"] == "duplicate_file"
    assert body["details"]["media_id"] == first["media_id"]
    assert str(first["media_id"]) in body["message"]
    assert len(bucket_keys(service_config)) == 1


def test_interrupted_upload_stays_pending_until_resumed(working_group, media_files):
    data = media_files.image("png") + b"\0" * (rules.MIN_PART_BYTES + 10)
    upload = start_upload(working_group, data, "ค้าง.png")
    put_parts(upload, data, skip={2})

    response = working_group.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))

    assert response.status_code == 400, response.text
    assert response.json()["error"] == "upload_incomplete"
    assert response.json()["details"]["missing_parts"] == [2]
    resumed = working_group.get("/api/v1/media/uploads/{}".format(upload["id"])).json()
    assert resumed["status"] == "pending"
    assert resumed["parts"][1]["part_number"] == 2

    put_parts(resumed, data, skip={1})
    completed = working_group.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))
    assert completed.status_code == 201, completed.text


def test_cancel_drops_parts(working_group, media_files, service_config):
    data = media_files.image("png") + b"\0" * (rules.MIN_PART_BYTES + 10)
    upload = start_upload(working_group, data, "ยกเลิก.png")
    put_parts(upload, data, skip={2})

    response = working_group.delete("/api/v1/media/uploads/{}".format(upload["id"]))

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "cancelled"
    assert bucket_keys(service_config) == []
    again = working_group.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))
    assert again.status_code == 409
    assert again.json()["error"] == "upload_closed"


def test_upload_permissions(working_group, officer, media, admin, national_unit, media_files):
    from tests.media.conftest import make_account

    upload = start_upload(working_group, media_files.image("png"), "ของคนอื่น.png")
    other = make_account(media, admin, national_unit["id"], ["working_group"])

    by_officer = officer.post("/api/v1/media/uploads", json=new_item("poster.png", 1000))
    by_other = other.post("/api/v1/media/uploads/{}/complete".format(upload["id"]))
    unknown = working_group.get("/api/v1/media/uploads/00000000-0000-0000-0000-000000000000")

    assert by_officer.status_code == 403
    assert by_officer.json()["error"] == "forbidden"
    assert by_other.status_code == 403
    assert by_other.json()["error"] == "upload_not_yours"
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "upload_not_found"


def test_new_version_keeps_old_one(working_group, media_files, events):
    first = publish(working_group, media_files.image("png"), "โปสเตอร์.png")
    data = media_files.image("webp")

    response = working_group.post(
        "/api/v1/media/{}/versions".format(first["media_id"]),
        json={"file_name": "โปสเตอร์-ฉบับใหม่.webp", "size_bytes": len(data), "note": "แก้เบอร์โทร"},
    )
    assert response.status_code == 201, response.text
    put_parts(response.json(), data)
    completed = working_group.post("/api/v1/media/uploads/{}/complete".format(response.json()["id"]))

    assert completed.status_code == 201, completed.text
    assert completed.json()["version"] == 2
    item = working_group.get("/api/v1/media/{}".format(first["media_id"])).json()
    assert item["current_version"] == 2
    assert [version["version"] for version in item["versions"]] == [1, 2]
    assert item["versions"][1]["note"] == "แก้เบอร์โทร"
    assert item["file"]["file_name"] == "โปสเตอร์-ฉบับใหม่.webp"
    event = events.wait_for("media_version_added", lambda payload: payload["media_id"] == first["media_id"])
    assert event["media_version"] == 2
    assert event["previous_version"] == 1


def test_new_version_must_match_kind(working_group, media_files):
    first = publish(working_group, media_files.image("png"), "โปสเตอร์.png")

    response = working_group.post(
        "/api/v1/media/{}/versions".format(first["media_id"]), json={"file_name": "clip.mp4", "size_bytes": 100}
    )

    assert response.status_code == 415
    assert response.json()["error"] == "kind_file_mismatch"


def test_video_and_audio_uploads(working_group, media_files):
    video = publish(working_group, media_files.ffmpeg("mp4"), "วิดีโอ.mp4", kind="video")
    spot = publish(working_group, media_files.ffmpeg("mp3"), "สปอต.mp3", kind="audio", channels=["loudspeaker"])
    m4a = publish(working_group, media_files.ffmpeg("m4a"), "สปอต.m4a", kind="audio")

    assert working_group.get("/api/v1/media/{}".format(video["media_id"])).json()["file"]["content_type"] == "video/mp4"
    assert working_group.get("/api/v1/media/{}".format(spot["media_id"])).json()["file"]["content_type"] == "audio/mpeg"
    assert working_group.get("/api/v1/media/{}".format(m4a["media_id"])).json()["file"]["content_type"] == "audio/mp4"
