/*
 * Storage of the report form on the device.
 *
 * Reports waiting to be sent and their photos live in IndexedDB, which keeps
 * files (Blobs) across reloads and restarts. The draft's text fields live in
 * localStorage. Every report gets its id here, on the device, so that
 * sending it again can never store it twice.
 */
(function () {
  "use strict";

  var DATABASE = "cv-reports";
  var VERSION = 1;
  var DRAFT_KEY = "cv.reports.draft";
  var DRAFT_REPORT = "draft";
  var opening = null;

  function openDatabase() {
    if (opening) { return opening; }
    opening = new Promise(function (resolve, reject) {
      var request = indexedDB.open(DATABASE, VERSION);
      request.onupgradeneeded = function () {
        var database = request.result;
        database.createObjectStore("reports", { keyPath: "id" });
        var photos = database.createObjectStore("photos", { keyPath: "id" });
        photos.createIndex("report_id", "report_id");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { opening = null; reject(request.error); };
    });
    return opening;
  }

  /* Run fn(store) in one transaction; resolve with what fn's request returns, once the transaction is done. */
  function withStore(name, mode, fn) {
    return openDatabase().then(function (database) {
      return new Promise(function (resolve, reject) {
        var transaction = database.transaction(name, mode);
        var request = fn(transaction.objectStore(name));
        transaction.oncomplete = function () { resolve(request ? request.result : undefined); };
        transaction.onerror = function () { reject(transaction.error); };
        transaction.onabort = function () { reject(transaction.error); };
      });
    });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (byte) { return (byte + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  var store = {
    putReport: function (item) {
      return withStore("reports", "readwrite", function (reports) { return reports.put(item); });
    },
    getReport: function (id) {
      return withStore("reports", "readonly", function (reports) { return reports.get(id); });
    },
    allReports: function () {
      return withStore("reports", "readonly", function (reports) { return reports.getAll(); });
    },
    deleteReport: function (id) {
      return store.photosOf(id).then(function (photos) {
        return Promise.all(photos.map(function (photo) { return store.deletePhoto(photo.id); }));
      }).then(function () {
        return withStore("reports", "readwrite", function (reports) { return reports.delete(id); });
      });
    },
    putPhoto: function (photo) {
      return withStore("photos", "readwrite", function (photos) { return photos.put(photo); });
    },
    deletePhoto: function (id) {
      return withStore("photos", "readwrite", function (photos) { return photos.delete(id); });
    },
    photosOf: function (reportId) {
      return withStore("photos", "readonly", function (photos) {
        return photos.index("report_id").getAll(reportId);
      }).then(function (found) {
        return (found || []).sort(function (a, b) { return a.added_at < b.added_at ? -1 : 1; });
      });
    },
    /* Give the draft's photos to a report that is about to be queued. */
    movePhotos: function (fromReportId, toReportId) {
      return store.photosOf(fromReportId).then(function (photos) {
        return Promise.all(photos.map(function (photo) {
          photo.report_id = toReportId;
          return store.putPhoto(photo);
        }));
      });
    }
  };

  var draft = {
    REPORT_ID: DRAFT_REPORT,
    load: function () {
      try { return JSON.parse(localStorage.getItem(DRAFT_KEY) || "null"); } catch (error) { return null; }
    },
    save: function (fields) { localStorage.setItem(DRAFT_KEY, JSON.stringify(fields)); },
    clear: function () {
      localStorage.removeItem(DRAFT_KEY);
      return store.photosOf(DRAFT_REPORT).then(function (photos) {
        return Promise.all(photos.map(function (photo) { return store.deletePhoto(photo.id); }));
      });
    }
  };

  window.CVReports = window.CVReports || {};
  window.CVReports.store = store;
  window.CVReports.draft = draft;
  window.CVReports.newId = newId;
})();
