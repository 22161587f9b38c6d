"""The quiz's pure rules: the balanced draw, scoring, risk level, advice, area and keys."""

import collections
import datetime
import pathlib
import random

import pytest

from cybervaccine import errors
from services.quiz import bank, rules
from services.quiz.attempts import load_advice
from tests.quiz.factories import make_question, make_questions

SEED_BANK = bank.load_bank(pathlib.Path(__file__).resolve().parents[2] / "services/quiz/data/question_bank.json")


def by_code(questions):
    return {question["id"]: question for question in questions}


# The draw

def test_draw_covers_every_scam_type_once():
    questions = SEED_BANK["questions"]

    drawn = rules.draw_questions(questions, random.Random(1))

    types = [by_code(questions)[code]["scam_type"] for code in drawn]
    assert sorted(types) == sorted({question["scam_type"] for question in questions})
    assert len(set(drawn)) == len(drawn)


def test_draw_spreads_difficulty_evenly():
    questions = make_questions(types=6, per_difficulty=2)

    for seed in range(30):
        drawn = rules.draw_questions(questions, random.Random(seed))
        counts = collections.Counter(by_code(questions)[code]["difficulty"] for code in drawn)
        assert counts == {1: 2, 2: 2, 3: 2}, counts


def test_draw_uses_nearest_difficulty_when_target_missing():
    questions = [
        make_question("q-a-1", "shopping", difficulty=1),
        make_question("q-b-3", "loan", difficulty=3),
        make_question("q-c-2", "job", difficulty=2),
    ]

    for seed in range(20):
        drawn = rules.draw_questions(questions, random.Random(seed))
        assert sorted(drawn) == ["q-a-1", "q-b-3", "q-c-2"]


def test_draw_reaches_every_question_over_time():
    questions = SEED_BANK["questions"]
    seen = set()

    for seed in range(400):
        seen.update(rules.draw_questions(questions, random.Random(seed)))

    assert seen == set(by_code(questions))


def test_draw_order_is_shuffled():
    questions = SEED_BANK["questions"]
    orders = set()

    for seed in range(5):
        drawn = rules.draw_questions(questions, random.Random(seed))
        orders.add(tuple(by_code(questions)[code]["scam_type"] for code in drawn))

    assert len(orders) > 1


# Answers

def test_check_answers_accepts_complete_set():
    questions = make_questions(types=3, per_difficulty=1)
    drawn = [question["id"] for question in questions[:3]]
    answers = [{"question_id": code, "choice_id": "a"} for code in drawn]

    rules.check_answers(drawn, answers, by_code(questions))


@pytest.mark.parametrize(
    "answers, code, listed",
    [
        ([("q1", "a"), ("q2", "a"), ("q3", "a"), ("q9", "a")], "answers_not_in_attempt", ["q9"]),
        ([("q1", "a"), ("q2", "a"), ("q3", "a"), ("q2", "b")], "answers_duplicate", ["q2"]),
        ([("q1", "a")], "answers_missing", ["q2", "q3"]),
        ([], "answers_missing", ["q1", "q2", "q3"]),
    ],
)
def test_check_answers_rejects_bad_sets(answers, code, listed):
    questions = {name: make_question(name, "shopping") for name in ("q1", "q2", "q3", "q9")}
    answers = [{"question_id": question, "choice_id": choice} for question, choice in answers]

    with pytest.raises(errors.InvalidInput) as raised:
        rules.check_answers(["q1", "q2", "q3"], answers, questions)

    assert raised.value.code == code
    assert raised.value.details["question_ids"] == listed
    assert raised.value.message_th and raised.value.message_en


def test_check_answers_rejects_unknown_choice():
    questions = {"q1": make_question("q1", "shopping")}

    with pytest.raises(errors.InvalidInput) as raised:
        rules.check_answers(["q1"], [{"question_id": "q1", "choice_id": "z"}], questions)

    assert raised.value.code == "choice_unknown"
    assert raised.value.details == {"question_id": "q1", "choice_id": "z"}


