"""Attempt use cases: start with a balanced draw, score the answers once, return results.

Each function takes a SQLAlchemy session. Starting an attempt leaves the
commit to the caller. A submission is scored in the caller's session and
stored by the ``write`` function the caller passes (the quiz service's
group commit, which calls ``write_submissions``). Nothing here imports
nameko.
"""

import dataclasses
import datetime
import functools
import json
import pathlib
import uuid

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from cybervaccine import db, errors
from cybervaccine.outbox import outbox_values
from services.quiz import bank, rules
from services.quiz.messages import MESSAGES
from services.quiz.models import Attempt, Campaign, OutboxMessage, QuizVersion, utcnow
from services.quiz.operations import SNAPSHOTS, campaign_summary, current_version, get_campaign, snapshot_of

ADVICE_PATH = pathlib.Path(__file__).resolve().parent / "data" / "advice.json"
DEFAULT_ATTEMPT_MINUTES = 30

ATTEMPT_TABLE = Attempt.__table__
FINISH_ATTEMPT = (
    update(ATTEMPT_TABLE)
    .where(ATTEMPT_TABLE.c.id == bindparam("attempt_id"), ATTEMPT_TABLE.c.completed_at.is_(None))
    .values(
        completed_at=bindparam("finished_at"),
        submission_key=bindparam("key"),
        submission_fingerprint=bindparam("fingerprint"),
        total_score=bindparam("total"),
        risk_level=bindparam("risk"),
        choices=bindparam("choices"),
    )
)
# Attempts with their version's checksum, as plain columns: the ORM's object
# loading cost more than the query. The statements are built once, so that
# SQLAlchemy finds their compiled form without working out a cache key.
_ATTEMPTS_WITH_CHECKSUM = select(*ATTEMPT_TABLE.c, QuizVersion.checksum).join_from(
    ATTEMPT_TABLE, QuizVersion.__table__, QuizVersion.number == ATTEMPT_TABLE.c.quiz_version
)
ATTEMPT_BY_ID = _ATTEMPTS_WITH_CHECKSUM.where(ATTEMPT_TABLE.c.id == bindparam("attempt_id"))
ATTEMPTS_BY_IDS = _ATTEMPTS_WITH_CHECKSUM.where(ATTEMPT_TABLE.c.id.in_(bindparam("ids", expanding=True)))
# On PostgreSQL one statement finishes a batch's attempts and adds the
# quiz_completed rows of those it finished. Each column's values are one array.
# The subquery locks the rows in id order whatever join the planner picks,
# so two processes finishing the same attempts cannot deadlock. An attempt
# finished meanwhile by another process fails ``completed_at IS NULL`` after
# the lock, so its id is not returned and it gets no event.
FINISH_AND_RECORD = text(
    "WITH finished AS ("
    "UPDATE attempts SET completed_at = v.finished_at, submission_key = v.key, "
    "submission_fingerprint = v.fingerprint, total_score = v.total, risk_level = v.risk, choices = v.choices "
    "FROM unnest(CAST(:attempt_id AS varchar[]), CAST(:finished_at AS timestamptz[]), CAST(:key AS varchar[]), "
    "CAST(:fingerprint AS varchar[]), CAST(:total AS integer[]), CAST(:risk AS varchar[]), "
    "CAST(:choices AS varchar[])) AS v(attempt_id, finished_at, key, fingerprint, total, risk, choices) "
    "WHERE attempts.id = v.attempt_id AND attempts.completed_at IS NULL AND attempts.id IN ("
    "SELECT id FROM attempts WHERE id = ANY(CAST(:attempt_id AS varchar[])) ORDER BY id FOR UPDATE) "
    "RETURNING attempts.id), "
    "recorded AS ("
    "INSERT INTO {outbox} (event_id, event_type, payload, headers, created_at) "
    "SELECT e.event_id, e.event_type, e.payload, e.headers, e.created_at "
    "FROM unnest(CAST(:attempt_id AS varchar[]), CAST(:event_id AS varchar[]), CAST(:event_type AS varchar[]), "
    "CAST(:payload AS text[]), CAST(:headers AS text[]), CAST(:finished_at AS timestamptz[])) "
    "AS e(attempt_id, event_id, event_type, payload, headers, created_at) "
    "JOIN finished ON finished.id = e.attempt_id RETURNING 1) "
    "SELECT id FROM finished".format(outbox=OutboxMessage.__tablename__)
)


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
    snapshot = SNAPSHOTS.get(session, version.number, version.checksum)
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


