/*
 * Media library page. Officers search the catalogue, see previews and
 * download files, one at a time or as a ZIP. The working group also
 * uploads new items and versions, edits metadata and archives items.
 */
(function () {
  "use strict";

  CV.addMessages({
    th: {
      "media.title": "คลังสื่อไซเบอร์วัคซีน",
      "media.newer_title": "มีฉบับใหม่ของสื่อที่หน่วยของท่านดาวน์โหลดไว้",
      "media.newer_item": "{title}: หน่วยของท่านมีฉบับที่ {downloaded} ฉบับล่าสุดคือฉบับที่ {current}",
      "media.upload_title": "อัปโหลดสื่อใหม่",
      "media.file": "ไฟล์สื่อ",
      "media.file_hint": "โปสเตอร์/อินโฟกราฟิก: PNG JPEG WebP · แผ่นพับ: PDF · วิดีโอ: MP4 · เสียง: MP3 M4A",
      "media.kind": "ประเภทสื่อ",
      "media.title_th": "ชื่อสื่อ (ภาษาไทย)",
      "media.title_en": "ชื่อสื่อ (ภาษาอังกฤษ)",
      "media.description_th": "คำอธิบาย (ภาษาไทย)",
      "media.description_en": "คำอธิบาย (ภาษาอังกฤษ)",
      "media.scam_types": "ประเภทภัย (เลือกอย่างน้อยหนึ่ง)",
      "media.scam_type": "ประเภทภัย",
      "media.audiences": "กลุ่มเป้าหมาย",
      "media.audience": "กลุ่มเป้าหมาย",
      "media.channels": "ช่องทางที่เหมาะสม",
      "media.channel": "ช่องทาง",
      "media.language": "ภาษาของสื่อ",
      "media.upload_button": "อัปโหลด",
      "media.uploading": "กำลังอัปโหลด {percent}%",
      "media.checking": "อัปโหลดครบแล้ว กำลังตรวจสอบไฟล์…",
      "media.uploaded": "เผยแพร่สื่อ \"{title}\" แล้ว (รหัส {id})",
      "media.choose_file": "กรุณาเลือกไฟล์",
      "media.search_title": "ค้นหาสื่อ",
      "media.search_words": "คำค้น (ชื่อหรือคำอธิบาย)",
      "media.search_placeholder": "เช่น คอลเซ็นเตอร์ หรือ เงินกู้",
      "media.any": "ทั้งหมด",
      "media.sort": "เรียงตาม",
      "media.sort_newest": "ใหม่ล่าสุด",
      "media.sort_downloads": "ดาวน์โหลดมากที่สุด",
      "media.status": "สถานะ",
      "media.status_published": "เผยแพร่อยู่",
      "media.status_archived": "เก็บเข้าคลังแล้ว",
      "media.search_button": "ค้นหา",
      "media.results": "ผลการค้นหา",
      "media.count": "พบ {total} รายการ",
      "media.none": "ไม่พบสื่อตามเงื่อนไขนี้ ลองใช้คำค้นที่สั้นลงหรือเลือก \"ทั้งหมด\"",
      "media.more": "แสดงเพิ่มเติม",
      "media.download": "ดาวน์โหลด",
      "media.downloading": "กำลังเริ่มดาวน์โหลด \"{name}\"…",
      "media.select": "เลือก",
      "media.selected": "เลือกไว้ {count} รายการ",
      "media.zip_button": "ดาวน์โหลดที่เลือกเป็น ZIP",
      "media.zip_started": "กำลังเริ่มดาวน์โหลดไฟล์ ZIP {count} รายการ…",
      "media.close": "ปิด",
      "media.no_preview": "ยังไม่มีภาพตัวอย่าง",
      "media.preview_of": "ภาพตัวอย่างของ {title}",
      "media.newer_badge": "มีฉบับใหม่",
      "media.archived_badge": "เก็บเข้าคลังแล้ว",
      "media.published_on": "เผยแพร่ {date}",
      "media.downloads": "ดาวน์โหลด {count} ครั้ง",
      "media.versions": "ฉบับทั้งหมด",
      "media.version_line": "ฉบับที่ {version} · {name} · {size} · {date}",
      "media.current": "ฉบับล่าสุด",
      "media.edit_title": "แก้ไขข้อมูลสื่อ",
      "media.save": "บันทึก",
      "media.saved": "บันทึกแล้ว",
      "media.new_version_title": "อัปโหลดฉบับใหม่",
      "media.note": "สิ่งที่เปลี่ยนในฉบับนี้",
      "media.archive_title": "เก็บเข้าคลัง",
      "media.archive_hint": "สื่อจะไม่แสดงในคลังสื่อ แต่ประวัติและไฟล์ทุกฉบับยังเก็บไว้",
      "media.archive_reason": "เหตุผล",
      "media.archive_button": "เก็บเข้าคลัง",
      "media.archive_confirm": "ยืนยันการเก็บสื่อนี้เข้าคลัง?",
      "media.archived": "เก็บสื่อเข้าคลังแล้ว",
      "kind.poster": "โปสเตอร์",
      "kind.infographic": "อินโฟกราฟิก",
      "kind.leaflet": "แผ่นพับ",
      "kind.video": "วิดีโอ",
      "kind.audio": "สปอตเสียง",
      "audience.general-public": "ประชาชนทั่วไป",
      "audience.elderly": "ผู้สูงอายุ",
      "audience.students": "นักเรียนนักศึกษา",
      "audience.online-sellers": "ผู้ขายของออนไลน์",
      "audience.migrant-workers": "แรงงานข้ามชาติ",
      "audience.farmers": "เกษตรกร",
      "channel.print": "สื่อสิ่งพิมพ์",
      "channel.social": "LINE และโซเชียลมีเดีย",
      "channel.loudspeaker": "หอกระจายข่าวและวิทยุ",
      "channel.screen": "จอภาพ",
      "language.th": "ไทย",
      "language.en": "อังกฤษ",
      "language.my": "เมียนมา",
      "language.km": "เขมร",
      "language.lo": "ลาว",
      "language.ms": "มลายู",
      "language.zh": "จีน",
      "role.needed": "หน้านี้สำหรับเจ้าหน้าที่ตำรวจและคณะทำงาน บัญชีของท่านไม่มีสิทธิ์ดูคลังสื่อ"
    },
    en: {
      "media.title": "Cyber Vaccine media library",
      "media.newer_title": "Newer versions of media your unit downloaded",
      "media.newer_item": "{title}: your unit has version {downloaded}; the newest is version {current}",
      "media.upload_title": "Upload new media",
      "media.file": "Media file",
      "media.file_hint": "Posters/infographics: PNG JPEG WebP · leaflets: PDF · videos: MP4 · audio: MP3 M4A",
      "media.kind": "Kind of media",
      "media.title_th": "Title (Thai)",
      "media.title_en": "Title (English)",
      "media.description_th": "Description (Thai)",
      "media.description_en": "Description (English)",
      "media.scam_types": "Scam types (choose at least one)",
      "media.scam_type": "Scam type",
      "media.audiences": "Target audiences",
      "media.audience": "Audience",
      "media.channels": "Suitable channels",
      "media.channel": "Channel",
      "media.language": "Language of the media",
      "media.upload_button": "Upload",
      "media.uploading": "Uploading {percent}%",
      "media.checking": "Upload complete; checking the file…",
      "media.uploaded": "Published \"{title}\" (id {id})",
      "media.choose_file": "Choose a file.",
      "media.search_title": "Search media",
      "media.search_words": "Search words (title or description)",
      "media.search_placeholder": "for example call centre or loan",
      "media.any": "All",
      "media.sort": "Sort by",
      "media.sort_newest": "Newest",
      "media.sort_downloads": "Most downloaded",
      "media.status": "Status",
      "media.status_published": "Published",
      "media.status_archived": "Archived",
      "media.search_button": "Search",
      "media.results": "Results",
      "media.count": "{total} items found",
      "media.none": "No media match. Try a shorter search word or choose \"All\".",
      "media.more": "Show more",
      "media.download": "Download",
      "media.downloading": "Starting the download of \"{name}\"…",
      "media.select": "Select",
      "media.selected": "{count} selected",
      "media.zip_button": "Download selected as ZIP",
      "media.zip_started": "Starting the ZIP download of {count} items…",
      "media.close": "Close",
      "media.no_preview": "No preview yet",
      "media.preview_of": "Preview of {title}",
      "media.newer_badge": "Newer version",
      "media.archived_badge": "Archived",
      "media.published_on": "Published {date}",
      "media.downloads": "Downloaded {count} times",
      "media.versions": "All versions",
      "media.version_line": "Version {version} · {name} · {size} · {date}",
      "media.current": "Current",
      "media.edit_title": "Edit media details",
      "media.save": "Save",
      "media.saved": "Saved",
      "media.new_version_title": "Upload a new version",
      "media.note": "What changed in this version",
      "media.archive_title": "Archive",
      "media.archive_hint": "The item leaves the catalogue; its history and all its files are kept.",
      "media.archive_reason": "Reason",
      "media.archive_button": "Archive",
      "media.archive_confirm": "Archive this item?",
      "media.archived": "The item is archived",
      "kind.poster": "Poster",
      "kind.infographic": "Infographic",
      "kind.leaflet": "Leaflet",
      "kind.video": "Video",
      "kind.audio": "Audio spot",
      "audience.general-public": "General public",
      "audience.elderly": "Elderly people",
      "audience.students": "Students",
      "audience.online-sellers": "Online sellers",
      "audience.migrant-workers": "Migrant workers",
      "audience.farmers": "Farmers",
      "channel.print": "Print",
      "channel.social": "LINE and social media",
      "channel.loudspeaker": "Loudspeaker and radio",
      "channel.screen": "Screens",
      "language.th": "Thai",
      "language.en": "English",
      "language.my": "Burmese",
      "language.km": "Khmer",
      "language.lo": "Lao",
      "language.ms": "Malay",
      "language.zh": "Chinese",
      "role.needed": "This page is for police officers and the working group; your account cannot view the media library."
    }
  });

  var PAGE_SIZE = 24;
  var PREVIEW_REFRESH_MILLISECONDS = 4000;
  var PREVIEW_REFRESH_ROUNDS = 15;
  var BROWSE_ROLES = ["officer", "unit_head", "working_group"];

  var state = {
    vocabulary: null,
    scamTypes: [],
    query: {},
    page: 1,
    items: [],
    total: 0,
    selected: {},
    isManager: false,
    previewTimer: null
  };

  function byId(id) { return document.getElementById(id); }

  function notify(text, kind) { CV.showMessage(byId("page-message"), text, kind); }

  function scamTypeName(code) {
    var found = state.scamTypes.filter(function (entry) { return entry.code === code; })[0];
    return found ? CV.localName(found) : code;
  }

  function formatSize(bytes) {
    var units = ["B", "KB", "MB", "GB"];
    var value = bytes;
    var unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
    return CV.formatNumber(Math.round(value * 10) / 10) + " " + units[unit];
  }

  // Options and choices

  function fillSelect(select, values, label, keepFirst) {
    var current = select.value;
    while (select.options.length > (keepFirst ? 1 : 0)) { select.remove(select.options.length - 1); }
    values.forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = label(value);
      select.appendChild(option);
    });
    select.value = current;
  }

  function fillChoices(container, name, values, label, checked) {
    var chosen = checked || [];
    container.innerHTML = "";
    values.forEach(function (value) {
      var wrapper = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      box.checked = chosen.indexOf(value) >= 0;
      wrapper.appendChild(box);
      wrapper.appendChild(document.createTextNode(label(value)));
      container.appendChild(wrapper);
    });
  }

  function checkedValues(container) {
    return Array.prototype.map.call(container.querySelectorAll("input:checked"), function (box) { return box.value; });
  }

  function labeler(prefix) { return function (value) { return CV.t(prefix + "." + value); }; }

  function fillOptions() {
    var vocabulary = state.vocabulary;
    var codes = state.scamTypes.map(function (entry) { return entry.code; });
    fillSelect(byId("filter-scam-type"), codes, scamTypeName, true);
    fillSelect(byId("filter-kind"), vocabulary.kinds, labeler("kind"), true);
    fillSelect(byId("filter-audience"), vocabulary.audiences, labeler("audience"), true);
    fillSelect(byId("filter-channel"), vocabulary.channels, labeler("channel"), true);
    fillSelect(byId("filter-language"), vocabulary.languages, labeler("language"), true);

    if (state.isManager) {
      fillSelect(byId("upload-kind"), vocabulary.kinds, labeler("kind"), false);
      fillSelect(byId("upload-language"), vocabulary.languages, labeler("language"), false);
      if (!byId("upload-language").value) { byId("upload-language").value = "th"; }
      if (!byId("upload-kind").value) { byId("upload-kind").value = "poster"; }
      fillChoices(byId("upload-scam-types"), "scam_types", codes, scamTypeName, checkedValues(byId("upload-scam-types")));
      fillChoices(byId("upload-audiences"), "audiences", vocabulary.audiences, labeler("audience"), checkedValues(byId("upload-audiences")));
      fillChoices(byId("upload-channels"), "channels", vocabulary.channels, labeler("channel"), checkedValues(byId("upload-channels")));
    }
  }

  // Catalogue

  function readQuery() {
    var form = byId("search-form");
    var query = {};
    ["q", "scam_type", "kind", "audience", "channel", "language", "sort", "status"].forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) { query[name] = field.value.trim(); }
    });
    return query;
  }

  function queryString(query, page) {
    var params = new URLSearchParams(query);
    params.set("page", String(page));
    params.set("per_page", String(PAGE_SIZE));
    return params.toString();
  }

  function load(reset) {
    if (reset) { state.page = 1; state.items = []; }
    return CV.api("GET", "/media?" + queryString(state.query, state.page)).then(function (result) {
      state.items = state.items.concat(result.items);
      state.total = result.total;
      renderResults();
      watchPreviews(PREVIEW_REFRESH_ROUNDS);
    }).catch(function (error) { notify(error.message, "error"); });
  }

  /* Previews are made in the background: fetch again the items whose preview is not ready yet. */
  function watchPreviews(roundsLeft) {
    clearTimeout(state.previewTimer);
    var waiting = state.items.filter(function (item) {
      var status = item.file && item.file.preview_status;
      return status === "pending" || status === "running";
    });
    if (!waiting.length || roundsLeft <= 0) { return; }

    state.previewTimer = setTimeout(function () {
      Promise.all(waiting.map(function (item) { return CV.api("GET", "/media/" + item.id); })).then(function (fresh) {
        var freshById = {};
        fresh.forEach(function (item) { freshById[item.id] = item; });
        state.items = state.items.map(function (item) { return freshById[item.id] || item; });
        renderResults();
        watchPreviews(roundsLeft - 1);
      }).catch(function () { /* previews stay as placeholders */ });
    }, PREVIEW_REFRESH_MILLISECONDS);
  }

  function renderResults() {
    var list = byId("results");
    list.innerHTML = "";
    state.items.forEach(function (item) { list.appendChild(renderCard(item)); });
    byId("results-count").textContent = state.total ? CV.t("media.count", { total: CV.formatNumber(state.total) }) : CV.t("media.none");
    byId("more-button").hidden = state.items.length >= state.total;
    renderSelection();
  }

  function renderCard(item) {
    var card = document.createElement("li");
    card.className = "media-card";
    card.setAttribute("data-media-id", String(item.id));
    var title = CV.localName(item, "title");
    var file = item.file || {};
    card.innerHTML =
      '<div class="preview">' + previewMarkup(file, title) + "</div>" +
      '<div class="body">' +
      "<h3><button type=\"button\" data-action=\"detail\">" + CV.escape(title) + "</button></h3>" +
      badgeMarkup(item) + cardMetaMarkup(item, file) +
      '<div class="actions">' +
      '<button class="primary" type="button" data-action="download">' + CV.escape(CV.t("media.download")) + "</button>" +
      '<label class="select"><input type="checkbox" data-action="select"' + (state.selected[item.id] ? " checked" : "") + "> " + CV.escape(CV.t("media.select")) + "</label>" +
      "</div></div>";

    card.querySelector("[data-action=detail]").addEventListener("click", function () { openDetail(item.id); });
    card.querySelector("[data-action=download]").addEventListener("click", function () { download(item.id, null, file.file_name); });
    card.querySelector("[data-action=select]").addEventListener("change", function (event) {
      if (event.target.checked) { state.selected[item.id] = item; } else { delete state.selected[item.id]; }
      renderSelection();
    });
    return card;
  }

  function badgeMarkup(item) {
    var badges = "";
    if (item.unit_download && item.unit_download.newer_version_available) {
      badges += '<span class="badge badge-new">' + CV.escape(CV.t("media.newer_badge")) + "</span> ";
    }
    if (item.status === "archived") {
      badges += '<span class="badge badge-archived">' + CV.escape(CV.t("media.archived_badge")) + "</span>";
    }
    return badges ? "<p>" + badges + "</p>" : "";
  }

  function cardMetaMarkup(item, file) {
    var facts = [CV.t("kind." + item.kind), (file.file_type || "").toUpperCase(), formatSize(file.size_bytes || 0)];
    var chips = item.scam_types.map(function (code) { return "<li>" + CV.escape(scamTypeName(code)) + "</li>"; });
    return '<p class="meta">' + CV.escape(facts.join(" · ")) + "</p>" +
      '<p class="meta">' + CV.escape(CV.t("media.published_on", { date: CV.formatDate(item.published_at) })) + "</p>" +
      '<ul class="chips">' + chips.join("") + "</ul>";
  }

  function previewMarkup(file, title) {
    if (file.preview_url) {
      return '<img src="' + CV.escape(file.preview_url) + '" alt="' + CV.escape(CV.t("media.preview_of", { title: title })) + '" loading="lazy">';
    }
    return '<span class="placeholder">' + CV.escape(CV.t("media.no_preview")) + "</span>";
  }

  function renderSelection() {
    var count = Object.keys(state.selected).length;
    byId("selection-bar").hidden = count === 0;
    byId("selection-count").textContent = CV.t("media.selected", { count: count });
  }

  // Downloads

  function download(mediaId, version, name) {
    var path = "/media/" + mediaId + "/download" + (version ? "?version=" + version : "");
    notify(CV.t("media.downloading", { name: name || "" }), "info");
    return CV.api("GET", path, null, { headers: { Accept: "application/json" } }).then(function (result) {
      window.location.assign(result.url);
      refreshLater(mediaId);
    }).catch(function (error) { notify(error.message, "error"); });
  }

  function downloadSelected() {
    var items = Object.keys(state.selected).map(function (id) { return { media_id: Number(id) }; });
    return CV.api("POST", "/media/bundles", { items: items }).then(function (result) {
      notify(CV.t("media.zip_started", { count: result.count }), "info");
      window.location.assign(result.url);
    }).catch(function (error) { notify(error.message, "error"); });
  }

  function refreshLater(mediaId) {
    CV.api("GET", "/media/" + mediaId).then(function (fresh) {
      state.items = state.items.map(function (item) { return item.id === fresh.id ? fresh : item; });
      renderResults();
    }).catch(function () { /* the list stays as it was */ });
  }

  function loadNewerVersions() {
    CV.api("GET", "/media/unit-downloads?newer_only=true").then(function (rows) {
      var list = byId("newer-list");
      list.innerHTML = "";
      rows.forEach(function (row) {
        var entry = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "secondary";
        button.textContent = CV.t("media.newer_item", {
          title: CV.localName(row, "title"), downloaded: row.downloaded_version, current: row.current_version
        });
        button.addEventListener("click", function () { openDetail(row.media_id); });
        entry.appendChild(button);
        list.appendChild(entry);
      });
      byId("newer-versions").hidden = rows.length === 0;
    }).catch(function () { byId("newer-versions").hidden = true; });
  }

  // Detail dialog

  function openDetail(mediaId) {
    return CV.api("GET", "/media/" + mediaId).then(function (item) {
      renderDetail(item);
      var dialog = byId("detail-dialog");
      if (!dialog.open) { dialog.showModal(); }
    }).catch(function (error) { notify(error.message, "error"); });
  }

  function renderDetail(item) {
    var title = CV.localName(item, "title");
    byId("detail-title").textContent = title;
    var body = byId("detail-body");
    var file = item.file || {};
    body.innerHTML =
      (file.preview_url ? '<img class="detail-preview" src="' + CV.escape(file.preview_url) + '" alt="' + CV.escape(CV.t("media.preview_of", { title: title })) + '">' : "") +
      "<p>" + CV.escape(CV.localName(item, "description")) + "</p>" +
      '<ul class="chips">' + item.scam_types.map(function (code) { return "<li>" + CV.escape(scamTypeName(code)) + "</li>"; }).join("") +
      item.audiences.map(function (code) { return "<li>" + CV.escape(CV.t("audience." + code)) + "</li>"; }).join("") +
      item.channels.map(function (code) { return "<li>" + CV.escape(CV.t("channel." + code)) + "</li>"; }).join("") + "</ul>" +
      '<p class="meta">' + CV.escape(CV.t("language." + item.language)) + " · " + CV.escape(CV.t("media.downloads", { count: CV.formatNumber(item.download_count) })) + "</p>" +
      "<h3>" + CV.escape(CV.t("media.versions")) + "</h3>" +
      '<ul class="version-list">' + item.versions.slice().reverse().map(function (version) {
        return "<li><span>" + CV.escape(CV.t("media.version_line", {
          version: version.version, name: version.file_name, size: formatSize(version.size_bytes), date: CV.formatDate(version.created_at)
        })) + (version.version === item.current_version ? ' <span class="badge badge-new">' + CV.escape(CV.t("media.current")) + "</span>" : "") +
          (version.note ? '<br><span class="muted">' + CV.escape(version.note) + "</span>" : "") + "</span>" +
          '<button class="secondary" type="button" data-version="' + version.version + '">' + CV.escape(CV.t("media.download")) + "</button></li>";
      }).join("") + "</ul>" +
      '<div id="detail-message" role="alert" hidden></div>';
    body.querySelectorAll("[data-version]").forEach(function (button) {
      var number = Number(button.getAttribute("data-version"));
      var version = item.versions.filter(function (entry) { return entry.version === number; })[0];
      button.addEventListener("click", function () { download(item.id, number, version.file_name); });
    });
    if (state.isManager && item.status === "published") { body.appendChild(managementForms(item)); }
  }

  function managementForms(item) {
    var box = document.createElement("div");
    box.innerHTML =
      '<form id="edit-form" class="card" novalidate><h3>' + CV.escape(CV.t("media.edit_title")) + "</h3>" +
      '<label for="edit-title-th">' + CV.escape(CV.t("media.title_th")) + '</label><input id="edit-title-th" name="title_th" maxlength="300">' +
      '<label for="edit-title-en">' + CV.escape(CV.t("media.title_en")) + '</label><input id="edit-title-en" name="title_en" maxlength="300" lang="en">' +
      '<label for="edit-description-th">' + CV.escape(CV.t("media.description_th")) + '</label><textarea id="edit-description-th" name="description_th" rows="3"></textarea>' +
      '<label for="edit-description-en">' + CV.escape(CV.t("media.description_en")) + '</label><textarea id="edit-description-en" name="description_en" rows="3" lang="en"></textarea>' +
      '<fieldset class="choices"><legend>' + CV.escape(CV.t("media.scam_types")) + '</legend><div id="edit-scam-types" class="choice-grid"></div></fieldset>' +
      '<fieldset class="choices"><legend>' + CV.escape(CV.t("media.audiences")) + '</legend><div id="edit-audiences" class="choice-grid"></div></fieldset>' +
      '<fieldset class="choices"><legend>' + CV.escape(CV.t("media.channels")) + '</legend><div id="edit-channels" class="choice-grid"></div></fieldset>' +
      '<button class="primary" type="submit">' + CV.escape(CV.t("media.save")) + "</button></form>" +
      '<form id="version-form" class="card" novalidate><h3>' + CV.escape(CV.t("media.new_version_title")) + "</h3>" +
      '<label for="version-file">' + CV.escape(CV.t("media.file")) + '</label><input id="version-file" type="file" required>' +
      '<label for="version-note">' + CV.escape(CV.t("media.note")) + '</label><input id="version-note" maxlength="1000">' +
      '<div id="version-progress" class="progress" hidden><progress max="100" value="0"></progress></div>' +
      '<button class="primary" type="submit">' + CV.escape(CV.t("media.upload_button")) + "</button></form>" +
      '<form id="archive-form" class="card" novalidate><h3>' + CV.escape(CV.t("media.archive_title")) + "</h3>" +
      '<p class="muted">' + CV.escape(CV.t("media.archive_hint")) + "</p>" +
      '<label for="archive-reason">' + CV.escape(CV.t("media.archive_reason")) + '</label><input id="archive-reason" maxlength="1000">' +
      '<button class="secondary" type="submit">' + CV.escape(CV.t("media.archive_button")) + "</button></form>";

    box.querySelector("#edit-title-th").value = item.title_th;
    box.querySelector("#edit-title-en").value = item.title_en;
    box.querySelector("#edit-description-th").value = item.description_th;
    box.querySelector("#edit-description-en").value = item.description_en;
    var codes = state.scamTypes.map(function (entry) { return entry.code; });
    fillChoices(box.querySelector("#edit-scam-types"), "scam_types", codes, scamTypeName, item.scam_types);
    fillChoices(box.querySelector("#edit-audiences"), "audiences", state.vocabulary.audiences, labeler("audience"), item.audiences);
    fillChoices(box.querySelector("#edit-channels"), "channels", state.vocabulary.channels, labeler("channel"), item.channels);

    box.querySelector("#edit-form").addEventListener("submit", function (event) { event.preventDefault(); saveEdit(item, box); });
    box.querySelector("#version-form").addEventListener("submit", function (event) { event.preventDefault(); uploadVersion(item, box); });
    box.querySelector("#archive-form").addEventListener("submit", function (event) { event.preventDefault(); archive(item, box); });
    return box;
  }

  function detailMessage(text, kind) { CV.showMessage(byId("detail-message"), text, kind); }

  function saveEdit(item, box) {
    var change = {
      title_th: box.querySelector("#edit-title-th").value,
      title_en: box.querySelector("#edit-title-en").value,
      description_th: box.querySelector("#edit-description-th").value,
      description_en: box.querySelector("#edit-description-en").value,
      scam_types: checkedValues(box.querySelector("#edit-scam-types")),
      audiences: checkedValues(box.querySelector("#edit-audiences")),
      channels: checkedValues(box.querySelector("#edit-channels"))
    };
    CV.api("PATCH", "/media/" + item.id, change).then(function (fresh) {
      renderDetail(fresh);
      detailMessage(CV.t("media.saved"), "ok");
      load(true);
    }).catch(function (error) { detailMessage(error.message, "error"); });
  }

  function uploadVersion(item, box) {
    var file = box.querySelector("#version-file").files[0];
    if (!file) { detailMessage(CV.t("media.choose_file"), "error"); return; }
    var progress = box.querySelector("#version-progress");
    progress.hidden = false;
    CVMediaUpload.uploadVersion(item.id, file, box.querySelector("#version-note").value, function (fraction) {
      progress.querySelector("progress").value = Math.round(fraction * 100);
    }).then(function () {
      return openDetail(item.id);
    }).then(function () {
      detailMessage(CV.t("media.saved"), "ok");
      load(true);
    }).catch(function (error) { detailMessage(error.message, "error"); });
  }

  function archive(item, box) {
    if (!window.confirm(CV.t("media.archive_confirm"))) { return; }
    CV.api("POST", "/media/" + item.id + "/archive", { reason: box.querySelector("#archive-reason").value || null }).then(function () {
      byId("detail-dialog").close();
      notify(CV.t("media.archived"), "ok");
      load(true);
    }).catch(function (error) { detailMessage(error.message, "error"); });
  }

  // Upload of a new item

  function uploadMetadata() {
    var form = byId("upload-form");
    return {
      kind: form.elements.kind.value,
      title_th: form.elements.title_th.value,
      title_en: form.elements.title_en.value,
      description_th: form.elements.description_th.value,
      description_en: form.elements.description_en.value,
      scam_types: checkedValues(byId("upload-scam-types")),
      audiences: checkedValues(byId("upload-audiences")),
      channels: checkedValues(byId("upload-channels")),
      language: form.elements.language.value
    };
  }

  function submitUpload(event) {
    event.preventDefault();
    var form = byId("upload-form");
    var message = byId("upload-message");
    var file = form.elements.file.files[0];
    if (!file) { CV.showMessage(message, CV.t("media.choose_file"), "error"); return; }

    var button = form.querySelector("button[type=submit]");
    var bar = byId("upload-progress-bar");
    var text = byId("upload-progress-text");
    button.disabled = true;
    byId("upload-progress").hidden = false;
    CV.showMessage(message, "", "info");

    CVMediaUpload.uploadItem(file, uploadMetadata(), function (fraction, phase) {
      bar.value = Math.round(fraction * 100);
      text.textContent = phase === "checking" ? CV.t("media.checking") : CV.t("media.uploading", { percent: bar.value });
    }).then(function (upload) {
      CV.showMessage(message, CV.t("media.uploaded", { title: form.elements.title_th.value, id: upload.media_id }), "ok");
      form.reset();
      fillOptions();
      load(true);
    }).catch(function (error) {
      CV.showMessage(message, error.message, "error");
    }).then(function () {
      button.disabled = false;
    });
  }

  // Start

  function applyUrlQuery() {
    var params = new URLSearchParams(window.location.search);
    var form = byId("search-form");
    params.forEach(function (value, name) {
      if (form.elements[name]) { form.elements[name].value = value; }
    });
  }

  function start() {
    var session = CV.requireLogin();
    if (!session) { return; }
    var roles = session.account.roles || [];
    if (!BROWSE_ROLES.some(function (role) { return roles.indexOf(role) >= 0; })) {
      notify(CV.t("role.needed"), "error");
      return;
    }
    state.isManager = roles.indexOf("working_group") >= 0;
    byId("upload-section").hidden = !state.isManager;
    byId("filter-status-box").hidden = !state.isManager;

    Promise.all([CV.api("GET", "/media/vocabulary"), CV.api("GET", "/scam-types")]).then(function (results) {
      state.vocabulary = results[0];
      state.scamTypes = results[1];
      fillOptions();
      applyUrlQuery();
      state.query = readQuery();
      load(true);
      loadNewerVersions();
    }).catch(function (error) { notify(error.message, "error"); });

    byId("search-form").addEventListener("submit", function (event) {
      event.preventDefault();
      state.query = readQuery();
      history.replaceState(null, "", "/media?" + new URLSearchParams(state.query).toString());
      load(true);
    });
    byId("more-button").addEventListener("click", function () { state.page += 1; load(false); });
    byId("zip-button").addEventListener("click", downloadSelected);
    byId("upload-form").addEventListener("submit", submitUpload);
    document.addEventListener("cv:language", function () {
      if (!state.vocabulary) { return; }
      fillOptions();
      renderResults();
      loadNewerVersions();
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
