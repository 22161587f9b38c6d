/*
 * Small SVG charts for the analytics dashboards, with no library to download.
 * Each chart fills a <figure>: a caption, an SVG drawing (role="img") and,
 * for screen readers and exact numbers, the same data as a table inside
 * <details>. An empty data set draws an empty frame with a message.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var WIDTH = 360;
  var chartNumber = 0;

  function svgElement(name, attributes, text) {
    var element = document.createElementNS(SVG_NS, name);
    Object.keys(attributes || {}).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    if (text !== undefined) { element.textContent = text; }
    return element;
  }

  function start(figure, options) {
    figure.innerHTML = "";
    figure.classList.add("chart");
    chartNumber += 1;
    var caption = document.createElement("figcaption");
    caption.id = "chart-caption-" + chartNumber;
    caption.textContent = options.title || "";
    figure.appendChild(caption);
    return caption.id;
  }

  function emptyFrame(figure, captionId, message) {
    var svg = svgElement("svg", { viewBox: "0 0 " + WIDTH + " 60", role: "img", "aria-labelledby": captionId, "class": "chart-empty" });
    svg.appendChild(svgElement("rect", { x: 1, y: 1, width: WIDTH - 2, height: 58, rx: 6, "class": "frame" }));
    svg.appendChild(svgElement("text", { x: WIDTH / 2, y: 35, "text-anchor": "middle", "class": "empty-text" }, message));
    figure.appendChild(svg);
    var note = document.createElement("p");
    note.className = "muted chart-empty-message";
    note.textContent = message;
    figure.appendChild(note);
  }

  /* A table with the chart's data: columns [{label, key}], rows of objects. */
  function tableAlternative(figure, columns, rows, summaryText) {
    var details = document.createElement("details");
    var summary = document.createElement("summary");
    summary.textContent = summaryText || CV.t("charts.show_table");
    details.appendChild(summary);
    var table = document.createElement("table");
    var head = table.createTHead().insertRow();
    columns.forEach(function (column) {
      var cell = document.createElement("th");
      cell.scope = "col";
      cell.textContent = column.label;
      head.appendChild(cell);
    });
    var body = table.createTBody();
    rows.forEach(function (row) {
      var line = body.insertRow();
      columns.forEach(function (column) {
        var value = row[column.key];
        line.insertCell().textContent = value === null || value === undefined ? "–" : String(value);
      });
    });
    details.appendChild(table);
    figure.appendChild(details);
    return table;
  }

  /*
   * Horizontal bars, one per row, the label above its bar so that long Thai
   * names fit on a phone. rows: [{label, value, display, tone}] where tone is
   * "alert", "muted" (for example a suppressed cell, drawn without a bar) or
   * empty. options: {title, max, emptyText, columns, tableRows}.
   */
  function bars(figure, rows, options) {
    var captionId = start(figure, options);
    if (!rows.length) {
      emptyFrame(figure, captionId, options.emptyText || CV.t("charts.no_data"));
      return;
    }
    var rowHeight = 42;
    var height = rows.length * rowHeight + 8;
    var max = options.max || Math.max.apply(null, rows.map(function (row) { return row.value || 0; })) || 1;
    var svg = svgElement("svg", { viewBox: "0 0 " + WIDTH + " " + height, role: "img", "aria-labelledby": captionId });

    rows.forEach(function (row, index) {
      var top = index * rowHeight + 4;
      svg.appendChild(svgElement("text", { x: 0, y: top + 13, "class": "bar-label" }, row.label));
      var barWidth = row.value ? Math.max(2, (WIDTH - 130) * row.value / max) : 0;
      if (row.tone !== "muted") {
        svg.appendChild(svgElement("rect", {
          x: 0, y: top + 19, width: barWidth, height: 16, rx: 3, "class": "bar" + (row.tone ? " bar-" + row.tone : "")
        }));
      }
      svg.appendChild(svgElement("text", {
        x: row.tone === "muted" ? 0 : barWidth + 6, y: top + 32, "class": "bar-value" + (row.tone ? " value-" + row.tone : "")
      }, row.display));
    });
    figure.appendChild(svg);
    tableAlternative(figure, options.columns, options.tableRows || rows);
  }

  /*
   * Columns over time, oldest first. points: [{label, value, display, tone}].
   * Labels under the columns are shortened to what fits; the table keeps them whole.
   */
  function columns(figure, points, options) {
    var captionId = start(figure, options);
    if (!points.length) {
      emptyFrame(figure, captionId, options.emptyText || CV.t("charts.no_data"));
      return;
    }
    var height = 180;
    var plotTop = 18;
    var plotBottom = height - 40;
    var slot = WIDTH / points.length;
    var max = Math.max.apply(null, points.map(function (point) { return point.value || 0; })) || 1;
    var svg = svgElement("svg", { viewBox: "0 0 " + WIDTH + " " + height, role: "img", "aria-labelledby": captionId });
    svg.appendChild(svgElement("line", { x1: 0, y1: plotBottom, x2: WIDTH, y2: plotBottom, "class": "axis" }));

    points.forEach(function (point, index) {
      var barHeight = (plotBottom - plotTop) * (point.value || 0) / max;
      var x = index * slot + slot * 0.15;
      var width = slot * 0.7;
      svg.appendChild(svgElement("rect", {
        x: x, y: plotBottom - barHeight, width: width, height: barHeight, rx: 2,
        "class": "bar" + (point.tone ? " bar-" + point.tone : "")
      }));
      svg.appendChild(svgElement("text", {
        x: x + width / 2, y: plotBottom - barHeight - 4, "text-anchor": "middle", "class": "column-value"
      }, point.display));
      svg.appendChild(svgElement("text", {
        x: x + width / 2, y: plotBottom + 14, "text-anchor": "middle", "class": "column-label"
      }, point.shortLabel || point.label));
      if (point.secondLabel) {
        svg.appendChild(svgElement("text", {
          x: x + width / 2, y: plotBottom + 28, "text-anchor": "middle", "class": "column-label"
        }, point.secondLabel));
      }
    });
    figure.appendChild(svg);
    tableAlternative(figure, options.columns, options.tableRows || points);
  }

  CV.addMessages({
    th: { "charts.show_table": "แสดงข้อมูลเป็นตาราง", "charts.no_data": "ไม่มีข้อมูลในช่วงเวลานี้" },
    en: { "charts.show_table": "Show the data as a table", "charts.no_data": "No data for this period" }
  });

  window.CVCharts = { bars: bars, columns: columns, table: tableAlternative };
})();