def get_attempt(session, attempt_id):
    """Return an attempt's row (its columns and its version's ``checksum``); raise NotFound if unknown."""
    if not rules.is_attempt_id(attempt_id):
        raise _attempt_not_found(attempt_id)
    attempt = session.connection().execute(ATTEMPT_BY_ID, {"attempt_id": attempt_id}).one_or_none()
    if attempt is None:
        raise _attempt_not_found(attempt_id)
    return attempt


def _attempt_not_found(attempt_id):
    shown = str(attempt_id)[:40]
    return MESSAGES.not_found("attempt_not_found", details={"attempt_id": shown}, attempt_id=shown)


@dataclasses.dataclass
class SubmissionRequest:
    """A player's submission of an attempt (the chosen choices), as handed to ``write_submissions``."""

    attempt_id: str
    answers: list
    key: str
    fingerprint: str
    minutes: int
    headers: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class Submission:
    """A scored submission of an attempt, as stored."""

    attempt: object
    key: str
    fingerprint: str
    chosen: dict
    score: rules.Score
    completed_at: datetime.datetime
    snapshot: dict
    campaign: dict
    headers: dict = dataclasses.field(default_factory=dict)


def submit_attempt(session, write, attempt_id, answers, key, minutes=DEFAULT_ATTEMPT_MINUTES):
    """Score an attempt's answers once; return (attempt, result document, replayed).

    ``write(request)`` reads, scores and stores the submission (the quiz
    service's group commit, which calls ``write_submissions``). It returns
    the stored ``Submission``, or None when the attempt was already
    finished. Of two concurrent submissions of one attempt, one is stored
    and the other then sees the finished attempt. A retry with the same key
    and answers returns the stored result (``replayed`` True) and records
    nothing again; another key or other answers are a conflict.
    """
    key = rules.check_idempotency_key(key, required=True)
    if not rules.is_attempt_id(attempt_id):
        raise _attempt_not_found(attempt_id)
    fingerprint = rules.answers_fingerprint(answers)

    stored = write(SubmissionRequest(attempt_id, answers, key, fingerprint, minutes))
    if stored is not None:
        return stored.attempt, result_of(stored), False

    db.read_without_transaction(session)
    attempt = get_attempt(session, attempt_id)
    _replay(attempt, key, fingerprint)
    return attempt, stored_result(session, attempt), True


def write_submissions(connection, requests, outbox_table, source, now=None):
    """Read, score and store submissions on ``connection``; return one outcome per request.

    An outcome is the stored ``Submission``, None when the attempt was
    already finished (by an earlier request of the same batch, or by
    another process between the read and the update, too), or the error
    for the player (unknown or expired attempt, wrong answers). The
    attempts are read with one query. On PostgreSQL the writes are one
    statement, which needs no transaction around it. Elsewhere they are
    several statements in the caller's transaction. A key already used for
    another attempt fails the unique submission key (IntegrityError), and
    nothing of the batch is stored.
    """
    now = now or utcnow()
    ids = sorted({request.attempt_id for request in requests})
    rows = {row.id: row for row in connection.execute(ATTEMPTS_BY_IDS, {"ids": ids})}

    outcomes, scored, finishing = [], [], set()
    for request in requests:
        attempt = rows.get(request.attempt_id)
        if attempt is None:
            outcomes.append(_attempt_not_found(request.attempt_id))
        elif attempt.completed_at is not None or attempt.id in finishing:
            outcomes.append(None)
        else:
            outcome = _score_or_error(connection, attempt, request, now)
            outcomes.append(outcome)
            if isinstance(outcome, Submission):
                scored.append(outcome)
                finishing.add(attempt.id)

    if scored:
        finished = _store(connection, scored, outbox_table, source)
        outcomes = [
            None if isinstance(outcome, Submission) and outcome.attempt.id not in finished else outcome
            for outcome in outcomes
        ]
    return outcomes


def _score_or_error(connection, attempt, request, now):
    try:
        submission = score_submission(connection, attempt, request.answers, request.key, request.fingerprint,
                                      request.minutes, now)
    except errors.ServiceError as error:
        return error
    submission.headers = request.headers
    return submission


def _store(connection, scored, outbox_table, source):
    """Finish the scored attempts that are still unfinished and add their events; return their ids."""
    ordered = sorted(scored, key=lambda item: item.attempt.id)
    if connection.dialect.name == "postgresql":
        return _finish_and_record(connection, ordered, source)

    finished = set()
    for item in ordered:
        if connection.execute(FINISH_ATTEMPT, _finish_values(item)).rowcount == 1:
            finished.add(item.attempt.id)
    _insert_events(connection, [item for item in ordered if item.attempt.id in finished], outbox_table, source)
    return finished


