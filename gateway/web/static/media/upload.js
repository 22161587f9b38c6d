/*
 * Upload a file to the media library without passing its bytes through the
 * platform. The gateway hands out presigned part URLs, the browser PUTs each
 * part straight to the object store (a few at a time) and then requests the
 * completion of the upload. Large files are checked in the background, so
 * this code polls until the item is published or rejected.
 */
(function () {
  "use strict";

  var PARALLEL_PARTS = 3;
  var PART_ATTEMPTS = 3;
  var POLL_MILLISECONDS = 2000;

  /* PUT one part with XMLHttpRequest, which reports upload progress; resolve when stored. */
  function putPart(url, blob, onBytes) {
    return new Promise(function (resolve, reject) {
      var request = new XMLHttpRequest();
      var reported = 0;
      request.open("PUT", url);
      request.upload.onprogress = function (event) {
        onBytes(event.loaded - reported);
        reported = event.loaded;
      };
      request.onload = function () {
        if (request.status >= 200 && request.status < 300) {
          onBytes(blob.size - reported);
          resolve();
        } else {
          onBytes(-reported);
          reject(new Error("part upload failed with status " + request.status));
        }
      };
      request.onerror = function () {
        onBytes(-reported);
        reject(new Error("part upload failed: network error"));
      };
      request.send(blob);
    });
  }

  function putPartWithRetry(url, blob, onBytes, attempt) {
    return putPart(url, blob, onBytes).catch(function (error) {
      if (attempt >= PART_ATTEMPTS) { throw error; }
      return putPartWithRetry(url, blob, onBytes, attempt + 1);
    });
  }

  /* Send every part, PARALLEL_PARTS at a time; onProgress(fraction) follows the bytes sent. */
  function sendParts(upload, file, onProgress) {
    var queue = upload.parts.slice();
    var sent = 0;
    var offsets = {};
    var offset = 0;
    upload.parts.forEach(function (part) { offsets[part.part_number] = offset; offset += part.size; });

    function onBytes(count) {
      sent += count;
      onProgress(Math.min(1, sent / Math.max(1, file.size)));
    }

    function worker() {
      var part = queue.shift();
      if (!part) { return Promise.resolve(); }
      var start = offsets[part.part_number];
      var blob = file.slice(start, start + part.size);
      return putPartWithRetry(part.url, blob, onBytes, 1).then(worker);
    }

    var workers = [];
    for (var index = 0; index < PARALLEL_PARTS; index += 1) { workers.push(worker()); }
    return Promise.all(workers);
  }

  function waitUntilChecked(upload) {
    if (upload.status !== "verifying") { return Promise.resolve(upload); }
    return new Promise(function (resolve) { setTimeout(resolve, POLL_MILLISECONDS); }).then(function () {
      return CV.api("GET", "/media/uploads/" + encodeURIComponent(upload.id)).then(waitUntilChecked);
    });
  }

  /* Run an upload that the gateway has opened; resolve with the published upload, reject with CV.ApiError. */
  function run(upload, file, onProgress) {
    return sendParts(upload, file, onProgress)
      .catch(function (error) {
        throw new CV.ApiError(0, { error: "part_upload_failed", message: error.message });
      })
      .then(function () {
        onProgress(1, "checking");
        return CV.api("POST", "/media/uploads/" + encodeURIComponent(upload.id) + "/complete");
      })
      .then(waitUntilChecked)
      .then(function (finished) {
        if (finished.status === "rejected" && finished.error) {
          throw new CV.ApiError(finished.error.status, { error: finished.error.code, message: finished.error.message });
        }
        return finished;
      });
  }

  window.CVMediaUpload = {
    /* Upload a new item: ``metadata`` contains kind, titles, descriptions, labels and language. */
    uploadItem: function (file, metadata, onProgress) {
      var request = Object.assign({ file_name: file.name, size_bytes: file.size }, metadata);
      return CV.api("POST", "/media/uploads", request).then(function (upload) {
        return run(upload, file, onProgress);
      });
    },

    /* Upload a new version of item ``mediaId``. */
    uploadVersion: function (mediaId, file, note, onProgress) {
      var request = { file_name: file.name, size_bytes: file.size, note: note || null };
      return CV.api("POST", "/media/" + mediaId + "/versions", request).then(function (upload) {
        return run(upload, file, onProgress);
      });
    }
  };
})();
