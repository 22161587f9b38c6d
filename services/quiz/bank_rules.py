"""Rules of the question bank: what a valid question is, the import and export formats, and version snapshots.

A question is a dict in the bank format of ``data/question_bank.json``.
It has ``id``, ``scam_type``, ``difficulty`` (1–3), ``weight`` (1.0–3.0),
``text_th``, ``text_en`` and 2–4 ``choices`` with ids a, b, c, d in order.
Each choice has ``text_th``, ``text_en``, ``correct`` (exactly one is
true), ``explanation_th`` and ``explanation_en``.

Import formats, both validated as a whole so that nothing is imported when
any line is wrong:

- JSON: the bank format, ``{"version": 1, "questions": [...]}``. A problem
  is reported on the line where its question object starts.
- CSV: one row per choice, with the columns of ``CSV_COLUMNS``. The rows of
  one question are next to each other. The question columns are filled on
  the question's first row; on its other rows they may be left empty or
  repeat the same values. ``correct`` is true/false (also yes/no, 1/0;
  empty means false). The first line is the header, and problems name the
  line of the row they are on.

Exports use the same formats; the CSV export starts with a UTF-8 byte order
mark so that spreadsheet programs read the Thai text correctly.
"""

import csv
import hashlib
import io
import json
import re

from services.quiz import bank
from services.quiz.exceptions import Problem

MAX_TEXT_LENGTH = 4000
MAX_IMPORT_QUESTIONS = 2000
BYTE_ORDER_MARK = "\ufeff"

QUESTION_COLUMNS = ("question_id", "scam_type", "difficulty", "weight", "question_th", "question_en")
CHOICE_COLUMNS = ("choice_id", "choice_th", "choice_en", "correct", "explanation_th", "explanation_en")
CSV_COLUMNS = QUESTION_COLUMNS + CHOICE_COLUMNS
QUESTION_FIELD_BY_COLUMN = {
    "question_id": "id",
    "scam_type": "scam_type",
    "difficulty": "difficulty",
    "weight": "weight",
    "question_th": "text_th",
    "question_en": "text_en",
}
CHOICE_FIELD_BY_COLUMN = {
    "choice_id": "id",
    "choice_th": "text_th",
    "choice_en": "text_en",
    "correct": "correct",
    "explanation_th": "explanation_th",
    "explanation_en": "explanation_en",
}
TRUE_WORDS = ("true", "yes", "1", "y")
FALSE_WORDS = ("false", "no", "0", "n", "")
JSON_WHITESPACE = re.compile(r"[ \t\n\r]*")


# One question

def check_question(question, scam_types):
    """Return every problem of one question in the bank format (empty when it is valid)."""
    if not isinstance(question, dict):
        return [Problem.of("question_not_object", "question")]

    problems = [Problem.of("field_unexpected", key) for key in question if key not in bank.QUESTION_KEYS]
    for key in ("id", "scam_type", "difficulty", "weight", "choices"):
        if key not in question or question[key] is None:
            problems.append(Problem.of("field_missing", key))

    problems += _check_identity(question, scam_types)
    problems += _check_text(question, "text_th", "text_th")
    problems += _check_text(question, "text_en", "text_en")
    if isinstance(question.get("choices"), list):
        problems += _check_choices(question["choices"])
    elif question.get("choices") is not None:
        problems.append(Problem.of("choice_count_invalid", "choices", count=0, **_CHOICE_LIMITS))
    return problems


_CHOICE_LIMITS = {"minimum": bank.MIN_CHOICES, "maximum": bank.MAX_CHOICES}


