"""Playing the quiz through the gateway against the real broker and database."""

import io
import json
import logging

from PIL import Image
from prometheus_client import REGISTRY

from services.quiz import schemas
from services.quiz.models import Attempt, OutboxMessage
from tests.quiz.helpers import answer_key, answers_for, count_rows, start, stored_choices, submit

SCAM_TYPE_COUNT = 14


def completions(level):
    return REGISTRY.get_sample_value("cybervaccine_quiz_completions_total", {"risk_level": level}) or 0.0


def test_start_draws_one_question_per_scam_type(quiz):
    attempt = start(quiz, {"province_code": "TH-10", "age_group": "25-34"})

    types = [question["scam_type"] for question in attempt["questions"]]
    assert len(types) == SCAM_TYPE_COUNT
    assert len(set(types)) == SCAM_TYPE_COUNT
    assert attempt["quiz_version"] == 1
    assert attempt["province_code"] == "TH-10"
    assert attempt["campaign"] is None
    assert all(question["scam_type_name_th"] for question in attempt["questions"])


def test_start_payload_hides_answers(quiz):
    attempt = start(quiz)

    text = json.dumps(attempt)
    assert '"correct' not in text
    assert "explanation" not in text
    for question in attempt["questions"]:
        assert set(question["choices"][0]) == {"id", "text_th", "text_en"}


def test_all_correct_scores_low_risk(quiz, service_config):
    attempt = start(quiz)
    before = completions("low")

    response = submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config)))

    assert response.status_code == 200, response.text
    result = response.json()
    assert result["total_score"] == 100
    assert result["risk_level"] == "low"
    assert result["weakest_types"] == []
    assert [action["scam_type"] for action in result["actions"]] == ["general"] * 3
    assert all(item["score"] == 100 for item in result["type_scores"])
    assert result["replayed"] is False
    assert completions("low") == before + 1


def test_all_wrong_scores_high_with_advice(quiz, service_config):
    attempt = start(quiz)

    response = submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config), right=False))

    result = response.json()
    assert response.status_code == 200, response.text
    assert result["total_score"] == 0
    assert result["risk_level"] == "high"
    assert len(result["weakest_types"]) == 3
    assert len(result["actions"]) == 3
    assert {action["scam_type"] for action in result["actions"]} <= {item["scam_type"] for item in result["weakest_types"]}
    assert [hotline["number"] for hotline in result["hotlines"]] == ["1441", "191"]
    assert result["media"] == []
    assert result["card_url"] == "/api/v1/quiz/attempts/{}/card.png".format(attempt["attempt_id"])


def test_result_matches_response_schema(quiz, service_config):
    attempt = start(quiz, {"province_code": "TH-10"})

    result = submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config), right=False)).json()

    assert schemas.ResultResponse().dump(result) == result


def test_feedback_for_every_question(quiz, service_config):
    attempt = start(quiz)
    key = answer_key(service_config)
    first = attempt["questions"][0]["id"]

    result = submit(quiz, attempt["attempt_id"], answers_for(attempt, key, right={first})).json()

    feedback = {item["question_id"]: item for item in result["feedback"]}
    assert list(feedback) == [question["id"] for question in attempt["questions"]]
    assert feedback[first]["correct"] is True
    assert feedback[first]["chosen"]["id"] == key[first]
    other = attempt["questions"][1]["id"]
    assert feedback[other]["correct"] is False
    assert feedback[other]["correct_choice"]["id"] == key[other]
    assert feedback[other]["chosen"]["explanation_th"]
    assert feedback[other]["correct_choice"]["explanation_en"]


def test_result_and_card_after_finish(quiz, service_config):
    attempt = start(quiz)
    submitted = submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config))).json()

    result = quiz.get("/api/v1/quiz/attempts/{}/result".format(attempt["attempt_id"]))
    card = quiz.get(submitted["card_url"])

    assert result.status_code == 200
    assert result.json()["total_score"] == submitted["total_score"]
    assert card.status_code == 200
    assert card.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(card.content)).size == (1080, 1080)


def test_result_before_finish_is_409(quiz):
    attempt = start(quiz)

    result = quiz.get("/api/v1/quiz/attempts/{}/result".format(attempt["attempt_id"]))
    card = quiz.get("/api/v1/quiz/attempts/{}/card.png".format(attempt["attempt_id"]))

    assert result.status_code == 409
    assert result.json()["error"] == "attempt_not_finished"
    assert card.status_code == 409


