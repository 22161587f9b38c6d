"""Quiz use cases: the question bank, published versions and campaigns (attempts are in ``attempts``).

Each function takes a SQLAlchemy session and, where it records an event,
the outbox writer (anything with ``add(session, event_type, fields)``).
The caller's transaction commits; nothing here imports nameko.
"""

import json
import logging
import threading

from sqlalchemy import func, select

from cybervaccine import auth, errors
from services.quiz import bank_rules, rules
from services.quiz.messages import MESSAGES
from services.quiz.models import (
    ACTIVE,
    Attempt,
    Campaign,
    Choice,
    Question,
    QuizVersion,
    utcnow,
)

log = logging.getLogger(__name__)

BANK_MANAGERS = (auth.WORKING_GROUP,)
CAMPAIGN_CREATORS = (auth.OFFICER, auth.UNIT_HEAD, auth.WORKING_GROUP, auth.ADMINISTRATOR)
MAX_CAMPAIGNS_LISTED = 500
SNAPSHOT_CACHE_SIZE = 16


# Permissions

def require_role(caller, *roles):
    if not caller.has_role(*roles):
        raise MESSAGES.denied("role_required", details={"roles": list(roles)}, roles=" / ".join(roles))


# Question bank

def question_to_bank(question):
    """Return a question row as a dict in the bank format."""
    return {
        "id": question.code,
        "scam_type": question.scam_type,
        "difficulty": question.difficulty,
        "weight": question.weight,
        "text_th": question.text_th,
        "text_en": question.text_en,
        "choices": [
            {
                "id": choice.letter,
                "text_th": choice.text_th,
                "text_en": choice.text_en,
                "correct": choice.correct,
                "explanation_th": choice.explanation_th,
                "explanation_en": choice.explanation_en,
            }
            for choice in question.choices
        ],
    }


def get_question(session, code):
    question = session.scalar(select(Question).where(Question.code == code))
    if question is None:
        raise MESSAGES.not_found("question_not_found", details={"question_id": code}, question_id=code)
    return question


def list_questions(session, caller, status=None, scam_type=None):
    require_role(caller, *BANK_MANAGERS)
    statement = select(Question).order_by(Question.scam_type, Question.code)
    if status:
        statement = statement.where(Question.status == status)
    if scam_type:
        statement = statement.where(Question.scam_type == scam_type)
    return list(session.scalars(statement))


def check_question(question, scam_types):
    """Raise InvalidInput listing every problem of a question; return it normalised."""
    problems = bank_rules.check_question(question, scam_types)
    if problems:
        summary = "; ".join("{}: {}".format(problem.field, problem.message_en) for problem in problems)
        raise MESSAGES.invalid(
            "question_invalid",
            details={"errors": [problem.to_dict() for problem in problems]},
            count=len(problems),
            summary=summary,
        )
    return bank_rules.normalise_question(question)


def create_question(session, caller, data, scam_types):
    """Add a question (revision 1) to the bank; it is drawn once a version with it is published."""
    require_role(caller, *BANK_MANAGERS)
    question = check_question(data, scam_types)
    if session.scalar(select(Question.id).where(Question.code == question["id"])) is not None:
        raise MESSAGES.conflict("question_exists", details={"question_id": question["id"]}, question_id=question["id"])

    row = Question(code=question["id"], status=ACTIVE, revision=1, updated_by=caller.account_id)
    apply_content(row, question)
    session.add(row)
    session.flush()
    return row


def update_question(session, caller, code, changes, scam_types):
    """Change a question; a real change bumps its revision. Published versions keep their own copy."""
    require_role(caller, *BANK_MANAGERS)
    row = get_question(session, code)
    expected = changes.pop("revision", None)
    if expected is not None and expected != row.revision:
        raise MESSAGES.conflict(
            "question_revision_conflict",
            details={"question_id": code, "revision": row.revision},
            question_id=code,
            current=row.revision,
        )

    current = question_to_bank(row)
    question = check_question(dict(current, **changes, id=code), scam_types)
    if question != current:
        apply_content(row, question)
        row.revision += 1
        row.updated_at = utcnow()
        row.updated_by = caller.account_id
        session.flush()
    return row


