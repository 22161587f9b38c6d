"""The report form and the unit summary on a phone-sized browser, against the whole running platform."""

import io
import time

from PIL import Image
from playwright.sync_api import expect

WAIT_SECONDS = 60
CALL_CENTER_TH = "ข่มขู่ทางโทรศัพท์ (call center)"


def make_account(admin, unit, roles, unique, duty=None):
    account = {
        "username": "{}-{}".format(roles[0].replace("_", "-"), unique),
        "password": "password-{}-{}".format(roles[0], unique),
        "display_name": "ทดสอบ {}".format(unique),
        "unit_id": unit["id"],
        "roles": roles,
    }
    response = admin.post("/api/v1/accounts", json=account)
    assert response.status_code == 201, response.text
    if duty:
        assigned = admin.post("/api/v1/duties", json={"account_id": response.json()["id"], "unit_id": unit["id"], "duty": duty})
        assert assigned.status_code == 201, assigned.text
    return account


def unit_by_code(admin, code):
    return next(unit for unit in admin.get("/api/v1/units", params={"q": code}).json() if unit["code"] == code)


def wait_until(condition, message, timeout=WAIT_SECONDS):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, "timed out waiting for " + message
        time.sleep(0.5)


def wait_for_unit_copy(head_api, unit):
    """Wait until the reports service has copied this unit from the directory's events."""
    wait_until(
        lambda: head_api.get("/api/v1/reports/summary", params={"unit_id": unit["id"]}).status_code == 200,
        "the reports service to know unit {}".format(unit["code"]),
    )


def log_in(page, account):
    page.goto("/")
    page.evaluate("localStorage.clear()")
    page.goto("/")
    page.get_by_label("ชื่อผู้ใช้").fill(account["username"])
    page.get_by_label("รหัสผ่าน").fill(account["password"])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.locator("#unit-name")).not_to_be_empty()


def photo_file(folder):
    path = folder / "กิจกรรมที่วัด.jpg"
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (18.0, 47.0, 18.0), 3: "E", 4: (98.0, 59.0, 7.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (40, 110, 190)).save(buffer, "JPEG", exif=exif.tobytes())
    path.write_bytes(buffer.getvalue())
    return path


def fill_report(page, place, elderly="40"):
    form = page.locator("#report-form")
    expect(form.get_by_label("หน่วยงานที่รายงาน")).not_to_have_value("")
    form.get_by_label("สถานที่ (เช่น ชื่อวัด ตลาด โรงเรียน หมู่บ้าน)").fill(place)
    form.get_by_label("ประเภทกิจกรรม").select_option("temple")
    form.get_by_label("ผู้สูงอายุ").fill(elderly)
    form.get_by_label("เกษตรกร").fill("15")
    form.get_by_label(CALL_CENTER_TH).check()
    form.get_by_label("สื่อสิ่งพิมพ์ แผ่นพับ โปสเตอร์").check()


def queue_item(page, place):
    return page.locator("#queue li", has_text=place)


def send_until_sent(page, item, timeout=WAIT_SECONDS):
    """Press "send waiting reports now" until the report is sent, as an officer would on a slow server.

    A try can end in a gateway timeout on a loaded machine; the report then
    waits again, and the next press sends it.
    """
    deadline = time.monotonic() + timeout
    while item.locator(".status").inner_text() != "ส่งแล้ว":
        assert time.monotonic() < deadline, "the report was not sent: " + item.inner_text()
        if item.locator(".status").inner_text() == "รอส่ง":
            page.get_by_role("button", name="ส่งรายงานที่รอส่งตอนนี้").click()
        page.wait_for_timeout(2000)


def test_filed_report_reaches_station_and_division(page, platform, tmp_path, unique):
    admin = platform.api.as_admin_with(platform.admin_password)
    station = unit_by_code(admin, "ST-5001")
    division = unit_by_code(admin, "DIV-TH-50")
    officer = make_account(admin, station, ["officer"], unique, duty="reporting")
    station_head = make_account(admin, station, ["unit_head"], "s" + unique)
    division_head = make_account(admin, division, ["unit_head"], "d" + unique)
    division_api = platform.api.login(division_head["username"], division_head["password"])
    wait_for_unit_copy(division_api, station)
    place = "ศาลาวัดพระสิงห์ {}".format(unique)

    log_in(page, officer)
    page.goto("/reports")
    fill_report(page, place)
    page.locator("#photos").set_input_files(str(photo_file(tmp_path)))
    expect(page.locator("#photo-list img")).to_have_count(1)
    page.get_by_role("button", name="ส่งรายงาน", exact=True).click()

    item = queue_item(page, place)
    expect(item.locator(".status")).to_have_text("ส่งแล้ว", timeout=30000)
    expect(item).to_contain_text("รูป 1/1", timeout=30000)
    page.screenshot(path=str(platform.folder / "reports-form.png"), full_page=True)

    station_api = platform.api.login(station_head["username"], station_head["password"])
    [report] = [row for row in station_api.get("/api/v1/reports").json()["items"] if row["place"] == place]
    wait_until(lambda: station_api.get("/api/v1/reports/" + report["id"]).json()["complete"], "the photo copies")

    log_in(page, station_head)
    page.goto("/reports_summary")
    listed = page.locator("#report-list li", has_text=place)
    expect(listed).to_be_visible()
    expect(listed.locator("img")).to_have_count(1)
    expect(page.locator("#total-reports")).to_have_text("1")

    log_in(page, division_head)
    page.goto("/reports_summary")
    expect(page.locator("#summary-unit")).to_have_text(division["name_th"])
    expect(page.locator("#total-reports")).to_have_text("1")
    expect(page.locator('#sub-units tr[data-unit-code="ST-5001"]')).to_contain_text("1")
    expect(page.locator('table[data-dimension="activity_type"]')).to_contain_text("วัด/ศาสนสถาน")
    expect(page.locator("#report-list")).to_contain_text(place)
    page.screenshot(path=str(platform.folder / "reports-summary.png"), full_page=True)

    page.locator('#sub-units button[data-unit="{}"]'.format(station["id"])).click()
    expect(page.locator("#summary-unit")).to_have_text(station["name_th"])
    expect(page.locator("#total-reports")).to_have_text("1")


