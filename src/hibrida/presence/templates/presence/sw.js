/* Hibrida check-in service worker: keeps the check-in page and its assets for offline use and,
   where the browser has Background Sync, sends the offline queue once the connection returns.
   The page mirrors its queue into IndexedDB for this worker; a UUID sent twice is stored once. */
"use strict";
var CONFIG = {{ config|safe }};
var CACHE = "hibrida-presensi-v1";
var DB = "hibrida-presensi", STORE = "antrean", TAG = "presensi-antrean";
var ASSET_PATHS = CONFIG.assets.map(function (a) { return new URL(a, self.location.href).pathname; });

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(CONFIG.assets).then(function () {
      return fetch(CONFIG.page, {credentials: "same-origin"}).then(function (res) {
        if (res.ok && !res.redirected) { return cache.put(CONFIG.page, res); }
      }).catch(function () { /* offline at install: the page is stored on its next visit */ });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("hibrida-presensi-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET") { return; }
  var url = new URL(req.url);
  if (url.origin !== self.location.origin) { return; }
  if (req.mode === "navigate" && url.pathname === CONFIG.page) {
    // Network first: the page shows today's records; the stored copy is for offline only.
    event.respondWith(fetch(req).then(function (res) {
      return caches.open(CACHE).then(function (cache) {
        // Logged out (sent to the login page): forget the previous person's page.
        if (res.redirected) { return cache.delete(CONFIG.page).then(function () { return res; }); }
        if (res.ok) { cache.put(CONFIG.page, res.clone()); }
        return res;
      });
    }).catch(function () {
      return caches.match(CONFIG.page).then(function (hit) { return hit || Response.error(); });
    }));
    return;
  }
  if (ASSET_PATHS.indexOf(url.pathname) >= 0) {
    event.respondWith(caches.match(req).then(function (hit) { return hit || fetch(req); }));
  }
});

function openDb() {
  return new Promise(function (resolve, reject) {
    var open = indexedDB.open(DB, 1);
    open.onupgradeneeded = function () { open.result.createObjectStore(STORE, {keyPath: "uuid"}); };
    open.onsuccess = function () { resolve(open.result); };
    open.onerror = function () { reject(open.error); };
  });
}
function queued(db) {
  return new Promise(function (resolve, reject) {
    var all = db.transaction(STORE).objectStore(STORE).getAll();
    all.onsuccess = function () { resolve(all.result); };
    all.onerror = function () { reject(all.error); };
  });
}
function forget(db, uuid) {
  return new Promise(function (resolve) {
    var tx = db.transaction(STORE, "readwrite");
    tx.objectStore(STORE).delete(uuid);
    tx.oncomplete = resolve; tx.onerror = resolve;
  });
}
function tell(message) {
  return self.clients.matchAll({type: "window"}).then(function (list) {
    list.forEach(function (c) { c.postMessage(message); });
  });
}
function sendAll() {
  return openDb().then(function (db) {
    return queued(db).then(function (records) {
      return records.reduce(function (chain, rec) {
        return chain.then(function () {
          var item = Object.assign({}, rec.item, {sent_at: new Date().toISOString()});
          return fetch(CONFIG.api, {
            method: "POST", credentials: "same-origin",
            headers: {"Content-Type": "application/json", "X-CSRFToken": rec.csrf},
            body: JSON.stringify(item)
          }).then(function (res) {
            // 5xx: keep it; the sync is retried by the browser and the page retries on load.
            if (res.status >= 500) { throw new Error("server " + res.status); }
            return res.json().then(function (body) {
              return forget(db, rec.uuid).then(function () {
                return tell({type: "presensi-terkirim", uuid: rec.uuid, status: res.status, body: body});
              });
            });
          });
        });
      }, Promise.resolve());
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === TAG) { event.waitUntil(sendAll()); }
});
