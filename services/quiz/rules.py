"""Rules of playing the quiz: the balanced draw, scoring, the risk level, advice and the player's area.

Nothing here touches nameko or the database. Questions are plain dicts in
the bank format (``id``, ``scam_type``, ``difficulty``, ``weight``, texts and
``choices`` with ``id``, ``correct`` and explanations), as stored in a
published version's snapshot.

The rules, in short:

- Draw: one question per scam type of the version, so every type is
  covered. Target difficulties 1, 2, 3, 1, 2, 3, ... are shuffled over the
  types; each type gets a random question of its target difficulty, or of
  the nearest difficulty it has. The questions are then shown in random
  order.
- Score: a question counts its weight when answered correctly. A type's
  score and the total score are the correct weight as a share of the
  weight asked, 0–100, rounded half up.
- Risk level: ``high`` when the total is below 50. It is also ``high``
  when a scam type with a weight of 3 or more asked was missed completely,
  because 3 is the bank's top weight, given to scams that cost victims the
  most. Otherwise it is ``medium`` when the total is below 80, else ``low``.
- Weakest types: the types scored below 100, lowest score first (ties:
  higher weight first, then code), at most three.
- Actions: at most three pieces of advice, taken in turn from the weakest
  types' advice lists, then from the general advice.
"""

import collections
import dataclasses
import hashlib
import itertools
import json
import math
import random
import re
import secrets

from cybervaccine import areas
from services.quiz.messages import MESSAGES

DIFFICULTIES = (1, 2, 3)
HIGH_RISK_BELOW = 50
LOW_RISK_FROM = 80
SEVERE_WEIGHT = 3.0
MAX_WEAKEST_TYPES = 3
MAX_ACTIONS = 3
GENERAL_ADVICE = "general"

IDEMPOTENCY_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{8,128}$")
CAMPAIGN_CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,12}$")
CAMPAIGN_CODE_BYTES = 8  # token_urlsafe(8) gives 11 characters
UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

HOTLINES = (
    {"number": "1441", "name_th": "สายด่วนตำรวจไซเบอร์ (ศูนย์ AOC)", "name_en": "Cyber police hotline (AOC centre)"},
    {"number": "191", "name_th": "แจ้งเหตุด่วนเหตุร้าย", "name_en": "Police emergency"},
)


# The draw

def draw_questions(questions, rng=None):
    """Return the codes of a balanced draw: one question per scam type, difficulties spread evenly."""
    rng = rng or random.SystemRandom()
    by_type = {}
    for question in sorted(questions, key=lambda item: item["id"]):
        by_type.setdefault(question["scam_type"], []).append(question)

    scam_types = sorted(by_type)
    targets = [DIFFICULTIES[index % len(DIFFICULTIES)] for index in range(len(scam_types))]
    rng.shuffle(targets)

    drawn = [_pick_near(by_type[scam_type], target, rng) for scam_type, target in zip(scam_types, targets)]
    rng.shuffle(drawn)
    return [question["id"] for question in drawn]


def _pick_near(candidates, target, rng):
    nearest = min(abs(question["difficulty"] - target) for question in candidates)
    pool = [question for question in candidates if abs(question["difficulty"] - target) == nearest]
    return rng.choice(pool)


# Answers

def check_answers(drawn_codes, answers, questions_by_code):
    """Raise InvalidInput unless ``answers`` pick one valid choice for every drawn question, and nothing else."""
    drawn = set(drawn_codes)
    given = [answer["question_id"] for answer in answers]

    foreign = sorted({code for code in given if code not in drawn})
    if foreign:
        raise MESSAGES.invalid(
            "answers_not_in_attempt", details={"question_ids": foreign}, question_ids=", ".join(foreign)
        )

    counts = collections.Counter(given)
    repeated = sorted(code for code, count in counts.items() if count > 1)
    if repeated:
        raise MESSAGES.invalid("answers_duplicate", details={"question_ids": repeated}, question_ids=", ".join(repeated))

    missing = [code for code in drawn_codes if code not in counts]
    if missing:
        raise MESSAGES.invalid(
            "answers_missing",
            details={"question_ids": missing},
            count=len(missing),
            question_ids=", ".join(missing),
        )

    for answer in answers:
        question = questions_by_code[answer["question_id"]]
        if answer["choice_id"] not in {choice["id"] for choice in question["choices"]}:
            raise MESSAGES.invalid(
                "choice_unknown",
                details={"question_id": question["id"], "choice_id": answer["choice_id"]},
                question_id=question["id"],
                choice_id=answer["choice_id"],
            )


