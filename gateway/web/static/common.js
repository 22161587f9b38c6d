/*
 * Shared browser code of the Cyber Vaccine web client: language, API calls,
 * the signed-in session and Thai (Buddhist era) dates. No build step and no
 * framework: pages load this file and then their own script.
 */
(function () {
  "use strict";

  var LANGUAGE_KEY = "cv.language";
  var SESSION_KEY = "cv.session";
  var messages = { th: {}, en: {} };

  function storedLanguage() {
    var value = null;
    try { value = localStorage.getItem(LANGUAGE_KEY); } catch (error) { value = null; }
    return value === "en" ? "en" : "th";
  }

  var CV = {
    language: storedLanguage(),

    /* Register page messages: CV.addMessages({th: {key: "..."}, en: {key: "..."}}). */
    addMessages: function (table) {
      ["th", "en"].forEach(function (language) {
        Object.keys(table[language] || {}).forEach(function (key) {
          messages[language][key] = table[language][key];
        });
      });
    },

    /* Translate a key, filling {name} placeholders from params. */
    t: function (key, params) {
      var text = messages[CV.language][key];
      if (text === undefined) { text = messages.th[key]; }
      if (text === undefined) { return key; }
      return text.replace(/\{(\w+)\}/g, function (match, name) {
        return params && params[name] !== undefined ? String(params[name]) : match;
      });
    },

    setLanguage: function (language) {
      CV.language = language === "en" ? "en" : "th";
      try { localStorage.setItem(LANGUAGE_KEY, CV.language); } catch (error) { /* private mode */ }
      CV.applyTranslations(document);
      document.dispatchEvent(new CustomEvent("cv:language", { detail: CV.language }));
    },

    /* Fill elements marked data-i18n (text), data-i18n-placeholder, data-i18n-label (aria-label). */
    applyTranslations: function (root) {
      document.documentElement.lang = CV.language;
      root.querySelectorAll("[data-i18n]").forEach(function (element) {
        element.textContent = CV.t(element.getAttribute("data-i18n"));
      });
      root.querySelectorAll("[data-i18n-placeholder]").forEach(function (element) {
        element.setAttribute("placeholder", CV.t(element.getAttribute("data-i18n-placeholder")));
      });
      root.querySelectorAll("[data-i18n-label]").forEach(function (element) {
        element.setAttribute("aria-label", CV.t(element.getAttribute("data-i18n-label")));
      });
      root.querySelectorAll("[data-language]").forEach(function (button) {
        button.setAttribute("aria-pressed", String(button.getAttribute("data-language") === CV.language));
      });
    },

    /* Format a date or ISO string: Thai readers get the Buddhist era (พ.ศ.). */
    formatDate: function (value, options) {
      if (!value) { return ""; }
      var date = value instanceof Date ? value : new Date(value);
      var format = { year: "numeric", month: "long", day: "numeric" };
      if (options && options.time) { format.hour = "2-digit"; format.minute = "2-digit"; }
      if (options && options.short) { format.month = "short"; }
      var locale = CV.language === "th" ? "th-TH-u-ca-buddhist" : "en-GB";
      return new Intl.DateTimeFormat(locale, format).format(date);
    },

    formatNumber: function (value) {
      return new Intl.NumberFormat(CV.language === "th" ? "th-TH" : "en-GB").format(value);
    },

    /* The name of a record in the current language: name_th / name_en, title_th / title_en. */
    localName: function (record, field) {
      field = field || "name";
      return record[field + "_" + CV.language] || record[field + "_th"] || record[field + "_en"] || "";
    },

    session: {
      get: function () {
        try {
          var session = JSON.parse(localStorage.getItem(SESSION_KEY) || "null");
          if (session && new Date(session.expires_at) > new Date()) { return session; }
        } catch (error) { /* unreadable session */ }
        return null;
      },
      set: function (session) { localStorage.setItem(SESSION_KEY, JSON.stringify(session)); },
      clear: function () { localStorage.removeItem(SESSION_KEY); },
      hasRole: function (role) {
        var session = CV.session.get();
        return Boolean(session && session.account.roles.indexOf(role) >= 0);
      }
    },

    /* Send to the gateway as JSON; resolve with the body, reject with CV.ApiError. */
    api: function (method, path, body, options) {
      options = options || {};
      var headers = { "Accept-Language": CV.language };
      var session = CV.session.get();
      if (session) { headers.Authorization = "Bearer " + session.token; }
      var init = { method: method, headers: headers };
      if (body !== undefined && body !== null) {
        if (body instanceof FormData || body instanceof Blob) {
          init.body = body;
        } else {
          headers["Content-Type"] = "application/json";
          init.body = JSON.stringify(body);
        }
      }
      Object.keys(options.headers || {}).forEach(function (name) { headers[name] = options.headers[name]; });
      return fetch("/api/v1" + path, init).then(function (response) {
        return response.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (error) { data = { error: "invalid_response", message: text }; }
          if (!response.ok) {
            if (response.status === 401 && session) { CV.session.clear(); }
            throw new CV.ApiError(response.status, data || {});
          }
          return data;
        });
      }, function () {
        throw new CV.ApiError(0, { error: "network", message: CV.t("common.network_error") });
      });
    },

    ApiError: function (status, body) {
      this.status = status;
      this.code = body.error;
      this.message = body.message || body.error;
      this.details = body.details || {};
    },

    /* Show an error or notice in the page's status region (role="status" or "alert"). */
    showMessage: function (element, text, kind) {
      element.textContent = text;
      element.className = "notice notice-" + (kind || "info");
      element.hidden = !text;
    },

    /* Send to the login page unless signed in; return the session. */
    requireLogin: function () {
      var session = CV.session.get();
      if (!session) {
        window.location.href = "/?next=" + encodeURIComponent(window.location.pathname + window.location.search);
        return null;
      }
      return session;
    },

    escape: function (text) {
      var span = document.createElement("span");
      span.textContent = text === undefined || text === null ? "" : String(text);
      return span.innerHTML;
    }
  };

  CV.ApiError.prototype = Object.create(Error.prototype);

  CV.addMessages({
    th: {
      "app.name": "ไซเบอร์วัคซีน",
      "app.tagline": "สร้างภูมิคุ้มกันภัยออนไลน์ให้ชุมชน",
      "nav.home": "หน้าหลัก",
      "nav.quiz": "ผู้พิชิตไซเบอร์วัคซีน",
      "nav.media": "คลังสื่อ",
      "nav.reports": "รายงานกิจกรรม",
      "nav.analytics": "วิเคราะห์พื้นที่",
      "nav.logout": "ออกจากระบบ",
      "nav.language": "เลือกภาษา",
      "common.network_error": "เชื่อมต่อเครือข่ายไม่ได้ กรุณาตรวจสอบอินเทอร์เน็ตแล้วลองใหม่",
      "common.loading": "กำลังโหลด…",
      "common.hotline": "สายด่วนตำรวจไซเบอร์ 1441 · เหตุด่วนเหตุร้าย 191"
    },
    en: {
      "app.name": "Cyber Vaccine",
      "app.tagline": "Building community immunity to online scams",
      "nav.home": "Home",
      "nav.quiz": "Cyber Vaccine Conqueror",
      "nav.media": "Media library",
      "nav.reports": "Outreach reports",
      "nav.analytics": "Area analysis",
      "nav.logout": "Log out",
      "nav.language": "Choose language",
      "common.network_error": "No network connection. Check your internet and try again.",
      "common.loading": "Loading…",
      "common.hotline": "Cyber police hotline 1441 · Emergency 191"
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-language]");
    if (button) { CV.setLanguage(button.getAttribute("data-language")); }
    var logout = event.target.closest("[data-logout]");
    if (logout) { CV.session.clear(); window.location.href = "/"; }
  });

  document.addEventListener("DOMContentLoaded", function () { CV.applyTranslations(document); });

  window.CV = CV;
})();
