"""Idempotent submission and every bad input, against the real broker and database."""

import datetime
import uuid

import eventlet
import pytest
from sqlalchemy import update

from services.quiz.models import Attempt, OutboxMessage
from tests import support
from tests.quiz.helpers import answer_key, answers_for, count_rows, letters, start, stored_choices, submit


def quiz_completed_rows(config, attempt_id):
    return count_rows(
        config,
        OutboxMessage,
        OutboxMessage.event_type == "quiz_completed",
        OutboxMessage.payload.like('%"{}"%'.format(attempt_id)),
    )


def assert_nothing_recorded(config, attempt_id):
    assert stored_choices(config, attempt_id) is None
    assert count_rows(config, Attempt, Attempt.id == attempt_id, Attempt.completed_at.is_not(None)) == 0
    assert quiz_completed_rows(config, attempt_id) == 0


# Idempotency

def test_retry_with_same_key_returns_stored_result(quiz, service_config, quiz_events):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    key = uuid.uuid4().hex

    first = submit(quiz, attempt["attempt_id"], answers, key)
    retry = submit(quiz, attempt["attempt_id"], list(reversed(answers)), key)

    assert first.status_code == retry.status_code == 200
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert retry.json()["replayed"] is True
    assert {**retry.json(), "replayed": False} == first.json()
    assert stored_choices(service_config, attempt["attempt_id"]) == letters(answers)
    assert quiz_completed_rows(service_config, attempt["attempt_id"]) == 1
    assert len(quiz_events(1)) == 1


def test_key_may_come_in_body(quiz, service_config):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    body = {"answers": answers, "idempotency_key": "body-key-" + uuid.uuid4().hex}

    first = quiz.post("/api/v1/quiz/attempts/{}/answers".format(attempt["attempt_id"]), json=body)
    retry = quiz.post("/api/v1/quiz/attempts/{}/answers".format(attempt["attempt_id"]), json=body)

    assert first.status_code == 200, first.text
    assert retry.json()["replayed"] is True


def test_same_key_other_answers_is_409(quiz, service_config):
    attempt = start(quiz)
    key = answer_key(service_config)
    submission_key = uuid.uuid4().hex
    submit(quiz, attempt["attempt_id"], answers_for(attempt, key), submission_key)

    response = submit(quiz, attempt["attempt_id"], answers_for(attempt, key, right=False), submission_key)

    assert response.status_code == 409
    assert response.json()["error"] == "idempotency_key_reused"
    assert quiz_completed_rows(service_config, attempt["attempt_id"]) == 1


def test_finished_attempt_with_new_key_is_409(quiz, service_config):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    submit(quiz, attempt["attempt_id"], answers)

    response = submit(quiz, attempt["attempt_id"], answers)

    assert response.status_code == 409
    assert response.json()["error"] == "attempt_finished"
    assert "ส่งคำตอบไปแล้ว" in response.json()["message"]


def test_key_of_another_attempt_is_409(quiz, service_config):
    key = answer_key(service_config)
    first, second = start(quiz), start(quiz)
    shared = uuid.uuid4().hex
    submit(quiz, first["attempt_id"], answers_for(first, key), shared)

    response = submit(quiz, second["attempt_id"], answers_for(second, key), shared)

    assert response.status_code == 409
    assert response.json()["error"] == "idempotency_key_reused"
    assert_nothing_recorded(service_config, second["attempt_id"])


def test_concurrent_identical_submissions_count_once(quiz, service_config, quiz_events):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    key = uuid.uuid4().hex
    pool = eventlet.GreenPool()

    responses = list(pool.imap(lambda _: submit(support.ApiClient(quiz.base_url), attempt["attempt_id"], answers, key),
                               range(6)))

    assert [response.status_code for response in responses] == [200] * 6
    assert sorted(response.json()["replayed"] for response in responses) == [False] + [True] * 5
    assert len({response.json()["completed_at"] for response in responses}) == 1
    assert stored_choices(service_config, attempt["attempt_id"]) == letters(answers)
    assert quiz_completed_rows(service_config, attempt["attempt_id"]) == 1
    assert len(quiz_events(1)) == 1


def test_concurrent_submissions_with_different_keys(quiz, service_config):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    pool = eventlet.GreenPool()

    responses = list(pool.imap(lambda _: submit(support.ApiClient(quiz.base_url), attempt["attempt_id"], answers),
                               range(4)))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 409, 409, 409]
    assert {response.json()["error"] for response in responses if response.status_code == 409} == {"attempt_finished"}
    assert quiz_completed_rows(service_config, attempt["attempt_id"]) == 1


def test_start_with_same_key_returns_same_attempt(quiz):
    key = uuid.uuid4().hex
    headers = {"Idempotency-Key": key}

    first = start(quiz, {"province_code": "TH-10"}, headers=headers)
    again = start(quiz, {"province_code": "TH-10"}, headers=headers)
    other = quiz.post("/api/v1/quiz/attempts", json={"province_code": "TH-50"}, headers=headers)

    assert again["attempt_id"] == first["attempt_id"]
    assert again["questions"] == first["questions"]
    assert other.status_code == 409
    assert other.json()["error"] == "idempotency_key_reused"


# Bad input on submission

