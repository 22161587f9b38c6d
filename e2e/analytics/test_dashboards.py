"""The analytics dashboards in a browser: a station head's area page in Thai, the working group's strategy page."""

import re
import time

from playwright.sync_api import expect

PUBLISHED_FILE = "thaipoliceonline_stats_by_type.csv"
COPY_WAIT_SECONDS = 60


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


def wait_for_analytics_copy(client):
    """Wait until the analytics service has the account's unit (copied from the directory's events)."""
    deadline = time.monotonic() + COPY_WAIT_SECONDS
    while True:
        response = client.get("/api/v1/analytics/recommendations")
        if response.status_code == 200 or time.monotonic() > deadline:
            assert response.status_code == 200, response.text
            return response.json()
        time.sleep(0.5)


def station_head(platform, unique):
    admin = platform.api.as_admin_with(platform.admin_password)
    station = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-50"}).json()[0]
    account = make_account(admin, station["id"], ["unit_head"], unique)
    wait_for_analytics_copy(platform.api.login(account["username"], account["password"]))
    return account, station


def test_station_head_sees_area_dashboard_in_thai(page, platform, unique):
    account, station = station_head(platform, unique)
    log_in(page, account)

    page.goto("/analytics")

    expect(page.get_by_role("heading", name="วิเคราะห์สถานการณ์ภัยออนไลน์ในพื้นที่")).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("เชียงใหม่")
    expect(page.locator("#province")).to_have_value("TH-50")
    expect(page.locator("#from-year option").first).to_have_text(re.compile(r"^25\d\d$"))

    first = page.locator("#recommendation-list > li").first
    expect(first).to_contain_text("คดีประเภทนี้ทั่วประเทศเพิ่มขึ้น")
    expect(first.locator(".tag-rising")).to_have_text("คดีเพิ่มขึ้น")
    expect(page.locator("#recommendation-caveat")).to_contain_text("แนวโน้มเปรียบเทียบค่าเฉลี่ยต่อวัน")

    expect(page.locator("#cases-chart svg rect.bar").first).to_be_visible()
    assert page.locator("#cases-chart svg rect.bar-alert").count() >= 1
    expect(page.locator("#cases-notices")).to_contain_text("จึงแสดงสถิติของประเทศไทย")
    expect(page.locator("#trend-chart svg rect.bar").first).to_be_visible()
    expect(page.locator("#quiz-chart .chart-empty-message")).to_have_text("ไม่มีข้อมูลในช่วงเวลานี้")

    page.locator("#cases-chart summary").click()
    expect(page.locator("#cases-chart table")).to_contain_text("ประเภท")
    page.screenshot(path=str(platform.folder / "analytics-station-head.png"), full_page=True)

    page.get_by_role("button", name="EN").click()
    expect(page.locator("#recommendation-list > li").first).to_contain_text("Cases of this type rose")
    expect(page.get_by_role("heading", name="Online scam situation in your area")).to_be_visible()


def test_area_picker_shows_a_district(page, platform, unique):
    account, station = station_head(platform, unique)
    log_in(page, account)
    page.goto("/analytics")
    expect(page.locator("#province")).to_have_value("TH-50")

    page.locator("#district").select_option("5001")
    page.get_by_role("button", name="แสดงผล").click()

    expect(page.locator("#summary")).to_contain_text("เมืองเชียงใหม่")
    expect(page.locator("#quiz-notices")).to_contain_text("ไม่มีข้อมูลในช่วงเวลานี้")


def test_working_group_sees_strategy_overview(page, platform):
    admin = {"username": "admin", "password": platform.admin_password}
    log_in(page, admin)

    page.goto("/strategy")

    expect(page.get_by_role("heading", name="ภาพรวมยุทธศาสตร์สำหรับคณะทำงาน")).to_be_visible()
    expect(page.locator("#types-table tbody tr").first).to_be_visible()
    expect(page.locator("#rising")).to_contain_text(re.compile("หลอก"))
    expect(page.locator("#media-chart svg")).to_be_visible()
    expect(page.locator("#before-after-caveat")).to_contain_text("ไม่ได้พิสูจน์ว่ากิจกรรมเป็นสาเหตุ")
    expect(page.locator("#imports-table")).to_contain_text(PUBLISHED_FILE)
    page.screenshot(path=str(platform.folder / "analytics-strategy.png"), full_page=True)


def test_import_errors_are_listed_by_line(page, platform, tmp_path):
    admin = {"username": "admin", "password": platform.admin_password}
    log_in(page, admin)
    page.goto("/strategy")
    bad_file = tmp_path / "สถิติผิด.csv"
    bad_file.write_text(
        "period_start,period_end,area,scam_type,cases,damage_baht\n"
        "2024-01-01,2024-01-31,TH-50,หลอกขายทุเรียน,12,\n",
        encoding="utf-8",
    )

    page.locator("#import-file").set_input_files(str(bad_file))
    page.get_by_role("button", name="นำเข้า", exact=True).click()

    expect(page.locator("#import-message")).to_contain_text("ยังไม่ได้นำเข้าข้อมูลใด ๆ")
    expect(page.locator("#import-errors")).to_contain_text("บรรทัดที่ 2")
    expect(page.locator("#imports-table")).to_contain_text("ไม่ผ่านการตรวจ")