def test_completed_event_carries_scores_and_area(quiz, service_config, quiz_events):
    attempt = start(quiz, {"province_code": "TH-50", "district_code": "5001", "age_group": "60-plus"})
    result = submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config))).json()

    event = quiz_events(1)[0]

    assert event["attempt_id"] == attempt["attempt_id"]
    assert event["quiz_version"] == 1
    assert (event["province_code"], event["district_code"], event["age_group"]) == ("TH-50", "5001", "60-plus")
    assert event["station_unit_id"] is None
    assert event["campaign_code"] is None
    assert event["total_score"] == result["total_score"] == 100
    assert event["risk_level"] == "low"
    assert len(event["type_scores"]) == SCAM_TYPE_COUNT
    assert set(event["type_scores"][0]) == {"scam_type", "correct", "total", "score"}
    assert event["version"] == 1
    assert event["event_id"]


def test_attempt_stores_no_personal_data(quiz, service_config):
    attempt = start(quiz, {"province_code": "TH-50"}, headers={"X-Forwarded-For": "203.0.113.9"})
    submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config)))

    columns = set(Attempt.__table__.columns.keys())
    assert not columns & {"name", "phone", "id_card", "ip", "ip_address", "remote_addr", "user_agent"}
    assert count_rows(service_config, Attempt, Attempt.id == attempt["attempt_id"]) == 1
    assert len(stored_choices(service_config, attempt["attempt_id"])) == SCAM_TYPE_COUNT
    outbox = count_rows(service_config, OutboxMessage, OutboxMessage.payload.like("%203.0.113.9%"))
    assert outbox == 0


def test_areas_list_provinces_and_districts(quiz):
    provinces = quiz.get("/api/v1/quiz/areas")
    districts = quiz.get("/api/v1/quiz/areas", params={"province": "TH-50"})
    unknown = quiz.get("/api/v1/quiz/areas", params={"province": "TH-00"})

    assert len(provinces.json()) == 77
    assert {"code": "TH-50", "name_th": "เชียงใหม่", "name_en": "Chiang Mai"} in provinces.json()
    assert all(item["code"].startswith("50") for item in districts.json())
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "province_unknown"


def test_result_works_with_media_service_running(quiz, start_platform, service_config):
    from gateway.routes.quiz import MEDIA_CACHE
    from services.media.service import MediaService

    MEDIA_CACHE.clear()
    start_platform(MediaService)
    attempt = start(quiz)

    response = submit(quiz, attempt["attempt_id"], answers_for(attempt, answer_key(service_config), right=False))

    assert response.status_code == 200, response.text
    assert isinstance(response.json()["media"], list)


def test_result_asks_a_stopped_media_service_once(quiz, service_config, caplog):
    from gateway.routes.quiz import MEDIA_CACHE, MEDIA_RETRY_SECONDS

    MEDIA_CACHE.clear()
    key = answer_key(service_config)
    first, second = start(quiz), start(quiz)
    right_codes = {question["id"] for question in second["questions"][1:]}

    with caplog.at_level(logging.WARNING, logger="gateway.routes.quiz"):
        results = [
            submit(quiz, first["attempt_id"], answers_for(first, key, right=False)),
            submit(quiz, second["attempt_id"], answers_for(second, key, right=right_codes)),
        ]

    assert [result.status_code for result in results] == [200, 200]
    assert [result.json()["media"] for result in results] == [[], []]
    assert len(results[1].json()["weakest_types"]) == 1
    warnings = [record.getMessage() for record in caplog.records if record.name == "gateway.routes.quiz"]
    assert len(warnings) == 1
    assert "no media suggestions for {} s".format(MEDIA_RETRY_SECONDS) in warnings[0]
    assert MEDIA_CACHE.service_down()


def test_media_suggestion_cache_remembers_a_stopped_service():
    from gateway.routes.quiz import MediaSuggestionCache

    now = [100.0]
    cache = MediaSuggestionCache(clock=lambda: now[0])
    cache.mark_service_down(15)

    assert cache.service_down()
    now[0] += 15
    assert not cache.service_down()


def test_media_suggestion_cache_expires():
    from gateway.routes.quiz import MediaSuggestionCache

    now = [100.0]
    cache = MediaSuggestionCache(max_entries=2, clock=lambda: now[0])
    stored = cache.put(("loan",), [{"id": 1}], 60)
    stored.append("changed by a caller")
    stored[0]["id"] = 2

    assert cache.get(("loan",)) == [{"id": 1}]
    now[0] += 61
    assert cache.get(("loan",)) is None
    cache.put(("job",), [], 15)
    cache.put(("romance",), [], 15)
    assert list(cache.entries) == [("romance",)]
