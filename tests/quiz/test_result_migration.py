"""The quiz migrations that change how answers and results are stored keep every answer, both ways.

SQLite is the zero-setup database. There a table rebuild with foreign keys
on would delete rows that reference the attempts through their cascade.
"""

import json
import uuid

import pytest
from alembic import command
from sqlalchemy import inspect, text

from cybervaccine import db, migrations
from services.quiz import attempts, rules, seed
from services.quiz.models import OutboxMessage
from tests import support


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path, postgres_uri):
    """The URL of an empty database with the quiz schema, on SQLite or on PostgreSQL."""
    with support.empty_database(request.param, tmp_path, postgres_uri, "quiz") as url:
        yield url


def migrated(url):
    config = migrations.alembic_config("quiz", url)
    command.upgrade(config, "head")
    return config, db.make_engine(url, schema="quiz", pool_size=1)


def test_upgrade_keeps_answers_and_downgrade_restores_results(empty_database):
    config, engine = migrated(empty_database)
    attempt_id, expected = finished_attempt(engine)

    command.downgrade(config, "0002")
    with engine.connect() as connection:
        stored = connection.scalar(text("SELECT result FROM attempts WHERE id = :id"), {"id": attempt_id})
    assert json.loads(stored) == expected

    command.upgrade(config, "head")
    assert "result" not in {column["name"] for column in inspect(engine).get_columns("attempts")}
    assert result_now(engine, attempt_id) == expected
    engine.dispose()


def test_choices_move_to_the_answers_table_and_back(empty_database):
    config, engine = migrated(empty_database)
    attempt_id, expected = finished_attempt(engine)
    with engine.connect() as connection:
        choices = connection.scalar(text("SELECT choices FROM attempts WHERE id = :id"), {"id": attempt_id})
        codes = json.loads(connection.scalar(text("SELECT question_codes FROM attempts WHERE id = :id"),
                                             {"id": attempt_id}))

    command.downgrade(config, "0003")
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT question_code, position, choice, correct FROM answers WHERE attempt_id = :id "
                 "ORDER BY position"), {"id": attempt_id}
        ).all()
    feedback = expected["feedback"]
    assert [(row[0], row[1], row[2], bool(row[3])) for row in rows] == [
        (item["question_id"], position, item["chosen"]["id"], item["correct"]) for position, item in enumerate(feedback)
    ]
    assert [row[0] for row in rows] == codes

    command.upgrade(config, "head")
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT choices FROM attempts WHERE id = :id"), {"id": attempt_id}) == choices
    assert not inspect(engine).has_table("answers")
    assert result_now(engine, attempt_id) == expected
    engine.dispose()


def result_now(engine, attempt_id):
    session = db.sessionmaker_for(engine)()
    try:
        return attempts.get_result(session, attempt_id)
    finally:
        session.close()


def finished_attempt(engine):
    """Seed the bank, start and finish one attempt; return its id and its result."""
    session = db.sessionmaker_for(engine)()
    seed.seed(session)
    attempt, snapshot, _ = attempts.start_attempt(session, {})
    session.commit()
    answers = [
        {"question_id": code, "choice_id": snapshot["by_code"][code]["choices"][0]["id"]}
        for code in json.loads(attempt.question_codes)
    ]
    request = attempts.SubmissionRequest(attempt.id, answers, uuid.uuid4().hex, rules.answers_fingerprint(answers), 30)
    with engine.connect() as connection:
        [submission] = attempts.write_submissions(connection, [request], OutboxMessage.__table__, "quiz")
        connection.commit()
    session.close()
    return attempt.id, attempts.result_of(submission)
