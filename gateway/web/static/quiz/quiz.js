/*
 * The Cyber Vaccine Conqueror game: optional area, one question at a time,
 * then the scored result with advice, media, the result card and a retry.
 * A campaign link (/quiz?c=CODE) counts the game for the station that made it.
 * Each submission carries an Idempotency-Key kept until it succeeds, so a
 * retry after a network failure never counts twice.
 */
(function () {
  "use strict";

  CV.addMessages({
    th: {
      "quiz.title": "ผู้พิชิตไซเบอร์วัคซีน",
      "quiz.lead": "ตอบคำถามสั้น ๆ จากสถานการณ์จริง แล้วรู้ว่าท่านเสี่ยงต่อกลโกงแบบไหน พร้อมคำแนะนำที่ทำได้ทันที",
      "quiz.area_hint": "ไม่บังคับ: บอกพื้นที่ของท่านเพื่อช่วยให้ตำรวจเลือกสื่อที่เหมาะกับชุมชน",
      "quiz.province": "จังหวัด",
      "quiz.district": "อำเภอ/เขต",
      "quiz.age_group": "ช่วงอายุ",
      "quiz.not_given": "ไม่ระบุ",
      "age.under-18": "ต่ำกว่า 18 ปี",
      "age.60-plus": "60 ปีขึ้นไป",
      "quiz.start": "เริ่มเล่น",
      "quiz.privacy": "เราไม่เก็บชื่อ เบอร์โทร เลขบัตรประชาชน หรือที่อยู่ IP ของท่าน การเล่นเป็นไปโดยสมัครใจและไม่ระบุตัวตน",
      "quiz.campaign": "เล่นผ่านกิจกรรม \"{title}\" ของ {unit} วันที่ {date}",
      "quiz.campaign_invalid": "ลิงก์กิจกรรมนี้ใช้ไม่ได้ ({message}) ท่านยังเล่นได้ตามปกติ",
      "quiz.progress": "ข้อ {number} จาก {total}",
      "quiz.back": "ย้อนกลับ",
      "quiz.next": "ข้อต่อไป",
      "quiz.submit": "ส่งคำตอบ",
      "quiz.sending": "กำลังส่งคำตอบ…",
      "quiz.try_again": "ลองส่งอีกครั้ง",
      "quiz.new_game": "เริ่มเกมใหม่",
      "quiz.result_title": "ผลของท่าน",
      "quiz.level.low": "ภูมิคุ้มกันแข็งแรง",
      "quiz.level.medium": "ภูมิคุ้มกันกำลังดี",
      "quiz.level.high": "เริ่มสร้างภูมิคุ้มกันแล้ว",
      "quiz.level_text.low": "รู้ทันกลโกงได้ดีมาก ชวนคนที่คุณรักมาเล่นด้วยกัน",
      "quiz.level_text.medium": "อีกนิดเดียวจะรู้ทันทุกกลโกง อ่านคำแนะนำแล้วลองอีกครั้ง",
      "quiz.level_text.high": "ทุกคนเริ่มจากจุดนี้ได้ อ่านคำแนะนำด้านล่างแล้วลองเล่นอีกครั้ง",
      "quiz.actions_title": "สิ่งที่ควรทำตอนนี้",
      "quiz.by_type_title": "ผลตามประเภทกลโกง",
      "quiz.media_title": "สื่อแนะนำสำหรับท่าน",
      "quiz.hotline_title": "หากสงสัยหรือถูกหลอก",
      "quiz.call": "โทร",
      "quiz.hotline_text": "สายด่วนตำรวจไซเบอร์ 1441 ตลอด 24 ชั่วโมง · เหตุด่วนเหตุร้าย 191",
      "quiz.share_title": "แบ่งปันผลและชวนคนอื่นมาเล่น",
      "quiz.download_card": "ดาวน์โหลดการ์ดผล",
      "quiz.share": "แชร์",
      "quiz.share_text": "ฉันได้ {score}/100 คะแนนในเกมผู้พิชิตไซเบอร์วัคซีน มาลองเล่นกัน",
      "quiz.card_alt": "การ์ดผล: {score} จาก 100 คะแนน {level}",
      "quiz.review_title": "ดูเฉลยและคำอธิบายทุกข้อ",
      "quiz.your_answer": "คำตอบของท่าน",
      "quiz.right_answer": "คำตอบที่ปลอดภัย",
      "quiz.correct": "ถูกต้อง",
      "quiz.wrong": "ยังไม่ปลอดภัย",
      "quiz.retry": "เล่นอีกครั้ง",
      "quiz.score_of": "{score} จาก 100"
    },
    en: {
      "quiz.title": "Cyber Vaccine Conqueror",
      "quiz.lead": "Answer short questions based on real situations, find out which scams you are most exposed to, and get advice you can act on now.",
      "quiz.area_hint": "Optional: tell us your area to help the police choose the right media for your community.",
      "quiz.province": "Province",
      "quiz.district": "District",
      "quiz.age_group": "Age group",
      "quiz.not_given": "Not given",
      "age.under-18": "Under 18",
      "age.60-plus": "60 or over",
      "quiz.start": "Start",
      "quiz.privacy": "We do not keep your name, phone number, ID card number or IP address. Playing is voluntary and anonymous.",
      "quiz.campaign": "Playing through \"{title}\" by {unit} on {date}",
      "quiz.campaign_invalid": "This event link does not work ({message}). You can still play as usual.",
      "quiz.progress": "Question {number} of {total}",
      "quiz.back": "Back",
      "quiz.next": "Next",
      "quiz.submit": "Submit answers",
      "quiz.sending": "Sending your answers…",
      "quiz.try_again": "Try sending again",
      "quiz.new_game": "Start a new game",
      "quiz.result_title": "Your result",
      "quiz.level.low": "Strong immunity",
      "quiz.level.medium": "Good immunity, growing stronger",
      "quiz.level.high": "Building immunity, step by step",
      "quiz.level_text.low": "You spot scams well. Invite the people you care about to play.",
      "quiz.level_text.medium": "Almost there. Read the tips and try again.",
      "quiz.level_text.high": "Everyone starts somewhere. Read the tips below and play again.",
      "quiz.actions_title": "What to do now",
      "quiz.by_type_title": "Results by scam type",
      "quiz.media_title": "Media suggested for you",
      "quiz.hotline_title": "If in doubt, or if you were scammed",
      "quiz.call": "Call",
      "quiz.hotline_text": "Cyber police hotline 1441, 24 hours · Emergency 191",
      "quiz.share_title": "Share your result and invite others",
      "quiz.download_card": "Download result card",
      "quiz.share": "Share",
      "quiz.share_text": "I scored {score}/100 in Cyber Vaccine Conqueror. Try it too!",
      "quiz.card_alt": "Result card: {score} out of 100, {level}",
      "quiz.review_title": "See the answers and explanations",
      "quiz.your_answer": "Your answer",
      "quiz.right_answer": "The safe answer",
      "quiz.correct": "Correct",
      "quiz.wrong": "Not safe yet",
      "quiz.retry": "Play again",
      "quiz.score_of": "{score} out of 100"
    }
  });

  var state = {
    campaign: null, attempt: null, index: 0, answers: {}, submissionKey: null, result: null, mustRestart: false
  };

  function element(id) { return document.getElementById(id); }

  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (value) { return ("0" + value.toString(16)).slice(-2); }).join("");
  }

  function showSection(name) {
    ["intro", "play", "result"].forEach(function (id) { element(id).hidden = id !== name; });
  }

  function showError(error) {
    CV.showMessage(element("quiz-message"), error ? error.message : "", "error");
    if (error) { element("quiz-message").scrollIntoView({ block: "center" }); }
  }

  // Area and campaign

  function fillSelect(select, items) {
    var first = select.options[0];
    select.innerHTML = "";
    select.appendChild(first);
    items.sort(function (a, b) { return CV.localName(a).localeCompare(CV.localName(b), CV.language); });
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.code;
      option.textContent = CV.localName(item);
      select.appendChild(option);
    });
  }

  var areaCache = {};

  function loadAreas(province) {
    var path = "/quiz/areas" + (province ? "?province=" + encodeURIComponent(province) : "");
    if (!areaCache[path]) { areaCache[path] = CV.api("GET", path); }
    return areaCache[path];
  }

  function loadProvinces() {
    var select = element("province");
    var chosen = select.value;
    return loadAreas().then(function (items) {
      fillSelect(select, items.slice());
      select.value = chosen;
    }, showError);
  }

  function loadDistricts() {
    var select = element("district");
    var province = element("province").value;
    var chosen = select.value;
    select.disabled = !province;
    if (!province) { fillSelect(select, []); return; }
    loadAreas(province).then(function (items) {
      fillSelect(select, items.slice());
      select.value = chosen;
    }, showError);
  }

  function loadCampaign() {
    var code = new URLSearchParams(window.location.search).get("c");
    if (!code) { return; }
    CV.api("GET", "/quiz/campaigns/" + encodeURIComponent(code)).then(function (campaign) {
      state.campaign = campaign;
      renderCampaign();
    }, function (error) {
      CV.showMessage(element("campaign"), CV.t("quiz.campaign_invalid", { message: error.message }), "error");
    });
  }

  function renderCampaign() {
    var campaign = state.campaign;
    if (!campaign) { return; }
    var text = CV.t("quiz.campaign", {
      title: campaign.title, unit: CV.localName(campaign, "unit_name"), date: CV.formatDate(campaign.event_date)
    });
    CV.showMessage(element("campaign"), text, "info");
  }

  // Playing

  function startGame(event) {
    event.preventDefault();
    showError(null);
    var body = {};
    if (element("province").value) { body.province_code = element("province").value; }
    if (element("district").value) { body.district_code = element("district").value; }
    if (element("age-group").value) { body.age_group = element("age-group").value; }
    if (state.campaign) { body.campaign_code = state.campaign.code; }

    var button = element("start-button");
    button.disabled = true;
    CV.api("POST", "/quiz/attempts", body, { headers: { "Idempotency-Key": newKey() } }).then(function (attempt) {
      state.attempt = attempt;
      state.index = 0;
      state.answers = {};
      state.submissionKey = newKey();
      showSection("play");
      renderQuestion();
    }, showError).then(function () { button.disabled = false; });
  }

  function currentQuestion() { return state.attempt.questions[state.index]; }

  function isLast() { return state.index === state.attempt.questions.length - 1; }

  function renderQuestion(keepFocus) {
    var question = currentQuestion();
    var total = state.attempt.questions.length;
    element("progress-label").textContent = CV.t("quiz.progress", { number: state.index + 1, total: total });
    element("progress").value = state.index / total;
    element("question-type").textContent = CV.localName(question, "scam_type_name");
    element("question-text").textContent = CV.localName(question, "text");

    var chosen = state.answers[question.id];
    element("choices").innerHTML = question.choices.map(function (choice) {
      return '<button type="button" class="choice" data-choice="' + CV.escape(choice.id) + '" aria-pressed="' +
        String(choice.id === chosen) + '"><span class="letter" aria-hidden="true">' + CV.escape(choice.id.toUpperCase()) +
        "</span><span>" + CV.escape(CV.localName(choice, "text")) + "</span></button>";
    }).join("");

    element("back-button").hidden = state.index === 0;
    element("next-button").disabled = !chosen;
    element("next-button").textContent = CV.t(isLast() ? "quiz.submit" : "quiz.next");
    if (!keepFocus) { element("question-text").focus(); }
  }

  function choose(event) {
    var button = event.target.closest("[data-choice]");
    if (!button) { return; }
    state.answers[currentQuestion().id] = button.getAttribute("data-choice");
    element("choices").querySelectorAll("[data-choice]").forEach(function (other) {
      other.setAttribute("aria-pressed", String(other === button));
    });
    element("next-button").disabled = false;
  }

  function next() {
    if (state.mustRestart) {
      retry();
      return;
    }
    if (!isLast()) {
      state.index += 1;
      renderQuestion();
      return;
    }
    submitAnswers();
  }

  function back() {
    if (state.index > 0) { state.index -= 1; renderQuestion(); }
  }

  function submitAnswers() {
    var button = element("next-button");
    var answers = state.attempt.questions.map(function (question) {
      return { question_id: question.id, choice_id: state.answers[question.id] };
    });
    button.disabled = true;
    button.textContent = CV.t("quiz.sending");
    showError(null);

    var path = "/quiz/attempts/" + state.attempt.attempt_id + "/answers";
    CV.api("POST", path, { answers: answers }, { headers: { "Idempotency-Key": state.submissionKey } })
      .then(showResult, submissionFailed);
  }

  function submissionFailed(error) {
    var button = element("next-button");
    showError(error);
    if (error.code === "attempt_finished") {
      CV.api("GET", "/quiz/attempts/" + state.attempt.attempt_id + "/result").then(showResult, showError);
      return;
    }
    button.disabled = false;
    if (error.status === 0 || error.status === 429 || error.status >= 500) {
      button.textContent = CV.t("quiz.try_again");
      return;
    }
    state.mustRestart = true;
    button.textContent = CV.t("quiz.new_game");
  }

  // Result

  function showResult(result) {
    state.result = result;
    showError(null);
    showSection("result");
    renderResult();
    element("result-title").focus();
  }

  function renderResult() {
    var result = state.result;
    var levelName = CV.t("quiz.level." + result.risk_level);
    element("score").textContent = result.total_score;
    element("level").textContent = levelName;
    element("level").className = "level level-" + result.risk_level;
    element("level-text").textContent = CV.t("quiz.level_text." + result.risk_level);

    element("actions").innerHTML = result.actions.map(function (action) {
      return "<li>" + CV.escape(action[CV.language] || action.th) + "</li>";
    }).join("");
    renderTypeScores(result.type_scores);
    renderMedia(result.media || []);
    renderFeedback(result.feedback);

    var image = element("card-image");
    image.src = result.card_url;
    image.alt = CV.t("quiz.card_alt", { score: result.total_score, level: levelName });
    element("card-download").href = result.card_url;
    element("share-button").hidden = !navigator.share;
  }

  function renderTypeScores(scores) {
    var sorted = scores.slice().sort(function (a, b) { return a.score - b.score; });
    element("type-scores").innerHTML = sorted.map(function (item) {
      return '<li><span class="bar-label">' + CV.escape(CV.localName(item)) + '</span>' +
        '<span class="bar" aria-hidden="true"><span style="width:' + item.score + '%"></span></span>' +
        '<span class="bar-value">' + CV.escape(CV.t("quiz.score_of", { score: item.score })) + "</span></li>";
    }).join("");
  }

  function renderMedia(items) {
    element("media-card").hidden = items.length === 0;
    element("media").innerHTML = items.map(function (item) {
      var preview = item.preview_url ? '<img src="' + CV.escape(item.preview_url) + '" alt="" loading="lazy">' : "";
      return "<li>" + preview + "<div><strong>" + CV.escape(CV.localName(item, "title")) + "</strong><p>" +
        CV.escape(CV.localName(item, "description")) + "</p></div></li>";
    }).join("");
  }

  function renderFeedback(feedback) {
    element("feedback").innerHTML = feedback.map(function (item) {
      var verdict = CV.t(item.correct ? "quiz.correct" : "quiz.wrong");
      var html = "<li><p class=\"question\">" + CV.escape(CV.localName(item, "text")) + "</p>" +
        '<p class="verdict ' + (item.correct ? "right" : "wrong") + '">' + (item.correct ? "✓ " : "✗ ") +
        CV.escape(verdict) + "</p>" + answerBlock("quiz.your_answer", item.chosen);
      if (!item.correct) { html += answerBlock("quiz.right_answer", item.correct_choice); }
      return html + "</li>";
    }).join("");
  }

  function answerBlock(labelKey, choice) {
    return "<p><strong>" + CV.escape(CV.t(labelKey)) + ":</strong> " + CV.escape(CV.localName(choice, "text")) +
      '</p><p class="muted">' + CV.escape(CV.localName(choice, "explanation")) + "</p>";
  }

  function share() {
    var result = state.result;
    var data = {
      title: CV.t("quiz.title"),
      text: CV.t("quiz.share_text", { score: result.total_score }),
      url: window.location.origin + "/quiz"
    };
    fetch(result.card_url).then(function (response) { return response.blob(); }).then(function (blob) {
      var file = new File([blob], "cyber-vaccine-result.png", { type: "image/png" });
      if (navigator.canShare && navigator.canShare({ files: [file] })) { data.files = [file]; }
      return navigator.share(data);
    }).catch(function () { /* the player closed the share sheet */ });
  }

  function retry() {
    state.mustRestart = false;
    state.attempt = null;
    state.result = null;
    showError(null);
    showSection("intro");
    element("start-button").focus();
  }

  function relabel() {
    loadProvinces().then(loadDistricts);
    renderCampaign();
    if (state.attempt && !element("play").hidden) { renderQuestion(true); }
    if (state.result && !element("result").hidden) { renderResult(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    element("start-form").addEventListener("submit", startGame);
    element("province").addEventListener("change", function () {
      element("district").value = "";
      loadDistricts();
    });
    element("choices").addEventListener("click", choose);
    element("next-button").addEventListener("click", next);
    element("back-button").addEventListener("click", back);
    element("retry-button").addEventListener("click", retry);
    element("share-button").addEventListener("click", share);
    document.addEventListener("cv:language", relabel);
    loadProvinces();
    loadCampaign();
  });
})();
