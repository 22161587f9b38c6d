"""A player on a phone plays the whole quiz from a station's campaign link and gets advice."""

import json
import re
import time
import uuid

import pytest
from kombu import Connection, Exchange, Queue
from playwright.sync_api import expect

from tests import support


@pytest.fixture
def admin(platform):
    return platform.api.as_admin_with(platform.admin_password)


@pytest.fixture
def campaign(admin):
    """A campaign link of a Chiang Mai station, created through the API as the station's staff would."""
    station = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-50"}).json()[0]
    body = {"title": "ให้ความรู้ที่ตลาดเช้า", "event_date": "2026-12-04", "unit_id": station["id"]}
    response = admin.post("/api/v1/quiz/campaigns", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json(), station=station)


@pytest.fixture
def quiz_events(platform):
    """A queue on the platform's broker that receives every quiz_completed event from now on."""
    connection = Connection(platform.env["AMQP_URI"])
    exchange = Exchange("quiz.events", type="topic", durable=True)
    queue = Queue("e2e-quiz-" + uuid.uuid4().hex[:8], exchange=exchange, routing_key="quiz_completed", exclusive=True)
    bound = queue(connection.default_channel)
    bound.declare()

    def next_event(timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = bound.get(no_ack=True)
            if message is not None:
                return json.loads(message.body)
            time.sleep(0.2)
        raise AssertionError("no quiz_completed event within {} s".format(timeout))

    yield next_event
    connection.release()


def play_all_questions(page):
    """Answer every question with its first choice; return how many there were."""
    progress = page.locator("#progress-label")
    expect(progress).to_have_text(re.compile(r"ข้อ 1 จาก \d+"))
    total = int(progress.inner_text().split()[-1])

    for number in range(1, total + 1):
        expect(progress).to_have_text("ข้อ {} จาก {}".format(number, total))
        page.locator("#choices .choice").first.click()
        expect(page.locator("#choices .choice").first).to_have_attribute("aria-pressed", "true")
        page.locator("#next-button").click()
    return total


def test_full_game_from_campaign_link(page, platform, campaign, quiz_events):
    page.goto("/quiz?c=" + campaign["code"])

    expect(page.get_by_role("heading", name="ผู้พิชิตไซเบอร์วัคซีน")).to_be_visible()
    expect(page.locator("#campaign")).to_contain_text(campaign["station"]["name_th"])
    expect(page.get_by_text("เราไม่เก็บชื่อ เบอร์โทร เลขบัตรประชาชน หรือที่อยู่ IP ของท่าน").first).to_be_visible()
    page.get_by_label("ช่วงอายุ").select_option("45-59")
    page.get_by_role("button", name="เริ่มเล่น").click()

    total = play_all_questions(page)

    expect(page.get_by_role("heading", name="ผลของท่าน")).to_be_visible()
    expect(page.locator("#score")).to_have_text(re.compile(r"^\d{1,3}$"))
    expect(page.locator("#level")).to_have_text(re.compile("ภูมิคุ้มกัน"))
    expect(page.locator("#actions li")).to_have_count(3)
    expect(page.locator("#type-scores li")).to_have_count(total)
    expect(page.locator("a[href='tel:1441']")).to_be_visible()
    expect(page.locator("a[href='tel:191']")).to_be_visible()
    expect(page.locator("#feedback li")).to_have_count(total)
    # The card image loads lazily, as it would for a person scrolling to it.
    page.locator("#card-image").scroll_into_view_if_needed()
    page.wait_for_function("document.getElementById('card-image').naturalWidth === 1080")
    page.screenshot(path=str(platform.folder / "quiz-result.png"), full_page=True)

    event = quiz_events()
    assert event["campaign_code"] == campaign["code"]
    assert event["station_unit_id"] == campaign["station"]["id"]
    assert event["province_code"] == "TH-50"
    assert event["age_group"] == "45-59"
    assert str(event["total_score"]) == page.locator("#score").inner_text()

    page.get_by_role("button", name="เล่นอีกครั้ง").click()
    expect(page.get_by_role("button", name="เริ่มเล่น")).to_be_visible()


def test_game_in_english_by_keyboard(page):
    page.goto("/quiz")
    page.get_by_role("button", name="EN").click()
    expect(page.get_by_role("heading", name="Cyber Vaccine Conqueror")).to_be_visible()
    page.get_by_label("Province").select_option("TH-10")
    page.get_by_role("button", name="Start").click()

    expect(page.locator("#progress-label")).to_have_text(re.compile(r"Question 1 of \d+"))
    expect(page.locator("#question-text")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#choices .choice").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#choices .choice").first).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Next")).to_be_enabled()


def test_bad_campaign_link_still_lets_player_start(page):
    page.goto("/quiz?c=not-a-code!")

    expect(page.locator("#campaign")).to_contain_text("ลิงก์กิจกรรมนี้ใช้ไม่ได้")
    page.get_by_role("button", name="เริ่มเล่น").click()
    expect(page.locator("#progress-label")).to_have_text(re.compile(r"ข้อ 1 จาก \d+"))


def test_page_stays_small(platform):
    sizes = [
        len(support.ApiClient(platform.base_url).get(path).content)
        for path in ("/quiz", "/static/quiz/quiz.js", "/static/quiz/quiz.css", "/static/common.js", "/static/common.css")
    ]

    assert sum(sizes) < 60_000, sizes
