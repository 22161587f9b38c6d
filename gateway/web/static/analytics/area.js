/* Area dashboard: the recommendation for the signed-in unit and the overview of an area and period. */
(function () {
  "use strict";

  CV.addMessages({
    th: {
      "nav.strategy": "ภาพรวมยุทธศาสตร์",
      "area.title": "วิเคราะห์สถานการณ์ภัยออนไลน์ในพื้นที่",
      "area.province": "จังหวัด",
      "area.district": "อำเภอ/เขต",
      "area.whole_country": "ทั้งประเทศ",
      "area.whole_province": "ทั้งจังหวัด",
      "area.from": "ตั้งแต่เดือน",
      "area.to": "ถึงเดือน",
      "area.year": "ปี พ.ศ.",
      "area.show": "แสดงผล",
      "area.loading": "กำลังโหลดข้อมูล…",
      "area.summary": "{area} · {start} ถึง {end}",
      "area.recommendation_title": "ประเภทภัยที่ควรเน้นและสื่อที่แนะนำ",
      "area.recommendation_unit": "สำหรับ {unit} ({area})",
      "area.rising": "คดีเพิ่มขึ้น",
      "area.weak": "ผู้เล่นตอบผิดมาก",
      "area.media_uses": "หน่วยอื่นนำไปใช้ {uses} ครั้ง · ดาวน์โหลด {downloads} ครั้ง",
      "area.open_library": "เปิดสื่อประเภทนี้ในคลังสื่อ",
      "area.cases_title": "สถิติคดีตามประเภทการหลอกลวง",
      "area.cases_chart": "คดีเฉลี่ยต่อวันในช่วงล่าสุด ({area})",
      "area.per_day": "{value}/วัน",
      "area.trend_type": "ดูแนวโน้มของประเภท",
      "area.trend_chart": "คดีเฉลี่ยต่อวันในแต่ละช่วง: {type}",
      "area.col_type": "ประเภท",
      "area.col_period": "ช่วงเวลา",
      "area.col_per_day": "คดีต่อวัน",
      "area.col_cases": "จำนวนคดี",
      "area.col_change": "เปลี่ยนแปลง",
      "area.col_in_period": "คดีในช่วงที่เลือก",
      "area.col_damage": "ความเสียหาย (บาท)",
      "area.quiz_title": "ผลเกมผู้พิชิตไซเบอร์วัคซีน",
      "area.quiz_chart": "สัดส่วนคำตอบที่ถูกตามประเภท (ประเภทที่อ่อนที่สุดแสดงเป็นสีแดง)",
      "area.quiz_privacy": "ประเภทที่มีผู้เล่นน้อยกว่า 10 ครั้งจะไม่แสดงตัวเลข เพื่อคุ้มครองความเป็นส่วนตัวของผู้เล่น",
      "area.suppressed": "ไม่แสดง (ผู้เล่นน้อยกว่า 10)",
      "area.takers": "ผู้เล่น (ครั้ง)",
      "area.average_score": "คะแนนเฉลี่ย",
      "area.average_risk": "ระดับความเสี่ยงเฉลี่ย (1 ต่ำ – 3 สูง)",
      "area.col_correct": "ตอบถูก",
      "area.outreach_title": "กิจกรรมประชาสัมพันธ์ในพื้นที่",
      "area.activities": "กิจกรรม",
      "area.people": "ผู้เข้าร่วม (คน)",
      "area.outreach_chart": "กิจกรรมตามประเภทกิจกรรม",
      "area.outreach_type_chart": "กิจกรรมตามประเภทการหลอกลวงที่ให้ความรู้",
      "area.downloads_title": "การดาวน์โหลดสื่อของหน่วยในพื้นที่",
      "area.downloads": "ดาวน์โหลด (ครั้ง)",
      "area.downloads_chart": "การดาวน์โหลดตามประเภทการหลอกลวง",
      "area.downloads_media_chart": "สื่อที่ดาวน์โหลดมากที่สุด",
      "area.col_media": "สื่อ",
      "area.exports_title": "ดาวน์โหลดข้อมูล",
      "area.export_xlsx": "ทุกตาราง (XLSX)",
      "area.export_recommendation": "คำแนะนำ (XLSX)",
      "area.export_table": "ตารางเดียว (CSV)",
      "area.export_csv": "ดาวน์โหลด CSV",
      "table.cases": "สถิติคดีตามประเภท",
      "table.case_series": "สถิติคดีรายช่วงเวลา",
      "table.quiz": "ผลเกมตามประเภท",
      "table.outreach_activities": "กิจกรรมตามประเภทกิจกรรม",
      "table.outreach_types": "กิจกรรมตามประเภทการหลอกลวง",
      "table.download_types": "การดาวน์โหลดตามประเภท",
      "table.download_media": "สื่อที่ดาวน์โหลดมากที่สุด",
      "kind.poster": "โปสเตอร์",
      "kind.infographic": "อินโฟกราฟิก",
      "kind.leaflet": "แผ่นพับ",
      "kind.video": "วิดีโอ",
      "kind.audio": "สื่อเสียง",
      "activity.community-meeting": "ประชุมชุมชน",
      "activity.school": "โรงเรียน/สถานศึกษา",
      "activity.temple": "วัด/ศาสนสถาน",
      "activity.market": "ตลาด",
      "activity.village-broadcast": "เสียงตามสาย",
      "activity.door-to-door": "เคาะประตูบ้าน",
      "activity.online": "ออนไลน์",
      "activity.radio": "วิทยุ",
      "activity.other": "อื่น ๆ"
    },
    en: {
      "nav.strategy": "Strategy overview",
      "area.title": "Online scam situation in your area",
      "area.province": "Province",
      "area.district": "District",
      "area.whole_country": "Whole country",
      "area.whole_province": "Whole province",
      "area.from": "From month",
      "area.to": "To month",
      "area.year": "Year",
      "area.show": "Show",
      "area.loading": "Loading…",
      "area.summary": "{area} · {start} to {end}",
      "area.recommendation_title": "Scam types to focus on, and suggested media",
      "area.recommendation_unit": "For {unit} ({area})",
      "area.rising": "cases rising",
      "area.weak": "weak in the quiz",
      "area.media_uses": "used by other units {uses} times · downloaded {downloads} times",
      "area.open_library": "Open this type's media in the library",
      "area.cases_title": "Reported cases by scam type",
      "area.cases_chart": "Cases per day in the latest period ({area})",
      "area.per_day": "{value}/day",
      "area.trend_type": "Show the trend of",
      "area.trend_chart": "Cases per day in each period: {type}",
      "area.col_type": "Type",
      "area.col_period": "Period",
      "area.col_per_day": "Cases per day",
      "area.col_cases": "Cases",
      "area.col_change": "Change",
      "area.col_in_period": "Cases in the chosen period",
      "area.col_damage": "Damage (baht)",
      "area.quiz_title": "Cyber Vaccine Conqueror quiz results",
      "area.quiz_chart": "Share of correct answers by type (the weakest in red)",
      "area.quiz_privacy": "Types with fewer than 10 quiz takers show no figures, to protect the players' privacy.",
      "area.suppressed": "not shown (fewer than 10 takers)",
      "area.takers": "Quiz takers",
      "area.average_score": "Average score",
      "area.average_risk": "Average risk (1 low – 3 high)",
      "area.col_correct": "Correct",
      "area.outreach_title": "Outreach in the area",
      "area.activities": "Activities",
      "area.people": "People reached",
      "area.outreach_chart": "Activities by kind",
      "area.outreach_type_chart": "Activities by scam type covered",
      "area.downloads_title": "Media downloaded by units in the area",
      "area.downloads": "Downloads",
      "area.downloads_chart": "Downloads by scam type",
      "area.downloads_media_chart": "Most downloaded media",
      "area.col_media": "Media",
      "area.exports_title": "Download the data",
      "area.export_xlsx": "All tables (XLSX)",
      "area.export_recommendation": "Recommendation (XLSX)",
      "area.export_table": "One table (CSV)",
      "area.export_csv": "Download CSV",
      "table.cases": "Cases by type",
      "table.case_series": "Cases by period",
      "table.quiz": "Quiz results by type",
      "table.outreach_activities": "Outreach by activity kind",
      "table.outreach_types": "Outreach by scam type",
      "table.download_types": "Downloads by type",
      "table.download_media": "Most downloaded media",
      "kind.poster": "poster",
      "kind.infographic": "infographic",
      "kind.leaflet": "leaflet",
      "kind.video": "video",
      "kind.audio": "audio spot",
      "activity.community-meeting": "Community meeting",
      "activity.school": "School",
      "activity.temple": "Temple",
      "activity.market": "Market",
      "activity.village-broadcast": "Village loudspeaker",
      "activity.door-to-door": "Door to door",
      "activity.online": "Online",
      "activity.radio": "Radio",
      "activity.other": "Other"
    }
  });

  var EXPORT_TABLES = ["cases", "case_series", "quiz", "outreach_activities", "outreach_types", "download_types", "download_media"];
  var state = { overview: null, recommendation: null, provinces: [], districts: [], query: null };
  var picker = null;
  var element = function (id) { return document.getElementById(id); };

  function kindName(code) {
    var key = "kind." + code;
    var text = CV.t(key);
    return text === key ? code : text;
  }

  function activityName(code) {
    var key = "activity." + code;
    var text = CV.t(key);
    return text === key ? code : text;
  }

  // Area picker

  function fillProvinces() {
    var select = element("province");
    var chosen = select.value;
    var collator = new Intl.Collator(CV.language === "th" ? "th" : "en");
    var provinces = state.provinces.slice().sort(function (a, b) { return collator.compare(CV.localName(a), CV.localName(b)); });
    select.innerHTML = "";
    select.appendChild(new Option(CV.t("area.whole_country"), "TH"));
    provinces.forEach(function (province) { select.appendChild(new Option(CV.localName(province), province.code)); });
    if (chosen) { select.value = chosen; }
  }

  function fillDistricts() {
    var select = element("district");
    var chosen = select.value;
    select.innerHTML = "";
    select.appendChild(new Option(CV.t("area.whole_province"), ""));
    state.districts.forEach(function (district) { select.appendChild(new Option(CV.localName(district), district.code)); });
    select.disabled = !state.districts.length;
    if (chosen) { select.value = chosen; }
  }

  function loadDistricts(provinceCode) {
    if (!provinceCode || provinceCode === "TH") {
      state.districts = [];
      fillDistricts();
      return Promise.resolve();
    }
    return CV.api("GET", "/analytics/areas?province_code=" + encodeURIComponent(provinceCode)).then(function (body) {
      state.districts = body.districts;
      fillDistricts();
    });
  }

  function chosenArea() {
    return element("district").value || element("province").value || "TH";
  }

  // Loading

  function load(withArea) {
    var period = picker.value();
    var overviewQuery = Object.assign({}, period);
    if (withArea) { overviewQuery.area = chosenArea(); }
    state.query = overviewQuery;
    CV.showMessage(element("page-message"), "", "info");
    element("summary").textContent = CV.t("area.loading");

    var overview = CV.api("GET", "/analytics/overview?" + CVA.query(overviewQuery)).then(function (body) {
      state.overview = body;
      state.query.area = body.area.code;
      return syncAreaPicker(body.area).then(renderOverview);
    });
    var recommendation = CV.api("GET", "/analytics/recommendations?" + CVA.query(period)).then(function (body) {
      state.recommendation = body;
      renderRecommendation();
    });
    return Promise.all([overview, recommendation]).catch(function (error) {
      element("summary").textContent = "";
      CV.showMessage(element("page-message"), error.message, "error");
    });
  }

  function syncAreaPicker(area) {
    var province = area.level === "district" ? area.province_code : area.code;
    element("province").value = province;
    return loadDistricts(province).then(function () {
      element("district").value = area.level === "district" ? area.code : "";
    });
  }

  // Rendering

  function renderAll() {
    if (state.overview) { renderOverview(); }
    if (state.recommendation) { renderRecommendation(); }
  }

  function renderOverview() {
    var body = state.overview;
    element("summary").textContent = CV.t("area.summary", {
      area: CV.localName(body.area), start: CV.formatDate(body.period.start + "T00:00:00"), end: CV.formatDate(body.period.end + "T00:00:00")
    });
    renderCases(body.cases);
    renderQuiz(body.quiz);
    renderOutreach(body.outreach);
    renderDownloads(body.downloads);
  }

  function renderRecommendation() {
    var body = state.recommendation;
    element("recommendation-unit").textContent = CV.t("area.recommendation_unit", {
      unit: CV.localName(body.unit), area: CV.localName(body.area)
    });
    CVA.showNotices(element("recommendation-notices"), body.notices);
    element("recommendation-caveat").textContent = body.caveat[CV.language];

    var list = element("recommendation-list");
    list.innerHTML = "";
    body.items.forEach(function (item) {
      var entry = document.createElement("li");
      var heading = document.createElement("h3");
      heading.textContent = CVA.typeName(item.scam_type) + " ";
      var tags = document.createElement("span");
      tags.className = "tags";
      if (item.rising) { tags.appendChild(tag("tag-rising", CV.t("area.rising"))); }
      if (item.weak) { tags.appendChild(tag("tag-weak", CV.t("area.weak"))); }
      heading.appendChild(tags);
      entry.appendChild(heading);

      var reason = document.createElement("p");
      reason.className = "reason";
      reason.textContent = CV.language === "en" ? item.reason_en : item.reason_th;
      entry.appendChild(reason);

      if (item.media.length) {
        var media = document.createElement("ul");
        media.className = "media-list";
        item.media.forEach(function (medium) {
          var line = document.createElement("li");
          var title = document.createElement("strong");
          title.textContent = CV.localName(medium, "title") || ("#" + medium.media_id);
          line.appendChild(title);
          line.appendChild(document.createTextNode(" (" + kindName(medium.kind) + ")"));
          line.appendChild(document.createTextNode(" · " + CV.t("area.media_uses", {
            uses: CVA.number(medium.outreach_uses_by_others), downloads: CVA.number(medium.downloads)
          })));
          media.appendChild(line);
        });
        entry.appendChild(media);
        var library = document.createElement("a");
        library.href = "/media?scam_type=" + encodeURIComponent(item.scam_type);
        library.textContent = CV.t("area.open_library");
        entry.appendChild(library);
      }
      list.appendChild(entry);
    });
  }

  function tag(className, text) {
    var span = document.createElement("span");
    span.className = "tag " + className;
    span.textContent = text;
    return span;
  }

  function latestInterval(entry) {
    if (entry.trend) { return entry.trend.latest; }
    return entry.series.length ? entry.series[entry.series.length - 1] : null;
  }

  function periodText(interval) {
    return CVA.shortDate(interval.period_start) + " – " + CVA.shortDate(interval.period_end);
  }

  function renderCases(cases) {
    CVA.showNotices(element("cases-notices"), cases.notices);
    element("cases-caveat").textContent = cases.caveat[CV.language];

    var withSeries = cases.by_type.filter(function (entry) { return latestInterval(entry); });
    withSeries.sort(function (a, b) { return latestInterval(b).per_day - latestInterval(a).per_day; });
    var rows = withSeries.map(function (entry) {
      var latest = latestInterval(entry);
      var change = entry.trend ? " (" + CVA.change(entry.trend.change) + ")" : "";
      return {
        label: CVA.typeName(entry.scam_type),
        value: latest.per_day,
        display: CV.t("area.per_day", { value: CVA.number(latest.per_day, 1) }) + change,
        tone: entry.rising ? "alert" : ""
      };
    });
    var tableRows = withSeries.map(function (entry) {
      var latest = latestInterval(entry);
      return {
        type: CVA.typeName(entry.scam_type), period: periodText(latest), per_day: CVA.number(latest.per_day, 1),
        change: entry.trend ? CVA.change(entry.trend.change) : "–", cases: CVA.number(entry.cases),
        damage: CVA.number(entry.damage_baht)
      };
    });
    CVCharts.bars(element("cases-chart"), rows, {
      title: CV.t("area.cases_chart", { area: CV.localName(cases.area) }),
      columns: [
        { label: CV.t("area.col_type"), key: "type" }, { label: CV.t("area.col_period"), key: "period" },
        { label: CV.t("area.col_per_day"), key: "per_day" }, { label: CV.t("area.col_change"), key: "change" },
        { label: CV.t("area.col_in_period"), key: "cases" }, { label: CV.t("area.col_damage"), key: "damage" }
      ],
      tableRows: tableRows
    });

    var select = element("trend-type");
    var chosen = select.value;
    select.innerHTML = "";
    withSeries.forEach(function (entry) { select.appendChild(new Option(CVA.typeName(entry.scam_type), entry.scam_type)); });
    var rising = cases.rising_types[0];
    select.value = withSeries.some(function (entry) { return entry.scam_type === chosen; }) ? chosen : (rising || (withSeries[0] || {}).scam_type || "");
    renderTrend();
  }

  function renderTrend() {
    var cases = state.overview.cases;
    var code = element("trend-type").value;
    var entry = cases.by_type.filter(function (item) { return item.scam_type === code; })[0];
    var series = entry ? entry.series : [];
    CVCharts.columns(element("trend-chart"), series.map(function (interval) {
      return {
        label: periodText(interval),
        shortLabel: CVA.monthLabel(Number(interval.period_end.slice(5, 7))),
        secondLabel: CVA.yearLabel(Number(interval.period_end.slice(0, 4))),
        value: interval.per_day,
        display: CVA.number(interval.per_day, 0)
      };
    }), {
      title: CV.t("area.trend_chart", { type: code ? CVA.typeName(code) : "" }),
      columns: [
        { label: CV.t("area.col_period"), key: "period" }, { label: CV.t("area.col_cases"), key: "cases" },
        { label: CV.t("area.col_per_day"), key: "per_day" }
      ],
      tableRows: series.map(function (interval) {
        return { period: periodText(interval), cases: CVA.number(interval.value), per_day: CVA.number(interval.per_day, 1) };
      })
    });
  }

  function totals(listId, items) {
    var list = element(listId);
    list.innerHTML = "";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var value = document.createElement("strong");
      value.textContent = item.value;
      entry.appendChild(value);
      entry.appendChild(document.createTextNode(item.label));
      list.appendChild(entry);
    });
  }

  function renderQuiz(quiz) {
    CVA.showNotices(element("quiz-notices"), quiz.notices);
    var total = quiz.total;
    totals("quiz-totals", total.suppressed ? [] : [
      { label: CV.t("area.takers"), value: CVA.number(total.takers) },
      { label: CV.t("area.average_score"), value: CVA.number(total.average_score, 1) },
      { label: CV.t("area.average_risk"), value: CVA.number(total.average_risk, 2) }
    ]);
    var weakest = quiz.weakest_types;
    CVCharts.bars(element("quiz-chart"), quiz.by_type.map(function (entry) {
      return {
        label: CVA.typeName(entry.scam_type),
        value: entry.correct_share || 0,
        display: entry.suppressed ? CV.t("area.suppressed") : CVA.percent(entry.correct_share) + " · " + CVA.number(entry.takers),
        tone: entry.suppressed ? "muted" : (weakest.indexOf(entry.scam_type) >= 0 ? "alert" : "")
      };
    }), {
      title: CV.t("area.quiz_chart"),
      max: 1,
      columns: [
        { label: CV.t("area.col_type"), key: "type" }, { label: CV.t("area.takers"), key: "takers" },
        { label: CV.t("area.col_correct"), key: "correct" }, { label: CV.t("area.average_score"), key: "score" }
      ],
      tableRows: quiz.by_type.map(function (entry) {
        return {
          type: CVA.typeName(entry.scam_type),
          takers: entry.suppressed ? CV.t("area.suppressed") : CVA.number(entry.takers),
          correct: entry.suppressed ? "–" : CVA.percent(entry.correct_share),
          score: entry.suppressed ? "–" : CVA.number(entry.average_score, 1)
        };
      })
    });
  }

  function countBars(figureId, title, rows, labelOf, valueKey, valueLabel) {
    CVCharts.bars(element(figureId), rows.map(function (row) {
      return { label: labelOf(row), value: row[valueKey], display: CVA.number(row[valueKey]) };
    }), {
      title: title,
      columns: [{ label: CV.t("area.col_type"), key: "label" }, { label: valueLabel, key: "value" }],
      tableRows: rows.map(function (row) { return { label: labelOf(row), value: CVA.number(row[valueKey]) }; })
    });
  }

  function renderOutreach(outreach) {
    CVA.showNotices(element("outreach-notices"), outreach.notices);
    totals("outreach-totals", [
      { label: CV.t("area.activities"), value: CVA.number(outreach.activities) },
      { label: CV.t("area.people"), value: CVA.number(outreach.people) }
    ]);
    countBars("outreach-chart", CV.t("area.outreach_chart"), outreach.by_activity_type,
      function (row) { return activityName(row.activity_type); }, "activities", CV.t("area.activities"));
    countBars("outreach-type-chart", CV.t("area.outreach_type_chart"), outreach.by_type,
      function (row) { return CVA.typeName(row.scam_type); }, "activities", CV.t("area.activities"));
  }

  function renderDownloads(downloads) {
    CVA.showNotices(element("downloads-notices"), downloads.notices);
    totals("downloads-totals", [{ label: CV.t("area.downloads"), value: CVA.number(downloads.downloads) }]);
    countBars("downloads-chart", CV.t("area.downloads_chart"), downloads.by_type,
      function (row) { return CVA.typeName(row.scam_type); }, "downloads", CV.t("area.downloads"));
    countBars("downloads-media-chart", CV.t("area.downloads_media_chart"), downloads.by_media,
      function (row) { return CV.localName(row, "title") || ("#" + row.media_id); }, "downloads", CV.t("area.downloads"));
  }

  function fillExportTables() {
    var select = element("export-table");
    var chosen = select.value;
    select.innerHTML = "";
    EXPORT_TABLES.forEach(function (name) { select.appendChild(new Option(CV.t("table." + name), name)); });
    if (chosen) { select.value = chosen; }
  }

  // Start

  document.addEventListener("DOMContentLoaded", function () {
    var session = CV.requireLogin();
    if (!session) { return; }
    if (CV.session.hasRole("working_group") || CV.session.hasRole("administrator")) { element("strategy-link").hidden = false; }

    picker = new CVA.PeriodPicker({ fromMonth: "from-month", fromYear: "from-year", toMonth: "to-month", toYear: "to-year" });
    fillExportTables();

    element("filters").addEventListener("submit", function (event) {
      event.preventDefault();
      load(true);
    });
    element("province").addEventListener("change", function () {
      element("district").value = "";
      loadDistricts(element("province").value);
    });
    element("trend-type").addEventListener("change", renderTrend);
    element("export-xlsx").addEventListener("click", function () {
      CVA.download("/analytics/overview", Object.assign({ format: "xlsx" }, state.query), "cybervaccine-overview.xlsx", element("export-message"));
    });
    element("export-recommendation").addEventListener("click", function () {
      CVA.download("/analytics/recommendations", Object.assign({ format: "xlsx" }, picker.value()), "cybervaccine-recommendation.xlsx", element("export-message"));
    });
    element("export-csv").addEventListener("click", function () {
      var table = element("export-table").value;
      CVA.download("/analytics/overview", Object.assign({ format: "csv", table: table }, state.query), "cybervaccine-" + table + ".csv", element("export-message"));
    });
    document.addEventListener("cv:language", function () {
      fillProvinces();
      fillDistricts();
      fillExportTables();
      renderAll();
    });

    Promise.all([CVA.loadScamTypes(), CV.api("GET", "/analytics/areas")]).then(function (results) {
      state.provinces = results[1].provinces;
      fillProvinces();
      fillDistricts();
      return load(false);
    }).catch(function (error) {
      CV.showMessage(element("page-message"), error.message, "error");
    });
  });
})();
