"""Downloads: the redirect to a presigned URL, the download log and event, permissions, ZIP bundles."""

import csv
import io
import urllib.parse
import zipfile

import requests
from prometheus_client import REGISTRY

from services.media import rules
from tests import support
from tests.media.conftest import make_account, publish, put_parts


def follow(response):
    """Fetch the presigned URL a download redirect points to."""
    assert response.status_code == 302, response.text
    return requests.get(response.headers["Location"], timeout=30)


def saved_name(response):
    """Return the file name a browser saves a response under (RFC 5987 ``filename*``)."""
    disposition = response.headers["Content-Disposition"]
    encoded = disposition.split("filename*=UTF-8''", 1)[1].split(";")[0]
    return urllib.parse.unquote(encoded)


def counted_item(client, media_id, count):
    """Wait until the background count shows ``count`` downloads of an item; return the item."""
    def check():
        item = client.get("/api/v1/media/{}".format(media_id)).json()
        return item if item["download_count"] == count else None

    return support.wait_for(check, message="download count {}".format(count))


def test_officer_downloads_identical_bytes_with_thai_name(working_group, officer, station, media_files, events):
    data = media_files.image("png")
    upload = publish(working_group, data, "โปสเตอร์-หลอกให้กู้เงิน.png", scam_types=["loan", "call-center"])

    response = officer.get("/api/v1/media/{}/download".format(upload["media_id"]))

    assert response.headers["Cache-Control"] == "no-store"
    file = follow(response)
    assert file.status_code == 200
    assert file.content == data
    assert saved_name(file) == "โปสเตอร์-หลอกให้กู้เงิน.png"
    assert 'filename="media-{}-v1.png"'.format(upload["media_id"]) in file.headers["Content-Disposition"]
    assert file.headers["Content-Type"] == "image/png"

    event = events.wait_for("media_downloaded", lambda payload: payload["media_id"] == upload["media_id"])
    assert event["media_version"] == 1
    assert event["account_id"] == officer.account_id
    assert event["unit_id"] == station["id"]
    assert event["province_code"] == "TH-50"
    assert event["scam_types"] == ["call-center", "loan"]
    assert event["via"] == "direct"

    item = counted_item(officer, upload["media_id"], 1)
    assert item["unit_download"]["version"] == 1
    assert item["unit_download"]["newer_version_available"] is False
    assert REGISTRY.get_sample_value("cybervaccine_media_downloads_total", {"scam_type": "loan"}) >= 1


def test_download_as_json_gives_short_lived_public_url(working_group, officer, media_files, service_config):
    upload = publish(working_group, media_files.image("png"), "poster.png")

    response = officer.get(
        "/api/v1/media/{}/download".format(upload["media_id"]), headers={"Accept": "application/json"}
    )

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["url"].startswith("http://{}/".format(service_config["S3_PUBLIC_ENDPOINT"]))
    assert "X-Amz-Expires=300" in body["url"]
    assert body["file_name"] == "poster.png"
    assert body["version"] == 1


def test_older_version_stays_downloadable(working_group, officer, media_files):
    first_bytes = media_files.image("png")
    upload = publish(working_group, first_bytes, "v1.png")
    second_bytes = media_files.image("png")
    started = working_group.post(
        "/api/v1/media/{}/versions".format(upload["media_id"]),
        json={"file_name": "v2.png", "size_bytes": len(second_bytes)},
    ).json()
    put_parts(started, second_bytes)
    assert working_group.post("/api/v1/media/uploads/{}/complete".format(started["id"])).status_code == 201

    old = follow(officer.get("/api/v1/media/{}/download".format(upload["media_id"]), params={"version": 1}))
    new = follow(officer.get("/api/v1/media/{}/download".format(upload["media_id"])))

    assert old.content == first_bytes
    assert saved_name(old) == "v1.png"
    assert new.content == second_bytes
    missing = officer.get("/api/v1/media/{}/download".format(upload["media_id"]), params={"version": 3})
    assert missing.status_code == 404
    assert missing.json()["error"] == "version_not_found"


def test_unit_sees_newer_version_after_download(working_group, officer, media_files):
    upload = publish(working_group, media_files.image("png"), "เดิม.png")
    follow(officer.get("/api/v1/media/{}/download".format(upload["media_id"])))
    data = media_files.image("png")
    started = working_group.post(
        "/api/v1/media/{}/versions".format(upload["media_id"]), json={"file_name": "ใหม่.png", "size_bytes": len(data)}
    ).json()
    put_parts(started, data)
    working_group.post("/api/v1/media/uploads/{}/complete".format(started["id"]))

    listed = officer.get("/api/v1/media/unit-downloads", params={"newer_only": "true"}).json()
    page = officer.get("/api/v1/media").json()

    assert [row["media_id"] for row in listed] == [upload["media_id"]]
    assert listed[0]["downloaded_version"] == 1
    assert listed[0]["current_version"] == 2
    assert listed[0]["newer_version_available"] is True
    entry = next(item for item in page["items"] if item["id"] == upload["media_id"])
    assert entry["unit_download"]["newer_version_available"] is True