# Scoring

@dataclasses.dataclass
class TypeResult:
    """The player's result for one scam type."""

    scam_type: str
    correct: int = 0
    total: int = 0
    weight_correct: float = 0.0
    weight_total: float = 0.0

    @property
    def score(self):
        return percent(self.weight_correct, self.weight_total)

    def to_dict(self):
        return {"scam_type": self.scam_type, "correct": self.correct, "total": self.total, "score": self.score}


@dataclasses.dataclass
class Score:
    total_score: int
    risk_level: str
    type_results: list
    weakest_types: list
    feedback: list


@dataclasses.dataclass(frozen=True)
class AnswerKey:
    """One question as scoring needs it: its type, weight, right choice and the feedback for each choice."""

    scam_type: str
    weight: float
    correct_id: str
    feedback: dict


def answer_keys(questions):
    """Return the ``AnswerKey`` of each question by code, for a version's snapshot.

    Scores share the feedback dicts of these keys, so nothing may change
    a result's feedback items in place.
    """
    keys = {}
    for question in questions:
        correct_choice = next(choice for choice in question["choices"] if choice["correct"])
        feedback = {
            choice["id"]: question_feedback(question, choice["id"], correct_choice, choice is correct_choice)
            for choice in question["choices"]
        }
        keys[question["id"]] = AnswerKey(question["scam_type"], question["weight"], correct_choice["id"], feedback)
    return keys


def percent(part, whole):
    """Return ``part`` as a share of ``whole`` in whole percent, rounded half up."""
    if whole <= 0:
        return 0
    return int(math.floor(100.0 * part / whole + 0.5))


def score_attempt(drawn_codes, choice_by_code, keys):
    """Score the answers of an attempt.

    ``choice_by_code`` maps each drawn question code to the chosen letter,
    ``keys`` each code to its ``AnswerKey`` (``answer_keys``).
    """
    results = {}
    feedback = []
    weight_correct = weight_total = 0.0

    for code in drawn_codes:
        key = keys[code]
        chosen = choice_by_code[code]

        result = results.get(key.scam_type)
        if result is None:
            result = results[key.scam_type] = TypeResult(key.scam_type)
        result.total += 1
        result.weight_total += key.weight
        weight_total += key.weight
        if chosen == key.correct_id:
            result.correct += 1
            result.weight_correct += key.weight
            weight_correct += key.weight

        feedback.append(key.feedback[chosen])

    type_results = [results[scam_type] for scam_type in sorted(results)]
    total = percent(weight_correct, weight_total)
    return Score(total, risk_level(total, type_results), type_results, weakest_types(type_results), feedback)


def question_feedback(question, chosen, correct_choice, is_correct):
    """Describe one answered question: what was chosen, the right choice and both explanations."""
    chosen_choice = next(choice for choice in question["choices"] if choice["id"] == chosen)
    return {
        "question_id": question["id"],
        "scam_type": question["scam_type"],
        "text_th": question["text_th"],
        "text_en": question["text_en"],
        "correct": is_correct,
        "chosen": _choice_summary(chosen_choice),
        "correct_choice": _choice_summary(correct_choice),
    }


def _choice_summary(choice):
    keys = ("id", "text_th", "text_en", "explanation_th", "explanation_en")
    return {key: choice[key] for key in keys}


def risk_level(total_score, type_results):
    """Return low, medium or high by the rule in the module docstring."""
    if total_score < HIGH_RISK_BELOW:
        return "high"
    if any(result.score == 0 and result.weight_total >= SEVERE_WEIGHT for result in type_results):
        return "high"
    if total_score < LOW_RISK_FROM:
        return "medium"
    return "low"