def test_unknown_attempt_is_404(quiz):
    for attempt_id in (str(uuid.uuid4()), "not-a-uuid"):
        response = submit(quiz, attempt_id, [{"question_id": "q-shopping-01", "choice_id": "a"}])

        assert response.status_code == 404
        assert response.json()["error"] == "attempt_not_found"


def test_answer_outside_attempt_is_400(quiz, service_config):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    drawn = {question["id"] for question in attempt["questions"]}
    foreign = next(code for code in answer_key(service_config) if code not in drawn)
    answers.append({"question_id": foreign, "choice_id": "a"})

    response = submit(quiz, attempt["attempt_id"], answers)

    assert response.status_code == 400
    assert response.json()["error"] == "answers_not_in_attempt"
    assert response.json()["details"]["question_ids"] == [foreign]
    assert_nothing_recorded(service_config, attempt["attempt_id"])


def test_duplicate_answers_are_400(quiz, service_config):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    answers.append(dict(answers[0]))

    response = submit(quiz, attempt["attempt_id"], answers)

    assert response.status_code == 400
    assert response.json()["error"] == "answers_duplicate"
    assert response.json()["details"]["question_ids"] == [answers[0]["question_id"]]
    assert_nothing_recorded(service_config, attempt["attempt_id"])


def test_missing_answers_are_400(quiz, service_config):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))[:-2]

    response = submit(quiz, attempt["attempt_id"], answers, headers={"Accept-Language": "en"})

    missing = [question["id"] for question in attempt["questions"][-2:]]
    assert response.status_code == 400
    assert response.json()["error"] == "answers_missing"
    assert response.json()["details"]["question_ids"] == missing
    assert response.json()["message"].startswith("2 questions have no answer")
    assert_nothing_recorded(service_config, attempt["attempt_id"])


def test_unknown_choice_is_400(quiz, service_config):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    answers[0]["choice_id"] = "z"

    response = submit(quiz, attempt["attempt_id"], answers)

    assert response.status_code == 400
    assert response.json()["error"] == "choice_unknown"
    assert_nothing_recorded(service_config, attempt["attempt_id"])


def test_answer_after_expiry_is_410(quiz, service_config):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    session = support.session_for(service_config, "quiz")
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    session.execute(update(Attempt).where(Attempt.id == attempt["attempt_id"]).values(expires_at=past))
    session.commit()
    session.close()
    session.bind.dispose()

    response = submit(quiz, attempt["attempt_id"], answers)

    assert response.status_code == 410
    assert response.json()["error"] == "attempt_expired"
    assert "หมดเวลา" in response.json()["message"]
    assert_nothing_recorded(service_config, attempt["attempt_id"])


@pytest.mark.parametrize(
    "headers, code",
    [({}, "idempotency_key_missing"), ({"Idempotency-Key": "short"}, "idempotency_key_invalid")],
)
def test_submission_key_required_and_checked(quiz, service_config, headers, code):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))

    response = quiz.post(
        "/api/v1/quiz/attempts/{}/answers".format(attempt["attempt_id"]), json={"answers": answers}, headers=headers
    )

    assert response.status_code == 400
    assert response.json()["error"] == code
    assert_nothing_recorded(service_config, attempt["attempt_id"])


def test_malformed_answers_body_is_400(quiz):
    attempt = start(quiz)

    response = submit(quiz, attempt["attempt_id"], [{"question_id": 5}], headers={"Accept-Language": "en"})

    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_input",
        "message": "Invalid input. Fix these fields: answers.0.choice_id: Missing data for required field.; "
                   "answers.0.question_id: Not a valid string.",
        "details": {"fields": {"answers": {"0": {
            "question_id": ["Not a valid string."], "choice_id": ["Missing data for required field."],
        }}}},
    }


# Bad input on start

@pytest.mark.parametrize(
    "body, status, code",
    [
        ({"province_code": "TH-99"}, 400, "province_unknown"),
        ({"province_code": "Bangkok"}, 400, "province_unknown"),
        ({"district_code": "0000"}, 400, "district_unknown"),
        ({"province_code": "TH-10", "district_code": "5001"}, 400, "district_outside_province"),
        ({"campaign_code": "bad code!"}, 400, "campaign_code_invalid"),
        ({"campaign_code": "abc"}, 400, "campaign_code_invalid"),
        ({"campaign_code": "AAAAAAAAAAA"}, 404, "campaign_not_found"),
        ({"age_group": "old"}, 400, "invalid_input"),
    ],
)
def test_bad_start_input(quiz, service_config, body, status, code):
    response = quiz.post("/api/v1/quiz/attempts", json=body)

    assert response.status_code == status
    assert response.json()["error"] == code
    assert response.json()["message"]
    assert count_rows(service_config, Attempt) == 0


def test_unknown_province_message_in_both_languages(quiz):
    thai = quiz.post("/api/v1/quiz/attempts", json={"province_code": "TH-99"})
    english = quiz.post("/api/v1/quiz/attempts", json={"province_code": "TH-99"}, headers={"Accept-Language": "en"})

    assert "จังหวัด" in thai.json()["message"]
    assert english.json()["message"] == "Unknown province code TH-99. Choose a province from the list."
