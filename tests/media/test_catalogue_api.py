"""Browsing the catalogue: filters, Thai substring search, sorting, paging, and metadata edits."""

import pytest
import requests

from tests import support
from tests.media.conftest import publish


def ids(page):
    return [item["id"] for item in page["items"]]


def test_filters_search_and_sort(working_group, officer, media_files):
    loan = publish(
        working_group, media_files.image("png"), "เงินกู้.png", title_th="รู้ทันแก๊งเงินกู้ออนไลน์",
        title_en="Spot online loan scams", scam_types=["loan"], audiences=["elderly"], channels=["print"],
    )
    call_center = publish(
        working_group, media_files.image("png"), "คอล.png", title_th="แก๊งคอลเซ็นเตอร์อ้างเป็นตำรวจ",
        title_en="Call-centre gangs posing as police", scam_types=["call-center"], audiences=["students"],
        channels=["social"], kind="infographic",
    )
    leaflet = publish(
        working_group, media_files.pdf(), "แผ่นพับ.pdf", kind="leaflet", title_th="แผ่นพับสำหรับแรงงานข้ามชาติ",
        title_en="Leaflet for migrant workers", scam_types=["job", "loan"], audiences=["migrant-workers"],
        channels=["print"], language="my", description_th="เตือนเรื่องงานออนไลน์",
    )

    def search(**params):
        response = officer.get("/api/v1/media", params=params)
        assert response.status_code == 200, response.text
        return response.json()

    assert ids(search()) == [leaflet["media_id"], call_center["media_id"], loan["media_id"]]
    assert search()["total"] == 3
    assert ids(search(scam_type="loan")) == [leaflet["media_id"], loan["media_id"]]
    assert ids(search(scam_type="loan,call-center")) == ids(search())
    assert ids(search(kind="infographic")) == [call_center["media_id"]]
    assert ids(search(audience="migrant-workers")) == [leaflet["media_id"]]
    assert ids(search(channel="print", scam_type="loan")) == [leaflet["media_id"], loan["media_id"]]
    assert ids(search(language="my")) == [leaflet["media_id"]]

    # Thai is written without spaces: a part of a word must match.
    assert ids(search(q="คอลเซ็น")) == [call_center["media_id"]]
    assert ids(search(q="กู้")) == [loan["media_id"]]
    assert ids(search(q="งานออนไลน์")) == [leaflet["media_id"]]
    assert ids(search(q="LOAN scams")) == [loan["media_id"]]
    assert ids(search(q="100%")) == []
    assert ids(search(q="แก๊ง", scam_type="loan")) == [loan["media_id"]]

    for _ in range(2):
        requests.get(officer.get("/api/v1/media/{}/download".format(loan["media_id"])).headers["Location"], timeout=30)
    support.wait_for(lambda: ids(search(sort="downloads"))[0] == loan["media_id"], message="download counts")
    assert search(sort="downloads")["items"][0]["download_count"] == 2

    first_page = search(per_page=2, page=1)
    second_page = search(per_page=2, page=2)
    assert first_page["total"] == 3
    assert ids(first_page) + ids(second_page) == ids(search())


def test_listing_details_and_bad_queries(working_group, officer, media_files):
    upload = publish(working_group, media_files.image("webp"), "ภาพ.webp", audiences=["elderly", "farmers"])

    item = officer.get("/api/v1/media").json()["items"][0]
    vocabulary = officer.get("/api/v1/media/vocabulary").json()

    assert item["id"] == upload["media_id"]
    assert item["audiences"] == ["elderly", "farmers"]
    assert item["file"]["file_type"] == "webp"
    assert item["file"]["content_type"] == "image/webp"
    assert item["unit_download"] is None
    assert "versions" not in item
    assert "migrant-workers" in vocabulary["audiences"]
    assert vocabulary["channels"] == ["print", "social", "loudspeaker", "screen"]
    assert [entry["type"] for entry in vocabulary["file_types"]["audio"]] == ["mp3", "m4a"]
    assert vocabulary["max_upload_bytes"] == 2 * 1024 ** 3
    assert officer.get("/api/v1/media", params={"sort": "rank"}).status_code == 400
    assert officer.get("/api/v1/media", params={"per_page": 1000}).status_code == 400
    assert officer.get("/api/v1/media/123456").status_code == 404


def test_edit_metadata_emits_update(working_group, officer, media_files, events):
    upload = publish(working_group, media_files.image("png"), "แก้.png")
    path = "/api/v1/media/{}".format(upload["media_id"])

    response = working_group.patch(
        path, json={"title_th": "ชื่อใหม่ภัยลงทุน", "scam_types": ["investment"], "kind": "infographic"}
    )

    assert response.status_code == 200, response.text
    assert response.json()["title_th"] == "ชื่อใหม่ภัยลงทุน"
    assert response.json()["scam_types"] == ["investment"]
    assert response.json()["kind"] == "infographic"
    assert ids(officer.get("/api/v1/media", params={"q": "ภัยลงทุน"}).json()) == [upload["media_id"]]
    event = events.wait_for("media_updated", lambda payload: payload["media_id"] == upload["media_id"])
    assert sorted(event["changed_fields"]) == ["kind", "scam_types", "title_th"]

    assert working_group.patch(path, json={"kind": "video"}).json()["error"] == "kind_change_not_allowed"
    assert working_group.patch(path, json={"scam_types": ["nope"]}).json()["error"] == "unknown_scam_type"
    assert working_group.patch(path, json={"title_th": " "}).json()["error"] == "title_th_required"
    assert officer.patch(path, json={"title_th": "x"}).status_code == 403


def test_public_lists_only_published_items(working_group, media_files, service_config):
    from nameko.standalone.rpc import ServiceRpcProxy

    from cybervaccine import auth
    from cybervaccine.errors import PermissionDenied

    publish(working_group, media_files.image("png"), "สาธารณะ.png", title_th="สื่อสำหรับประชาชน",
            title_en="Media for the public", scam_types=["romance"])
    anonymous = auth.ANONYMOUS.to_dict()

    with ServiceRpcProxy("media", service_config, timeout=20) as media_rpc:
        page = media_rpc.list_media(anonymous, {"scam_type": "romance"})
        with pytest.raises(PermissionDenied):
            media_rpc.list_media(anonymous, {"status": "archived"})

    assert [item["title_en"] for item in page["items"]] == ["Media for the public"]
