"""The media library page: the working group uploads, an officer finds, previews and downloads."""

import io
import json
import os
import subprocess
import time
import uuid
import zipfile
from pathlib import Path

from kombu import Connection, Exchange, Queue
from PIL import Image
from playwright.sync_api import expect

PREVIEW_WAIT_SECONDS = 60
LOAN_TH = "หลอกให้กู้เงิน"


def make_account(admin, unit_id, roles, unique):
    account = {
        "username": "{}-{}".format(roles[0].replace("_", "-"), unique),
        "password": "password-{}-{}".format(roles[0], unique),
        "display_name": "ทดสอบ {}".format(unique),
        "unit_id": unit_id,
        "roles": roles,
    }
    response = admin.post("/api/v1/accounts", json=account)
    assert response.status_code == 201, response.text
    return account


def log_in(page, account):
    page.goto("/")
    page.evaluate("localStorage.clear()")
    page.goto("/")
    page.get_by_label("ชื่อผู้ใช้").fill(account["username"])
    page.get_by_label("รหัสผ่าน").fill(account["password"])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("#unit-name")).not_to_be_empty()


def make_files(folder):
    """A Thai-named poster (PNG), leaflet (PDF) and video (MP4), each with unique content."""
    from services.media.previews import ffmpeg_executable

    folder.mkdir(parents=True, exist_ok=True)
    poster = folder / "โปสเตอร์-มะพร้าวน้ำหอม.png"
    Image.frombytes("RGB", (360, 450), os.urandom(360 * 450 * 3)).save(poster)
    leaflet = folder / "แผ่นพับ-มะพร้าวน้ำหอม.pdf"
    pages = [Image.frombytes("RGB", (210, 297), os.urandom(210 * 297 * 3)) for _ in range(2)]
    pages[0].save(leaflet, "PDF", save_all=True, append_images=pages[1:])
    video = folder / "วิดีโอ-มะพร้าวน้ำหอม.mp4"
    subprocess.run(
        [ffmpeg_executable(), "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10",
         "-t", "2", "-pix_fmt", "yuv420p", "-metadata", "comment=" + uuid.uuid4().hex, str(video)],
        check=True, timeout=60,
    )
    return [("poster", poster), ("leaflet", leaflet), ("video", video)]


def upload_through_page(page, kind, path, title):
    form = page.locator("#upload-form")
    form.get_by_label("ไฟล์สื่อ").set_input_files(str(path))
    form.get_by_label("ประเภทสื่อ").select_option(kind)
    form.get_by_label("ชื่อสื่อ (ภาษาไทย)").fill(title)
    form.get_by_label("ชื่อสื่อ (ภาษาอังกฤษ)").fill("Coconut test " + kind)
    form.get_by_label(LOAN_TH, exact=True).check()
    form.get_by_label("ผู้สูงอายุ").check()
    form.get_by_role("button", name="อัปโหลด").click()
    expect(page.locator("#upload-message")).to_contain_text("เผยแพร่สื่อ", timeout=30000)


def event_queue(platform):
    connection = Connection(platform.env["AMQP_URI"])
    exchange = Exchange("media.events", type="topic", durable=True)
    queue = Queue("e2e-media-" + uuid.uuid4().hex, exchange=exchange, routing_key="media_downloaded", auto_delete=True)
    bound = queue(connection.channel())
    bound.declare()
    return connection, bound


def wait_for_previews(page, count):
    """Search again until every card of the result shows its preview image (made in the background)."""
    deadline = time.monotonic() + PREVIEW_WAIT_SECONDS
    while True:
        page.get_by_role("button", name="ค้นหา", exact=True).click()
        expect(page.locator("#results .media-card")).to_have_count(count)
        if page.locator("#results .media-card img").count() == count:
            return
        assert time.monotonic() < deadline, "previews did not appear within {} s".format(PREVIEW_WAIT_SECONDS)
        page.wait_for_timeout(1000)


def test_upload_search_preview_download(page, platform, tmp_path, unique):
    admin = platform.api.as_admin_with(platform.admin_password)
    national = admin.get("/api/v1/units", params={"level": "national"}).json()[0]
    station = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-50"}).json()[0]
    working_group = make_account(admin, national["id"], ["working_group"], unique)
    officer = make_account(admin, station["id"], ["officer"], unique)
    files = make_files(tmp_path / "files")

    log_in(page, working_group)
    page.goto("/media")
    page.get_by_text("อัปโหลดสื่อใหม่").click()
    for kind, path in files:
        upload_through_page(page, kind, path, "สื่อทดลองมะพร้าวน้ำหอม{} ({})".format(unique, kind))
    page.screenshot(path=str(platform.folder / "media-upload.png"), full_page=True)

    connection, downloads = event_queue(platform)
    log_in(page, officer)
    page.goto("/media")
    page.get_by_label("ประเภทภัย", exact=True).select_option("loan")
    page.get_by_role("button", name="ค้นหา", exact=True).click()
    for kind, _ in files:
        expect(page.locator("#results")).to_contain_text("สื่อทดลองมะพร้าวน้ำหอม{} ({})".format(unique, kind))

    page.get_by_label("ประเภทภัย", exact=True).select_option("")
    page.get_by_label("คำค้น (ชื่อหรือคำอธิบาย)").fill("พร้าวน้ำหอม" + unique)
    wait_for_previews(page, 3)
    page.screenshot(path=str(platform.folder / "media-officer.png"), full_page=True)

    by_name = {path.name: path for _, path in files}
    cards = page.locator("#results .media-card")
    for index in range(3):
        with page.expect_download() as started:
            cards.nth(index).get_by_role("button", name="ดาวน์โหลด").click()
        download = started.value
        assert download.suggested_filename in by_name
        assert Path(download.path()).read_bytes() == by_name[download.suggested_filename].read_bytes()

    cards.nth(0).get_by_label("เลือก").check()
    cards.nth(1).get_by_label("เลือก").check()
    with page.expect_download() as started:
        page.get_by_role("button", name="ดาวน์โหลดที่เลือกเป็น ZIP").click()
    bundle = started.value
    assert bundle.suggested_filename == "cybervaccine-media.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(bundle.path()).read_bytes()))
    assert "metadata.csv" in archive.namelist()
    assert len(archive.namelist()) == 3

    officer_api = platform.api.login(officer["username"], officer["password"])
    recorded = officer_api.get("/api/v1/media/unit-downloads").json()
    assert len([row for row in recorded if unique in row["title_th"]]) == 3

    received = []
    deadline = time.monotonic() + 15
    while len(received) < 5 and time.monotonic() < deadline:
        message = downloads.get(no_ack=True)
        if message is None:
            page.wait_for_timeout(200)
            continue
        received.append(json.loads(message.body))
    connection.close()
    assert len(received) == 5
    assert {event["unit_id"] for event in received} == {station["id"]}
    assert sorted(event["via"] for event in received) == ["bundle", "bundle", "direct", "direct", "direct"]
