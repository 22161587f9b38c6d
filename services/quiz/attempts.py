"""Attempt use cases: start with a balanced draw, score the answers once, return results.

Each function takes a SQLAlchemy session and, where it records an event,
the outbox writer. The caller's transaction commits; nothing here imports
nameko.
"""

import datetime
import functools
import json
import pathlib
import uuid

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from cybervaccine import errors
from services.quiz import bank, rules
from services.quiz.messages import MESSAGES
from services.quiz.models import Answer, Attempt, Campaign, utcnow
from services.quiz.operations import SNAPSHOTS, campaign_summary, current_version, get_campaign, snapshot_of

ADVICE_PATH = pathlib.Path(__file__).resolve().parent / "data" / "advice.json"
DEFAULT_ATTEMPT_MINUTES = 30


def start_attempt(session, data, key=None, minutes=DEFAULT_ATTEMPT_MINUTES, rng=None):
    """Start an attempt with a balanced draw; return (attempt, snapshot, campaign).

    With an idempotency key, a retried start returns the attempt it created
    the first time; the same key with another body is a conflict.
    """
    key = rules.check_idempotency_key(key, required=False)
    campaign = get_campaign(session, data["campaign_code"]) if data.get("campaign_code") else None
    province, district = rules.resolve_area(
        data.get("province_code"),
        data.get("district_code"),
        campaign.province_code if campaign else None,
        campaign.district_code if campaign else None,
    )

    fingerprint = rules.fingerprint(data)
    if key:
        earlier = _attempt_started_with(session, key, fingerprint)
        if earlier is not None:
            return earlier, snapshot_of(session, earlier.quiz_version), campaign

    version = current_version(session)
    snapshot = SNAPSHOTS.get(session, version)
    now = utcnow()
    attempt = Attempt(
        id=str(uuid.uuid4()),
        quiz_version=version.number,
        question_codes=json.dumps(rules.draw_questions(snapshot["questions"], rng)),
        started_at=now,
        expires_at=now + datetime.timedelta(minutes=minutes),
        province_code=province,
        district_code=district,
        age_group=data.get("age_group"),
        campaign_code=campaign.code if campaign else None,
        station_unit_id=campaign.unit_id if campaign else None,
        start_key=key,
        start_fingerprint=fingerprint if key else None,
    )
    session.add(attempt)
    try:
        session.flush()
    except IntegrityError:
        # A concurrent start with the same key won the insert; return its attempt.
        session.rollback()
        earlier = _attempt_started_with(session, key, fingerprint)
        if earlier is None:
            raise
        return earlier, snapshot_of(session, earlier.quiz_version), campaign
    return attempt, snapshot, campaign


def _attempt_started_with(session, key, fingerprint):
    earlier = session.scalar(select(Attempt).where(Attempt.start_key == key))
    if earlier is not None and earlier.start_fingerprint != fingerprint:
        raise MESSAGES.conflict("idempotency_key_reused", details={"idempotency_key": key})
    return earlier


def drawn_questions(attempt, snapshot):
    """Return the attempt's questions for the player: texts and choices, never which choice is correct."""
    names = snapshot["scam_types"]
    questions = []
    for code in json.loads(attempt.question_codes):
        question = snapshot["by_code"][code]
        scam_type = names.get(question["scam_type"], {})
        questions.append(
            {
                "id": code,
                "scam_type": question["scam_type"],
                "scam_type_name_th": scam_type.get("name_th", question["scam_type"]),
                "scam_type_name_en": scam_type.get("name_en", question["scam_type"]),
                "text_th": question["text_th"],
                "text_en": question["text_en"],
                "choices": [
                    {"id": choice["id"], "text_th": choice["text_th"], "text_en": choice["text_en"]}
                    for choice in question["choices"]
                ],
            }
        )
    return questions


def get_attempt(session, attempt_id, lock=False):
    if not rules.is_attempt_id(attempt_id):
        raise _attempt_not_found(attempt_id)
    statement = select(Attempt).where(Attempt.id == attempt_id)
    if lock:
        statement = statement.with_for_update()
    attempt = session.scalar(statement)
    if attempt is None:
        raise _attempt_not_found(attempt_id)
    return attempt


def _attempt_not_found(attempt_id):
    shown = str(attempt_id)[:40]
    return MESSAGES.not_found("attempt_not_found", details={"attempt_id": shown}, attempt_id=shown)


