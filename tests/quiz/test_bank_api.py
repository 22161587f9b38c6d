"""The working group manages the question bank: edit, retire, publish, import and export."""

import json

from services.quiz import bank_rules
from services.quiz.models import Question
from tests.quiz.factories import make_question
from tests.quiz.helpers import answer_key, answers_for, count_rows, start, submit

SEED_QUESTIONS = 53


def test_list_questions_with_filters(admin):
    everything = admin.get("/api/v1/quiz/questions")
    loans = admin.get("/api/v1/quiz/questions", params={"scam_type": "loan"})

    assert everything.status_code == 200
    assert len(everything.json()) == SEED_QUESTIONS
    assert {item["scam_type"] for item in loans.json()} == {"loan"}
    assert loans.json()[0]["revision"] == 1
    assert loans.json()[0]["status"] == "active"
    assert any(choice["correct"] for choice in loans.json()[0]["choices"])


def test_bank_needs_working_group(quiz, officer):
    anonymous = quiz.get("/api/v1/quiz/questions")
    officer_list = officer.get("/api/v1/quiz/questions")
    officer_publish = officer.post("/api/v1/quiz/versions", json={})

    assert anonymous.status_code == 401
    assert officer_list.status_code == 403
    assert officer_publish.status_code == 403


def test_edit_publish_and_old_attempts_keep_their_version(quiz, admin, service_config):
    old_key = answer_key(service_config, version=1)
    before = start(quiz)
    code = before["questions"][0]["id"]
    question = admin.get("/api/v1/quiz/questions/" + code).json()
    choices = question["choices"]
    new_correct = next(choice["id"] for choice in choices if choice["id"] != old_key[code])
    for choice in choices:
        choice["correct"] = choice["id"] == new_correct

    edited = admin.patch(
        "/api/v1/quiz/questions/" + code,
        json={"text_th": "คำถามฉบับแก้ไข", "choices": [_input_choice(choice) for choice in choices], "revision": 1},
    )
    published = admin.post("/api/v1/quiz/versions", json={"note": "แก้คำถาม " + code})
    result = submit(quiz, before["attempt_id"], answers_for(before, old_key)).json()

    assert edited.status_code == 200, edited.text
    assert edited.json()["revision"] == 2
    assert published.status_code == 201, published.text
    assert published.json()["number"] == 2
    assert published.json()["uncovered_scam_types"] == []
    assert result["quiz_version"] == 1
    assert result["total_score"] == 100
    assert answer_key(service_config, version=2)[code] == new_correct

    after = start(quiz, {"province_code": "TH-10"})
    assert after["quiz_version"] == 2
    versions = admin.get("/api/v1/quiz/versions").json()
    assert [item["number"] for item in versions] == [2, 1]


def _input_choice(choice):
    return {key: choice[key] for key in ("id", "text_th", "text_en", "correct", "explanation_th", "explanation_en")}


def test_edit_with_stale_revision_is_409(admin):
    admin.patch("/api/v1/quiz/questions/q-loan-01", json={"weight": 2.5, "revision": 1})

    stale = admin.patch("/api/v1/quiz/questions/q-loan-01", json={"weight": 1.5, "revision": 1})

    assert stale.status_code == 409
    assert stale.json()["error"] == "question_revision_conflict"


def test_edit_without_change_keeps_revision(admin):
    same = admin.patch("/api/v1/quiz/questions/q-loan-01", json={"weight": 2.0})

    assert same.status_code == 200
    assert same.json()["revision"] == 1


