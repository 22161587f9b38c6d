/* Strategy overview for the working group, case statistics imports and scam type aliases. */
(function () {
  "use strict";

  CV.addMessages({
    th: {
      "nav.strategy": "ภาพรวมยุทธศาสตร์",
      "area.from": "ตั้งแต่เดือน",
      "area.to": "ถึงเดือน",
      "area.year": "ปี พ.ศ.",
      "area.show": "แสดงผล",
      "area.loading": "กำลังโหลดข้อมูล…",
      "area.col_type": "ประเภท",
      "area.col_change": "เปลี่ยนแปลง",
      "area.downloads": "ดาวน์โหลด (ครั้ง)",
      "area.activities": "กิจกรรม",
      "area.exports_title": "ดาวน์โหลดข้อมูล",
      "area.export_xlsx": "ทุกตาราง (XLSX)",
      "area.suppressed": "ไม่แสดง (ผู้เล่นน้อยกว่า 10)",
      "strategy.title": "ภาพรวมยุทธศาสตร์สำหรับคณะทำงาน",
      "strategy.summary": "ทั่วประเทศ · {start} ถึง {end}",
      "strategy.gaps_title": "ช่องว่างของสื่อ",
      "strategy.lacking": "ประเภทที่ยังไม่มีสื่อในคลัง",
      "strategy.rising": "ประเภทที่คดีทั่วประเทศเพิ่มขึ้น",
      "strategy.none": "ไม่มี",
      "strategy.media_chart": "จำนวนสื่อในคลังตามประเภท (ประเภทที่ขาดสื่อแสดงเป็นสีแดง)",
      "strategy.types_title": "ภาพรวมตามประเภทการหลอกลวง",
      "strategy.col_cases": "คดีต่อวัน (ช่วงล่าสุด)",
      "strategy.col_media": "สื่อในคลัง",
      "strategy.col_media_uses": "ใช้สื่อในกิจกรรม",
      "strategy.col_quiz": "ผู้เล่นตอบถูก",
      "strategy.quiz_title": "ผลเกมทั่วประเทศ และก่อน–หลังกิจกรรม",
      "strategy.quiz_chart": "สัดส่วนคำตอบที่ถูกทั่วประเทศตามประเภท",
      "strategy.before_after_chart": "สัดส่วนคำตอบที่ถูกใน {days} วันก่อนและหลังกิจกรรมครั้งแรกของแต่ละจังหวัด",
      "strategy.before": "ก่อน",
      "strategy.after": "หลัง",
      "strategy.col_side": "ช่วง",
      "strategy.col_provinces": "จังหวัด",
      "strategy.rarely_title": "สื่อที่ถูกนำไปใช้น้อย",
      "strategy.rarely_note": "สื่อที่อยู่ในคลังก่อนสิ้นสุดช่วงเวลา และถูกระบุในรายงานกิจกรรมน้อยกว่า {count} ครั้งในช่วงเวลานี้",
      "strategy.rarely_item": "{title} · ใช้ในกิจกรรม {uses} ครั้ง · ดาวน์โหลด {downloads} ครั้ง",
      "strategy.import_title": "นำเข้าสถิติคดี",
      "strategy.import_hint": "ไฟล์ CSV หรือ XLSX ไม่เกิน 5 MB คอลัมน์ period_start, period_end, area, scam_type, cases, damage_baht หากมีข้อผิดพลาดจะไม่นำเข้าข้อมูลใด ๆ",
      "strategy.import_file": "ไฟล์สถิติคดี",
      "strategy.import_button": "นำเข้า",
      "strategy.import_choose": "กรุณาเลือกไฟล์",
      "strategy.import_done": "นำเข้าแล้ว {rows} แถว แทนที่ข้อมูลเดิม {replaced} แถว",
      "strategy.history_title": "ประวัติการนำเข้า",
      "strategy.col_file": "ไฟล์",
      "strategy.col_status": "สถานะ",
      "strategy.col_rows": "แถว",
      "strategy.col_when": "เมื่อ",
      "strategy.col_by": "โดย",
      "strategy.status_active": "ใช้งานอยู่",
      "strategy.status_replaced": "ถูกแทนที่",
      "strategy.status_rejected": "ไม่ผ่านการตรวจ",
      "strategy.seed_user": "ข้อมูลตั้งต้น",
      "strategy.alias_title": "ชื่อเรียกประเภทการหลอกลวงในไฟล์สถิติ",
      "strategy.alias_hint": "เพิ่มชื่อที่แหล่งข้อมูลใช้ เพื่อให้ระบบจับคู่กับประเภทได้ในการนำเข้าครั้งต่อไป",
      "strategy.alias_name": "ชื่อที่ใช้ในไฟล์",
      "strategy.alias_add": "เพิ่มชื่อเรียก",
      "strategy.alias_added": "เพิ่มชื่อเรียกแล้ว",
      "strategy.alias_delete": "ลบ",
      "strategy.export_types": "ตารางประเภท (CSV)",
      "strategy.export_media": "ตารางสื่อ (CSV)",
      "strategy.export_imports": "ประวัติการนำเข้า (CSV)",
      "strategy.needs_role": "หน้านี้สำหรับคณะทำงานเท่านั้น"
    },
    en: {
      "nav.strategy": "Strategy overview",
      "area.from": "From month",
      "area.to": "To month",
      "area.year": "Year",
      "area.show": "Show",
      "area.loading": "Loading…",
      "area.col_type": "Type",
      "area.col_change": "Change",
      "area.downloads": "Downloads",
      "area.activities": "Activities",
      "area.exports_title": "Download the data",
      "area.export_xlsx": "All tables (XLSX)",
      "area.suppressed": "not shown (fewer than 10 takers)",
      "strategy.title": "Strategy overview for the working group",
      "strategy.summary": "Whole country · {start} to {end}",
      "strategy.gaps_title": "Gaps in the media library",
      "strategy.lacking": "Scam types with no media in the library",
      "strategy.rising": "Scam types with rising cases nationwide",
      "strategy.none": "none",
      "strategy.media_chart": "Media in the library by type (types lacking media in red)",
      "strategy.types_title": "Overview by scam type",
      "strategy.col_cases": "Cases per day (latest period)",
      "strategy.col_media": "Media available",
      "strategy.col_media_uses": "Media uses in outreach",
      "strategy.col_quiz": "Quiz correct",
      "strategy.quiz_title": "Quiz results nationwide, and before and after outreach",
      "strategy.quiz_chart": "Share of correct answers nationwide by type",
      "strategy.before_after_chart": "Share of correct answers in the {days} days before and after the first outreach in each province",
      "strategy.before": "before",
      "strategy.after": "after",
      "strategy.col_side": "Period",
      "strategy.col_provinces": "Provinces",
      "strategy.rarely_title": "Rarely used media",
      "strategy.rarely_note": "Items in the library before the period ended and named in fewer than {count} outreach reports in the period.",
      "strategy.rarely_item": "{title} · used in outreach {uses} times · downloaded {downloads} times",
      "strategy.import_title": "Import case statistics",
      "strategy.import_hint": "A CSV or XLSX file of at most 5 MB with the columns period_start, period_end, area, scam_type, cases, damage_baht. A file with any error imports nothing.",
      "strategy.import_file": "Case statistics file",
      "strategy.import_button": "Import",
      "strategy.import_choose": "Choose a file first.",
      "strategy.import_done": "{rows} rows imported, {replaced} earlier rows replaced.",
      "strategy.history_title": "Import history",
      "strategy.col_file": "File",
      "strategy.col_status": "Status",
      "strategy.col_rows": "Rows",
      "strategy.col_when": "When",
      "strategy.col_by": "By",
      "strategy.status_active": "current",
      "strategy.status_replaced": "replaced",
      "strategy.status_rejected": "rejected",
      "strategy.seed_user": "seed data",
      "strategy.alias_title": "Scam type names in statistics files",
      "strategy.alias_hint": "Add a name a source uses, so that the next imports map it to its type.",
      "strategy.alias_name": "Name used in the file",
      "strategy.alias_add": "Add the name",
      "strategy.alias_added": "Name added.",
      "strategy.alias_delete": "Delete",
      "strategy.export_types": "Types table (CSV)",
      "strategy.export_media": "Media table (CSV)",
      "strategy.export_imports": "Import history (CSV)",
      "strategy.needs_role": "This page is for the working group only."
    }
  });

  var state = { overview: null, imports: [], aliases: [], query: null };
  var picker = null;
  var element = function (id) { return document.getElementById(id); };

  function latestPerDay(row) {
    return row.trend ? row.trend.latest.per_day : null;
  }

  function chips(listId, codes) {
    var list = element(listId);
    list.innerHTML = "";
    (codes.length ? codes : [null]).forEach(function (code) {
      var item = document.createElement("li");
      item.textContent = code ? CVA.typeName(code) : CV.t("strategy.none");
      list.appendChild(item);
    });
  }

  function load() {
    state.query = picker.value();
    element("summary").textContent = CV.t("area.loading");
    CV.api("GET", "/analytics/strategy?" + CVA.query(state.query)).then(function (body) {
      state.overview = body;
      render();
    }).catch(function (error) {
      element("summary").textContent = "";
      CV.showMessage(element("page-message"), error.status === 403 ? CV.t("strategy.needs_role") : error.message, "error");
    });
    loadImports();
  }

  function render() {
    var body = state.overview;
    if (!body) { return; }
    element("summary").textContent = CV.t("strategy.summary", {
      start: CV.formatDate(body.period.start + "T00:00:00"), end: CV.formatDate(body.period.end + "T00:00:00")
    });
    chips("lacking", body.lacking_media);
    chips("rising", body.types.filter(function (row) { return row.rising; }).map(function (row) { return row.scam_type; }));

    CVCharts.bars(element("media-chart"), body.types.map(function (row) {
      return { label: CVA.typeName(row.scam_type), value: row.media_count, display: CVA.number(row.media_count), tone: row.lacks_media ? "alert" : "" };
    }), {
      title: CV.t("strategy.media_chart"),
      columns: [{ label: CV.t("area.col_type"), key: "label" }, { label: CV.t("strategy.col_media"), key: "display" }]
    });

    renderTypesTable(body);
    renderQuiz(body);
    renderRarelyUsed(body);
    element("trend-caveat").textContent = body.caveats.trend[CV.language];
    element("before-after-caveat").textContent = body.caveats.before_after[CV.language];
  }

  function renderTypesTable(body) {
    var tbody = element("types-table").tBodies[0];
    tbody.innerHTML = "";
    body.types.forEach(function (row) {
      var line = tbody.insertRow();
      var name = line.insertCell();
      name.textContent = CVA.typeName(row.scam_type);
      if (row.lacks_media) {
        var tagElement = document.createElement("span");
        tagElement.className = "tag tag-lacking";
        tagElement.textContent = CV.t("strategy.lacking");
        name.appendChild(document.createTextNode(" "));
        name.appendChild(tagElement);
      }
      line.insertCell().textContent = CVA.number(latestPerDay(row), 1);
      line.insertCell().textContent = row.trend ? CVA.change(row.trend.change) : "–";
      line.insertCell().textContent = CVA.number(row.media_count);
      line.insertCell().textContent = CVA.number(row.downloads);
      line.insertCell().textContent = CVA.number(row.outreach_activities);
      line.insertCell().textContent = CVA.number(row.outreach_media_uses);
      line.insertCell().textContent = row.quiz.suppressed ? CV.t("area.suppressed") : CVA.percent(row.quiz.correct_share);
    });
  }

  function renderQuiz(body) {
    var shown = body.types.filter(function (row) { return !row.quiz.suppressed; });
    CVCharts.bars(element("quiz-chart"), shown.map(function (row) {
      return {
        label: CVA.typeName(row.scam_type),
        value: row.quiz.correct_share || 0,
        display: CVA.percent(row.quiz.correct_share) + " · " + CVA.number(row.quiz.takers)
      };
    }), {
      title: CV.t("strategy.quiz_chart"),
      max: 1,
      columns: [{ label: CV.t("area.col_type"), key: "label" }, { label: CV.t("strategy.col_quiz"), key: "display" }]
    });

    var rows = [];
    var tableRows = [];
    body.types.forEach(function (row) {
      var comparison = row.before_after;
      if (!comparison.provinces) { return; }
      [["before", "secondary"], ["after", ""]].forEach(function (pair) {
        var side = comparison[pair[0]];
        rows.push({
          label: CVA.typeName(row.scam_type) + " · " + CV.t("strategy." + pair[0]),
          value: side && !side.suppressed ? side.correct_share : 0,
          display: !side || side.suppressed ? CV.t("area.suppressed") : CVA.percent(side.correct_share),
          tone: !side || side.suppressed ? "muted" : pair[1]
        });
      });
      tableRows.push({
        type: CVA.typeName(row.scam_type), provinces: comparison.provinces,
        before: comparison.before && !comparison.before.suppressed ? CVA.percent(comparison.before.correct_share) : CV.t("area.suppressed"),
        after: comparison.after && !comparison.after.suppressed ? CVA.percent(comparison.after.correct_share) : CV.t("area.suppressed")
      });
    });
    CVCharts.bars(element("before-after-chart"), rows, {
      title: CV.t("strategy.before_after_chart", { days: body.before_after_days }),
      max: 1,
      columns: [
        { label: CV.t("area.col_type"), key: "type" }, { label: CV.t("strategy.col_provinces"), key: "provinces" },
        { label: CV.t("strategy.before"), key: "before" }, { label: CV.t("strategy.after"), key: "after" }
      ],
      tableRows: tableRows
    });
  }

  function renderRarelyUsed(body) {
    element("rarely-note").textContent = CV.t("strategy.rarely_note", { count: body.rarely_used_below });
    var list = element("rarely-list");
    list.innerHTML = "";
    body.rarely_used_media.forEach(function (item) {
      var entry = document.createElement("li");
      entry.textContent = CV.t("strategy.rarely_item", {
        title: CV.localName(item, "title") || ("#" + item.media_id), uses: item.outreach_uses, downloads: item.downloads
      });
      list.appendChild(entry);
    });
    if (!body.rarely_used_media.length) {
      var none = document.createElement("li");
      none.textContent = CV.t("strategy.none");
      list.appendChild(none);
    }
  }

  // Imports

  function loadImports() {
    CV.api("GET", "/analytics/case-statistics/imports").then(function (items) {
      state.imports = items;
      renderImports();
    }).catch(function () { /* the page message already shows a permission error */ });
  }

  function renderImports() {
    var tbody = element("imports-table").tBodies[0];
    tbody.innerHTML = "";
    state.imports.forEach(function (item) {
      var line = tbody.insertRow();
      line.insertCell().textContent = item.file_name;
      line.insertCell().textContent = CV.t("strategy.status_" + item.status);
      line.insertCell().textContent = CVA.number(item.row_count);
      line.insertCell().textContent = CV.formatDate(item.created_at, { time: true });
      line.insertCell().textContent = item.created_by_username || CV.t("strategy.seed_user");
    });
  }

  function importFile(event) {
    event.preventDefault();
    var file = element("import-file").files[0];
    var message = element("import-message");
    var errors = element("import-errors");
    errors.innerHTML = "";
    if (!file) {
      CV.showMessage(message, CV.t("strategy.import_choose"), "error");
      return;
    }
    var form = new FormData();
    form.append("file", file, file.name);
    CV.api("POST", "/analytics/case-statistics/imports", form).then(function (result) {
      CV.showMessage(message, CV.t("strategy.import_done", { rows: result.row_count, replaced: result.replaced_row_count }), "ok");
      load();
    }).catch(function (error) {
      CV.showMessage(message, error.message, "error");
      (error.details.errors || []).forEach(function (rowError) {
        var item = document.createElement("li");
        item.textContent = rowError.message;
        errors.appendChild(item);
      });
      loadImports();
    });
  }

  // Aliases

  function fillAliasTypes(types) {
    var select = element("alias-type");
    var chosen = select.value;
    select.innerHTML = "";
    Object.keys(types).forEach(function (code) { select.appendChild(new Option(CVA.typeName(code), code)); });
    if (chosen) { select.value = chosen; }
  }

  function loadAliases() {
    CV.api("GET", "/analytics/scam-type-aliases").then(function (items) {
      state.aliases = items.filter(function (item) { return item.source === "working_group"; });
      renderAliases();
    }).catch(function () { /* the page message already shows a permission error */ });
  }

  function renderAliases() {
    var list = element("alias-list");
    list.innerHTML = "";
    state.aliases.forEach(function (alias) {
      var item = document.createElement("li");
      item.textContent = "“" + alias.name + "” → " + CVA.typeName(alias.scam_type) + " ";
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = CV.t("strategy.alias_delete");
      remove.addEventListener("click", function () {
        CV.api("DELETE", "/analytics/scam-type-aliases/" + alias.id).then(loadAliases).catch(function (error) {
          CV.showMessage(element("alias-message"), error.message, "error");
        });
      });
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  function addAlias(event) {
    event.preventDefault();
    var body = { scam_type: element("alias-type").value, name: element("alias-name").value.trim() };
    CV.api("POST", "/analytics/scam-type-aliases", body).then(function () {
      element("alias-name").value = "";
      CV.showMessage(element("alias-message"), CV.t("strategy.alias_added"), "ok");
      loadAliases();
    }).catch(function (error) {
      CV.showMessage(element("alias-message"), error.message, "error");
    });
  }

  // Start

  document.addEventListener("DOMContentLoaded", function () {
    var session = CV.requireLogin();
    if (!session) { return; }
    if (!CV.session.hasRole("working_group") && !CV.session.hasRole("administrator")) {
      CV.showMessage(element("page-message"), CV.t("strategy.needs_role"), "error");
      return;
    }

    picker = new CVA.PeriodPicker({ fromMonth: "from-month", fromYear: "from-year", toMonth: "to-month", toYear: "to-year" });
    element("filters").addEventListener("submit", function (event) { event.preventDefault(); load(); });
    element("import-form").addEventListener("submit", importFile);
    element("alias-form").addEventListener("submit", addAlias);
    element("export-xlsx").addEventListener("click", function () {
      CVA.download("/analytics/strategy", Object.assign({ format: "xlsx" }, state.query), "cybervaccine-strategy.xlsx", element("export-message"));
    });
    element("export-types").addEventListener("click", function () {
      CVA.download("/analytics/strategy", Object.assign({ format: "csv", table: "types" }, state.query), "cybervaccine-strategy-types.csv", element("export-message"));
    });
    element("export-media").addEventListener("click", function () {
      CVA.download("/analytics/strategy", Object.assign({ format: "csv", table: "media" }, state.query), "cybervaccine-strategy-media.csv", element("export-message"));
    });
    element("export-imports").addEventListener("click", function () {
      CVA.download("/analytics/case-statistics/imports", { format: "csv", table: "imports" }, "cybervaccine-imports.csv", element("export-message"));
    });

    CVA.loadScamTypes().then(function (types) {
      fillAliasTypes(types);
      document.addEventListener("cv:language", function () {
        fillAliasTypes(types);
        render();
        renderImports();
        renderAliases();
      });
      load();
      loadAliases();
    });
  });
})();
