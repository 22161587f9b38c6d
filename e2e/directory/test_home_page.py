"""The home page: staff login in Thai and English, the unit and duties after login."""

import re

from playwright.sync_api import expect


def test_admin_logs_in_and_sees_unit(page, platform):
    page.goto("/")

    expect(page.get_by_role("heading", name="เข้าสู่ระบบสำหรับเจ้าหน้าที่")).to_be_visible()
    page.get_by_label("ชื่อผู้ใช้").fill("admin")
    page.get_by_label("รหัสผ่าน").fill(platform.admin_password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    expect(page.locator("#unit-name")).to_have_text("สำนักงานตำรวจแห่งชาติ")
    expect(page.locator("#roles")).to_contain_text("ผู้ดูแลระบบ")
    expect(page.locator("#session-until")).to_have_text(re.compile(r"25\d\d"))


def test_wrong_password_shows_thai_error(page):
    page.goto("/")

    page.get_by_label("ชื่อผู้ใช้").fill("admin")
    page.get_by_label("รหัสผ่าน").fill("wrong-password")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    expect(page.get_by_role("alert")).to_contain_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")


def test_english_switch_translates_page_and_errors(page):
    page.goto("/")

    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Staff login")).to_be_visible()
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text("The username or password is wrong")


def test_duties_show_after_assignment(page, platform, unique):
    admin = platform.api.as_admin_with(platform.admin_password)
    station = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-50"}).json()[0]
    officer = {"username": "officer-" + unique, "password": "officer-pass-" + unique, "display_name": "ร.ต.อ. ทดสอบ",
               "unit_id": station["id"], "roles": ["officer"]}
    created = admin.post("/api/v1/accounts", json=officer)
    assert created.status_code == 201, created.text
    assigned = admin.post("/api/v1/duties", json={"account_id": created.json()["id"], "duty": "outreach"})
    assert assigned.status_code == 201, assigned.text

    page.goto("/")
    page.get_by_label("ชื่อผู้ใช้").fill(officer["username"])
    page.get_by_label("รหัสผ่าน").fill(officer["password"])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    expect(page.locator("#unit-name")).to_have_text(station["name_th"])
    expect(page.locator("#duties")).to_contain_text("ประชาสัมพันธ์ในชุมชน")
    page.screenshot(path=str(platform.folder / "home-officer.png"), full_page=True)
