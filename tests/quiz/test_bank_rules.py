"""Question validation and the CSV and JSON import and export formats, with line numbers."""

import json
import pathlib

from services.quiz import bank, bank_rules
from tests.quiz.factories import make_question

BANK_TEXT = (pathlib.Path(__file__).resolve().parents[2] / "services/quiz/data/question_bank.json").read_text("utf-8")
SCAM_TYPES = bank.load_scam_type_codes()


def problems_of(question):
    return [(problem.field, problem.code) for problem in bank_rules.check_question(question, SCAM_TYPES)]


def csv_text(rows):
    header = ",".join(bank_rules.CSV_COLUMNS)
    return "\n".join([header] + rows) + "\n"


def csv_row(question_id="q-test-01", scam_type="shopping", difficulty="1", weight="2", choice="a", correct="true",
            question_th="คำถาม", choice_th="ตัวเลือก"):
    values = [question_id, scam_type, difficulty, weight, question_th, "Question", choice, choice_th, "Choice",
              correct, "คำอธิบาย", "Explanation"]
    return ",".join(values)


# One question

def test_valid_question_has_no_problems():
    assert problems_of(make_question("q-test-01")) == []


def test_question_problems_are_listed_by_field():
    question = make_question("Q 1", scam_type="phishing", difficulty=5, weight=7)
    question["text_th"] = "English only"
    del question["text_en"]
    question["choices"][1]["correct"] = True
    question["choices"][2]["id"] = "d"

    assert problems_of(question) == [
        ("id", "question_id_invalid"),
        ("scam_type", "scam_type_unknown"),
        ("difficulty", "difficulty_invalid"),
        ("weight", "weight_invalid"),
        ("text_th", "thai_text_without_thai"),
        ("text_en", "text_missing"),
        ("choices[2].id", "choice_id_invalid"),
        ("choices", "correct_count_invalid"),
    ]


def test_question_needs_two_to_four_choices():
    one = make_question("q-test-01", letters="a")
    five = make_question("q-test-02", letters="abcde")

    assert ("choices", "choice_count_invalid") in problems_of(one)
    assert ("choices", "choice_count_invalid") in problems_of(five)


def test_question_missing_and_unknown_fields():
    question = make_question("q-test-01")
    del question["scam_type"]
    question["colour"] = "red"

    assert problems_of(question) == [("colour", "field_unexpected"), ("scam_type", "field_missing")]


def test_problem_messages_in_both_languages():
    problem = bank_rules.check_question(make_question("q-test-01", difficulty=9), SCAM_TYPES)[0]

    assert problem.message_en == "Difficulty 9 is invalid. Use 1, 2 or 3."
    assert "ระดับความยาก 9" in problem.message_th


def test_boolean_is_not_a_difficulty():
    assert ("difficulty", "difficulty_invalid") in problems_of(make_question("q-test-01", difficulty=True))


# JSON import

def test_shipped_bank_imports_as_json():
    questions, problems = bank_rules.parse_import(BANK_TEXT, "json", SCAM_TYPES)

    assert problems == []
    assert len(questions) == len(json.loads(BANK_TEXT)["questions"])


def test_json_problems_name_question_start_line():
    data = {"version": 1, "questions": [make_question("q-test-01"), make_question("q-test-02", difficulty=0)]}
    text = json.dumps(data, indent=2, ensure_ascii=False)
    expected_line = text.splitlines().index('    {', 30) + 1

    questions, problems = bank_rules.parse_import(text, "json", SCAM_TYPES)

    assert questions == []
    assert [(problem.line, problem.field, problem.code) for problem in problems] == [
        (expected_line, "difficulty", "difficulty_invalid")
    ]


def test_json_syntax_error_names_line():
    questions, problems = bank_rules.parse_import('{"version": 1,\n "questions": [\n {"id": }]}', "json", SCAM_TYPES)

    assert questions == []
    assert problems[0].code == "json_unreadable"
    assert problems[0].line == 3


def test_json_without_question_list():
    _, problems = bank_rules.parse_import('["q-1"]', "json", SCAM_TYPES)

    assert [problem.code for problem in problems] == ["json_structure_invalid"]


def test_json_duplicate_ids_reported():
    data = {"questions": [make_question("q-test-01"), make_question("q-test-01")]}
    text = json.dumps(data, indent=1, ensure_ascii=False)

    _, problems = bank_rules.parse_import(text, "json", SCAM_TYPES)

    assert [problem.code for problem in problems] == ["question_id_duplicate"]
    assert problems[0].params["first_line"] == 3


def test_question_offsets_skip_strings_with_brackets():
    text = '{"note": "a ] and } and [", "questions": [ {"id": "x"},\n{"id": "y"} ]}'

    offsets = bank_rules.question_offsets(text)

    assert [text[offset:offset + 11] for offset in offsets] == ['{"id": "x"}', '{"id": "y"}']


