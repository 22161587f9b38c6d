/*
 * Unit reports and summary: the roll-up of the caller's subtree and the reports behind it.
 *
 * Every number comes from the reports the units filed once. Sub-units are
 * listed in unit code order with their own counts and nothing else: the
 * page ranks no unit and shows no target.
 */
(function () {
  "use strict";

  var VIEWER_ROLES = ["unit_head", "working_group", "administrator"];
  var DIMENSIONS = [
    ["activity_type", "summary.by_activity_type"],
    ["audience", "summary.by_audience"],
    ["scam_type", "summary.by_scam_type"],
    ["media", "summary.by_media"],
    ["channel", "summary.by_channel"]
  ];
  var state = { me: null, options: null, units: {}, rootUnit: null, summary: null, cursor: null };

  function element(id) { return document.getElementById(id); }

  function names(list) {
    var found = {};
    (list || []).forEach(function (item) { found[item.code] = item; });
    return found;
  }

  function keyLabel(dimension, key) {
    var tables = {
      activity_type: names(state.options.activity_types),
      audience: names(state.options.audience_groups),
      scam_type: names(state.options.scam_types),
      channel: names(state.options.channels)
    };
    if (dimension === "media") {
      var item = state.options.media.filter(function (media) { return String(media.media_id) === key; })[0];
      return item ? CV.localName(item, "title") : "#" + key;
    }
    var entry = (tables[dimension] || {})[key];
    return entry ? CV.localName(entry) : key;
  }

  function numberCell(value) {
    return '<td class="number">' + CV.escape(CV.formatNumber(value)) + "</td>";
  }

  function header(first) {
    return "<thead><tr><th>" + CV.escape(first) + '</th><th class="number">' + CV.escape(CV.t("summary.reports")) +
      '</th><th class="number">' + CV.escape(CV.t("summary.people")) + "</th></tr></thead>";
  }

  // Summary

  function query() {
    var params = new URLSearchParams();
    params.set("unit_id", element("unit").value);
    params.set("period", element("period").value);
    if (element("from").value) { params.set("from", element("from").value); }
    if (element("to").value) { params.set("to", element("to").value); }
    return params;
  }

  function listQuery() {
    var params = query();
    params.delete("period");
    params.set("status", element("status-filter").value);
    if (element("activity-filter").value) { params.set("activity_type", element("activity-filter").value); }
    return params;
  }

  async function loadSummary() {
    var message = element("page-message");
    try {
      state.summary = await CV.api("GET", "/reports/summary?" + query().toString());
    } catch (error) {
      CV.showMessage(message, error.message, "error");
      return;
    }
    CV.showMessage(message, "", "info");
    rememberUnits();
    renderSummary();
  }

  function rememberUnits() {
    var summary = state.summary;
    state.units[summary.unit.id] = summary.unit;
    summary.units.forEach(function (row) { state.units[row.unit.id] = row.unit; });
    fillUnitSelect(summary.unit.id);
  }

  function fillUnitSelect(selected) {
    var units = Object.keys(state.units).map(function (id) { return state.units[id]; });
    units.sort(function (a, b) { return a.code < b.code ? -1 : 1; });
    element("unit").innerHTML = units.map(function (unit) {
      return '<option value="' + unit.id + '">' + CV.escape(CV.localName(unit) + " (" + unit.code + ")") + "</option>";
    }).join("");
    element("unit").value = String(selected);
  }

  function renderSummary() {
    var summary = state.summary;
    element("summary-section").hidden = false;
    element("summary-unit").textContent = CV.localName(summary.unit);
    element("summary-range").textContent = CV.formatDate(summary.from + "T12:00:00+07:00") + " – " +
      CV.formatDate(summary.to + "T12:00:00+07:00");
    element("total-reports").textContent = CV.formatNumber(summary.reports);
    element("total-people").textContent = CV.formatNumber(summary.people);

    element("dimension-tables").innerHTML = DIMENSIONS.map(function (pair) {
      var rows = summary.by[pair[0]] || [];
      var body = rows.length ? rows.map(function (row) {
        return "<tr><td>" + CV.escape(keyLabel(pair[0], row.key)) + "</td>" + numberCell(row.reports) + numberCell(row.people) + "</tr>";
      }).join("") : '<tr><td colspan="3" class="muted">' + CV.escape(CV.t("summary.nothing")) + "</td></tr>";
      return "<h3>" + CV.escape(CV.t(pair[1])) + '</h3><div class="table-wrap"><table data-dimension="' + pair[0] + '">' +
        header(CV.t("summary.item")) + "<tbody>" + body + "</tbody></table></div>";
    }).join("");

    element("period-table").innerHTML = header(CV.t("summary.period." + summary.period)) + "<tbody>" +
      summary.periods.map(function (period) {
        return "<tr><td>" + CV.escape(CV.formatDate(period.period + "T12:00:00+07:00", { short: true })) + "</td>" +
          numberCell(period.reports) + numberCell(period.people) + "</tr>";
      }).join("") + "</tbody>";

    element("sub-units-block").hidden = !summary.units.length;
    element("sub-units").innerHTML = header(CV.t("summary.unit")) + "<tbody>" + summary.units.map(function (row) {
      return '<tr data-unit-code="' + CV.escape(row.unit.code) + '"><td><button type="button" class="link" data-unit="' +
        row.unit.id + '" aria-label="' + CV.escape(CV.t("summary.open_unit") + " " + CV.localName(row.unit)) + '">' +
        CV.escape(CV.localName(row.unit)) + "</button></td>" + numberCell(row.reports) + numberCell(row.people) + "</tr>";
    }).join("") + "</tbody>";
  }

  // Report list

  function photoThumbs(report) {
    var ready = report.photos.filter(function (photo) { return photo.thumbnail_url; });
    var html = ready.map(function (photo) {
      return '<a href="' + CV.escape(photo.display_url) + '" target="_blank" rel="noopener"><img src="' +
        CV.escape(photo.thumbnail_url) + '" alt="' + CV.escape(report.place) + '"></a>';
    }).join("");
    return html ? '<div class="thumbs">' + html + "</div>" : "";
  }

  function reportItem(report) {
    var people = CV.t("reports.people_count", { count: CV.formatNumber(report.total_people) });
    var canWithdraw = state.me.roles.indexOf("unit_head") >= 0 && report.status === "active" &&
      new Date(report.amend_until) > new Date();
    var parts = ['<li data-report-id="' + report.id + '">'];
    parts.push('<div class="title"><strong>' + CV.escape(CV.formatDate(report.occurred_at, { time: true })) + "</strong> · " +
      CV.escape(report.place) + "</div>");
    parts.push('<div class="meta">' + CV.escape(CV.localName(report.unit)) + " · " +
      CV.escape(keyLabel("activity_type", report.activity_type)) + " · " + CV.escape(people) + "</div>");
    parts.push('<div class="meta">' + CV.escape(report.scam_types.map(function (code) { return keyLabel("scam_type", code); }).join(", ")) + "</div>");
    parts.push('<div class="meta">' + CV.escape(CV.t("summary.filed_by", { name: report.filed_by_username })) + "</div>");
    if (report.status === "withdrawn") {
      parts.push('<span class="status status-withdrawn">' + CV.escape(CV.t("summary.status.withdrawn")) + "</span>");
    } else if (!report.complete) {
      parts.push('<span class="status status-waiting">' + CV.escape(CV.t("summary.photos_pending")) + "</span>");
    }
    parts.push(photoThumbs(report));
    if (canWithdraw) {
      parts.push('<button type="button" class="secondary" data-withdraw="' + report.id + '" data-revision="' +
        report.revision + '">' + CV.escape(CV.t("summary.withdraw")) + "</button>");
    }
    parts.push("</li>");
    return parts.join("");
  }

  async function loadList(append) {
    var params = listQuery();
    if (append && state.cursor) { params.set("cursor", state.cursor); }
    var page;
    try {
      page = await CV.api("GET", "/reports?" + params.toString());
    } catch (error) {
      CV.showMessage(element("list-message"), error.message, "error");
      return;
    }
    state.cursor = page.next_cursor;
    var html = page.items.map(reportItem).join("");
    if (append) { element("report-list").insertAdjacentHTML("beforeend", html); } else { element("report-list").innerHTML = html; }
    element("load-more").hidden = !page.next_cursor;
    element("list-section").hidden = false;
    if (!append && !page.items.length) { CV.showMessage(element("list-message"), CV.t("summary.nothing"), "info"); }
    else { CV.showMessage(element("list-message"), "", "info"); }
  }

  async function withdraw(button) {
    var reason = window.prompt(CV.t("summary.withdraw_reason"));
    if (!reason || !reason.trim()) { return; }
    try {
      await CV.api("POST", "/reports/" + button.getAttribute("data-withdraw") + "/withdrawal",
        { reason: reason.trim(), revision: Number(button.getAttribute("data-revision")) });
      CV.showMessage(element("list-message"), CV.t("summary.withdrawn_ok"), "ok");
      await Promise.all([loadSummary(), loadList(false)]);
    } catch (error) {
      CV.showMessage(element("list-message"), error.message, "error");
    }
  }

  async function exportList(format) {
    var message = element("list-message");
    CV.showMessage(message, CV.t("summary.exporting"), "info");
    try {
      var params = listQuery();
      params.set("format", format);
      var result = await CV.api("GET", "/reports/export?" + params.toString());
      CV.showMessage(message, "", "info");
      window.location.href = result.url;
    } catch (error) {
      CV.showMessage(message, error.message, "error");
    }
  }

  // Start

  function refresh() {
    state.cursor = null;
    return Promise.all([loadSummary(), loadList(false)]);
  }

  function wireEvents() {
    element("filters").addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
    element("unit").addEventListener("change", refresh);
    element("sub-units").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-unit]");
      if (!button) { return; }
      element("unit").value = button.getAttribute("data-unit");
      refresh();
    });
    element("report-list").addEventListener("click", function (event) {
      var button = event.target.closest("button[data-withdraw]");
      if (button) { withdraw(button); }
    });
    element("load-more").addEventListener("click", function () { loadList(true); });
    document.querySelectorAll("button[data-export]").forEach(function (button) {
      button.addEventListener("click", function () { exportList(button.getAttribute("data-export")); });
    });
    document.addEventListener("cv:language", function () {
      fillActivityFilter();
      if (state.summary) { fillUnitSelect(state.summary.unit.id); renderSummary(); }
      loadList(false);
    });
  }

  function fillActivityFilter() {
    var selected = element("activity-filter").value;
    element("activity-filter").innerHTML = '<option value="">' + CV.escape(CV.t("summary.all_types")) + "</option>" +
      state.options.activity_types.map(function (item) {
        return '<option value="' + CV.escape(item.code) + '">' + CV.escape(CV.localName(item)) + "</option>";
      }).join("");
    element("activity-filter").value = selected;
  }

  async function start() {
    if (!CV.requireLogin()) { return; }
    try {
      state.me = await CV.api("GET", "/me");
      state.options = await CV.api("GET", "/reports/options");
    } catch (error) {
      CV.showMessage(element("page-message"), error.message, "error");
      return;
    }
    if (!VIEWER_ROLES.some(function (role) { return state.me.roles.indexOf(role) >= 0; })) {
      CV.showMessage(element("page-message"), CV.t("summary.heads_only"), "info");
      return;
    }

    state.units[state.me.unit.id] = state.me.unit;
    fillUnitSelect(state.me.unit.id);
    fillActivityFilter();
    element("filters-section").hidden = false;
    wireEvents();
    await refresh();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
