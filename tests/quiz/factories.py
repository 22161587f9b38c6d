"""Small factories of quiz questions in the bank format, with overrides."""

import uuid

SCAM_TYPES = ("shopping", "loan", "job", "romance", "reward", "hacking", "investment", "call-center")


def make_choice(letter, correct):
    return {
        "id": letter,
        "text_th": "ตัวเลือก {}".format(letter),
        "text_en": "Choice {}".format(letter),
        "correct": correct,
        "explanation_th": "คำอธิบายตัวเลือก {}".format(letter),
        "explanation_en": "Explanation of choice {}".format(letter),
    }


def make_question(code=None, scam_type="shopping", difficulty=1, weight=1.0, correct="a", letters="abc"):
    return {
        "id": code or "q-test-{}".format(uuid.uuid4().hex[:8]),
        "scam_type": scam_type,
        "difficulty": difficulty,
        "weight": weight,
        "text_th": "คำถามทดสอบเรื่อง {}".format(scam_type),
        "text_en": "Test question about {}".format(scam_type),
        "choices": [make_choice(letter, letter == correct) for letter in letters],
    }


def make_questions(types=3, per_difficulty=1):
    """Return questions for the first ``types`` scam types, ``per_difficulty`` of each difficulty."""
    questions = []
    for scam_type in SCAM_TYPES[:types]:
        for difficulty in (1, 2, 3):
            for number in range(per_difficulty):
                code = "q-{}-{}-{}".format(scam_type, difficulty, number)
                questions.append(make_question(code, scam_type, difficulty=difficulty))
    return questions