# CSV import

def test_csv_round_trip_of_shipped_bank():
    questions, _ = bank_rules.parse_import(BANK_TEXT, "json", SCAM_TYPES)

    exported = bank_rules.export_csv(questions)
    imported, problems = bank_rules.parse_import(exported, "csv", SCAM_TYPES)

    assert exported.startswith(bank_rules.BYTE_ORDER_MARK)
    assert problems == []
    assert imported == questions


def test_json_export_round_trip():
    questions, _ = bank_rules.parse_import(BANK_TEXT, "json", SCAM_TYPES)

    imported, problems = bank_rules.parse_import(bank_rules.export_json(questions), "json", SCAM_TYPES)

    assert problems == []
    assert imported == questions
    assert bank.validate_bank(json.loads(bank_rules.export_json(questions))) == []


def test_csv_continuation_rows_may_leave_question_columns_empty():
    rows = [csv_row(choice="a", correct="yes"), ",,,,,,b,ตัวเลือก,Choice,no,คำอธิบาย,Explanation"]
    rows[1] = "q-test-01" + rows[1]

    questions, problems = bank_rules.parse_import(csv_text(rows), "csv", SCAM_TYPES)

    assert problems == []
    assert questions[0]["difficulty"] == 1
    assert questions[0]["weight"] == 2.0
    assert [choice["correct"] for choice in questions[0]["choices"]] == [True, False]


def test_csv_problems_name_line_and_column():
    rows = [
        csv_row("q-test-01", choice="a"),
        csv_row("q-test-01", choice="b", correct="false", choice_th="only English"),
        csv_row("q-test-02", scam_type="phishing", choice="a"),
        csv_row("q-test-02", scam_type="phishing", choice="b", correct="maybe"),
        csv_row("q-test-01", choice="c", correct="false"),
        csv_row("q-test-03", difficulty="hard", choice="a"),
        csv_row("q-test-03", difficulty="2", choice="b", correct="false"),
    ]

    questions, problems = bank_rules.parse_import(csv_text(rows), "csv", SCAM_TYPES)

    found = [(problem.line, problem.field, problem.code) for problem in problems]
    assert questions == []
    assert found == [
        (3, "choice_th", "thai_text_without_thai"),
        (4, "scam_type", "scam_type_unknown"),
        (5, "correct", "correct_value_invalid"),
        (6, "question_id", "csv_rows_apart"),
        (7, "difficulty", "difficulty_invalid"),
        (8, "difficulty", "csv_value_differs"),
    ]


def test_csv_header_missing_columns():
    _, problems = bank_rules.parse_import("question_id,scam_type\nq-1,shopping\n", "csv", SCAM_TYPES)

    assert [(problem.line, problem.code) for problem in problems] == [(1, "csv_header_invalid")]
    assert "choice_id" in problems[0].message_en


def test_csv_two_correct_choices():
    rows = [csv_row(choice="a"), csv_row(choice="b")]

    _, problems = bank_rules.parse_import(csv_text(rows), "csv", SCAM_TYPES)

    assert [(problem.line, problem.code) for problem in problems] == [(2, "correct_count_invalid")]


def test_csv_line_numbers_count_blank_and_multiline_records():
    rows = [csv_row("q-test-01", choice="a"), "", csv_row("q-test-01", choice="b", correct="false")]
    multiline = '"คำถาม\nสองบรรทัด"'
    rows.append(csv_row("q-test-02", choice="a", question_th=multiline))
    rows.append(csv_row("q-test-02", choice="b", correct="x", question_th=multiline))

    _, problems = bank_rules.parse_import(csv_text(rows), "csv", SCAM_TYPES)

    assert [(problem.line, problem.code) for problem in problems] == [(7, "correct_value_invalid")]


def test_empty_csv_has_no_questions():
    questions, problems = bank_rules.parse_import(csv_text([]), "csv", SCAM_TYPES)

    assert (questions, problems) == ([], [])


# Snapshots

def test_snapshot_checksum_ignores_question_order():
    first = [make_question("q-test-01"), make_question("q-test-02", scam_type="loan")]
    names = {"shopping": {"name_th": "ซื้อขาย", "name_en": "Shopping"}}

    text, checksum = bank_rules.build_snapshot(first, names)
    _, same = bank_rules.build_snapshot(list(reversed(first)), names)

    snapshot = json.loads(text)
    assert checksum == same
    assert snapshot["scam_types"]["loan"] == {"name_th": "loan", "name_en": "loan"}
    assert [question["id"] for question in snapshot["questions"]] == ["q-test-01", "q-test-02"]
