"""Load and validate the quiz question bank and the per-scam-type advice.

Both files are plain JSON under services/quiz/data/. Validators return every
problem they find as "<JSON path>: <what is wrong>", for example
"$.questions[3].choices[1].text_th: missing Thai text", so a content author
can fix all of them in one pass. This module has no service dependencies.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

SCAM_TYPES_PATH = Path(__file__).resolve().parents[2] / "cybervaccine/data/scam_types.json"

BANK_VERSION = 1
CHOICE_IDS = ("a", "b", "c", "d")
MIN_CHOICES = 2
MAX_CHOICES = len(CHOICE_IDS)
DIFFICULTIES = (1, 2, 3)
MIN_WEIGHT = 1.0
MAX_WEIGHT = 3.0
ADVICE_PER_KEY = 3
GENERAL_ADVICE_KEY = "general"

BANK_KEYS = ("version", "questions")
QUESTION_KEYS = ("id", "scam_type", "difficulty", "weight", "text_th", "text_en", "choices")
CHOICE_KEYS = ("id", "text_th", "text_en", "correct", "explanation_th", "explanation_en")
ADVICE_KEYS = ("th", "en")

QUESTION_ID_PATTERN = re.compile(r"q-[a-z0-9]+(?:-[a-z0-9]+)*")
IDENTIFIER_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
THAI_CHARACTER_PATTERN = re.compile("[\u0e00-\u0e7f]")


class InvalidBankError(ValueError):
    """Error raised when a bank or advice file fails validation.

    `problems` contains one "<JSON path>: <what is wrong>" string per problem.
    """

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        listing = "\n  ".join(problems)
        super().__init__(f"{path} has {len(problems)} problem(s):\n  {listing}")


def load_scam_type_codes(path: Path = SCAM_TYPES_PATH) -> frozenset[str]:
    """Read the scam taxonomy file and return its codes."""
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    return frozenset(entry["code"] for entry in entries)


def load_bank(path: str | Path, scam_types: frozenset[str] | None = None) -> dict[str, Any]:
    """Read a question bank file and return it after validation.

    Raises InvalidBankError listing every problem, json.JSONDecodeError for
    malformed JSON, and OSError when the file cannot be read.
    """
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    problems = validate_bank(data, scam_types)
    if problems:
        raise InvalidBankError(path, problems)
    return data


def load_advice(path: str | Path, scam_types: frozenset[str] | None = None) -> dict[str, Any]:
    """Read an advice file and return it after validation.

    Raises the same errors as load_bank.
    """
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    problems = validate_advice(data, scam_types)
    if problems:
        raise InvalidBankError(path, problems)
    return data


def validate_bank(data: Any, scam_types: frozenset[str] | None = None) -> list[str]:
    """Return every problem in a question bank, or an empty list if it is valid.

    `scam_types` defaults to the codes in SCAM_TYPES_PATH.
    """
    if scam_types is None:
        scam_types = load_scam_type_codes()
    if not isinstance(data, dict):
        return [f"$: expected a JSON object, got {_type_name(data)}"]

    problems = _check_keys(data, BANK_KEYS, "$")
    if "version" in data and not _is_int(data["version"], BANK_VERSION):
        problems.append(f"$.version: unsupported version {data['version']!r}, expected {BANK_VERSION}")

    if "questions" not in data:
        return problems
    questions = data["questions"]
    if not isinstance(questions, list) or not questions:
        problems.append(f"$.questions: expected a non-empty list, got {_type_name(questions)} {questions!r:.40}")
        return problems

    for index, question in enumerate(questions):
        problems.extend(_validate_question(question, f"$.questions[{index}]", scam_types))
    problems.extend(_find_duplicate_question_ids(questions))
    return problems


def validate_advice(data: Any, scam_types: frozenset[str] | None = None) -> list[str]:
    """Return every problem in an advice mapping, or an empty list if it is valid.

    The mapping needs one key per scam type plus "general", each with exactly
    ADVICE_PER_KEY actions that have non-empty Thai and English text.
    """
    if scam_types is None:
        scam_types = load_scam_type_codes()
    if not isinstance(data, dict):
        return [f"$: expected a JSON object, got {_type_name(data)}"]

    expected_keys = set(scam_types) | {GENERAL_ADVICE_KEY}
    problems = [f"{_key_path('$', key)}: missing advice" for key in sorted(expected_keys - data.keys())]
    for key in sorted(data.keys() - expected_keys):
        problems.append(f"{_key_path('$', key)}: unknown scam type {key!r}")

    for key in sorted(data.keys() & expected_keys):
        problems.extend(_validate_advice_list(data[key], _key_path("$", key)))
    return problems


def count_questions_by_scam_type(data: dict[str, Any]) -> Counter[str]:
    """Count the questions of an already validated bank per scam type code."""
    return Counter(question["scam_type"] for question in data["questions"])


def _validate_question(question: Any, path: str, scam_types: frozenset[str]) -> list[str]:
    if not isinstance(question, dict):
        return [f"{path}: expected an object, got {_type_name(question)}"]

    problems = _check_keys(question, QUESTION_KEYS, path)
    problems.extend(_check_question_id(question, path))
    problems.extend(_check_scam_type(question, path, scam_types))
    problems.extend(_check_difficulty(question, path))
    problems.extend(_check_weight(question, path))
    problems.extend(_check_text(question, "text_th", path))
    problems.extend(_check_text(question, "text_en", path))
    if "choices" in question:
        problems.extend(_validate_choices(question["choices"], f"{path}.choices"))
    return problems


def _validate_choices(choices: Any, path: str) -> list[str]:
    if not isinstance(choices, list):
        return [f"{path}: expected a list, got {_type_name(choices)}"]

    problems = []
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        problems.append(f"{path}: expected {MIN_CHOICES} to {MAX_CHOICES} choices, got {len(choices)}")
    for index, choice in enumerate(choices):
        problems.extend(_validate_choice(choice, index, f"{path}[{index}]"))
    problems.extend(_check_single_correct_choice(choices, path))
    return problems


def _validate_choice(choice: Any, index: int, path: str) -> list[str]:
    if not isinstance(choice, dict):
        return [f"{path}: expected an object, got {_type_name(choice)}"]

    problems = _check_keys(choice, CHOICE_KEYS, path)
    # Choice ids are the letters shown to players, so they must run a, b, c, d in order.
    # A fifth choice has no letter, so only the choice count check reports it.
    if "id" in choice and index < len(CHOICE_IDS) and choice["id"] != CHOICE_IDS[index]:
        problems.append(f"{path}.id: expected {CHOICE_IDS[index]!r} at position {index}, got {choice['id']!r}")
    if "correct" in choice and not isinstance(choice["correct"], bool):
        problems.append(f"{path}.correct: expected true or false, got {choice['correct']!r}")
    for key in ("text_th", "text_en", "explanation_th", "explanation_en"):
        problems.extend(_check_text(choice, key, path))
    return problems


def _check_single_correct_choice(choices: list[Any], path: str) -> list[str]:
    correct_ids = [
        str(choice.get("id", index))
        for index, choice in enumerate(choices)
        if isinstance(choice, dict) and choice.get("correct") is True
    ]
    if not correct_ids:
        return [f"{path}: no choice is marked correct, expected exactly one"]
    if len(correct_ids) > 1:
        listed = ", ".join(correct_ids)
        return [f"{path}: {len(correct_ids)} choices are marked correct ({listed}), expected exactly one"]
    return []


def _find_duplicate_question_ids(questions: list[Any]) -> list[str]:
    first_seen: dict[str, int] = {}
    problems = []
    for index, question in enumerate(questions):
        if not isinstance(question, dict) or not isinstance(question.get("id"), str):
            continue
        question_id = question["id"]
        if question_id in first_seen:
            first_path = f"$.questions[{first_seen[question_id]}].id"
            problems.append(f"$.questions[{index}].id: duplicate id {question_id!r}, first used at {first_path}")
        else:
            first_seen[question_id] = index
    return problems


def _check_question_id(question: dict[str, Any], path: str) -> list[str]:
    if "id" not in question:
        return []
    question_id = question["id"]
    if not isinstance(question_id, str) or not QUESTION_ID_PATTERN.fullmatch(question_id):
        return [f"{path}.id: invalid id {question_id!r}, expected lowercase words joined by '-', like 'q-shopping-01'"]
    return []


def _check_scam_type(question: dict[str, Any], path: str, scam_types: frozenset[str]) -> list[str]:
    if "scam_type" not in question or question["scam_type"] in scam_types:
        return []
    valid = ", ".join(sorted(scam_types))
    return [f"{path}.scam_type: unknown scam type {question['scam_type']!r}, expected one of: {valid}"]


def _check_difficulty(question: dict[str, Any], path: str) -> list[str]:
    if "difficulty" not in question:
        return []
    difficulty = question["difficulty"]
    if not any(_is_int(difficulty, level) for level in DIFFICULTIES):
        return [f"{path}.difficulty: expected 1, 2 or 3, got {difficulty!r}"]
    return []


def _check_weight(question: dict[str, Any], path: str) -> list[str]:
    if "weight" not in question:
        return []
    weight = question["weight"]
    is_number = isinstance(weight, (int, float)) and not isinstance(weight, bool)
    if not is_number or not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        return [f"{path}.weight: expected a number from {MIN_WEIGHT} to {MAX_WEIGHT}, got {weight!r}"]
    return []


def _check_text(container: dict[str, Any], key: str, path: str) -> list[str]:
    """Check one `*_th` or `*_en` field. Thai fields must contain Thai script."""
    field_path = f"{path}.{key}"
    language = "Thai" if key.endswith("_th") or key == "th" else "English"
    value = container.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return [f"{field_path}: missing {language} text"]
    if not isinstance(value, str):
        return [f"{field_path}: expected a string, got {_type_name(value)}"]
    if language == "Thai" and not THAI_CHARACTER_PATTERN.search(value):
        return [f"{field_path}: Thai text contains no Thai characters: {value!r}"]
    return []


def _validate_advice_list(actions: Any, path: str) -> list[str]:
    if not isinstance(actions, list):
        return [f"{path}: expected a list, got {_type_name(actions)}"]

    problems = []
    if len(actions) != ADVICE_PER_KEY:
        problems.append(f"{path}: expected exactly {ADVICE_PER_KEY} actions, got {len(actions)}")
    for index, action in enumerate(actions):
        action_path = f"{path}[{index}]"
        if not isinstance(action, dict):
            problems.append(f"{action_path}: expected an object, got {_type_name(action)}")
            continue
        problems.extend(_check_unexpected_keys(action, ADVICE_KEYS, action_path))
        problems.extend(_check_text(action, "th", action_path))
        problems.extend(_check_text(action, "en", action_path))
    return problems


def _check_keys(container: dict[str, Any], expected: tuple[str, ...], path: str) -> list[str]:
    """Report required keys that are absent and keys that are not expected.

    Text fields are left out of the missing-key report because _check_text
    reports them with the language, as "missing Thai text".
    """
    problems = [
        f"{path}.{key}: missing"
        for key in expected
        if key not in container and not key.endswith(("_th", "_en"))
    ]
    problems.extend(_check_unexpected_keys(container, expected, path))
    return problems


def _check_unexpected_keys(container: dict[str, Any], expected: tuple[str, ...], path: str) -> list[str]:
    return [f"{_key_path(path, key)}: unexpected key {key!r}" for key in container if key not in expected]


def _is_int(value: Any, expected: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value == expected


def _key_path(parent: str, key: Any) -> str:
    if isinstance(key, str) and IDENTIFIER_PATTERN.fullmatch(key):
        return f"{parent}.{key}"
    return f"{parent}[{json.dumps(key, ensure_ascii=False)}]"


def _type_name(value: Any) -> str:
    names = {dict: "object", list: "list", str: "string", bool: "boolean", int: "integer", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)