# Scoring

def score(spec):
    """Score answers from [(scam_type, weight, answered correctly)]."""
    questions = {}
    chosen = {}
    for index, (scam_type, weight, right) in enumerate(spec):
        code = "q-{}-{}".format(scam_type, index)
        questions[code] = make_question(code, scam_type, weight=weight, correct="b")
        chosen[code] = "b" if right else "a"
    return rules.score_attempt(list(questions), chosen, rules.answer_keys(questions.values()))


def test_score_weights_correct_answers():
    result = score([("shopping", 3.0, True), ("loan", 1.0, False)])

    assert result.total_score == 75
    assert [item.to_dict() for item in result.type_results] == [
        {"scam_type": "loan", "correct": 0, "total": 1, "score": 0},
        {"scam_type": "shopping", "correct": 1, "total": 1, "score": 100},
    ]


def test_score_per_type_uses_weights():
    result = score([("job", 2.0, True), ("job", 1.0, False), ("loan", 1.0, True)])

    job = next(item for item in result.type_results if item.scam_type == "job")
    assert (job.correct, job.total, job.score) == (1, 2, 67)


def test_score_rounds_half_up():
    assert rules.percent(1, 8) == 13
    assert rules.percent(5, 8) == 63
    assert rules.percent(0, 0) == 0


def test_feedback_names_chosen_and_correct_choice():
    result = score([("shopping", 1.0, False)])

    item = result.feedback[0]
    assert item["correct"] is False
    assert item["chosen"]["id"] == "a"
    assert item["correct_choice"]["id"] == "b"
    assert item["correct_choice"]["explanation_th"]


@pytest.mark.parametrize(
    "spec, level",
    [
        ([("shopping", 1.0, True)] * 3 + [("loan", 1.0, False)] * 2, "medium"),
        ([("shopping", 1.0, True)] * 9 + [("loan", 1.0, False)], "low"),
        ([("shopping", 1.0, True)] * 4 + [("loan", 1.0, False)] * 5, "high"),
        ([("shopping", 2.0, True)] * 12 + [("call-center", 3.0, False)], "high"),
        ([("shopping", 2.0, True)] * 12 + [("call-center", 2.5, False)], "low"),
        ([("shopping", 1.0, True)], "low"),
    ],
)
def test_risk_level_rule(spec, level):
    assert score(spec).risk_level == level


def test_risk_level_boundaries():
    low = [rules.TypeResult("shopping", 1, 1, 1.0, 1.0)]

    assert rules.risk_level(49, low) == "high"
    assert rules.risk_level(50, low) == "medium"
    assert rules.risk_level(79, low) == "medium"
    assert rules.risk_level(80, low) == "low"


def test_weakest_types_lowest_first_max_three():
    result = score(
        [
            ("shopping", 1.0, True),
            ("loan", 1.0, False),
            ("job", 3.0, False),
            ("romance", 2.0, False),
            ("reward", 1.0, False),
            ("hacking", 2.0, True),
            ("hacking", 2.0, False),
        ]
    )

    assert result.weakest_types == ["job", "romance", "loan"]


def test_weakest_types_empty_when_all_correct():
    assert score([("shopping", 1.0, True), ("loan", 2.0, True)]).weakest_types == []


# Advice

def test_actions_alternate_between_weak_types():
    advice = load_advice()

    actions = rules.pick_actions(["loan", "job"], advice)

    assert [action["scam_type"] for action in actions] == ["loan", "job", "loan"]
    assert actions[0]["th"] == advice["loan"][0]["th"]
    assert actions[1]["en"] == advice["job"][0]["en"]
    assert actions[2]["th"] == advice["loan"][1]["th"]


def test_actions_general_when_nothing_weak():
    actions = rules.pick_actions([], load_advice())

    assert len(actions) == 3
    assert {action["scam_type"] for action in actions} == {"general"}


