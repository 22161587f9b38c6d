"""The group commit of quiz submissions, on the real broker and database."""

import json
import uuid

import eventlet
import pytest
from sqlalchemy import func, select, text, update

from cybervaccine import db, errors
from cybervaccine.groupcommit import Pending
from services.quiz import attempts, rules
from services.quiz.models import Attempt, OutboxMessage
from services.quiz.submissions import SubmissionLog
from tests import support
from tests.quiz.helpers import answer_key, answers_for, count_rows, letters, start, stored_choices, submit


def test_concurrent_attempts_each_recorded_once(quiz, service_config, quiz_events):
    started = [start(quiz) for _ in range(16)]
    key = answer_key(service_config)
    pool = eventlet.GreenPool()

    def play(attempt):
        return submit(support.ApiClient(quiz.base_url), attempt["attempt_id"], answers_for(attempt, key))

    responses = list(pool.imap(play, started))

    assert [response.status_code for response in responses] == [200] * 16
    assert [response.json()["attempt_id"] for response in responses] == [item["attempt_id"] for item in started]
    assert not any(response.json()["replayed"] for response in responses)
    for item, response in zip(started, responses):
        assert stored_choices(service_config, item["attempt_id"]) == letters(answers_for(item, key))
    events = quiz_events(16)
    assert sorted(event["attempt_id"] for event in events) == sorted(item["attempt_id"] for item in started)


def test_bad_submission_spares_its_batch(quiz, service_config, quiz_engine):
    key = answer_key(service_config)
    earlier = start(quiz)
    used_key = uuid.uuid4().hex
    assert submit(quiz, earlier["attempt_id"], answers_for(earlier, key), used_key).status_code == 200
    good_attempt, bad_attempt = start(quiz), start(quiz)
    log = standalone_log(quiz_engine)
    good = Pending(request(good_attempt, answers_for(good_attempt, key), uuid.uuid4().hex))
    bad = Pending(request(bad_attempt, answers_for(bad_attempt, key), used_key))

    log.write_batch([good, bad])

    assert good.done.wait().attempt.id == good_attempt["attempt_id"]
    with pytest.raises(errors.Conflict) as failure:
        bad.done.wait()
    assert failure.value.code == "idempotency_key_reused"
    assert finished(quiz_engine) == {earlier["attempt_id"], good_attempt["attempt_id"]}
    assert completed_event_attempts(quiz_engine) == {earlier["attempt_id"], good_attempt["attempt_id"]}
    assert stored_choices(service_config, bad_attempt["attempt_id"]) is None


def test_second_submission_in_batch_sees_finished_attempt(quiz, service_config, quiz_engine):
    attempt = start(quiz)
    answers = answers_for(attempt, answer_key(service_config))
    log = standalone_log(quiz_engine)
    first = Pending(request(attempt, answers, uuid.uuid4().hex))
    second = Pending(request(attempt, answers, uuid.uuid4().hex))

    log.write_batch([first, second])

    assert first.done.wait().attempt.id == attempt["attempt_id"]
    assert second.done.wait() is None
    assert stored_choices(service_config, attempt["attempt_id"]) == letters(answers)
    assert completed_event_attempts(quiz_engine) == {attempt["attempt_id"]}
    stored = submit(quiz, attempt["attempt_id"], answers, first.values.key)
    assert stored.json()["replayed"] is True


@pytest.fixture
def quiz_engine(service_config):
    engine = db.make_engine(service_config["DATABASE_URL"], schema="quiz", pool_size=2)
    yield engine
    engine.dispose()


# Helpers

def standalone_log(engine):
    return support.standalone_group_commit(SubmissionLog(), engine, "quiz", OutboxMessage)


def request(attempt, answers, key):
    return attempts.SubmissionRequest(attempt["attempt_id"], answers, key, rules.answers_fingerprint(answers), 30)


def finished(engine):
    with engine.connect() as connection:
        return set(connection.scalars(select(Attempt.id).where(Attempt.completed_at.is_not(None))))


def completed_event_attempts(engine):
    with engine.connect() as connection:
        payloads = connection.scalars(
            select(OutboxMessage.payload).where(OutboxMessage.event_type == "quiz_completed")
        ).all()
    return {json.loads(payload)["attempt_id"] for payload in payloads}


def test_batch_answers_each_request_on_its_own(quiz, service_config, quiz_engine):
    key = answer_key(service_config)
    good_attempt, short_attempt = start(quiz), start(quiz)
    log = standalone_log(quiz_engine)
    good = Pending(request(good_attempt, answers_for(good_attempt, key), uuid.uuid4().hex))
    short = Pending(request(short_attempt, answers_for(short_attempt, key)[:-1], uuid.uuid4().hex))
    unknown = Pending(request({"attempt_id": str(uuid.uuid4())}, answers_for(good_attempt, key), uuid.uuid4().hex))

    log.write_batch([good, short, unknown])

    assert good.done.wait().attempt.id == good_attempt["attempt_id"]
    with pytest.raises(errors.InvalidInput) as missing:
        short.done.wait()
    assert missing.value.code == "answers_missing"
    with pytest.raises(errors.NotFound):
        unknown.done.wait()
    assert finished(quiz_engine) == {good_attempt["attempt_id"]}


def test_attempt_finished_by_another_process_meanwhile(quiz, service_config, quiz_engine):
    db.patch_for_eventlet()
    key = answer_key(service_config)
    raced, other = start(quiz), start(quiz)
    log = standalone_log(quiz_engine)
    batch = [
        Pending(request(raced, answers_for(raced, key), uuid.uuid4().hex)),
        Pending(request(other, answers_for(other, key), uuid.uuid4().hex)),
    ]

    # Another process has locked the raced attempt's row. The batch reads it
    # as unfinished, then its update waits for this transaction's commit.
    with quiz_engine.connect() as connection:
        connection.execute(
            update(Attempt).where(Attempt.id == raced["attempt_id"]).values(completed_at=func.now())
        )
        writer = eventlet.spawn(log.write_batch, batch)
        support.wait_for(lambda: waiting_for_lock(quiz_engine), message="the batch waiting for the row lock")
        connection.commit()
    writer.wait()

    assert batch[0].done.wait() is None
    assert batch[1].done.wait().attempt.id == other["attempt_id"]
    assert completed_event_attempts(quiz_engine) == {other["attempt_id"]}
    assert stored_choices(service_config, raced["attempt_id"]) is None


def waiting_for_lock(engine):
    with engine.connect() as connection:
        return connection.scalar(
            text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%UPDATE attempts%'")
        ) > 0