def _finish_and_record(connection, ordered, source):
    rows = []
    for item in ordered:
        event = outbox_values(source, "quiz_completed", completed_event_fields(item), item.headers)
        rows.append(dict(_finish_values(item), **event))
    arrays = {name: [row[name] for row in rows] for name in rows[0]}
    return set(connection.scalars(FINISH_AND_RECORD, arrays))


def _insert_events(connection, stored, outbox_table, source):
    if not stored:
        return
    connection.execute(
        insert(outbox_table),
        [outbox_values(source, "quiz_completed", completed_event_fields(item), item.headers) for item in stored],
    )


def score_submission(connection, attempt, answers, key, fingerprint, minutes, now):
    """Check the answers of an unfinished attempt and score them; return the ``Submission``."""
    _check_not_expired(attempt, now, minutes)

    snapshot = SNAPSHOTS.get(connection, attempt.quiz_version, attempt.checksum)
    drawn = json.loads(attempt.question_codes)
    rules.check_answers(drawn, answers, snapshot["by_code"])

    chosen = {answer["question_id"]: answer["choice_id"] for answer in answers}
    score = rules.score_attempt(drawn, chosen, snapshot["answer_keys"])
    return Submission(attempt, key, fingerprint, chosen, score, now, snapshot, _campaign_of(connection, attempt))


def _campaign_of(connection, attempt):
    if not attempt.campaign_code:
        return None
    campaigns = Campaign.__table__
    row = connection.execute(select(campaigns).where(campaigns.c.code == attempt.campaign_code)).one_or_none()
    return campaign_summary(row)


def _replay(attempt, key, fingerprint):
    if attempt.submission_key != key:
        raise MESSAGES.conflict("attempt_finished", details={"attempt_id": attempt.id})
    if attempt.submission_fingerprint != fingerprint:
        raise MESSAGES.conflict("idempotency_key_reused", details={"idempotency_key": key})


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


def _finish_values(submission):
    return {
        "attempt_id": submission.attempt.id,
        "finished_at": submission.completed_at,
        "key": submission.key,
        "fingerprint": submission.fingerprint,
        "total": submission.score.total_score,
        "risk": submission.score.risk_level,
        "choices": "".join(item["chosen"]["id"] for item in submission.score.feedback),
    }


def completed_event_fields(submission):
    attempt, score = submission.attempt, submission.score
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
        "completed_at": submission.completed_at.isoformat(),
    }


def result_of(submission):
    """Return the result document of a scored submission, as shown to the player."""
    score = submission.score
    return rules.result_document(
        submission.attempt.id,
        submission.attempt.quiz_version,
        submission.completed_at,
        score,
        submission.snapshot["scam_types"],
        rules.pick_actions(score.weakest_types, load_advice()),
        submission.campaign,
    )


def stored_result(session, attempt):
    """Rebuild a finished attempt's result from its stored choices and its version's snapshot."""
    chosen = dict(zip(json.loads(attempt.question_codes), attempt.choices))
    return rebuilt_result(session.connection(), attempt, chosen)


def rebuilt_result(connection, attempt, chosen):
    """Score ``chosen`` (question code to letter) again for a finished attempt; return its result document.

    ``attempt`` needs the columns id, quiz_version, question_codes,
    completed_at, campaign_code and its version's checksum. Scoring is
    deterministic, so this is the result the player got, except that the
    advice comes from the advice file this process runs with.
    """
    snapshot = SNAPSHOTS.get(connection, attempt.quiz_version, attempt.checksum)
    score = rules.score_attempt(json.loads(attempt.question_codes), chosen, snapshot["answer_keys"])
    submission = Submission(
        attempt, None, None, chosen, score, _as_utc(attempt.completed_at), snapshot, _campaign_of(connection, attempt),
    )
    return result_of(submission)


def _as_utc(moment):
    """Return a stored time in UTC as the first reply showed it (SQLite returns it without its offset)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def get_result(session, attempt_id):
    """Return the result of a finished attempt."""
    db.read_without_transaction(session)
    attempt = get_attempt(session, attempt_id)
    if attempt.completed_at is None:
        raise MESSAGES.conflict("attempt_not_finished", details={"attempt_id": attempt.id})
    return stored_result(session, attempt)


@functools.lru_cache(maxsize=1)
def load_advice():
    """Return the advice per scam type (and "general") from data/advice.json."""
    return bank.load_advice(ADVICE_PATH)