def set_question_status(session, caller, code, status):
    """Retire a question or make it active again; it leaves or joins the next published version."""
    require_role(caller, *BANK_MANAGERS)
    row = get_question(session, code)
    if row.status != status:
        row.status = status
        row.updated_at = utcnow()
        row.updated_by = caller.account_id
        session.flush()
    return row


def apply_content(row, question):
    row.scam_type = question["scam_type"]
    row.difficulty = question["difficulty"]
    row.weight = question["weight"]
    row.text_th = question["text_th"]
    row.text_en = question["text_en"]

    # Existing choice rows are updated in place: replacing them would insert
    # the new rows before deleting the old ones and break (question, letter).
    del row.choices[len(question["choices"]):]
    for position, choice in enumerate(question["choices"]):
        if position == len(row.choices):
            row.choices.append(Choice())
        target = row.choices[position]
        target.letter = choice["id"]
        target.position = position
        target.text_th = choice["text_th"]
        target.text_en = choice["text_en"]
        target.correct = choice["correct"]
        target.explanation_th = choice["explanation_th"]
        target.explanation_en = choice["explanation_en"]


def import_questions(session, caller, text, file_format, scam_types):
    """Create or update questions from a CSV or JSON file; import nothing if any line is wrong.

    A question whose id exists gets the file's content as a new revision
    (its active or retired status stays); a new id is created active.
    """
    require_role(caller, *BANK_MANAGERS)
    questions, problems = bank_rules.parse_import(text, file_format, scam_types)
    if problems:
        raise MESSAGES.invalid(
            "import_invalid", details={"errors": [problem.to_dict() for problem in problems]}, count=len(problems)
        )
    if not questions:
        raise MESSAGES.invalid("import_empty")

    existing = {row.code: row for row in session.scalars(select(Question))}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for question in questions:
        counts[_import_one(session, caller, existing.get(question["id"]), question)] += 1
    session.flush()
    return counts


def _import_one(session, caller, row, question):
    if row is None:
        row = Question(code=question["id"], status=ACTIVE, revision=1, updated_by=caller.account_id)
        apply_content(row, question)
        session.add(row)
        return "created"
    if question_to_bank(row) == question:
        return "unchanged"
    apply_content(row, question)
    row.revision += 1
    row.updated_at = utcnow()
    row.updated_by = caller.account_id
    return "updated"


def export_questions(session, caller, file_format):
    """Return the active questions as CSV or JSON text in the import format."""
    questions = [question_to_bank(row) for row in list_questions(session, caller, status=ACTIVE)]
    if file_format == "csv":
        return bank_rules.export_csv(questions)
    return bank_rules.export_json(questions)


# Versions

def publish_version(session, caller, note, scam_type_names):
    """Publish the active questions as the next quiz version; new attempts draw from it."""
    require_role(caller, *BANK_MANAGERS)
    return publish_snapshot(session, caller.account_id, note, scam_type_names)


def publish_snapshot(session, account_id, note, scam_type_names):
    """Publish the active questions without a role check (the seed uses it directly)."""
    rows = list(session.scalars(select(Question).where(Question.status == ACTIVE)))
    if not rows:
        raise MESSAGES.conflict("publish_empty")

    questions = [dict(question_to_bank(row), revision=row.revision) for row in rows]
    text, checksum = bank_rules.build_snapshot(questions, scam_type_names)
    latest = latest_version(session)
    if latest is not None and latest.checksum == checksum:
        raise MESSAGES.conflict("publish_unchanged", details={"version": latest.number}, version=latest.number)

    version = QuizVersion(
        number=(latest.number + 1) if latest else 1,
        published_by=account_id,
        note=note or None,
        question_count=len(questions),
        scam_type_count=len({question["scam_type"] for question in questions}),
        checksum=checksum,
        snapshot=text,
    )
    session.add(version)
    session.flush()
    return version


def list_versions(session, caller):
    require_role(caller, *BANK_MANAGERS)
    return list(session.scalars(select(QuizVersion).order_by(QuizVersion.number.desc())))


def latest_version(session):
    return session.scalar(select(QuizVersion).order_by(QuizVersion.number.desc()).limit(1))


