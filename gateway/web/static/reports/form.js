/*
 * The report form: fill in, keep a draft on the device, queue, and show what happened to each report.
 *
 * Reference lists (units, form options, provinces and districts) are kept
 * in localStorage after the first load, so the form still opens and fills
 * in when the connection drops.
 */
(function () {
  "use strict";

  var reports = window.CVReports;
  var store = reports.store;
  var draft = reports.draft;
  var sender = reports.sender;

  var CACHE_PREFIX = "cv.reports.cache.";
  var THAI_ZONE = "Asia/Bangkok";
  var state = { me: null, units: [], options: null, provinces: [], districts: [], location: null, submitting: false };
  var draftTimer = null;

  function element(id) { return document.getElementById(id); }

  /* GET from the API and keep a copy in localStorage; return the copy when the network or server fails. */
  async function cachedGet(path) {
    var key = CACHE_PREFIX + path;
    try {
      var fresh = await CV.api("GET", path);
      try { localStorage.setItem(key, JSON.stringify(fresh)); } catch (error) { /* storage full: keep going */ }
      return fresh;
    } catch (error) {
      var cached = localStorage.getItem(key);
      if (cached && (error.status === 0 || error.status >= 500)) { return JSON.parse(cached); }
      throw error;
    }
  }

  async function reportingUnits(me) {
    var found = {};
    var isHead = me.roles.indexOf("unit_head") >= 0;
    if (isHead) {
      found[me.unit.id] = me.unit;
      var children = await cachedGet("/units?parent_id=" + me.unit.id);
      children.forEach(function (unit) { found[unit.id] = unit; });
    }
    var duties = (me.duties || []).filter(function (duty) { return duty.duty === "reporting"; });
    for (var index = 0; index < duties.length; index += 1) {
      var unitId = duties[index].unit_id;
      if (!found[unitId]) { found[unitId] = unitId === me.unit.id ? me.unit : await cachedGet("/units/" + unitId); }
    }
    return Object.keys(found).map(function (id) { return found[id]; }).sort(function (a, b) {
      return a.code < b.code ? -1 : 1;
    });
  }

  // Building the controls

  function fillSelect(select, items, value, emptyLabel) {
    var html = emptyLabel !== undefined ? '<option value="">' + CV.escape(emptyLabel) + "</option>" : "";
    html += items.map(function (item) {
      return '<option value="' + CV.escape(item.code) + '">' + CV.escape(item.label) + "</option>";
    }).join("");
    select.innerHTML = html;
    if (value !== undefined && value !== null) { select.value = String(value); }
  }

  function checkboxes(container, name, items, checked) {
    container.innerHTML = items.map(function (item) {
      var id = name + "-" + item.code.replace(/[^a-z0-9]/gi, "-");
      var on = checked.indexOf(item.code) >= 0 ? " checked" : "";
      return '<label for="' + id + '"><input type="checkbox" id="' + id + '" name="' + name + '" value="' +
        CV.escape(item.code) + '"' + on + "> <span>" + CV.escape(item.label) + "</span></label>";
    }).join("");
  }

  function labelled(items) {
    return items.map(function (item) { return { code: item.code, label: CV.localName(item) }; });
  }

  function mediaItems() {
    return state.options.media.map(function (item) {
      var title = CV.localName(item, "title") || ("#" + item.media_id);
      return { code: item.media_id + "@" + item.version, label: title + " (v" + item.version + ")" };
    });
  }

  function buildControls(fields) {
    var unitItems = state.units.map(function (unit) { return { code: String(unit.id), label: CV.localName(unit) + " (" + unit.code + ")" }; });
    fillSelect(element("unit"), unitItems, fields.unit_id);
    fillSelect(element("activity-type"), labelled(state.options.activity_types), fields.activity_type, "—");
    fillSelect(element("province"), labelled(state.provinces), fields.province_code, "—");

    element("audiences").innerHTML = state.options.audience_groups.map(function (group) {
      var id = "audience-" + group.code;
      var value = (fields.audiences || {})[group.code] || "";
      return '<div><label for="' + id + '">' + CV.escape(CV.localName(group)) + '</label><input id="' + id +
        '" type="number" min="0" step="1" inputmode="numeric" data-group="' + CV.escape(group.code) + '" value="' +
        CV.escape(value) + '"></div>';
    }).join("");

    checkboxes(element("scam-types"), "scam_types", labelled(state.options.scam_types), fields.scam_types || []);
    checkboxes(element("channels"), "channels", labelled(state.options.channels), fields.channels || []);
    var media = mediaItems();
    checkboxes(element("media"), "media", media, fields.media || []);
    if (!media.length) { element("media").innerHTML = '<p class="muted">' + CV.escape(CV.t("reports.media_none")) + "</p>"; }

    element("photos-label").textContent = CV.t("reports.photos", { count: state.options.max_photos });
    updateTotals();
  }

  async function loadDistricts(provinceCode, selected) {
    state.districts = provinceCode ? await cachedGet("/reports/areas?province_code=" + encodeURIComponent(provinceCode)) : [];
    fillSelect(element("district"), labelled(state.districts), selected || "", CV.t("reports.district_none"));
  }

  // Reading and writing the form

  function checkedValues(name) {
    return Array.prototype.map.call(document.querySelectorAll('input[name="' + name + '"]:checked'), function (input) {
      return input.value;
    });
  }

  function collect() {
    var audiences = {};
    document.querySelectorAll("#audiences input").forEach(function (input) {
      if (input.value !== "") { audiences[input.getAttribute("data-group")] = input.value; }
    });
    return {
      unit_id: element("unit").value,
      date: element("activity-date").value,
      time: element("activity-time").value,
      place: element("place").value,
      province_code: element("province").value,
      district_code: element("district").value,
      location: state.location,
      activity_type: element("activity-type").value,
      audiences: audiences,
      confirm_large: element("confirm-large").checked,
      scam_types: checkedValues("scam_types"),
      media: checkedValues("media"),
      channels: checkedValues("channels"),
      note: element("note").value
    };
  }

  async function apply(fields) {
    buildControls(fields);
    element("activity-date").value = fields.date || "";
    element("activity-time").value = fields.time || "";
    element("place").value = fields.place || "";
    element("note").value = fields.note || "";
    element("confirm-large").checked = Boolean(fields.confirm_large);
    setLocation(fields.location || null);
    await loadDistricts(fields.province_code, fields.district_code);
    updateTotals();
    showThaiDate();
  }

  function thaiNow() {
    var now = new Date();
    var date = new Intl.DateTimeFormat("en-CA", { timeZone: THAI_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
    var time = new Intl.DateTimeFormat("en-GB", { timeZone: THAI_ZONE, hour: "2-digit", minute: "2-digit", hour12: false }).format(now);
    return { date: date, time: time };
  }

  function unitById(id) {
    return state.units.filter(function (unit) { return String(unit.id) === String(id); })[0];
  }

  function defaults() {
    var now = thaiNow();
    var unit = state.units[0] || {};
    return {
      unit_id: unit.id, date: now.date, time: now.time, province_code: unit.province_code || "",
      district_code: unit.district_code || "", audiences: {}, scam_types: [], media: [], channels: []
    };
  }

  function updateTotals() {
    var total = 0;
    var large = false;
    document.querySelectorAll("#audiences input").forEach(function (input) {
      var count = parseInt(input.value, 10);
      if (count > 0) { total += count; }
      if (count > state.options.large_count_threshold) { large = true; }
    });
    element("total-people").textContent = CV.t("reports.total_people", { count: CV.formatNumber(total) });
    element("confirm-large-row").hidden = !large;
  }

  function showThaiDate() {
    var value = element("activity-date").value;
    element("activity-date-thai").textContent = value ? CV.formatDate(value + "T12:00:00+07:00") : "";
  }

  function setLocation(location) {
    state.location = location;
    element("location-text").textContent = location
      ? location.latitude.toFixed(5) + ", " + location.longitude.toFixed(5) : CV.t("reports.location_none");
    element("clear-location").hidden = !location;
  }

  function scheduleDraft() {
    window.clearTimeout(draftTimer);
    draftTimer = window.setTimeout(function () { draft.save(collect()); }, 400);
  }

  // Validation and the request body

  function buildBody(fields, photoCount) {
    var missing = [];
    var labels = { unit_id: "reports.unit", date: "reports.date", time: "reports.time", place: "reports.place",
      province_code: "reports.province", activity_type: "reports.activity_type" };
    Object.keys(labels).forEach(function (name) {
      if (!String(fields[name] || "").trim()) { missing.push(CV.t(labels[name])); }
    });
    if (missing.length) { return { error: CV.t("reports.need_fields", { fields: missing.join(", ") }) }; }

    var audiences = Object.keys(fields.audiences).map(function (group) {
      return { group: group, count: Number(fields.audiences[group]) };
    }).filter(function (entry) { return entry.count !== 0; });
    if (!audiences.length) { return { error: CV.t("reports.need_audience") }; }
    if (!fields.scam_types.length) { return { error: CV.t("reports.need_scam_type") }; }

    var body = {
      occurred_at: fields.date + "T" + fields.time + ":00+07:00",
      place: fields.place.trim(),
      province_code: fields.province_code,
      district_code: fields.district_code || null,
      unit_id: Number(fields.unit_id),
      activity_type: fields.activity_type,
      audiences: audiences,
      media: fields.media.map(function (value) {
        var parts = value.split("@");
        return { media_id: Number(parts[0]), version: Number(parts[1]) };
      }),
      channels: fields.channels,
      scam_types: fields.scam_types,
      note: fields.note.trim(),
      photo_count: photoCount,
      confirm_large_counts: Boolean(fields.confirm_large)
    };
    if (fields.location) {
      body.latitude = fields.location.latitude;
      body.longitude = fields.location.longitude;
    }
    return { body: body };
  }

  function fieldsFromBody(body) {
    var audiences = {};
    body.audiences.forEach(function (entry) { audiences[entry.group] = String(entry.count); });
    var parts = body.occurred_at.split("T");
    return {
      unit_id: body.unit_id, date: parts[0], time: parts[1].slice(0, 5), place: body.place,
      province_code: body.province_code, district_code: body.district_code || "",
      location: body.latitude !== undefined ? { latitude: body.latitude, longitude: body.longitude } : null,
      activity_type: body.activity_type, audiences: audiences, confirm_large: body.confirm_large_counts,
      scam_types: body.scam_types, channels: body.channels, note: body.note,
      media: body.media.map(function (item) { return item.media_id + "@" + item.version; })
    };
  }

  // Photos of the draft

  async function sha256Of(blob) {
    if (!(window.crypto && crypto.subtle)) { return null; }
    var digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
    return Array.prototype.map.call(new Uint8Array(digest), function (byte) { return (byte + 0x100).toString(16).slice(1); }).join("");
  }

  async function addPhotos(files) {
    var message = element("form-message");
    var existing = await store.photosOf(draft.REPORT_ID);
    var limit = state.options.max_photos;
    var maxBytes = state.options.max_photo_bytes;
    for (var index = 0; index < files.length; index += 1) {
      var file = files[index];
      if (existing.length >= limit) {
        CV.showMessage(message, CV.t("reports.too_many_photos", { count: limit }), "error");
        break;
      }
      if (file.size > maxBytes) {
        CV.showMessage(message, CV.t("reports.photo_too_large", { name: file.name, size: Math.round(maxBytes / 1048576) }), "error");
        continue;
      }
      var photo = {
        id: reports.newId(), report_id: draft.REPORT_ID, blob: file, name: file.name || "photo.jpg",
        type: file.type || "image/jpeg", size: file.size, added_at: new Date().toISOString(), status: "waiting",
        sha256: await sha256Of(file)
      };
      await store.putPhoto(photo);
      existing.push(photo);
    }
    element("photos").value = "";
    renderPhotos();
  }

  async function renderPhotos() {
    var photos = await store.photosOf(draft.REPORT_ID);
    var list = element("photo-list");
    list.querySelectorAll("img").forEach(function (image) { URL.revokeObjectURL(image.src); });
    list.innerHTML = "";
    photos.forEach(function (photo) {
      var item = document.createElement("li");
      var image = document.createElement("img");
      image.src = URL.createObjectURL(photo.blob);
      image.alt = photo.name;
      var remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = CV.t("reports.remove_photo");
      remove.setAttribute("aria-label", CV.t("reports.remove_photo") + " " + photo.name);
      remove.addEventListener("click", function () { store.deletePhoto(photo.id).then(renderPhotos); });
      item.appendChild(image);
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  // Queue

  async function submitReport(event) {
    event.preventDefault();
    if (state.submitting) { return; }
    var message = element("form-message");
    var photos = await store.photosOf(draft.REPORT_ID);
    var built = buildBody(collect(), photos.length);
    if (built.error) {
      CV.showMessage(message, built.error, "error");
      return;
    }

    state.submitting = true;
    element("send").disabled = true;
    try {
      var unit = unitById(built.body.unit_id);
      var item = {
        id: reports.newId(), account_id: state.me.id, body: built.body, status: "waiting", error: null,
        created_at: new Date().toISOString(), photo_total: photos.length, photos_done: 0, photos_failed: 0,
        unit: unit ? { code: unit.code, name_th: unit.name_th, name_en: unit.name_en } : null
      };
      await store.putReport(item);
      await store.movePhotos(draft.REPORT_ID, item.id);
      await draft.clear();
      await apply(defaults());
      await renderPhotos();
      CV.showMessage(message, CV.t("reports.queued"), "ok");
      await renderQueue();
      sender.flush();
    } finally {
      state.submitting = false;
      element("send").disabled = false;
    }
  }

  function statusBadge(status) {
    return '<span class="status status-' + status + '" data-status="' + status + '">' +
      CV.escape(CV.t("reports.status." + status)) + "</span>";
  }

  async function renderQueue() {
    var items = (await store.allReports()).filter(function (item) { return item.account_id === state.me.id; });
    items.sort(function (a, b) { return a.created_at < b.created_at ? 1 : -1; });
    element("queue-empty").hidden = items.length > 0;

    var html = [];
    for (var index = 0; index < items.length; index += 1) {
      html.push(await queueItem(items[index]));
    }
    element("queue").innerHTML = html.join("");
  }

  async function queueItem(item) {
    var body = item.body;
    var people = body.audiences.reduce(function (sum, entry) { return sum + entry.count; }, 0);
    var type = state.options.activity_types.filter(function (option) { return option.code === body.activity_type; })[0];
    var parts = ['<li data-report-id="' + item.id + '">'];
    parts.push('<div class="title">' + CV.escape(CV.formatDate(body.occurred_at, { time: true })) + " · " + CV.escape(body.place) + "</div>");
    parts.push('<div class="meta">' + CV.escape(item.unit ? CV.localName(item.unit) : "") + " · " +
      CV.escape(type ? CV.localName(type) : body.activity_type) + " · " + CV.escape(CV.t("reports.people_count", { count: CV.formatNumber(people) })) + "</div>");
    parts.push("<div>" + statusBadge(item.status));
    if (item.photo_total) {
      parts.push('<span class="photos-progress">' + CV.escape(CV.t("reports.photos_progress", { done: item.photos_done || 0, total: item.photo_total })) + "</span>");
    }
    parts.push("</div>");
    if (item.error && item.status !== "sent") {
      parts.push('<p class="notice notice-' + (item.status === "failed" ? "error" : "info") + '">' + CV.escape(item.error.message) + "</p>");
    }
    var photos = await store.photosOf(item.id);
    photos.filter(function (photo) { return photo.status === "failed"; }).forEach(function (photo) {
      parts.push('<p class="notice notice-error">' + CV.escape(CV.t("reports.photo_failed", { name: photo.name, message: photo.error.message })) + "</p>");
    });
    parts.push('<div class="item-actions">');
    if (item.status === "failed") {
      parts.push('<button type="button" class="secondary" data-action="edit">' + CV.escape(CV.t("reports.edit_failed")) + "</button>");
    }
    if (item.status !== "sending") {
      parts.push('<button type="button" class="secondary" data-action="remove">' + CV.escape(CV.t("reports.remove")) + "</button>");
    }
    parts.push("</div></li>");
    return parts.join("");
  }

  async function onQueueClick(event) {
    var button = event.target.closest("button[data-action]");
    if (!button) { return; }
    var id = button.closest("li").getAttribute("data-report-id");
    var item = await store.getReport(id);
    if (!item) { return; }

    if (button.getAttribute("data-action") === "remove") {
      if (item.status !== "sent" && !window.confirm(CV.t("reports.remove_confirm"))) { return; }
      await store.deleteReport(id);
    } else {
      // The server stored nothing for a refused report, so its photos go back to the draft and it gets a new id.
      var photos = await store.photosOf(id);
      for (var index = 0; index < photos.length; index += 1) {
        photos[index].report_id = draft.REPORT_ID;
        photos[index].status = "waiting";
        await store.putPhoto(photos[index]);
      }
      await store.deleteReport(id);
      await apply(fieldsFromBody(item.body));
      draft.save(collect());
      await renderPhotos();
      CV.showMessage(element("form-message"), item.error ? item.error.message : "", "error");
      element("form-title").scrollIntoView();
    }
    renderQueue();
  }

  // Start

  function showOnline() {
    element("offline-notice").hidden = navigator.onLine !== false;
  }

  function wireEvents() {
    var form = element("report-form");
    form.addEventListener("input", function (event) {
      if (event.target.closest("#audiences")) { updateTotals(); }
      if (event.target.id === "activity-date") { showThaiDate(); }
      scheduleDraft();
    });
    form.addEventListener("change", scheduleDraft);
    form.addEventListener("submit", submitReport);
    element("province").addEventListener("change", function () { loadDistricts(element("province").value, ""); });
    element("unit").addEventListener("change", function () {
      var unit = unitById(element("unit").value);
      if (unit && unit.province_code) {
        element("province").value = unit.province_code;
        loadDistricts(unit.province_code, unit.district_code || "");
      }
    });
    element("photos").addEventListener("change", function () { addPhotos(element("photos").files); });
    element("save-draft").addEventListener("click", function () {
      draft.save(collect());
      CV.showMessage(element("form-message"), CV.t("reports.draft_saved"), "ok");
    });
    element("clear-form").addEventListener("click", async function () {
      await draft.clear();
      await apply(defaults());
      renderPhotos();
      CV.showMessage(element("form-message"), "", "info");
    });
    element("use-location").addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (position) {
        setLocation({ latitude: Number(position.coords.latitude.toFixed(5)), longitude: Number(position.coords.longitude.toFixed(5)) });
        scheduleDraft();
      }, function () {
        CV.showMessage(element("form-message"), CV.t("reports.location_failed"), "error");
      }, { timeout: 15000, maximumAge: 60000 });
    });
    element("clear-location").addEventListener("click", function () { setLocation(null); scheduleDraft(); });
    element("queue").addEventListener("click", onQueueClick);
    element("send-now").addEventListener("click", function () { sender.flush(); });
    window.addEventListener("online", showOnline);
    window.addEventListener("offline", showOnline);
    document.addEventListener("cv:language", function () {
      var fields = collect();
      buildControls(fields);
      fillSelect(element("district"), labelled(state.districts), fields.district_code, CV.t("reports.district_none"));
      element("unit").value = fields.unit_id;
      showThaiDate();
      renderPhotos();
      renderQueue();
    });
    sender.onChange(renderQueue);
  }

  function registerServiceWorker() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.register("/reports-sw.js", { scope: "/reports" }).catch(function (error) {
      window.console.warn("the offline copy of the report form is not available", error);
    });
  }

  async function start() {
    var session = CV.requireLogin();
    if (!session) { return; }
    registerServiceWorker();
    showOnline();
    try {
      state.me = await cachedGet("/me");
      state.options = await cachedGet("/reports/options");
      state.provinces = await cachedGet("/reports/areas");
      state.units = await reportingUnits(state.me);
    } catch (error) {
      CV.showMessage(element("page-message"), error.message, "error");
      return;
    }

    var canSummarize = ["unit_head", "working_group", "administrator"].some(function (role) {
      return state.me.roles.indexOf(role) >= 0;
    });
    element("summary-link").hidden = !canSummarize;
    if (!state.units.length) { CV.showMessage(element("page-message"), CV.t("reports.no_unit"), "info"); }

    var saved = draft.load();
    await apply(saved || defaults());
    if (saved) { CV.showMessage(element("form-message"), CV.t("reports.draft_restored"), "info"); }
    wireEvents();
    await renderPhotos();
    await renderQueue();
    sender.flush();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