def weakest_types(type_results):
    """Return up to three scam type codes scored below 100, weakest first."""
    missed = [result for result in type_results if result.score < 100]
    missed.sort(key=lambda result: (result.score, -result.weight_total, result.scam_type))
    return [result.scam_type for result in missed[:MAX_WEAKEST_TYPES]]


def pick_actions(weakest, advice):
    """Return up to three actions ({scam_type, th, en}): the weakest types' advice in turn, then general advice."""
    per_type = [[dict(item, scam_type=code) for item in advice.get(code, [])] for code in weakest]
    actions = [item for round_ in itertools.zip_longest(*per_type) for item in round_ if item is not None]
    actions += [dict(item, scam_type=GENERAL_ADVICE) for item in advice.get(GENERAL_ADVICE, [])]
    return actions[:MAX_ACTIONS]


# The player's area

def resolve_area(province_code, district_code, campaign_province=None, campaign_district=None):
    """Return (province, district) for an attempt; raise InvalidInput for unknown codes.

    A district given without a province implies its province. An attempt
    from a campaign link takes the campaign's area unless the player gives
    a province of their own. A player in the campaign's province who gives
    no district keeps the campaign's district.
    """
    if province_code and not areas.is_province(province_code):
        raise MESSAGES.invalid(
            "province_unknown", details={"field": "province_code", "value": province_code}, province_code=province_code
        )

    if district_code:
        district = areas.districts().get(district_code)
        if district is None:
            raise MESSAGES.invalid(
                "district_unknown", details={"field": "district_code", "value": district_code}, district_code=district_code
            )
        if province_code and district.province_code != province_code:
            raise MESSAGES.invalid(
                "district_outside_province",
                details={"field": "district_code", "value": district_code},
                district_code=district_code,
                province_code=province_code,
            )
        province_code = district.province_code

    if not province_code:
        return campaign_province, (campaign_district if campaign_province else None)
    if province_code == campaign_province and not district_code:
        return province_code, campaign_district
    return province_code, district_code or None


# Keys, codes and fingerprints

def check_idempotency_key(key, required):
    """Return the key, or None when it is optional and absent; raise InvalidInput otherwise."""
    if not key:
        if required:
            raise MESSAGES.invalid("idempotency_key_missing", details={"header": "Idempotency-Key"})
        return None
    if not IDEMPOTENCY_KEY_PATTERN.match(key):
        raise MESSAGES.invalid("idempotency_key_invalid", details={"header": "Idempotency-Key"})
    return key


def fingerprint(data):
    """Return a SHA-256 hex digest of ``data`` as canonical JSON (key order and spacing ignored)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def answers_fingerprint(answers):
    """Fingerprint a submission; the order of the answers does not matter."""
    pairs = sorted((answer["question_id"], answer["choice_id"]) for answer in answers)
    return fingerprint(pairs)


def new_campaign_code():
    return secrets.token_urlsafe(CAMPAIGN_CODE_BYTES)


def check_campaign_code(code):
    if not CAMPAIGN_CODE_PATTERN.match(code or ""):
        raise MESSAGES.invalid(
            "campaign_code_invalid", details={"field": "campaign_code", "value": code}, campaign_code=code
        )
    return code


def is_attempt_id(value):
    return bool(UUID_PATTERN.match(value or ""))


# The result shown to the player

def result_document(attempt_id, quiz_version, completed_at, score, scam_type_names, actions, campaign=None):
    """Assemble the result shown to the player, stored with the attempt and replayed for a retried submission."""

    def named(code):
        names = scam_type_names.get(code) or {"name_th": code, "name_en": code}
        return {"scam_type": code, "name_th": names["name_th"], "name_en": names["name_en"]}

    return {
        "attempt_id": attempt_id,
        "quiz_version": quiz_version,
        "completed_at": completed_at.isoformat(),
        "total_score": score.total_score,
        "risk_level": score.risk_level,
        "type_scores": [dict(named(result.scam_type), **result.to_dict()) for result in score.type_results],
        "weakest_types": [named(code) for code in score.weakest_types],
        "feedback": score.feedback,
        "actions": actions,
        "hotlines": [dict(hotline) for hotline in HOTLINES],
        "campaign": campaign,
    }
