/*
 * Sends queued reports and their photos, and keeps their status on the device.
 *
 * A report is PUT under its device-made id, so sending it again after a
 * lost response returns the stored report instead of a second one. Photos go
 * afterwards, straight to object storage in parts; an interrupted photo
 * resumes with the parts that are still missing. A network error, a
 * server error or an expired login leaves the report waiting for the next
 * try. Any other rejection marks it failed with the server's message.
 */
(function () {
  "use strict";

  var store = window.CVReports.store;
  var listeners = [];
  var running = null;
  var RETRY_SECONDS = 30;
  // unit_not_found: a unit the directory just created may not have reached the reports service yet.
  var RETRYABLE_CODES = ["photo_upload_incomplete", "storage_unavailable", "directory_unavailable", "unit_not_found"];

  function notify() {
    listeners.forEach(function (listener) { listener(); });
  }

  function isRetryable(error) {
    var status = error.status || 0;
    return status === 0 || status === 401 || status === 408 || status === 429 || status >= 500 ||
      RETRYABLE_CODES.indexOf(error.code) >= 0;
  }

  function errorInfo(error) {
    return { status: error.status || 0, code: error.code || "network", message: error.message || "" };
  }

  function needsWork(item) {
    if (item.status === "waiting" || item.status === "sending") { return true; }
    return item.status === "sent" && (item.photos_done || 0) + (item.photos_failed || 0) < (item.photo_total || 0);
  }

  async function sendReport(item) {
    item.status = "sending";
    await store.putReport(item);
    notify();
    try {
      var report = await CV.api("PUT", "/reports/" + item.id, item.body);
      item.status = "sent";
      item.sent_at = new Date().toISOString();
      item.revision = report.revision;
      item.error = null;
      await store.putReport(item);
      return true;
    } catch (error) {
      item.status = isRetryable(error) ? "waiting" : "failed";
      item.error = errorInfo(error);
      await store.putReport(item);
      return item.status === "failed";
    }
  }

  async function putParts(slot, photo) {
    for (var index = 0; index < slot.parts.length; index += 1) {
      var part = slot.parts[index];
      var start = (part.part_number - 1) * slot.part_size;
      var response;
      try {
        response = await fetch(part.url, { method: "PUT", body: photo.blob.slice(start, start + part.size) });
      } catch (networkError) {
        throw new CV.ApiError(0, { error: "network", message: CV.t("common.network_error") });
      }
      if (!response.ok) {
        // An expired or refused part URL is fetched again on the next try.
        throw new CV.ApiError(0, { error: "part_upload_failed", message: CV.t("common.network_error") });
      }
    }
  }

  async function uploadPhoto(item, photo) {
    var slot = await CV.api("POST", "/reports/" + item.id + "/photos", {
      photo_id: photo.id,
      file_name: photo.name,
      content_type: photo.type,
      size: photo.size,
      sha256: photo.sha256 || null
    });
    if (slot.photo.status !== "uploading") { return; }
    await putParts(slot, photo);
    await CV.api("POST", "/reports/" + item.id + "/photos/" + photo.id + "/complete");
  }

  /* Upload the report's photos that are not done; return false when a retryable error stops them. */
  async function sendPhotos(item) {
    var photos = await store.photosOf(item.id);
    var stopped = false;
    for (var index = 0; index < photos.length && !stopped; index += 1) {
      var photo = photos[index];
      if (photo.status === "done" || photo.status === "failed") { continue; }
      try {
        await uploadPhoto(item, photo);
        photo.status = "done";
        photo.error = null;
        photo.blob = null;
      } catch (error) {
        photo.error = errorInfo(error);
        if (isRetryable(error)) { stopped = true; } else { photo.status = "failed"; }
      }
      await store.putPhoto(photo);
      notify();
    }

    var after = await store.photosOf(item.id);
    item.photos_done = after.filter(function (photo) { return photo.status === "done"; }).length;
    item.photos_failed = after.filter(function (photo) { return photo.status === "failed"; }).length;
    await store.putReport(item);
    return !stopped;
  }

  async function sendOne(item) {
    if (item.status !== "sent") {
      var settled = await sendReport(item);
      notify();
      if (item.status !== "sent") { return settled; }
    }
    return sendPhotos(item);
  }

  async function run() {
    var session = CV.session.get();
    if (!session) { return; }
    var items = (await store.allReports()).filter(function (item) {
      return item.account_id === session.account.id && needsWork(item);
    });
    items.sort(function (a, b) { return a.created_at < b.created_at ? -1 : 1; });
    for (var index = 0; index < items.length; index += 1) {
      var keepGoing = await sendOne(items[index]);
      notify();
      if (!keepGoing) { return; }
    }
  }

  /* Send every report that waits; a call during a run returns the running one. */
  function flush() {
    if (running) { return running; }
    running = run().catch(function (error) {
      window.console.warn("sending queued reports failed", error);
    }).then(function () {
      running = null;
      notify();
    });
    return running;
  }

  window.addEventListener("online", flush);
  window.setInterval(function () {
    if (navigator.onLine !== false) { flush(); }
  }, RETRY_SECONDS * 1000);

  window.CVReports.sender = {
    flush: flush,
    needsWork: needsWork,
    onChange: function (listener) { listeners.push(listener); }
  };
})();
