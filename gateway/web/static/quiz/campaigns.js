/* Campaign links: a station creates a quiz link and QR code for an outreach event; the list shows how many played. */
(function () {
  "use strict";

  CV.addMessages({
    th: {
      "campaigns.nav": "ลิงก์กิจกรรม",
      "bank.nav": "คลังคำถาม",
      "campaigns.title": "ลิงก์และ QR โค้ดสำหรับกิจกรรม",
      "campaigns.lead": "สร้างลิงก์ให้ประชาชนเล่นเกมในกิจกรรมของสถานี ผู้ที่เล่นผ่านลิงก์จะนับให้สถานีและพื้นที่โดยไม่ต้องรายงานเพิ่ม",
      "campaigns.new": "สร้างลิงก์ใหม่",
      "campaigns.event_title": "ชื่อกิจกรรม",
      "campaigns.event_date": "วันที่จัดกิจกรรม",
      "campaigns.unit": "หน่วยงาน",
      "campaigns.create": "สร้างลิงก์และ QR โค้ด",
      "campaigns.created": "สร้างลิงก์แล้ว พิมพ์ QR โค้ดหรือส่งลิงก์ให้ผู้ร่วมกิจกรรมได้ทันที",
      "campaigns.list": "ลิงก์ของหน่วย",
      "campaigns.none": "ยังไม่มีลิงก์กิจกรรม",
      "campaigns.played": "เล่นจบแล้ว {count} ครั้ง",
      "campaigns.qr_png": "QR (PNG)",
      "campaigns.qr_svg": "QR (SVG สำหรับพิมพ์)",
      "campaigns.copy": "คัดลอกลิงก์",
      "campaigns.copied": "คัดลอกแล้ว",
      "campaigns.fill": "กรุณากรอกชื่อกิจกรรมและวันที่"
    },
    en: {
      "campaigns.nav": "Campaign links",
      "bank.nav": "Question bank",
      "campaigns.title": "Links and QR codes for outreach events",
      "campaigns.lead": "Create a link for people to play the quiz at your station's event. Games played through it count for the station and its area, with no extra report.",
      "campaigns.new": "New link",
      "campaigns.event_title": "Event title",
      "campaigns.event_date": "Event date",
      "campaigns.unit": "Unit",
      "campaigns.create": "Create link and QR code",
      "campaigns.created": "Link created. Print the QR code or send the link to the participants.",
      "campaigns.list": "Your unit's links",
      "campaigns.none": "No campaign links yet.",
      "campaigns.played": "Played to the end {count} times",
      "campaigns.qr_png": "QR (PNG)",
      "campaigns.qr_svg": "QR (SVG for print)",
      "campaigns.copy": "Copy link",
      "campaigns.copied": "Copied",
      "campaigns.fill": "Enter the event title and date."
    }
  });

  var campaigns = [];

  function element(id) { return document.getElementById(id); }

  function fullLink(campaign) { return window.location.origin + campaign.link; }

  function render() {
    element("no-campaigns").hidden = campaigns.length > 0;
    element("campaigns").innerHTML = campaigns.map(function (campaign) {
      var qr = "/api/v1/quiz/campaigns/" + encodeURIComponent(campaign.code) + "/qr.";
      return "<li><h3>" + CV.escape(campaign.title) + "</h3>" +
        '<p class="muted">' + CV.escape(CV.localName(campaign, "unit_name")) + " · " +
        CV.escape(CV.formatDate(campaign.event_date)) + " · " +
        CV.escape(CV.t("campaigns.played", { count: CV.formatNumber(campaign.completed_attempts) })) + "</p>" +
        '<p><a href="' + CV.escape(campaign.link) + '">' + CV.escape(fullLink(campaign)) + "</a></p>" +
        '<p class="actions"><a class="button" href="' + qr + 'png" download>' + CV.escape(CV.t("campaigns.qr_png")) +
        '</a> <a class="button" href="' + qr + 'svg" download>' + CV.escape(CV.t("campaigns.qr_svg")) + "</a> " +
        '<button type="button" class="secondary" data-copy="' + CV.escape(fullLink(campaign)) + '">' +
        CV.escape(CV.t("campaigns.copy")) + "</button></p>" +
        '<img src="' + qr + 'svg" alt="" width="160" height="160" loading="lazy"></li>';
    }).join("");
  }

  function load() {
    CV.api("GET", "/quiz/campaigns").then(function (items) {
      campaigns = items;
      render();
    }, showError);
  }

  function loadUnits(session) {
    var select = element("campaign-unit");
    var own = session.unit;
    CV.api("GET", "/units?parent_id=" + own.id).then(function (children) {
      var units = [own].concat(children);
      select.innerHTML = units.map(function (unit) {
        return '<option value="' + unit.id + '">' + CV.escape(CV.localName(unit)) + "</option>";
      }).join("");
    }, showError);
  }

  function showError(error) { CV.showMessage(element("page-message"), error.message, "error"); }

  function create(event) {
    event.preventDefault();
    var title = element("campaign-title").value.trim();
    var date = element("campaign-date").value;
    if (!title || !date) {
      CV.showMessage(element("page-message"), CV.t("campaigns.fill"), "error");
      return;
    }
    var body = { title: title, event_date: date, unit_id: Number(element("campaign-unit").value) || null };
    CV.api("POST", "/quiz/campaigns", body).then(function (campaign) {
      campaigns.unshift(campaign);
      render();
      element("campaign-form").reset();
      CV.showMessage(element("page-message"), CV.t("campaigns.created"), "ok");
    }, showError);
  }

  function copy(event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) { return; }
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      button.textContent = CV.t("campaigns.copied");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var session = CV.requireLogin();
    if (!session) { return; }
    element("campaign-form").addEventListener("submit", create);
    element("campaigns").addEventListener("click", copy);
    document.addEventListener("cv:language", render);
    loadUnits(session);
    load();
  });
})();
