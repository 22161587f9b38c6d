"""Seed the quiz: the question bank from data/question_bank.json, published as version 1.

Seeding is idempotent: it does nothing once the bank has any question or a
version exists, so the working group's edits are never overwritten.
"""

import logging
import pathlib

from sqlalchemy import select

from cybervaccine import taxonomy
from services.quiz import bank, bank_rules, operations
from services.quiz.models import ACTIVE, Question, QuizVersion

log = logging.getLogger(__name__)

BANK_PATH = pathlib.Path(__file__).resolve().parent / "data" / "question_bank.json"


def seed(session, bank_path=BANK_PATH):
    """Insert the shipped questions and publish them; return the version, or None when already seeded."""
    has_questions = session.scalar(select(Question.id).limit(1)) is not None
    has_version = session.scalar(select(QuizVersion.number).limit(1)) is not None
    if has_questions or has_version:
        return None

    for question in bank.load_bank(bank_path)["questions"]:
        row = Question(code=question["id"], status=ACTIVE, revision=1)
        operations.apply_content(row, bank_rules.normalise_question(question))
        session.add(row)
    session.flush()

    names = {item["code"]: {"name_th": item["name_th"], "name_en": item["name_en"]} for item in taxonomy.seed_scam_types()}
    version = operations.publish_snapshot(session, None, "Seed question bank", names)
    session.commit()
    log.info("quiz seeded: version %s with %s questions", version.number, version.question_count)
    return version


def run_seed(session, config):
    """Seed the quiz for ``manage seed``; return lines to show the operator."""
    version = seed(session)
    if version is None:
        return ["quiz: question bank already present, nothing seeded"]
    return ["quiz: {} questions published as version {}".format(version.question_count, version.number)]
