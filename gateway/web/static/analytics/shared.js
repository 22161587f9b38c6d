/*
 * Helpers shared by the analytics pages: scam type names, the period picker
 * (months with Buddhist-era years in Thai), number formats, notices and
 * file exports that need the signed-in token.
 */
(function () {
  "use strict";

  var typeNames = {};
  var THAI_MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
  var ENGLISH_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var YEARS_BACK = 6;

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  function isoDate(year, month, day) { return year + "-" + pad(month) + "-" + pad(day); }

  function lastDay(year, month) { return new Date(Date.UTC(year, month, 0)).getUTCDate(); }

  var CVA = {
    loadScamTypes: function () {
      return CV.api("GET", "/scam-types").then(function (items) {
        items.forEach(function (item) { typeNames[item.code] = item; });
        return typeNames;
      }).catch(function () { return typeNames; });
    },

    typeName: function (code) {
      var record = typeNames[code];
      return record ? CV.localName(record) : code;
    },

    percent: function (share) {
      return share === null || share === undefined ? "–" : Math.round(share * 100) + "%";
    },

    change: function (change) {
      if (change === null || change === undefined) { return CV.t("analytics.new_cases"); }
      var value = Math.round(change * 100);
      return (value > 0 ? "+" : "") + value + "%";
    },

    number: function (value, digits) {
      if (value === null || value === undefined) { return "–"; }
      var format = new Intl.NumberFormat(CV.language === "th" ? "th-TH" : "en-GB", { maximumFractionDigits: digits || 0 });
      return format.format(value);
    },

    shortDate: function (iso) { return CV.formatDate(iso + "T00:00:00", { short: true }); },

    monthLabel: function (month) { return (CV.language === "en" ? ENGLISH_MONTHS : THAI_MONTHS)[month - 1]; },

    yearLabel: function (year) { return String(CV.language === "th" ? year + 543 : year); },

    /* Show notices ({code, th, en}) in a container as info messages. */
    showNotices: function (container, notices) {
      container.innerHTML = "";
      (notices || []).forEach(function (notice) {
        var paragraph = document.createElement("p");
        paragraph.className = "notice notice-info";
        paragraph.textContent = notice[CV.language] || notice.th;
        container.appendChild(paragraph);
      });
    },

    /*
     * Period picker on four selects (from month, from year, to month, to year).
     * Years show in the Buddhist era in Thai; values are Christian-era years.
     */
    PeriodPicker: function (ids) {
      var self = this;
      var today = new Date();
      this.selects = {};
      Object.keys(ids).forEach(function (key) { self.selects[key] = document.getElementById(ids[key]); });

      this.fill = function () {
        ["fromMonth", "toMonth"].forEach(function (key) {
          var select = self.selects[key];
          var chosen = select.value;
          select.innerHTML = "";
          for (var month = 1; month <= 12; month += 1) {
            select.appendChild(new Option(CVA.monthLabel(month), String(month)));
          }
          if (chosen) { select.value = chosen; }
        });
        ["fromYear", "toYear"].forEach(function (key) {
          var select = self.selects[key];
          var chosen = select.value;
          select.innerHTML = "";
          for (var year = today.getFullYear(); year >= today.getFullYear() - YEARS_BACK; year -= 1) {
            select.appendChild(new Option(CVA.yearLabel(year), String(year)));
          }
          if (chosen) { select.value = chosen; }
        });
      };

      this.set = function (start, end) {
        self.selects.fromMonth.value = String(Number(start.slice(5, 7)));
        self.selects.fromYear.value = start.slice(0, 4);
        self.selects.toMonth.value = String(Number(end.slice(5, 7)));
        self.selects.toYear.value = end.slice(0, 4);
      };

      /* Return {period_start, period_end} for whole months; the last month ends today at the latest. */
      this.value = function () {
        var fromYear = Number(self.selects.fromYear.value);
        var fromMonth = Number(self.selects.fromMonth.value);
        var toYear = Number(self.selects.toYear.value);
        var toMonth = Number(self.selects.toMonth.value);
        var end = isoDate(toYear, toMonth, lastDay(toYear, toMonth));
        var todayIso = isoDate(today.getFullYear(), today.getMonth() + 1, today.getDate());
        return { period_start: isoDate(fromYear, fromMonth, 1), period_end: end > todayIso ? todayIso : end };
      };

      this.fill();
      var start = new Date(today.getFullYear(), today.getMonth() - 2, 1);
      this.set(isoDate(start.getFullYear(), start.getMonth() + 1, 1), isoDate(today.getFullYear(), today.getMonth() + 1, 1));
      document.addEventListener("cv:language", this.fill);
    },

    query: function (params) {
      return Object.keys(params).filter(function (key) {
        return params[key] !== null && params[key] !== undefined && params[key] !== "";
      }).map(function (key) {
        return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
      }).join("&");
    },

    /* Download an export (it needs the token, so a plain link cannot fetch it). */
    download: function (path, params, fileName, messageElement) {
      var session = CV.session.get();
      var headers = { "Accept-Language": CV.language };
      if (session) { headers.Authorization = "Bearer " + session.token; }
      return fetch("/api/v1" + path + "?" + CVA.query(params), { headers: headers }).then(function (response) {
        if (!response.ok) {
          return response.json().then(function (body) { throw new CV.ApiError(response.status, body); });
        }
        return response.blob();
      }).then(function (blob) {
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = fileName;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
      }).catch(function (error) {
        if (messageElement) { CV.showMessage(messageElement, error.message || CV.t("common.network_error"), "error"); }
      });
    }
  };

  CV.addMessages({
    th: { "analytics.new_cases": "เริ่มพบ" },
    en: { "analytics.new_cases": "new" }
  });

  window.CVA = CVA;
})();
