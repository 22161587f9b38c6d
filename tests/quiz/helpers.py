"""Helpers of the quiz API tests: answer keys from the database, playing and counting rows."""

import json
import uuid

from sqlalchemy import func, select

from tests import support


def answer_key(config, version=None):
    """Return {question code: correct choice letter} of a published version (the newest by default)."""
    from services.quiz.models import QuizVersion

    session = support.session_for(config, "quiz")
    try:
        number = version or session.scalar(select(func.max(QuizVersion.number)))
        snapshot = json.loads(session.scalar(select(QuizVersion.snapshot).where(QuizVersion.number == number)))
    finally:
        session.close()
        session.bind.dispose()
    return {
        question["id"]: next(choice["id"] for choice in question["choices"] if choice["correct"])
        for question in snapshot["questions"]
    }


def wrong_choice(attempt_question, correct_letter):
    return next(choice["id"] for choice in attempt_question["choices"] if choice["id"] != correct_letter)


def answers_for(attempt, key, right=True):
    """Build answers for an attempt: all correct, all wrong, or correct for the codes in ``right``."""
    answers = []
    for question in attempt["questions"]:
        correct = right is True or (isinstance(right, (set, list)) and question["id"] in right)
        choice = key[question["id"]] if correct else wrong_choice(question, key[question["id"]])
        answers.append({"question_id": question["id"], "choice_id": choice})
    return answers


def start(api, body=None, **kwargs):
    response = api.post("/api/v1/quiz/attempts", json=body or {}, **kwargs)
    assert response.status_code == 201, response.text
    return response.json()


def submit(api, attempt_id, answers, key=None, **kwargs):
    headers = dict(kwargs.pop("headers", {}))
    headers["Idempotency-Key"] = key or uuid.uuid4().hex
    return api.post(
        "/api/v1/quiz/attempts/{}/answers".format(attempt_id), json={"answers": answers}, headers=headers, **kwargs
    )


def stored_choices(config, attempt_id):
    """Return the letters stored for an attempt's answers, in the order drawn; None before a submission."""
    from services.quiz.models import Attempt

    return _scalar(config, select(Attempt.choices).where(Attempt.id == attempt_id))


def letters(answers):
    return "".join(answer["choice_id"] for answer in answers)


def count_rows(config, model, *conditions):
    return _scalar(config, select(func.count()).select_from(model).where(*conditions))


def _scalar(config, statement):
    session = support.session_for(config, "quiz")
    try:
        return session.scalar(statement)
    finally:
        session.close()
        session.bind.dispose()
