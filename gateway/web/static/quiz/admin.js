/*
 * The working group's question bank: edit, add, retire and restore questions,
 * import and export CSV or JSON, and publish a new quiz version.
 */
(function () {
  "use strict";

  CV.addMessages({
    th: {
      "campaigns.nav": "ลิงก์กิจกรรม",
      "bank.nav": "คลังคำถาม",
      "bank.title": "คลังคำถามเกมผู้พิชิตไซเบอร์วัคซีน",
      "bank.role_needed": "หน้านี้สำหรับคณะทำงานเท่านั้น",
      "bank.versions": "ชุดคำถามที่เผยแพร่",
      "bank.versions_hint": "การแก้ไขคำถามมีผลกับผู้เล่นเมื่อเผยแพร่ชุดใหม่ ผลของผู้ที่เล่นไปแล้วยังคิดตามชุดเดิม",
      "bank.version_line": "ชุดที่ {number} · {date} · {count} ข้อ",
      "bank.note": "บันทึกการเปลี่ยนแปลง",
      "bank.publish": "เผยแพร่ชุดใหม่",
      "bank.published": "เผยแพร่ชุดที่ {number} แล้ว ({count} ข้อ)",
      "bank.uncovered": "ประเภทที่ยังไม่มีคำถาม: {types}",
      "bank.transfer": "นำเข้าและส่งออก",
      "bank.transfer_hint": "CSV หนึ่งแถวต่อหนึ่งตัวเลือก หรือ JSON รูปแบบเดียวกับไฟล์ส่งออก ถ้ามีบรรทัดใดผิดจะไม่นำเข้าเลย",
      "bank.import_file": "ไฟล์ CSV หรือ JSON",
      "bank.import": "นำเข้า",
      "bank.imported": "นำเข้าแล้ว: เพิ่ม {created} แก้ไข {updated} ไม่เปลี่ยน {unchanged}",
      "bank.choose_file": "กรุณาเลือกไฟล์",
      "bank.export_csv": "ส่งออก CSV",
      "bank.export_json": "ส่งออก JSON",
      "bank.import_errors": "ข้อผิดพลาดในไฟล์",
      "bank.line": "บรรทัด",
      "bank.field": "ช่อง",
      "bank.problem": "ปัญหา",
      "bank.questions": "คำถาม",
      "bank.scam_type": "ประเภทกลโกง",
      "bank.status": "สถานะ",
      "bank.all": "ทั้งหมด",
      "bank.status.active": "ใช้งาน",
      "bank.status.retired": "เลิกใช้",
      "bank.new": "เพิ่มคำถาม",
      "bank.edit": "แก้ไข",
      "bank.retire": "เลิกใช้",
      "bank.restore": "นำกลับมาใช้",
      "bank.meta": "{type} · ความยาก {difficulty} · น้ำหนัก {weight} · ฉบับที่ {revision} · {status}",
      "bank.id": "รหัสคำถาม (เช่น q-shopping-05)",
      "bank.difficulty": "ความยาก (1–3)",
      "bank.weight": "น้ำหนัก (1–3)",
      "bank.text_th": "คำถาม (ไทย)",
      "bank.text_en": "คำถาม (อังกฤษ)",
      "bank.choice": "ตัวเลือก {letter}",
      "bank.choice_th": "ข้อความ (ไทย)",
      "bank.choice_en": "ข้อความ (อังกฤษ)",
      "bank.explanation_th": "คำอธิบาย (ไทย)",
      "bank.explanation_en": "คำอธิบาย (อังกฤษ)",
      "bank.correct": "เป็นคำตอบที่ถูกต้อง",
      "bank.save": "บันทึก",
      "bank.cancel": "ยกเลิก",
      "bank.saved": "บันทึกคำถาม {id} แล้ว (ฉบับที่ {revision})",
      "bank.editing": "แก้ไขคำถาม {id}",
      "bank.adding": "เพิ่มคำถามใหม่"
    },
    en: {
      "campaigns.nav": "Campaign links",
      "bank.nav": "Question bank",
      "bank.title": "Cyber Vaccine Conqueror question bank",
      "bank.role_needed": "This page is for the working group only.",
      "bank.versions": "Published versions",
      "bank.versions_hint": "Edits reach players when a new version is published. Finished games keep the version they were played on.",
      "bank.version_line": "Version {number} · {date} · {count} questions",
      "bank.note": "Change note",
      "bank.publish": "Publish new version",
      "bank.published": "Version {number} published ({count} questions).",
      "bank.uncovered": "Scam types without questions: {types}",
      "bank.transfer": "Import and export",
      "bank.transfer_hint": "CSV with one row per choice, or JSON as exported. If any line is wrong, nothing is imported.",
      "bank.import_file": "CSV or JSON file",
      "bank.import": "Import",
      "bank.imported": "Imported: {created} added, {updated} changed, {unchanged} unchanged.",
      "bank.choose_file": "Choose a file first.",
      "bank.export_csv": "Export CSV",
      "bank.export_json": "Export JSON",
      "bank.import_errors": "Problems in the file",
      "bank.line": "Line",
      "bank.field": "Field",
      "bank.problem": "Problem",
      "bank.questions": "Questions",
      "bank.scam_type": "Scam type",
      "bank.status": "Status",
      "bank.all": "All",
      "bank.status.active": "Active",
      "bank.status.retired": "Retired",
      "bank.new": "Add question",
      "bank.edit": "Edit",
      "bank.retire": "Retire",
      "bank.restore": "Restore",
      "bank.meta": "{type} · difficulty {difficulty} · weight {weight} · revision {revision} · {status}",
      "bank.id": "Question id (as q-shopping-05)",
      "bank.difficulty": "Difficulty (1–3)",
      "bank.weight": "Weight (1–3)",
      "bank.text_th": "Question (Thai)",
      "bank.text_en": "Question (English)",
      "bank.choice": "Choice {letter}",
      "bank.choice_th": "Text (Thai)",
      "bank.choice_en": "Text (English)",
      "bank.explanation_th": "Explanation (Thai)",
      "bank.explanation_en": "Explanation (English)",
      "bank.correct": "This is the correct answer",
      "bank.save": "Save",
      "bank.cancel": "Cancel",
      "bank.saved": "Question {id} saved (revision {revision}).",
      "bank.editing": "Edit question {id}",
      "bank.adding": "New question"
    }
  });

  var LETTERS = ["a", "b", "c", "d"];
  var CHOICE_FIELDS = ["text_th", "text_en", "explanation_th", "explanation_en"];
  var scamTypes = [];
  var questions = [];
  var versions = [];
  var editing = null;

  function element(id) { return document.getElementById(id); }

  function notify(text, kind) { CV.showMessage(element("page-message"), text, kind); }

  function showError(error) {
    notify(error.message, "error");
    renderImportErrors(error.code === "import_invalid" ? error.details.errors : []);
  }

  function typeName(code) {
    var found = scamTypes.filter(function (item) { return item.code === code; })[0];
    return found ? CV.localName(found) : code;
  }

  // Versions

  function loadVersions() {
    return CV.api("GET", "/quiz/versions").then(function (items) { versions = items; renderVersions(); }, showError);
  }

  function renderVersions() {
    element("versions").innerHTML = versions.map(function (version) {
      var line = CV.t("bank.version_line", {
        number: version.number, date: CV.formatDate(version.published_at, { time: true }), count: version.question_count
      });
      return "<li>" + CV.escape(line) + (version.note ? '<div class="meta">' + CV.escape(version.note) + "</div>" : "") + "</li>";
    }).join("");
  }

  function publish(event) {
    event.preventDefault();
    CV.api("POST", "/quiz/versions", { note: element("publish-note").value.trim() || null }).then(function (version) {
      var text = CV.t("bank.published", { number: version.number, count: version.question_count });
      if (version.uncovered_scam_types.length) {
        text += " " + CV.t("bank.uncovered", { types: version.uncovered_scam_types.map(typeName).join(", ") });
      }
      notify(text, "ok");
      element("publish-form").reset();
      loadVersions();
    }, showError);
  }

  // Questions

  function loadQuestions() {
    var params = new URLSearchParams();
    if (element("filter-type").value) { params.set("scam_type", element("filter-type").value); }
    if (element("filter-status").value) { params.set("status", element("filter-status").value); }
    return CV.api("GET", "/quiz/questions?" + params.toString()).then(function (items) {
      questions = items;
      renderQuestions();
    }, showError);
  }

  function renderQuestions() {
    element("questions").innerHTML = questions.map(function (question) {
      var meta = CV.t("bank.meta", {
        type: typeName(question.scam_type), difficulty: question.difficulty, weight: question.weight,
        revision: question.revision, status: CV.t("bank.status." + question.status)
      });
      var toggle = question.status === "active" ? "retire" : "restore";
      return '<li><strong class="' + question.status + '">' + CV.escape(question.id) + "</strong> " +
        CV.escape(CV.localName(question, "text")) + '<div class="meta">' + CV.escape(meta) + "</div>" +
        '<p class="actions"><button type="button" class="secondary" data-action="edit" data-id="' + CV.escape(question.id) +
        '">' + CV.escape(CV.t("bank.edit")) + '</button> <button type="button" class="secondary" data-action="' + toggle +
        '" data-id="' + CV.escape(question.id) + '">' + CV.escape(CV.t("bank." + toggle)) + "</button></p></li>";
    }).join("");
  }

  function questionAction(event) {
    var button = event.target.closest("[data-action]");
    if (!button) { return; }
    var id = button.getAttribute("data-id");
    var action = button.getAttribute("data-action");
    if (action === "edit") {
      openEditor(questions.filter(function (item) { return item.id === id; })[0]);
      return;
    }
    CV.api("POST", "/quiz/questions/" + encodeURIComponent(id) + "/" + action).then(loadQuestions, showError);
  }

  // Editor

  function fillTypeSelects() {
    var options = scamTypes.map(function (item) {
      return '<option value="' + CV.escape(item.code) + '">' + CV.escape(CV.localName(item)) + "</option>";
    }).join("");
    element("q-type").innerHTML = options;
    var filter = element("filter-type");
    var chosen = filter.value;
    filter.innerHTML = '<option value="">' + CV.escape(CV.t("bank.all")) + "</option>" + options;
    filter.value = chosen;
  }

  function choiceFieldset(letter, choice) {
    var html = "<fieldset><legend>" + CV.escape(CV.t("bank.choice", { letter: letter.toUpperCase() })) + "</legend>";
    CHOICE_FIELDS.forEach(function (field) {
      var id = "choice-" + letter + "-" + field;
      html += '<label for="' + id + '">' + CV.escape(CV.t("bank." + (field.indexOf("text") === 0 ? "choice_" + field.slice(5) : field))) +
        '</label><textarea id="' + id + '">' + CV.escape(choice ? choice[field] : "") + "</textarea>";
    });
    return html + '<label class="inline"><input type="radio" name="correct" value="' + letter + '"' +
      (choice && choice.correct ? " checked" : "") + "> " + CV.escape(CV.t("bank.correct")) + "</label></fieldset>";
  }

  function openEditor(question) {
    editing = question || null;
    element("editor").hidden = false;
    element("editor-title").textContent = question ? CV.t("bank.editing", { id: question.id }) : CV.t("bank.adding");
    element("q-id").value = question ? question.id : "";
    element("q-id").disabled = Boolean(question);
    element("q-type").value = question ? question.scam_type : scamTypes[0].code;
    element("q-difficulty").value = String(question ? question.difficulty : 1);
    element("q-weight").value = String(question ? question.weight : 1.5);
    element("q-text-th").value = question ? question.text_th : "";
    element("q-text-en").value = question ? question.text_en : "";
    element("choice-fields").innerHTML = LETTERS.map(function (letter, index) {
      return choiceFieldset(letter, question ? question.choices[index] : null);
    }).join("");
    element("editor-title").focus();
  }

  function readChoices() {
    var correct = (element("editor").querySelector("input[name=correct]:checked") || {}).value;
    return LETTERS.map(function (letter) {
      var choice = { id: letter, correct: letter === correct };
      CHOICE_FIELDS.forEach(function (field) { choice[field] = element("choice-" + letter + "-" + field).value.trim(); });
      return choice;
    }).filter(function (choice, index) {
      return index < 2 || CHOICE_FIELDS.some(function (field) { return choice[field]; });
    });
  }

  function save(event) {
    event.preventDefault();
    var body = {
      scam_type: element("q-type").value,
      difficulty: Number(element("q-difficulty").value),
      weight: Number(element("q-weight").value),
      text_th: element("q-text-th").value.trim(),
      text_en: element("q-text-en").value.trim(),
      choices: readChoices()
    };
    var request;
    if (editing) {
      body.revision = editing.revision;
      request = CV.api("PATCH", "/quiz/questions/" + encodeURIComponent(editing.id), body);
    } else {
      body.id = element("q-id").value.trim();
      request = CV.api("POST", "/quiz/questions", body);
    }
    request.then(function (question) {
      notify(CV.t("bank.saved", { id: question.id, revision: question.revision }), "ok");
      element("editor").hidden = true;
      loadQuestions();
    }, showError);
  }

  // Import and export

  function renderImportErrors(errors) {
    var table = element("import-errors");
    table.hidden = !errors || errors.length === 0;
    table.querySelector("tbody").innerHTML = (errors || []).map(function (problem) {
      return "<tr><td>" + CV.escape(problem.line) + "</td><td>" + CV.escape(problem.field) + "</td><td>" +
        CV.escape(CV.language === "en" ? problem.message_en : problem.message_th) + "</td></tr>";
    }).join("");
  }

  function importFile() {
    var file = element("import-file").files[0];
    if (!file) { notify(CV.t("bank.choose_file"), "error"); return; }
    var format = /\.csv$/i.test(file.name) || file.type === "text/csv" ? "csv" : "json";
    file.text().then(function (content) {
      return CV.api("POST", "/quiz/questions/import", { format: format, content: content });
    }).then(function (counts) {
      renderImportErrors([]);
      notify(CV.t("bank.imported", counts), "ok");
      loadQuestions();
    }, showError);
  }

  function exportFile(event) {
    var button = event.target.closest("[data-export]");
    if (!button) { return; }
    var format = button.getAttribute("data-export");
    var session = CV.session.get();
    fetch("/api/v1/quiz/questions/export?format=" + format, {
      headers: { Authorization: "Bearer " + session.token, "Accept-Language": CV.language }
    }).then(function (response) {
      if (!response.ok) { throw new CV.ApiError(response.status, { error: "export_failed", message: response.statusText }); }
      return response.blob();
    }).then(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "question-bank." + format;
      document.body.appendChild(link);
      link.click();
      link.remove();
    }, showError);
  }

  function relabel() {
    fillTypeSelects();
    renderVersions();
    renderQuestions();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var session = CV.requireLogin();
    if (!session) { return; }
    if (!CV.session.hasRole("working_group")) { notify(CV.t("bank.role_needed"), "error"); return; }

    element("publish-form").addEventListener("submit", publish);
    element("questions").addEventListener("click", questionAction);
    element("filter-type").addEventListener("change", loadQuestions);
    element("filter-status").addEventListener("change", loadQuestions);
    element("new-question").addEventListener("click", function () { openEditor(null); });
    element("editor").addEventListener("submit", save);
    element("cancel-edit").addEventListener("click", function () { element("editor").hidden = true; });
    element("import-button").addEventListener("click", importFile);
    document.querySelector("[data-export='csv']").parentNode.addEventListener("click", exportFile);
    document.addEventListener("cv:language", relabel);

    CV.api("GET", "/scam-types").then(function (items) {
      scamTypes = items;
      fillTypeSelects();
      loadQuestions();
    }, showError);
    loadVersions();
  });
})();
