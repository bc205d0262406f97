/* e-Presensi check-in page: browser geolocation, distance to the expected place, and an
   offline queue in localStorage. A queued check-in keeps its UUID and original device time;
   the server marks it late-synced. Retries reuse the UUID, so nothing is recorded twice. */
(function () {
  "use strict";
  var root = document.getElementById("presensi");
  if (!root) { return; }
  var QUEUE_KEY = "hibrida.presensi.antrean";
  var DEVICE_KEY = "hibrida.presensi.perangkat";
  var places = JSON.parse(document.getElementById("places-data").textContent || "[]");
  var $ = function (id) { return root.querySelector("[data-testid=" + id + "]"); };
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
  function queue() { try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; } }
  function saveQueue(items) { localStorage.setItem(QUEUE_KEY, JSON.stringify(items)); $("queue").textContent = items.length; }
  function showResult(body, queued) {
    var el = $("result");
    if (queued) { el.textContent = "Tersimpan di antrean luring; akan dikirim otomatis saat tersambung."; el.dataset.status = "QUEUED"; return; }
    var label = {VALID: "Sah", FLAGGED: "Ditandai", REJECTED: "Ditolak"}[body.status] || body.status;
    var reasons = (body.reasons || []).map(function (r) { return r.message; }).join(" ");
    el.textContent = (body.kind === "out" ? "Pulang" : "Masuk") + ": " + label +
      (body.late_synced ? " (tersinkron terlambat)" : "") + (reasons ? " — " + reasons : "");
    el.dataset.status = body.status;
    var row = document.createElement("tr");
    [body.kind, body.device_time.slice(11, 16) + " UTC", body.status, reasons + (body.late_synced ? " (tersinkron terlambat)" : "")]
      .forEach(function (v) { var td = document.createElement("td"); td.textContent = v; row.appendChild(td); });
    $("today").appendChild(row);
  }
  function showError(body) {
    var el = $("result");
    var msgs = (body.errors || []).map(function (e) { return e.field + ": " + e.message; }).join("; ");
    el.textContent = "Gagal: " + (body.detail || "") + (msgs ? " " + msgs : "");
    el.dataset.status = "ERROR";
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
      var rest = queue().filter(function (x) { return x.uuid !== item.uuid; });
      if (res.status >= 500) { flushing = false; return; }
      saveQueue(rest);
      if (res.status < 300) { showResult(res.body, false); } else { showError(res.body); }
      flushing = false; flush();
    }).catch(function () { flushing = false; });
  }
  function submit(kind) {
    if (!fix) { return; }
    var item = {
      uuid: uuid4(), kind: kind, device_time: new Date().toISOString(),
      latitude: fix.latitude, longitude: fix.longitude, accuracy_m: Math.round(fix.accuracy * 10) / 10,
      altitude: fix.altitude, speed: fix.speed, provider: "browser", mock_location: false,
      device_id: deviceId()
    };
    // Queue first: if the page dies mid-request the check-in is still there to resend.
    saveQueue(queue().concat([item]));
    if (!navigator.onLine) { showResult(null, true); return; }
    flush();
    setTimeout(function () { if (queue().some(function (x) { return x.uuid === item.uuid; })) { showResult(null, true); } }, 3000);
  }
  root.querySelectorAll("button[data-kind]").forEach(function (b) {
    b.addEventListener("click", function () { submit(b.dataset.kind); });
  });
  $("flush").addEventListener("click", flush);
  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  saveQueue(queue());
  flush();
  if (!navigator.geolocation) { $("gps-status").textContent = "Perangkat tidak mendukung lokasi."; return; }
  navigator.geolocation.watchPosition(function (p) {
    fix = {latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy,
           altitude: p.coords.altitude, speed: p.coords.speed};
    $("accuracy").textContent = "±" + Math.round(fix.accuracy) + " m";
    $("distance").textContent = distanceText(fix.latitude, fix.longitude);
    $("gps-status").textContent = "Lokasi diperoleh.";
    root.querySelectorAll("button[data-kind]").forEach(function (b) { b.disabled = false; });
  }, function (err) {
    $("gps-status").textContent = "Lokasi tidak tersedia: " + err.message;
  }, {enableHighAccuracy: true, maximumAge: 10000, timeout: 20000});
})();