def _check_identity(question, scam_types):
    problems = []
    code = question.get("id")
    if code is not None and not (isinstance(code, str) and bank.QUESTION_ID_PATTERN.fullmatch(code)):
        problems.append(Problem.of("question_id_invalid", "id", code))

    scam_type = question.get("scam_type")
    if scam_type is not None and scam_type not in scam_types:
        problems.append(Problem.of("scam_type_unknown", "scam_type", scam_type, allowed=", ".join(sorted(scam_types))))

    difficulty = question.get("difficulty")
    is_level = isinstance(difficulty, int) and not isinstance(difficulty, bool) and difficulty in bank.DIFFICULTIES
    if difficulty is not None and not is_level:
        problems.append(Problem.of("difficulty_invalid", "difficulty", difficulty))

    weight = question.get("weight")
    if weight is not None and not (_is_number(weight) and bank.MIN_WEIGHT <= weight <= bank.MAX_WEIGHT):
        problems.append(
            Problem.of("weight_invalid", "weight", weight, minimum=bank.MIN_WEIGHT, maximum=bank.MAX_WEIGHT)
        )
    return problems


def _check_choices(choices):
    problems = []
    if not bank.MIN_CHOICES <= len(choices) <= bank.MAX_CHOICES:
        problems.append(Problem.of("choice_count_invalid", "choices", count=len(choices), **_CHOICE_LIMITS))

    for index, choice in enumerate(choices):
        problems += _check_choice(choice, index)

    correct = [choice for choice in choices if isinstance(choice, dict) and choice.get("correct") is True]
    if len(correct) != 1:
        problems.append(Problem.of("correct_count_invalid", "choices", count=len(correct)))
    return problems


def _check_choice(choice, index):
    prefix = "choices[{}]".format(index)
    if not isinstance(choice, dict):
        return [Problem.of("question_not_object", prefix)]

    problems = [Problem.of("field_unexpected", "{}.{}".format(prefix, key)) for key in choice if key not in bank.CHOICE_KEYS]
    expected = bank.CHOICE_IDS[index] if index < len(bank.CHOICE_IDS) else None
    if expected is not None and choice.get("id") != expected:
        problems.append(
            Problem.of("choice_id_invalid", prefix + ".id", choice.get("id"), position=index + 1, expected=expected)
        )
    if not isinstance(choice.get("correct"), bool):
        problems.append(Problem.of("correct_value_invalid", prefix + ".correct", choice.get("correct")))
    for key in ("text_th", "text_en", "explanation_th", "explanation_en"):
        problems += _check_text(choice, key, "{}.{}".format(prefix, key))
    return problems


def _check_text(container, key, field):
    value = container.get(key)
    if not isinstance(value, str) or not value.strip():
        return [Problem.of("text_missing", field)]
    if len(value) > MAX_TEXT_LENGTH:
        return [Problem.of("text_too_long", field, maximum=MAX_TEXT_LENGTH)]
    if key.endswith("_th") and not bank.THAI_CHARACTER_PATTERN.search(value):
        return [Problem.of("thai_text_without_thai", field, value)]
    return []


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def normalise_question(question):
    """Return a valid question with stripped texts, an integer difficulty and a float weight."""
    text_keys = ("text_th", "text_en")
    choice_keys = ("text_th", "text_en", "explanation_th", "explanation_en")
    result = {key: question[key] for key in ("id", "scam_type")}
    result["difficulty"] = int(question["difficulty"])
    result["weight"] = float(question["weight"])
    result.update({key: question[key].strip() for key in text_keys})
    result["choices"] = [
        dict({key: choice[key].strip() for key in choice_keys}, id=choice["id"], correct=choice["correct"])
        for choice in question["choices"]
    ]
    return result


# Import

def parse_import(text, file_format, scam_types):
    """Parse and validate an import; return (questions, problems). Problems carry line numbers."""
    text = text.lstrip(BYTE_ORDER_MARK)
    parse = parse_csv if file_format == "csv" else parse_json
    questions, lines, problems = parse(text)
    if len(questions) > MAX_IMPORT_QUESTIONS:
        return [], [Problem.of("too_many_questions", "questions", count=len(questions), maximum=MAX_IMPORT_QUESTIONS)]

    content_problems = _check_all(questions, lines, scam_types)
    if file_format == "csv":
        content_problems = [problem.renamed(csv_column(problem.field)) for problem in content_problems]
    problems = sorted(problems + content_problems, key=lambda problem: problem.line or 0)
    return ([] if problems else [normalise_question(question) for question in questions]), problems


