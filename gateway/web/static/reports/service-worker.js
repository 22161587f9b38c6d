/*
 * Service worker of the report pages: keeps a copy of the page shell so that
 * the form opens again without a connection.
 *
 * Every GET of the shell goes to the network first and refreshes the copy.
 * The copy is returned only when the network fails, so an online user never
 * gets stale files. API calls are left alone: the form keeps its own copies
 * of reference data and queues reports itself.
 */
"use strict";

var CACHE = "cv-reports-shell-v1";
var SHELL = [
  "/reports",
  "/reports_summary",
  "/static/common.css",
  "/static/common.js",
  "/static/reports/reports.css",
  "/static/reports/messages.js",
  "/static/reports/store.js",
  "/static/reports/sender.js",
  "/static/reports/form.js",
  "/static/reports/summary.js"
];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name !== CACHE; }).map(function (name) {
      return caches.delete(name);
    }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var url = new URL(event.request.url);
  var isShell = event.request.method === "GET" && url.origin === self.location.origin &&
    SHELL.indexOf(url.pathname) >= 0;
  if (!isShell) { return; }

  event.respondWith(fetch(event.request).then(function (response) {
    if (response.ok) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(url.pathname);
  }));
});