def test_download_permissions(media, admin, working_group, officer, national_unit, media_files):
    upload = publish(working_group, media_files.image("png"), "poster.png")
    path = "/api/v1/media/{}/download".format(upload["media_id"])
    operator = make_account(media, admin, national_unit["id"], ["administrator"])

    anonymous = media.get(path)
    forbidden = operator.get(path)
    unknown = officer.get("/api/v1/media/999999/download", headers={"Accept-Language": "en"})

    assert anonymous.status_code == 401
    assert forbidden.status_code == 403
    assert forbidden.json()["error"] == "forbidden"
    assert unknown.status_code == 404
    assert unknown.json()["error"] == "media_not_found"
    assert unknown.json()["message"].startswith("Media item 999999 was not found")
    assert officer.get("/api/v1/media/{}".format(upload["media_id"])).json()["download_count"] == 0


def test_archived_item_is_hidden_but_kept(working_group, officer, media_files, events):
    data = media_files.image("png")
    upload = publish(working_group, data, "เก็บ.png")
    path = "/api/v1/media/{}".format(upload["media_id"])

    response = working_group.post(path + "/archive", json={"reason": "เนื้อหาเก่า"})

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "archived"
    assert officer.get(path + "/download").status_code == 410
    assert officer.get(path).status_code == 410
    assert upload["media_id"] not in [item["id"] for item in officer.get("/api/v1/media").json()["items"]]
    archived = working_group.get("/api/v1/media", params={"status": "archived"}).json()
    assert [item["id"] for item in archived["items"]] == [upload["media_id"]]
    assert follow(working_group.get(path + "/download")).content == data
    assert officer.get("/api/v1/media", params={"status": "archived"}).status_code == 403
    again = working_group.post(path + "/archive", json={})
    assert again.status_code == 409
    event = events.wait_for("media_archived", lambda payload: payload["media_id"] == upload["media_id"])
    assert event["reason"] == "เนื้อหาเก่า"
    assert working_group.patch(path, json={"title_th": "ใหม่"}).status_code == 409


def test_bundle_zip_holds_files_and_metadata(working_group, officer, media_files, events):
    poster = media_files.image("png")
    leaflet = media_files.pdf()
    first = publish(working_group, poster, "โปสเตอร์.png")
    second = publish(working_group, leaflet, "แผ่นพับ.pdf", kind="leaflet", title_th="แผ่นพับเงินกู้",
                     scam_types=["loan"])

    ticket = officer.post(
        "/api/v1/media/bundles", json={"items": [{"media_id": first["media_id"]}, {"media_id": second["media_id"]}]}
    )
    assert ticket.status_code == 201, ticket.text
    response = requests.get(officer.base_url + ticket.json()["url"], timeout=60)

    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/zip"
    assert "Content-Length" not in response.headers
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.testzip() is None
    assert archive.read("โปสเตอร์.png") == poster
    assert archive.read("แผ่นพับ.pdf") == leaflet
    metadata = archive.read("metadata.csv").decode("utf-8")
    assert metadata.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(metadata.lstrip("\ufeff"))))
    assert [row["file_name"] for row in rows] == ["โปสเตอร์.png", "แผ่นพับ.pdf"]
    assert rows[1]["title_th"] == "แผ่นพับเงินกู้"
    assert rows[1]["scam_types"] == "loan"
    assert set(rows[0]) == set(rules.BUNDLE_CSV_COLUMNS)

    downloaded = events.wait_for("media_downloaded", lambda payload: payload["media_id"] == second["media_id"])
    assert downloaded["via"] == "bundle"


def test_bundle_link_must_be_valid(officer, media):
    tampered = media.get("/api/v1/media/bundles/not-a-ticket")
    too_many = officer.post("/api/v1/media/bundles", json={"items": [{"media_id": number} for number in range(60)]})
    unknown = officer.post("/api/v1/media/bundles", json={"items": [{"media_id": 424242}]}).json()

    assert tampered.status_code == 401
    assert tampered.json()["error"] == "bundle_ticket_invalid"
    assert too_many.status_code == 400
    assert too_many.json()["error"] == "bundle_too_many"
    missing = requests.get(officer.base_url + unknown["url"], timeout=30)
    assert missing.status_code == 404
    assert missing.json()["error"] == "media_not_found"