def submit_attempt(session, outbox, attempt_id, answers, key, minutes=DEFAULT_ATTEMPT_MINUTES, now=None):
    """Score an attempt's answers once; return (attempt, result document, replayed).

    The attempt row is locked (SELECT ... FOR UPDATE on PostgreSQL), so of
    two concurrent submissions one scores and the other then sees the
    finished attempt. A retry with the same key and answers returns the
    stored result (``replayed`` True) and records nothing again. A key
    already used for another attempt fails on the unique submission key
    (IntegrityError) when the session flushes; the caller turns that into
    a conflict.
    """
    key = rules.check_idempotency_key(key, required=True)
    attempt = get_attempt(session, attempt_id, lock=True)
    fingerprint = rules.answers_fingerprint(answers)

    if attempt.completed_at is not None:
        return _replay(attempt, key, fingerprint), json.loads(attempt.result), True
    _check_not_expired(attempt, now or utcnow(), minutes)

    snapshot = snapshot_of(session, attempt.quiz_version)
    drawn = json.loads(attempt.question_codes)
    rules.check_answers(drawn, answers, snapshot["by_code"])

    chosen = {answer["question_id"]: answer["choice_id"] for answer in answers}
    score = rules.score_attempt(drawn, chosen, snapshot["by_code"])
    document = _record(session, attempt, score, chosen, snapshot, key, fingerprint)
    outbox.add(session, "quiz_completed", completed_event_fields(attempt, score))
    return attempt, document, False


def _replay(attempt, key, fingerprint):
    if attempt.submission_key != key:
        raise MESSAGES.conflict("attempt_finished", details={"attempt_id": attempt.id})
    if attempt.submission_fingerprint != fingerprint:
        raise MESSAGES.conflict("idempotency_key_reused", details={"idempotency_key": key})
    return attempt


def _check_not_expired(attempt, now, minutes):
    expires_at = attempt.expires_at
    if expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=datetime.timezone.utc)
    if now > expires_at:
        raise MESSAGES.error(
            errors.Gone,
            "attempt_expired",
            details={"attempt_id": attempt.id, "expired_at": expires_at.isoformat()},
            minutes=minutes,
        )


def _record(session, attempt, score, chosen, snapshot, key, fingerprint):
    """Store the answers and the result on the attempt; return the result document."""
    by_code = snapshot["by_code"]
    campaign = session.get(Campaign, attempt.campaign_code) if attempt.campaign_code else None
    attempt.completed_at = utcnow()
    attempt.submission_key = key
    attempt.submission_fingerprint = fingerprint
    attempt.total_score = score.total_score
    attempt.risk_level = score.risk_level
    answers = [
        {
            "attempt_id": attempt.id,
            "question_code": item["question_id"],
            "position": position,
            "scam_type": by_code[item["question_id"]]["scam_type"],
            "choice": chosen[item["question_id"]],
            "correct": item["correct"],
        }
        for position, item in enumerate(score.feedback)
    ]
    # One multi-row INSERT; the session flushes the attempt's UPDATE first.
    session.execute(insert(Answer), answers)

    actions = rules.pick_actions(score.weakest_types, load_advice())
    document = rules.result_document(
        attempt.id,
        attempt.quiz_version,
        attempt.completed_at,
        score,
        snapshot["scam_types"],
        actions,
        campaign_summary(campaign),
    )
    attempt.result = json.dumps(document, ensure_ascii=False)
    session.flush()
    return document


def completed_event_fields(attempt, score):
    return {
        "attempt_id": attempt.id,
        "quiz_version": attempt.quiz_version,
        "province_code": attempt.province_code,
        "district_code": attempt.district_code,
        "age_group": attempt.age_group,
        "station_unit_id": attempt.station_unit_id,
        "campaign_code": attempt.campaign_code,
        "total_score": score.total_score,
        "risk_level": score.risk_level,
        "type_scores": [result.to_dict() for result in score.type_results],
        "completed_at": attempt.completed_at.isoformat(),
    }


def get_result(session, attempt_id):
    """Return the stored result of a finished attempt."""
    attempt = get_attempt(session, attempt_id)
    if attempt.completed_at is None:
        raise MESSAGES.conflict("attempt_not_finished", details={"attempt_id": attempt.id})
    return json.loads(attempt.result)


@functools.lru_cache(maxsize=1)
def load_advice():
    """Return the advice per scam type (and "general") from data/advice.json."""
    return bank.load_advice(ADVICE_PATH)