def _check_all(questions, lines, scam_types):
    problems = []
    first_line = {}
    for question, location in zip(questions, lines):
        for problem in check_question(question, scam_types):
            problem.line = location.line_of(problem.field)
            problems.append(problem)

        code = question.get("id") if isinstance(question, dict) else None
        if isinstance(code, str) and code in first_line:
            duplicate = Problem.of("question_id_duplicate", "id", code, first_line=first_line[code])
            duplicate.line = location.question_line
            problems.append(duplicate)
        elif isinstance(code, str):
            first_line[code] = location.question_line
    return problems


def csv_column(field):
    """Return the CSV column that contains a bank-format field ("choices[1].text_th" is "choice_th")."""
    match = re.match(r"choices\[\d+\]\.(\w+)$", field)
    if match:
        columns = {value: key for key, value in CHOICE_FIELD_BY_COLUMN.items()}
        return columns.get(match.group(1), field)
    columns = {value: key for key, value in QUESTION_FIELD_BY_COLUMN.items()}
    return columns.get(field, field)


class Location:
    """The position of a question in an imported file: its first line and the line of each choice."""

    def __init__(self, question_line, choice_lines=()):
        self.question_line = question_line
        self.choice_lines = list(choice_lines)

    def line_of(self, field):
        match = re.match(r"choices\[(\d+)\]", field or "")
        if match and int(match.group(1)) < len(self.choice_lines):
            return self.choice_lines[int(match.group(1))]
        return self.question_line