def test_actions_fill_with_general_for_unknown_type():
    actions = rules.pick_actions(["brand-new-type"], load_advice())

    assert [action["scam_type"] for action in actions] == ["general"] * 3


def test_actions_at_most_three():
    assert len(rules.pick_actions(["loan", "job", "romance"], load_advice())) == 3


# Area

def test_area_from_player_only():
    assert rules.resolve_area("TH-50", "5001") == ("TH-50", "5001")
    assert rules.resolve_area("TH-50", None) == ("TH-50", None)
    assert rules.resolve_area(None, None) == (None, None)


def test_area_district_implies_province():
    assert rules.resolve_area(None, "5001") == ("TH-50", "5001")


def test_area_campaign_fills_missing_province():
    assert rules.resolve_area(None, None, "TH-50", "5001") == ("TH-50", "5001")


def test_area_same_province_keeps_campaign_district():
    assert rules.resolve_area("TH-50", None, "TH-50", "5001") == ("TH-50", "5001")


def test_area_player_province_wins_over_campaign():
    assert rules.resolve_area("TH-10", None, "TH-50", "5001") == ("TH-10", None)


@pytest.mark.parametrize(
    "province, district, code",
    [
        ("TH-99", None, "province_unknown"),
        ("Chiang Mai", None, "province_unknown"),
        ("TH-50", "9999", "district_unknown"),
        ("TH-10", "5001", "district_outside_province"),
    ],
)
def test_area_rejects_unknown_codes(province, district, code):
    with pytest.raises(errors.InvalidInput) as raised:
        rules.resolve_area(province, district)

    assert raised.value.code == code


# Keys and codes

def test_idempotency_key_rules():
    assert rules.check_idempotency_key(None, required=False) is None
    assert rules.check_idempotency_key("abc-12345", required=True) == "abc-12345"

    with pytest.raises(errors.InvalidInput) as missing:
        rules.check_idempotency_key("", required=True)
    with pytest.raises(errors.InvalidInput) as short:
        rules.check_idempotency_key("abc", required=True)
    with pytest.raises(errors.InvalidInput) as spaces:
        rules.check_idempotency_key("has spaces in it", required=False)

    assert missing.value.code == "idempotency_key_missing"
    assert short.value.code == "idempotency_key_invalid"
    assert spaces.value.code == "idempotency_key_invalid"


def test_answers_fingerprint_ignores_order():
    first = [{"question_id": "q1", "choice_id": "a"}, {"question_id": "q2", "choice_id": "b"}]
    second = list(reversed(first))
    changed = [{"question_id": "q1", "choice_id": "b"}, {"question_id": "q2", "choice_id": "b"}]

    assert rules.answers_fingerprint(first) == rules.answers_fingerprint(second)
    assert rules.answers_fingerprint(first) != rules.answers_fingerprint(changed)


def test_campaign_codes_are_url_safe_and_checked():
    code = rules.new_campaign_code()

    assert rules.check_campaign_code(code) == code
    assert len(code) == 11
    for bad in ("short", "has/slash1", "x" * 13, "", None):
        with pytest.raises(errors.InvalidInput) as raised:
            rules.check_campaign_code(bad)
        assert raised.value.code == "campaign_code_invalid"


def test_result_document_has_names_and_hotlines():
    result = score([("shopping", 1.0, False), ("loan", 1.0, True)])
    names = {"shopping": {"name_th": "ซื้อขาย", "name_en": "Shopping"}}
    completed = datetime.datetime(2026, 12, 4, tzinfo=datetime.timezone.utc)

    document = rules.result_document("id-1", 2, completed, result, names, [], None)

    assert document["weakest_types"] == [{"scam_type": "shopping", "name_th": "ซื้อขาย", "name_en": "Shopping"}]
    assert document["type_scores"][0]["name_en"] == "loan"
    assert [hotline["number"] for hotline in document["hotlines"]] == ["1441", "191"]
    assert document["completed_at"] == "2026-12-04T00:00:00+00:00"
