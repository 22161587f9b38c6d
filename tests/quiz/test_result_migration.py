"""The migration that stops storing result documents keeps every answer on SQLite.

SQLite is the zero-setup database. There a table rebuild with foreign keys
on would delete the answers through their cascade.
"""

import json
import uuid

from alembic import command
from sqlalchemy import select, text

from cybervaccine import db, migrations
from services.quiz import attempts, rules, seed
from services.quiz.models import Answer, OutboxMessage


def test_upgrade_keeps_answers_and_downgrade_restores_results(tmp_path):
    url = "sqlite:///{}".format(tmp_path / "quiz.sqlite")
    config = migrations.alembic_config("quiz", url)
    command.upgrade(config, "head")
    engine = db.make_engine(url)
    attempt_id, expected = finished_attempt(engine)

    command.downgrade(config, "0002")
    with engine.connect() as connection:
        stored = connection.scalar(text("SELECT result FROM attempts WHERE id = :id"), {"id": attempt_id})
    assert json.loads(stored) == expected

    command.upgrade(config, "head")
    with engine.connect() as connection:
        columns = [row[1] for row in connection.execute(text("PRAGMA table_info(attempts)"))]
        answers = connection.scalar(select(Answer.attempt_id).where(Answer.attempt_id == attempt_id).limit(1))
    assert "result" not in columns
    assert answers == attempt_id
    session = db.sessionmaker_for(engine)()
    assert attempts.get_result(session, attempt_id) == expected
    session.close()
    engine.dispose()


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