def test_offline_report_is_sent_once_when_back_online(page, platform, unique):
    admin = platform.api.as_admin_with(platform.admin_password)
    station = unit_by_code(admin, "ST-5002")
    officer = make_account(admin, station, ["officer"], unique, duty="reporting")
    head = make_account(admin, station, ["unit_head"], "h" + unique)
    head_api = platform.api.login(head["username"], head["password"])
    wait_for_unit_copy(head_api, station)
    place = "ตลาดนัดชุมชน {}".format(unique)

    log_in(page, officer)
    page.goto("/reports")
    expect(page.locator("#report-form").get_by_label("หน่วยงานที่รายงาน")).not_to_have_value("")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.context.set_offline(True)
    expect(page.locator("#offline-notice")).to_be_visible()
    fill_report(page, place)
    page.get_by_role("button", name="ส่งรายงาน", exact=True).click()

    item = queue_item(page, place)
    expect(item.locator(".status")).to_have_text("รอส่ง", timeout=15000)
    page.get_by_role("button", name="ส่งรายงานที่รอส่งตอนนี้").click()
    expect(item.locator(".status")).to_have_text("รอส่ง", timeout=15000)
    page.reload()
    expect(queue_item(page, place).locator(".status")).to_have_text("รอส่ง", timeout=15000)

    page.context.set_offline(False)
    expect(queue_item(page, place).locator(".status")).to_have_text("ส่งแล้ว", timeout=30000)

    stored = [row for row in head_api.get("/api/v1/reports").json()["items"] if row["place"] == place]
    assert len(stored) == 1
    assert stored[0]["total_people"] == 55


def test_lost_answer_is_resent_without_duplicate(page, platform, unique):
    admin = platform.api.as_admin_with(platform.admin_password)
    station = unit_by_code(admin, "ST-5003")
    officer = make_account(admin, station, ["officer"], unique, duty="reporting")
    head = make_account(admin, station, ["unit_head"], "h" + unique)
    head_api = platform.api.login(head["username"], head["password"])
    wait_for_unit_copy(head_api, station)
    place = "โรงเรียนบ้านหนองบัว {}".format(unique)
    dropped = []

    def drop_first_answer(route):
        # The report reaches the server, but the phone never receives the response.
        if route.request.method != "PUT":
            route.continue_()
            return
        response = route.fetch()
        if not dropped:
            dropped.append(response.status)
            route.abort("connectionreset")
        else:
            route.fulfill(response=response)

    log_in(page, officer)
    page.route("**/api/v1/reports/*", drop_first_answer)
    page.goto("/reports")
    fill_report(page, place)
    page.get_by_role("button", name="ส่งรายงาน", exact=True).click()

    item = queue_item(page, place)
    expect(item.locator(".status")).to_have_text("รอส่ง", timeout=15000)
    send_until_sent(page, item)

    assert dropped == [201]
    stored = [row for row in head_api.get("/api/v1/reports").json()["items"] if row["place"] == place]
    assert len(stored) == 1


def test_invalid_report_shows_server_reason(page, platform, unique):
    admin = platform.api.as_admin_with(platform.admin_password)
    station = unit_by_code(admin, "ST-5004")
    officer = make_account(admin, station, ["officer"], unique, duty="reporting")
    head = make_account(admin, station, ["unit_head"], "h" + unique)
    wait_for_unit_copy(platform.api.login(head["username"], head["password"]), station)
    place = "หมู่บ้าน {}".format(unique)

    log_in(page, officer)
    page.goto("/reports")
    fill_report(page, place, elderly="150000")
    page.get_by_role("button", name="ส่งรายงาน", exact=True).click()

    item = queue_item(page, place)
    expect(item.locator(".status")).to_have_text("ส่งไม่สำเร็จ", timeout=15000)
    expect(item).to_contain_text("ยืนยันจำนวนที่สูงผิดปกติ")
    item.get_by_role("button", name="แก้ไขแล้วส่งใหม่").click()

    expect(page.locator("#place")).to_have_value(place)
    page.get_by_label("ยืนยันว่าจำนวนที่เกิน 100,000 คนถูกต้อง (เช่น ผู้ชมไลฟ์ออนไลน์)").check()
    page.get_by_role("button", name="ส่งรายงาน", exact=True).click()
    expect(queue_item(page, place).locator(".status")).to_have_text("ส่งแล้ว", timeout=15000)
