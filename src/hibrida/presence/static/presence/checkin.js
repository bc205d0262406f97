/* e-Presensi check-in page: browser geolocation, distance to the expected place, and an
   offline queue in localStorage (mirrored into IndexedDB for the service worker's Background
   Sync). A queued check-in keeps its UUID and original device time; the server marks it
   late-synced. Retries reuse the UUID, so nothing is recorded twice. Text reaches the page
   as DOM text nodes only; labels come from the server's one mapping (labels-data). */
(function () {
  "use strict";
  var root = document.getElementById("presensi");
  if (!root) { return; }
  var QUEUE_KEY = "hibrida.presensi.antrean";
  var DEVICE_KEY = "hibrida.presensi.perangkat";
  var DB = "hibrida-presensi", STORE = "antrean", TAG = "presensi-antrean";
  var places = JSON.parse(document.getElementById("places-data").textContent || "[]");
  var L = JSON.parse(document.getElementById("labels-data").textContent || "{}");
  var $ = function (id) { return document.querySelector("[data-testid=" + id + "]"); };
  var fix = null;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16); crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function deviceId() {
    var id = localStorage.getItem(DEVICE_KEY);
    if (!id) { id = "web-" + uuid4(); localStorage.setItem(DEVICE_KEY, id); }
    return id;
  }
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (m, k) { return values[k] === undefined ? m : values[k]; });
  }
  // WIB is UTC+7 all year (no daylight saving), so a fixed offset is exact.
  function wibShift(iso) { return new Date(new Date(iso).getTime() + 7 * 3600 * 1000); }
  function wibTime(iso) {
    var d = wibShift(iso);
    return ("0" + d.getUTCHours()).slice(-2) + "." + ("0" + d.getUTCMinutes()).slice(-2);
  }
  function wibDay(iso) { return wibShift(iso).toISOString().slice(0, 10); }
  function kindLabel(k) { return L.kinds[k] || k; }
  function doneText(kind, time) { return fill(L.texts.done, {kind: kindLabel(kind).toLowerCase(), time: time}); }

  function haversine(lat1, lon1, lat2, lon2) {
    var r = Math.PI / 180, R = 6371008.8;
    var a = Math.pow(Math.sin((lat2 - lat1) * r / 2), 2) +
      Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.pow(Math.sin((lon2 - lon1) * r / 2), 2);
    return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  function distanceText(lat, lon) {
    if (!places.length) { return "–"; }
    var best = Infinity;
    places.forEach(function (p) {
      var d = Math.max(0, haversine(lat, lon, p.latitude, p.longitude) - (p.polygon.length ? 0 : p.radius_m));
      best = Math.min(best, d);
    });
    return best === 0 ? "di dalam area" : Math.round(best) + " m di luar area";
  }

  /* IndexedDB mirror of the queue, read by the service worker's sync handler. */
  function withDb(fn) {
    if (!window.indexedDB) { return; }
    var open = indexedDB.open(DB, 1);
    open.onupgradeneeded = function () { open.result.createObjectStore(STORE, {keyPath: "uuid"}); };
    open.onsuccess = function () { fn(open.result); };
  }
  function mirror(items) {
    withDb(function (db) {
      var tx = db.transaction(STORE, "readwrite"), store = tx.objectStore(STORE);
      store.clear();
      items.forEach(function (item) { store.put({uuid: item.uuid, item: item, csrf: root.dataset.csrf}); });
    });
  }
  function askBackgroundSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.sync) { return reg.sync.register(TAG); }
    }).catch(function () { /* no Background Sync: the queue is sent on the next load */ });
  }
  function queue() { try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; } }
  function saveQueue(items) {
    localStorage.setItem(QUEUE_KEY, JSON.stringify(items));
    $("queue").textContent = items.length;
    mirror(items);
  }
  function dropFromQueue(uuid) { saveQueue(queue().filter(function (x) { return x.uuid !== uuid; })); }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function resultCells(row, body) {
    var status = L.statuses[body.status] || {label: body.status, help: ""};
    var td = el("td");
    td.appendChild(el("span", status.label, "badge verdict-" + String(body.status).toLowerCase()));
    td.appendChild(el("br"));
    td.appendChild(el("small", status.help, "muted"));
    row.appendChild(td);
    var notes = el("td");
    (body.reasons || []).forEach(function (r) {
      var info = L.reasons[r.code] || {label: r.code, message: r.message};
      var line = el("div");
      line.appendChild(el("strong", info.label));
      line.appendChild(document.createTextNode(" — "));
      line.appendChild(el("small", info.message));
      notes.appendChild(line);
    });
    if (body.late_synced) { var late = el("div"); late.appendChild(el("small", L.late_synced)); notes.appendChild(late); }
    if (!notes.childNodes.length) { notes.textContent = "–"; }
    row.appendChild(notes);
  }
  function addRow(body) {
    var list = $("today");
    if (list.querySelector("tr[data-uuid='" + body.uuid + "']")) { return; }
    if (wibDay(body.device_time) !== root.dataset.today) { return; }
    var row = el("tr");
    row.dataset.uuid = body.uuid; row.dataset.kind = body.kind; row.dataset.status = body.status;
    row.appendChild(el("td", kindLabel(body.kind)));
    row.appendChild(el("td", wibTime(body.device_time)));
    resultCells(row, body);
    list.appendChild(row);
    if (body.status !== "REJECTED" && !$("done").querySelector("li[data-kind='" + body.kind + "']")) {
      var li = el("li", doneText(body.kind, wibTime(body.device_time)));
      li.dataset.kind = body.kind;
      $("done").appendChild(li);
    }
  }
  function showResult(body, queued) {
    var node = $("result");
    if (queued) { node.textContent = L.texts.queued; node.dataset.status = "QUEUED"; return; }
    var status = L.statuses[body.status] || {label: body.status};
    var reasons = (body.reasons || []).map(function (r) { return (L.reasons[r.code] || r).label; }).join(", ");
    node.textContent = kindLabel(body.kind) + " " + wibTime(body.device_time) + " WIB: " + status.label +
      (body.late_synced ? " (" + L.late_synced + ")" : "") + (reasons ? " — " + reasons : "");
    node.dataset.status = body.status;
    addRow(body);
  }
  function showError(body) {
    var node = $("result");
    var msgs = (body.errors || []).map(function (e) { return e.field + ": " + e.message; }).join("; ");
    node.textContent = L.texts.failed + " " + (body.detail || "") + (msgs ? " " + msgs : "");
    node.dataset.status = "ERROR";
  }

  /* A second record of the same type today needs a "yes" (the server refuses it otherwise). */
  var pendingConfirm = null;
  function askConfirm(message, onYes) {
    pendingConfirm = onYes;
    $("confirm-text").textContent = message + " " + L.texts.again;
    $("confirm").hidden = false;
    $("confirm-yes").focus();
  }
  $("confirm-yes").addEventListener("click", function () {
    var go = pendingConfirm; pendingConfirm = null; $("confirm").hidden = true;
    if (go) { go(); }
  });
  $("confirm-no").addEventListener("click", function () {
    pendingConfirm = null; $("confirm").hidden = true;
    $("result").textContent = L.texts.cancelled; $("result").dataset.status = "CANCELLED";
  });
  function isRepeatRefusal(res) {
    return res.status === 409 && (res.body.errors || []).some(function (e) { return e.field === "confirm_repeat"; });
  }
  // Selfie frames waiting for their check-in's answer, by UUID (kept in memory only: a
  // check-in sent later from the offline queue goes without them and the atasan reviews it).
  var frames = {};
  function sendSelfie(item) {
    var taken = frames[item.uuid];
    if (!taken) { return; }
    delete frames[item.uuid];
    var url = root.dataset.selfieApi.replace("00000000-0000-0000-0000-000000000000", item.uuid);
    window.HibridaSelfie.upload(url, root.dataset.csrf, taken).then(function (res) {
      $("selfie-status").textContent = res.status < 300 ? L.texts.selfie_sent : L.texts.selfie_failed;
      $("selfie-status").dataset.state = res.status < 300 ? "sent" : "failed";
    }).catch(function () {
      $("selfie-status").textContent = L.texts.selfie_failed;
      $("selfie-status").dataset.state = "failed";
    });
  }
  function handle(item, res) {
    if (res.status < 300) { showResult(res.body, false); sendSelfie(item); return; }
    if (isRepeatRefusal(res)) {
      askConfirm(res.body.detail, function () {
        // A new assertion: the one sent was spent on the refused attempt's content.
        var again = Object.assign({}, item, {confirm_repeat: true});
        delete again.passkey;
        enqueue(again);
      });
      return;
    }
    showError(res.body);
  }

  function post(item) {
    item.sent_at = new Date().toISOString();
    return fetch(root.dataset.api, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf},
      body: JSON.stringify(item)
    }).then(function (r) { return r.json().then(function (b) { return {status: r.status, body: b}; }); });
  }
  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) { return; }
    var items = queue();
    if (!items.length) { return; }
    flushing = true;
    var item = items[0];
    post(item).then(function (res) {
      if (res.status >= 500) { flushing = false; return; }
      dropFromQueue(item.uuid);
      handle(item, res);
      flushing = false;
      if (!queue().length) { refillNonces(); }
      flush();
    }).catch(function () { flushing = false; });
  }
  var passkeyIds = JSON.parse(document.getElementById("passkey-ids").textContent || "[]");
  function refillNonces() {
    if (root.dataset.passkeyMode === "off" || !passkeyIds.length) { return; }
    window.HibridaPasskey.refill(root.dataset.nonces, root.dataset.csrf).catch(function () { /* offline */ });
  }
  /* The phone's own fingerprint/face unlock signs the check-in before it is queued; without a
     passkey the server refuses or flags it, as the OPD decided. */
  function enqueue(item) {
    if (root.dataset.passkeyMode === "off" || !passkeyIds.length || item.passkey) { enqueueSigned(item); return; }
    window.HibridaPasskey.sign(item, passkeyIds).then(function (signed) {
      enqueueSigned(signed);
    }).catch(function (err) {
      if (root.dataset.passkeyMode === "fallback") { enqueueSigned(item); return; }
      $("result").textContent = err && err.message === "no-nonce" ? L.texts.passkey_no_nonce : L.texts.passkey_cancelled;
      $("result").dataset.status = "PASSKEY";
    });
  }
  function enqueueSigned(item) {
    // Queue first: if the page dies mid-request the check-in is still there to resend.
    saveQueue(queue().concat([item]));
    if (!navigator.onLine) { showResult(null, true); askBackgroundSync(); return; }
    flush();
    setTimeout(function () {
      if (queue().some(function (x) { return x.uuid === item.uuid; })) { showResult(null, true); askBackgroundSync(); }
    }, 3000);
  }
  function earlierToday(kind) {
    var done = $("done").querySelector("li[data-kind='" + kind + "']");
    if (done) { return done.textContent; }
    var waiting = queue().filter(function (x) { return x.kind === kind && wibDay(x.device_time) === root.dataset.today; })[0];
    return waiting ? doneText(kind, wibTime(waiting.device_time)) : null;
  }
  function submit(kind) {
    if (!fix) { return; }
    var item = {
      uuid: uuid4(), kind: kind, device_time: new Date().toISOString(),
      latitude: fix.latitude, longitude: fix.longitude, accuracy_m: Math.round(fix.accuracy * 10) / 10,
      altitude: fix.altitude, speed: fix.speed, provider: "browser", mock_location: false,
      device_id: deviceId(), confirm_repeat: false
    };
    var earlier = earlierToday(kind);
    if (earlier) {
      askConfirm(earlier, function () { item.confirm_repeat = true; withSelfie(item); });
      return;
    }
    withSelfie(item);
  }
  function withSelfie(item) {
    if (root.dataset.selfie !== "on") { enqueue(item); return; }
    var say = function (text) { $("selfie-status").textContent = text; };
    window.HibridaSelfie.capture($("selfie-video"), say, L.texts).then(function (taken) {
      frames[item.uuid] = taken;
    }).catch(function () {
      say(L.texts.selfie_no_camera);
      $("selfie-status").dataset.state = "no-camera";
    }).then(function () { enqueue(item); });
  }
  root.querySelectorAll("button[data-kind]").forEach(function (b) {
    b.addEventListener("click", function () { submit(b.dataset.kind); });
  });
  $("flush").addEventListener("click", flush);
  window.addEventListener("online", flush);
  setInterval(flush, 15000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.sw, {scope: root.dataset.scope}).catch(function () {
      /* without a worker the page still works online and queues in localStorage */
    });
    navigator.serviceWorker.addEventListener("message", function (event) {
      var msg = event.data || {};
      if (msg.type !== "presensi-terkirim") { return; }
      var item = queue().filter(function (x) { return x.uuid === msg.uuid; })[0];
      if (!item) { return; }
      dropFromQueue(msg.uuid);
      handle(item, {status: msg.status, body: msg.body});
    });
  }
  saveQueue(queue());
  flush();
  refillNonces();
  window.addEventListener("online", refillNonces);

  function locationProblem(title) {
    $("gps-status").textContent = title;
    $("gps-status").classList.add("geo-problem");
    $("geo-help").hidden = false;
  }
  if (!navigator.geolocation) { locationProblem(L.texts.geo_unsupported); return; }
  navigator.geolocation.watchPosition(function (p) {
    fix = {latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy,
           altitude: p.coords.altitude, speed: p.coords.speed};
    $("accuracy").textContent = "±" + Math.round(fix.accuracy) + " m";
    $("distance").textContent = distanceText(fix.latitude, fix.longitude);
    $("gps-status").textContent = L.texts.geo_ok;
    $("gps-status").classList.remove("geo-problem");
    $("geo-help").hidden = true;
    root.querySelectorAll("button[data-kind]").forEach(function (b) { b.disabled = false; });
  }, function (err) {
    // The browser's own message is English ("User denied Geolocation"); say it in Indonesian.
    var title = err.code === 1 ? L.texts.geo_denied : err.code === 3 ? L.texts.geo_timeout : L.texts.geo_unavailable;
    locationProblem(title);
  }, {enableHighAccuracy: true, maximumAge: 10000, timeout: 20000});
})();