def current_version(session):
    """Return the newest published version; raise Unavailable when none exists."""
    version = latest_version(session)
    if version is None:
        raise MESSAGES.error(errors.Unavailable, "no_published_version")
    return version


class SnapshotCache:
    """Parsed version snapshots by checksum; a snapshot never changes, so entries never go stale."""

    def __init__(self, size=SNAPSHOT_CACHE_SIZE):
        self.size = size
        self.entries = {}
        self.lock = threading.Lock()

    def get(self, session, number, checksum):
        """Return the snapshot of version ``number``, whose checksum the caller read with it."""
        with self.lock:
            snapshot = self.entries.get(checksum)
        if snapshot is not None:
            return snapshot

        text = session.scalar(select(QuizVersion.snapshot).where(QuizVersion.number == number))
        snapshot = json.loads(text)
        snapshot["by_code"] = {question["id"]: question for question in snapshot["questions"]}
        snapshot["answer_keys"] = rules.answer_keys(snapshot["questions"])
        with self.lock:
            if len(self.entries) >= self.size:
                self.entries.pop(next(iter(self.entries)))
            self.entries[checksum] = snapshot
        return snapshot


SNAPSHOTS = SnapshotCache()


def snapshot_of(session, version_number):
    version = session.get(QuizVersion, version_number)
    return SNAPSHOTS.get(session, version.number, version.checksum)


# Campaigns

def get_campaign(session, code):
    rules.check_campaign_code(code)
    campaign = session.get(Campaign, code)
    if campaign is None:
        raise MESSAGES.not_found("campaign_not_found", details={"campaign_code": code}, campaign_code=code)
    return campaign


def create_campaign(session, caller, data, unit):
    """Create a campaign link for ``unit`` (a directory unit dict) in the caller's subtree."""
    require_role(caller, *CAMPAIGN_CREATORS)
    if not caller.can_see_unit(unit["path"]):
        raise MESSAGES.denied("unit_outside_subtree", details={"unit_id": unit["id"]}, unit_id=unit["id"])
    if not unit.get("province_code"):
        raise MESSAGES.invalid("campaign_unit_without_area", details={"unit_id": unit["id"]}, unit_id=unit["id"])

    campaign = Campaign(
        code=_unused_campaign_code(session),
        unit_id=unit["id"],
        unit_path="/" + "".join("{}/".format(unit_id) for unit_id in unit["path"]),
        unit_name_th=unit["name_th"],
        unit_name_en=unit["name_en"],
        province_code=unit["province_code"],
        district_code=unit.get("district_code"),
        title=data["title"],
        event_date=data["event_date"],
        created_by=caller.account_id,
    )
    session.add(campaign)
    session.flush()
    return campaign


def _unused_campaign_code(session):
    while True:
        code = rules.new_campaign_code()
        if session.get(Campaign, code) is None:
            return code


def list_campaigns(session, caller):
    """Return campaigns of the caller's subtree (everything for the working group), newest first."""
    require_role(caller, *CAMPAIGN_CREATORS)
    statement = select(Campaign).order_by(Campaign.created_at.desc()).limit(MAX_CAMPAIGNS_LISTED)
    if not caller.has_role(auth.WORKING_GROUP, auth.ADMINISTRATOR):
        statement = statement.where(Campaign.unit_path.like("%/{}/%".format(int(caller.unit_id or 0))))
    return list(session.scalars(statement))


def completed_counts(session, codes):
    """Return {campaign code: completed attempts} for the given codes."""
    if not codes:
        return {}
    rows = session.execute(
        select(Attempt.campaign_code, func.count(Attempt.id))
        .where(Attempt.campaign_code.in_(codes), Attempt.completed_at.is_not(None))
        .group_by(Attempt.campaign_code)
    )
    return dict(rows.all())


def campaign_summary(campaign):
    """Return what a player may see about a campaign: its title, station and date."""
    if campaign is None:
        return None
    return {
        "code": campaign.code,
        "title": campaign.title,
        "unit_name_th": campaign.unit_name_th,
        "unit_name_en": campaign.unit_name_en,
        "event_date": campaign.event_date.isoformat(),
    }
