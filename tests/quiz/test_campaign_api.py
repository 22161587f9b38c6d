"""Campaign links and QR codes: attempts from a link count for the station and its area."""

import datetime
import io

from PIL import Image

from tests.quiz.conftest import make_account
from tests.quiz.helpers import answer_key, answers_for, start, submit

EVENT_DATE = datetime.date(2026, 12, 4).isoformat()


def create_campaign(client, **body):
    body = {"title": "ให้ความรู้ที่ตลาดเช้า", "event_date": EVENT_DATE, **body}
    response = client.post("/api/v1/quiz/campaigns", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_officer_creates_campaign_for_own_station(officer, station):
    campaign = create_campaign(officer)

    assert len(campaign["code"]) == 11
    assert campaign["link"] == "/quiz?c=" + campaign["code"]
    assert campaign["unit_id"] == station["id"]
    assert campaign["province_code"] == station["province_code"] == "TH-50"
    assert campaign["district_code"] == station["district_code"]
    assert campaign["unit_name_th"] == station["name_th"]
    assert campaign["event_date"] == EVENT_DATE
    assert campaign["completed_attempts"] == 0


def test_campaign_public_details(quiz, officer):
    campaign = create_campaign(officer)

    response = quiz.get("/api/v1/quiz/campaigns/" + campaign["code"])

    assert response.status_code == 200
    assert response.json() == {
        "code": campaign["code"],
        "title": "ให้ความรู้ที่ตลาดเช้า",
        "unit_name_th": campaign["unit_name_th"],
        "unit_name_en": campaign["unit_name_en"],
        "province_code": "TH-50",
        "event_date": EVENT_DATE,
    }


def test_attempt_from_campaign_counts_for_station(quiz, officer, station, service_config, quiz_events):
    campaign = create_campaign(officer)

    attempt = start(quiz, {"campaign_code": campaign["code"]})
    submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config)))
    event = quiz_events(1)[0]

    assert attempt["campaign"]["code"] == campaign["code"]
    assert attempt["campaign"]["unit_name_th"] == station["name_th"]
    assert event["station_unit_id"] == station["id"]
    assert event["campaign_code"] == campaign["code"]
    assert event["province_code"] == "TH-50"
    assert event["district_code"] == station["district_code"]
    listed = officer.get("/api/v1/quiz/campaigns").json()
    assert [(item["code"], item["completed_attempts"]) for item in listed] == [(campaign["code"], 1)]


def test_player_province_overrides_campaign_area(quiz, officer, station, service_config, quiz_events):
    campaign = create_campaign(officer)

    attempt = start(quiz, {"campaign_code": campaign["code"], "province_code": "TH-10", "age_group": "18-24"})
    submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config), right=False))
    event = quiz_events(1)[0]

    assert (event["province_code"], event["district_code"]) == ("TH-10", None)
    assert event["station_unit_id"] == station["id"]
    assert event["campaign_code"] == campaign["code"]
    assert event["risk_level"] == "high"


def test_campaign_qr_codes(quiz, officer):
    campaign = create_campaign(officer)

    png = quiz.get("/api/v1/quiz/campaigns/{}/qr.png".format(campaign["code"]))
    svg = quiz.get("/api/v1/quiz/campaigns/{}/qr.svg".format(campaign["code"]))

    assert png.status_code == 200
    assert png.headers["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.size[0] == image.size[1] >= 200
    assert svg.status_code == 200
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    assert svg.text.startswith("<svg")
    assert "<path" in svg.text


def test_qr_encodes_campaign_link():
    from services.quiz import qr

    url = qr.campaign_url("https://cybervaccine.example/", "k3Jd9_xQ2aB")

    assert url == "https://cybervaccine.example/quiz?c=k3Jd9_xQ2aB"
    assert qr.qr_png(url) != qr.qr_png(url + "x")


def test_qr_of_unknown_or_malformed_campaign(quiz):
    unknown = quiz.get("/api/v1/quiz/campaigns/AAAAAAAAAAA/qr.png")
    malformed = quiz.get("/api/v1/quiz/campaigns/bad!code/qr.svg")

    assert unknown.status_code == 404
    assert unknown.json()["error"] == "campaign_not_found"
    assert malformed.status_code == 400
    assert malformed.json()["error"] == "campaign_code_invalid"


def test_campaign_for_unit_outside_subtree_is_403(officer, admin):
    other = admin.get("/api/v1/units", params={"level": "station", "province_code": "TH-10"}).json()[0]

    response = officer.post("/api/v1/quiz/campaigns", json={"title": "x", "event_date": EVENT_DATE, "unit_id": other["id"]})

    assert response.status_code == 403
    assert response.json()["error"] == "unit_outside_subtree"


def test_division_head_creates_campaign_for_station_below(quiz, admin, station):
    head = make_account(quiz, admin, station["parent_id"], ["unit_head"])

    campaign = create_campaign(head, unit_id=station["id"])

    assert campaign["unit_id"] == station["id"]
    assert [item["code"] for item in head.get("/api/v1/quiz/campaigns").json()] == [campaign["code"]]


def test_campaign_needs_login_and_a_unit_with_area(quiz, admin):
    anonymous = quiz.post("/api/v1/quiz/campaigns", json={"title": "x", "event_date": EVENT_DATE})
    national = admin.post("/api/v1/quiz/campaigns", json={"title": "x", "event_date": EVENT_DATE})
    missing_unit = admin.post("/api/v1/quiz/campaigns", json={"title": "x", "event_date": EVENT_DATE, "unit_id": 999999})
    no_title = admin.post("/api/v1/quiz/campaigns", json={"event_date": EVENT_DATE})

    assert anonymous.status_code == 401
    assert national.status_code == 400
    assert national.json()["error"] == "campaign_unit_without_area"
    assert missing_unit.status_code == 404
    assert no_title.status_code == 400
    assert no_title.json()["error"] == "invalid_input"
