/* Random presence checks: ask the server every minute whether a check is open; when one is,
   show "Konfirmasi kehadiran" with the time left (counted from the server's answer), read
   one location and sign SHA-256(nonce | check uuid|presence|time|lat|lon) with the passkey,
   as a check-in is signed (passkey.js). The server alone decides in time, late or missed. */
(function () {
  "use strict";
  var box = document.querySelector("[data-testid=presence-check]");
  if (!box) { return; }
  var countdown = box.querySelector("[data-testid=presence-check-countdown]");
  var button = box.querySelector("[data-testid=presence-check-answer]");
  var result = box.querySelector("[data-testid=presence-check-result]");
  var current = null;
  var deadline = 0;
  var POLL_MS = 60000;

  function say(text, status) {
    result.textContent = text;
    if (status) { result.dataset.status = status; } else { delete result.dataset.status; }
  }
  function tick() {
    if (!current) { return; }
    var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    countdown.textContent = left > 0
      ? box.dataset.left + ": " + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0")
      : box.dataset.late;
  }
  function show(body) {
    current = body.check ? body : null;
    box.hidden = !current && !result.dataset.status;
    if (current) {
      box.dataset.checkId = String(body.check.id);
      deadline = Date.now() + (body.seconds_left || 0) * 1000;
      tick();
    }
  }
  function poll() {
    fetch(box.dataset.open, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body && !button.disabled) { show(body); } })
      .catch(function () { /* offline: the next poll asks again */ });
  }
  /* A fix at most 30 s old: on the check-in page the page's own watch has just read one, and
     a browser may hold a second fresh reading back while that watch runs. */
  function position() {
    return new Promise(function (resolve, reject) {
      navigator.geolocation.getCurrentPosition(resolve, reject, {enableHighAccuracy: true, timeout: 20000, maximumAge: 30000});
    });
  }
  function signed(item) {
    var pk = window.HibridaPasskey;
    if (!pk || current.passkey_mode === "off" || !current.credential_ids.length) {
      return Promise.resolve(item);
    }
    return pk.refill(box.dataset.nonces, box.dataset.csrf).then(function () {
      return pk.sign(item, current.credential_ids);
    }).catch(function (err) {
      // A fallback OPD records an unsigned answer as weaker evidence; a required one refuses.
      if (current.passkey_mode === "fallback") { return item; }
      throw err;
    });
  }
  function answer() {
    if (!current) { return; }
    button.disabled = true;
    say(box.dataset.working);
    var check = current.check;
    position().then(function (pos) {
      var item = {
        uuid: check.uuid, kind: current.kind, device_time: new Date().toISOString(),
        latitude: pos.coords.latitude, longitude: pos.coords.longitude
      };
      return signed(item).then(function (sent) {
        var body = {device_time: sent.device_time, latitude: sent.latitude, longitude: sent.longitude,
          accuracy_m: pos.coords.accuracy || 0};
        if (sent.passkey) { body.passkey = sent.passkey; }
        return fetch(box.dataset.answer.replace("/0/answer", "/" + check.id + "/answer"), {
          method: "POST", credentials: "same-origin",
          headers: {"Content-Type": "application/json", "X-CSRFToken": box.dataset.csrf},
          body: JSON.stringify(body)
        });
      });
    }, function () { throw new Error("gps"); }).then(function (r) {
      return r.json().then(function (b) { return {status: r.status, body: b}; });
    }).then(function (res) {
      if (res.status === 200) {
        say(res.body.state_label + (res.body.evidence ? " · " + res.body.evidence : ""), res.body.state);
        current = null;
        countdown.textContent = "";
        return;
      }
      say((res.body.errors || []).map(function (e) { return e.message; }).join("; ") || res.body.detail, "error");
    }).catch(function (err) {
      say(err && err.message === "gps" ? box.dataset.noGps
        : (err && err.name === "NotAllowedError" ? box.dataset.cancelled : box.dataset.failed), "error");
    }).then(function () { button.disabled = false; });
  }
  button.addEventListener("click", answer);
  setInterval(tick, 1000);
  setInterval(poll, POLL_MS);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { poll(); } });
  poll();
})();
