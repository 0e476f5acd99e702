{% load static %}/* Service worker of the offline counter (docs/guides/offline.md), scope /ho-so/.
 * The app shell (pages, scripts, styles) and the data the counter needs offline (the officer,
 * the procedure catalog with e-forms, the working calendar) are answered from the network
 * when it is there, else from the cache. POSTs are never cached: the outbox sends them. */
"use strict";
const SHELL_CACHE = "motcua-quay-shell-v3";
const DATA_CACHE = "motcua-quay-data-v2";
const SHELL = [
  "{% url 'dossiers:offline_intake' %}",
  "{% url 'dossiers:offline_receipt' %}",
  "{% static 'portal/site.css' %}",
  "{% static 'dossiers/offline.css' %}",
  "{% static 'dossiers/offline.js' %}",
  "{% static 'dossiers/vendor/qrcode.js' %}",
  "{% static 'dossiers/manifest.webmanifest' %}",
  "{% static 'dossiers/icon.svg' %}",
];
const DATA_PREFIXES = ["/api/v1/me", "/api/v1/procedures", "/api/v1/calendar/", "/api/v1/units"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith("motcua-quay-") && n !== SHELL_CACHE && n !== DATA_CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request, cacheName, ignoreSearch) {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    // Vary: Cookie on pages is irrelevant here: the cache is the browser profile's own.
    const options = { ignoreSearch: ignoreSearch, ignoreVary: true };
    const cached = (await cache.match(request, options)) || (await caches.match(new URL(request.url).pathname, options));
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (DATA_PREFIXES.some((prefix) => url.pathname.startsWith(prefix))) {
    event.respondWith(networkFirst(request, DATA_CACHE, false));
    return;
  }
  const inShell = SHELL.includes(url.pathname);
  if (inShell) {
    // The receipt page reads ?id= itself: one cached page serves every receipt.
    event.respondWith(networkFirst(request, SHELL_CACHE, true));
  }
});