def test_invalid_edit_lists_problems(admin):
    response = admin.patch(
        "/api/v1/quiz/questions/q-loan-01",
        json={"difficulty": 7, "text_th": "English words"},
        headers={"Accept-Language": "en"},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "question_invalid"
    fields = [item["field"] for item in response.json()["details"]["errors"]]
    assert fields == ["difficulty", "text_th"]
    assert response.json()["message"].startswith("The question has 2 problems")


def test_create_retire_and_publish(admin):
    created = admin.post("/api/v1/quiz/questions", json=make_question("q-loan-99", "loan"))
    duplicate = admin.post("/api/v1/quiz/questions", json=make_question("q-loan-99", "loan"))
    retired = admin.post("/api/v1/quiz/questions/q-loan-01/retire")
    published = admin.post("/api/v1/quiz/versions", json={})
    unchanged = admin.post("/api/v1/quiz/versions", json={})

    assert created.status_code == 201, created.text
    assert created.json()["revision"] == 1
    assert duplicate.status_code == 409
    assert duplicate.json()["error"] == "question_exists"
    assert retired.json()["status"] == "retired"
    assert published.json()["question_count"] == SEED_QUESTIONS
    assert unchanged.status_code == 409
    assert unchanged.json()["error"] == "publish_unchanged"

    restored = admin.post("/api/v1/quiz/questions/q-loan-01/restore")
    assert restored.json()["status"] == "active"


def test_create_with_unknown_scam_type_is_400(admin):
    response = admin.post("/api/v1/quiz/questions", json=make_question("q-phishing-01", "phishing"))

    assert response.status_code == 400
    assert response.json()["details"]["errors"][0]["code"] == "scam_type_unknown"


def test_unknown_question_is_404(admin):
    response = admin.get("/api/v1/quiz/questions/q-nothing-01")

    assert response.status_code == 404
    assert response.json()["error"] == "question_not_found"


def test_export_then_import_round_trip(admin):
    exported_csv = admin.get("/api/v1/quiz/questions/export", params={"format": "csv"})
    exported_json = admin.get("/api/v1/quiz/questions/export", params={"format": "json"})

    again = admin.post("/api/v1/quiz/questions/import", json={"format": "csv", "content": exported_csv.text})

    assert exported_csv.status_code == 200
    assert exported_csv.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in exported_csv.headers["Content-Disposition"]
    assert len(json.loads(exported_json.text)["questions"]) == SEED_QUESTIONS
    assert again.status_code == 200, again.text
    assert again.json() == {"created": 0, "updated": 0, "unchanged": SEED_QUESTIONS}


def test_import_creates_and_updates(admin):
    bank = json.loads(admin.get("/api/v1/quiz/questions/export").text)
    bank["questions"][0]["weight"] = 1.0
    bank["questions"].append(make_question("q-romance-09", "romance"))

    response = admin.post("/api/v1/quiz/questions/import", json={"format": "json", "content": json.dumps(bank)})

    assert response.json() == {"created": 1, "updated": 1, "unchanged": SEED_QUESTIONS - 1}
    changed = admin.get("/api/v1/quiz/questions/" + bank["questions"][0]["id"]).json()
    assert (changed["weight"], changed["revision"]) == (1.0, 2)


def test_import_with_errors_reports_lines_and_imports_nothing(admin, service_config):
    rows = [
        "q-loan-01,loan,1,2,คำถามใหม่,New question,a,ใช่,Yes,true,ถูก,Right",
        "q-loan-01,loan,1,2,,,b,ไม่ใช่,No,false,ผิด,Wrong",
        "q-new-01,phishing,1,2,คำถาม,Question,a,ใช่,Yes,true,ถูก,Right",
        "q-new-01,,,,,,b,ไม่ใช่,No,maybe,ผิด,Wrong",
    ]
    content = ",".join(bank_rules.CSV_COLUMNS) + "\n" + "\n".join(rows) + "\n"

    response = admin.post("/api/v1/quiz/questions/import", json={"format": "csv", "content": content})

    assert response.status_code == 400
    assert response.json()["error"] == "import_invalid"
    assert "ยังไม่ได้นำเข้าข้อมูลใด ๆ" in response.json()["message"]
    found = [(item["line"], item["field"], item["code"]) for item in response.json()["details"]["errors"]]
    assert found == [(4, "scam_type", "scam_type_unknown"), (5, "correct", "correct_value_invalid")]
    assert response.json()["details"]["errors"][0]["message_en"].startswith("Unknown scam type phishing")
    assert count_rows(service_config, Question) == SEED_QUESTIONS
    assert admin.get("/api/v1/quiz/questions/q-loan-01").json()["text_th"] != "คำถามใหม่"


def test_import_bad_json_names_line(admin):
    response = admin.post(
        "/api/v1/quiz/questions/import", json={"format": "json", "content": '{\n"questions": [\n{"id": "q-1",}\n]}'}
    )

    assert response.status_code == 400
    assert response.json()["details"]["errors"][0]["line"] == 3
    assert response.json()["details"]["errors"][0]["code"] == "json_unreadable"


def test_import_empty_and_unknown_format(admin):
    empty = admin.post("/api/v1/quiz/questions/import", json={"format": "json", "content": '{"questions": []}'})
    unknown = admin.post("/api/v1/quiz/questions/import", json={"format": "xlsx", "content": "x"})

    assert empty.status_code == 400
    assert empty.json()["error"] == "import_empty"
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "invalid_input"
