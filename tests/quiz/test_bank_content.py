"""Checks for the shipped quiz content and for the bank validator's error reports."""

import copy
import json
from collections import Counter
from pathlib import Path

import pytest

from services.quiz.bank import (
    ADVICE_PER_KEY,
    GENERAL_ADVICE_KEY,
    InvalidBankError,
    count_questions_by_scam_type,
    load_advice,
    load_bank,
    load_scam_type_codes,
    validate_advice,
    validate_bank,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
BANK_PATH = REPO_ROOT / "services/quiz/data/question_bank.json"
ADVICE_PATH = REPO_ROOT / "services/quiz/data/advice.json"

MIN_QUESTIONS = 48
MIN_QUESTIONS_PER_SCAM_TYPE = 3


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def make_choice(letter, correct):
    return {
        "id": letter,
        "text_th": f"ตัวเลือก {letter}",
        "text_en": f"Choice {letter}",
        "correct": correct,
        "explanation_th": "คำอธิบาย",
        "explanation_en": "Explanation",
    }


def make_question(question_id="q-test-01", scam_type="shopping"):
    return {
        "id": question_id,
        "scam_type": scam_type,
        "difficulty": 1,
        "weight": 1.0,
        "text_th": "คำถาม",
        "text_en": "Question",
        "choices": [make_choice("a", True), make_choice("b", False), make_choice("c", False)],
    }


def make_bank():
    return {"version": 1, "questions": [make_question("q-test-01"), make_question("q-test-02")]}


def make_advice():
    codes = sorted(load_scam_type_codes()) + [GENERAL_ADVICE_KEY]
    action = {"th": "โทร 1441", "en": "Call 1441"}
    return {code: [dict(action) for _ in range(ADVICE_PER_KEY)] for code in codes}


# Shipped content


def test_shipped_bank_is_valid():
    assert validate_bank(read_json(BANK_PATH)) == []


def test_load_bank_returns_shipped_bank():
    bank = load_bank(BANK_PATH)

    assert bank["version"] == 1
    assert len(bank["questions"]) >= MIN_QUESTIONS


def test_scam_types_have_three_or_more_questions():
    counts = count_questions_by_scam_type(load_bank(BANK_PATH))

    for code in sorted(load_scam_type_codes()):
        assert counts[code] >= MIN_QUESTIONS_PER_SCAM_TYPE, f"{code} has {counts[code]} question(s)"


def test_correct_choice_letters_vary():
    questions = load_bank(BANK_PATH)["questions"]
    correct_letters = Counter(
        choice["id"] for question in questions for choice in question["choices"] if choice["correct"]
    )

    assert set(correct_letters) == {"a", "b", "c", "d"}
    assert max(correct_letters.values()) <= len(questions) // 2, correct_letters


def test_question_ids_start_with_scam_type():
    for question in load_bank(BANK_PATH)["questions"]:
        assert question["id"].startswith(f"q-{question['scam_type']}-"), question["id"]


def test_shipped_advice_is_valid():
    assert validate_advice(read_json(ADVICE_PATH)) == []


def test_load_advice_covers_every_scam_type():
    advice = load_advice(ADVICE_PATH)

    assert set(advice) == load_scam_type_codes() | {GENERAL_ADVICE_KEY}


def test_scam_type_codes_loaded_from_taxonomy():
    codes = load_scam_type_codes()

    assert len(codes) == 14
    assert "other" in codes
    assert "shopping-organised" in codes


# Validator reports for invalid banks


def test_fixture_bank_is_valid():
    # The invalid cases below start from this bank, so each reported problem comes from its mutation.
    assert validate_bank(make_bank()) == []


def delete_question_thai_text(bank):
    del bank["questions"][0]["text_th"]


def blank_choice_thai_explanation(bank):
    bank["questions"][0]["choices"][1]["explanation_th"] = "  "


def put_english_in_thai_text(bank):
    bank["questions"][1]["text_th"] = "Question"


def delete_english_text(bank):
    del bank["questions"][1]["choices"][2]["text_en"]


def keep_one_choice(bank):
    bank["questions"][0]["choices"] = [make_choice("a", True)]


def use_five_choices(bank):
    bank["questions"][0]["choices"] = [make_choice(letter, letter == "a") for letter in "abcde"]


def mark_no_choice_correct(bank):
    bank["questions"][0]["choices"][0]["correct"] = False


def mark_two_choices_correct(bank):
    bank["questions"][1]["choices"][2]["correct"] = True


def use_string_for_correct(bank):
    bank["questions"][0]["choices"][1]["correct"] = "false"


def use_unknown_scam_type(bank):
    bank["questions"][1]["scam_type"] = "fraud"


def duplicate_question_id(bank):
    bank["questions"][1]["id"] = "q-test-01"


def use_invalid_question_id(bank):
    bank["questions"][0]["id"] = "Q 1"


def use_out_of_order_choice_id(bank):
    bank["questions"][0]["choices"][1]["id"] = "c"


def use_difficulty_four(bank):
    bank["questions"][0]["difficulty"] = 4


def use_weight_above_maximum(bank):
    bank["questions"][0]["weight"] = 3.5


def use_boolean_weight(bank):
    bank["questions"][0]["weight"] = True


def add_unexpected_key(bank):
    bank["questions"][0]["text_TH"] = "คำถาม"


def delete_choices(bank):
    del bank["questions"][0]["choices"]


def use_version_two(bank):
    bank["version"] = 2


def empty_question_list(bank):
    bank["questions"] = []


INVALID_BANK_CASES = [
    (delete_question_thai_text, "$.questions[0].text_th: missing Thai text"),
    (blank_choice_thai_explanation, "$.questions[0].choices[1].explanation_th: missing Thai text"),
    (put_english_in_thai_text, "$.questions[1].text_th: Thai text contains no Thai characters"),
    (delete_english_text, "$.questions[1].choices[2].text_en: missing English text"),
    (keep_one_choice, "$.questions[0].choices: expected 2 to 4 choices, got 1"),
    (use_five_choices, "$.questions[0].choices: expected 2 to 4 choices, got 5"),
    (mark_no_choice_correct, "$.questions[0].choices: no choice is marked correct"),
    (mark_two_choices_correct, "$.questions[1].choices: 2 choices are marked correct (a, c)"),
    (use_string_for_correct, "$.questions[0].choices[1].correct: expected true or false"),
    (use_unknown_scam_type, "$.questions[1].scam_type: unknown scam type 'fraud'"),
    (duplicate_question_id, "$.questions[1].id: duplicate id 'q-test-01', first used at $.questions[0].id"),
    (use_invalid_question_id, "$.questions[0].id: invalid id 'Q 1'"),
    (use_out_of_order_choice_id, "$.questions[0].choices[1].id: expected 'b' at position 1, got 'c'"),
    (use_difficulty_four, "$.questions[0].difficulty: expected 1, 2 or 3, got 4"),
    (use_weight_above_maximum, "$.questions[0].weight: expected a number from 1.0 to 3.0, got 3.5"),
    (use_boolean_weight, "$.questions[0].weight: expected a number"),
    (add_unexpected_key, "$.questions[0].text_TH: unexpected key 'text_TH'"),
    (delete_choices, "$.questions[0].choices: missing"),
    (use_version_two, "$.version: unsupported version 2, expected 1"),
    (empty_question_list, "$.questions: expected a non-empty list"),
]


@pytest.mark.parametrize(
    ("mutate", "expected_problem"),
    INVALID_BANK_CASES,
    ids=[mutate.__name__ for mutate, _ in INVALID_BANK_CASES],
)
def test_invalid_bank_reports_path(mutate, expected_problem):
    bank = make_bank()
    mutate(bank)

    problems = validate_bank(bank)

    assert any(problem.startswith(expected_problem) for problem in problems), problems


def test_invalid_bank_reports_every_problem():
    bank = make_bank()
    delete_question_thai_text(bank)
    use_unknown_scam_type(bank)

    problems = validate_bank(bank)

    assert len(problems) == 2, problems


def test_non_object_bank_is_reported():
    assert validate_bank(["not", "a", "bank"]) == ["$: expected a JSON object, got list"]


def test_non_object_question_is_reported():
    bank = make_bank()
    bank["questions"][1] = "question"

    assert validate_bank(bank) == ["$.questions[1]: expected an object, got string"]


def test_explicit_scam_types_override_taxonomy():
    bank = make_bank()
    bank["questions"][0]["scam_type"] = "custom"

    assert validate_bank(bank, frozenset({"custom", "shopping"})) == []


def test_load_bank_raises_with_problems(tmp_path):
    bank = make_bank()
    mark_two_choices_correct(bank)
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(bank, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(InvalidBankError) as raised:
        load_bank(path)

    assert raised.value.path == path
    assert len(raised.value.problems) == 1
    assert raised.value.problems[0].startswith("$.questions[1].choices: 2 choices are marked correct")
    assert str(path) in str(raised.value)


# Validator reports for invalid advice


def test_fixture_advice_is_valid():
    assert validate_advice(make_advice()) == []


def test_advice_missing_scam_type_is_reported():
    advice = make_advice()
    del advice["romance"]

    assert validate_advice(advice) == ["$.romance: missing advice"]


def test_advice_unknown_key_is_reported():
    advice = make_advice()
    advice["phishing"] = copy.deepcopy(advice["general"])

    assert validate_advice(advice) == ["$.phishing: unknown scam type 'phishing'"]


def test_advice_wrong_action_count_is_reported():
    advice = make_advice()
    advice["shopping-organised"].pop()

    assert validate_advice(advice) == ['$["shopping-organised"]: expected exactly 3 actions, got 2']


def test_advice_missing_text_is_reported():
    advice = make_advice()
    advice["loan"][2]["th"] = ""
    del advice["general"][0]["en"]

    problems = validate_advice(advice)

    assert "$.loan[2].th: missing Thai text" in problems
    assert "$.general[0].en: missing English text" in problems
    assert len(problems) == 2, problems