def parse_json(text):
    """Read the JSON bank format; return (questions, locations, problems)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = Problem.of("json_unreadable", "", detail="{} (line {}, column {})".format(error.msg, error.lineno, error.colno))
        problem.line = error.lineno
        return [], [], [problem]

    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        return [], [], [_at_line(Problem.of("json_structure_invalid", "questions"), 1)]
    if not data["questions"]:
        return [], [], []

    offsets = question_offsets(text)
    locations = [Location(text.count("\n", 0, offset) + 1) for offset in offsets]
    return data["questions"], locations, []


def question_offsets(text):
    """Return the character offset where each element of the top-level ``questions`` list starts.

    ``text`` must be valid JSON with an object at the top. The scan walks the
    top-level keys with the standard decoder and returns at ``questions``.
    """
    decoder = json.JSONDecoder()
    index = _skip_space(text, 0) + 1
    while True:
        index = _skip_space(text, index)
        if text[index] == "}":
            return []
        key, index = json.decoder.scanstring(text, index + 1)
        index = _skip_space(text, _skip_space(text, index) + 1)
        if key == "questions":
            return _element_offsets(text, index, decoder)
        _, index = decoder.raw_decode(text, index)
        index = _skip_space(text, index)
        if text[index] == ",":
            index += 1


def _element_offsets(text, index, decoder):
    offsets = []
    index += 1
    while True:
        index = _skip_space(text, index)
        if text[index] == "]":
            return offsets
        offsets.append(index)
        _, index = decoder.raw_decode(text, index)
        index = _skip_space(text, index)
        if text[index] == ",":
            index += 1


def _skip_space(text, index):
    return JSON_WHITESPACE.match(text, index).end()


def _at_line(problem, line):
    problem.line = line
    return problem


def parse_csv(text):
    """Read the CSV format (one row per choice); return (questions, locations, problems)."""
    try:
        rows = _numbered_rows(text)
    except csv.Error as error:
        return [], [], [Problem.of("csv_unreadable", "", detail=str(error))]
    if not rows:
        return [], [], []

    header_line, header = rows[0]
    header = [column.strip().lower() for column in header]
    missing = [column for column in CSV_COLUMNS if column not in header]
    if missing:
        return [], [], [_at_line(Problem.of("csv_header_invalid", "header", columns=", ".join(missing)), header_line)]

    records = [(line, dict(zip(header, values))) for line, values in rows[1:]]
    return _group_rows(records)


def _numbered_rows(text):
    """Return (first line, values) for each non-blank CSV record."""
    reader = csv.reader(io.StringIO(text))
    rows = []
    previous_end = 0
    for values in reader:
        start = previous_end + 1
        previous_end = reader.line_num
        if any(value.strip() for value in values):
            rows.append((start, [value.strip() for value in values]))
    return rows


def _group_rows(records):
    questions, locations, problems = [], [], []
    first_line = {}
    current = None

    for line, record in records:
        code = record.get("question_id", "")
        if not code:
            problems.append(_at_line(Problem.of("field_missing", "question_id"), line))
            continue
        if current is None or current["id"] != code:
            if code in first_line:
                problems.append(_at_line(Problem.of("csv_rows_apart", "question_id", code, first_line=first_line[code]), line))
                continue
            first_line[code] = line
            current = _question_from_row(record)
            questions.append(current)
            locations.append(Location(line))
        else:
            problems += _check_repeated_columns(current, record, line, first_line[code])

        current["choices"].append(_choice_from_row(record, line, problems))
        locations[-1].choice_lines.append(line)
    return questions, locations, problems


def _question_from_row(record):
    question = {field: record.get(column, "") for column, field in QUESTION_FIELD_BY_COLUMN.items()}
    question["difficulty"] = _number(question["difficulty"], int)
    question["weight"] = _number(question["weight"], float)
    question["choices"] = []
    return {key: value for key, value in question.items() if value != ""}


def _check_repeated_columns(question, record, line, first_line):
    problems = []
    for column, field in QUESTION_FIELD_BY_COLUMN.items():
        value = record.get(column, "")
        if column == "question_id" or value == "":
            continue
        converted = value
        if field == "difficulty":
            converted = _number(value, int)
        elif field == "weight":
            converted = _number(value, float)
        if converted != question.get(field):
            problem = Problem.of("csv_value_differs", column, value, question_id=question["id"], first_line=first_line)
            problems.append(_at_line(problem, line))
    return problems


def _choice_from_row(record, line, problems):
    choice = {field: record.get(column, "") for column, field in CHOICE_FIELD_BY_COLUMN.items()}
    word = choice["correct"].lower()
    if word in TRUE_WORDS:
        choice["correct"] = True
    elif word in FALSE_WORDS:
        choice["correct"] = False
    else:
        problems.append(_at_line(Problem.of("correct_value_invalid", "correct", choice["correct"]), line))
        choice["correct"] = False
    return choice


def _number(text, kind):
    """Convert a CSV cell to ``kind``; keep the text when it is not a number so the check reports it."""
    if text == "":
        return ""
    try:
        return kind(text)
    except ValueError:
        return text


# Export

def export_json(questions):
    """Return the questions as a bank file (JSON text)."""
    return json.dumps({"version": bank.BANK_VERSION, "questions": questions}, ensure_ascii=False, indent=2) + "\n"


def export_csv(questions):
    """Return the questions as CSV text, one row per choice, with a byte order mark."""
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for question in questions:
        for choice in question["choices"]:
            writer.writerow(
                [
                    question["id"],
                    question["scam_type"],
                    question["difficulty"],
                    _format_weight(question["weight"]),
                    question["text_th"],
                    question["text_en"],
                    choice["id"],
                    choice["text_th"],
                    choice["text_en"],
                    "true" if choice["correct"] else "false",
                    choice["explanation_th"],
                    choice["explanation_en"],
                ]
            )
    return BYTE_ORDER_MARK + output.getvalue()


def _format_weight(weight):
    return "{:g}".format(weight)


# Version snapshots

def build_snapshot(questions, scam_type_names):
    """Return (snapshot text, checksum) for a version: its questions and the names of their scam types.

    The text leaves out the version number, so equal content gives an equal checksum.
    """
    used = sorted({question["scam_type"] for question in questions})
    names = {code: scam_type_names.get(code, {"name_th": code, "name_en": code}) for code in used}
    snapshot = {"scam_types": names, "questions": sorted(questions, key=lambda item: item["id"])}
    text = json.dumps(snapshot, ensure_ascii=False, sort_keys=True)
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()
