/* Passkeys (WebAuthn) for e-Presensi: enrolment on the device page, and the assertion every
   check-in carries. The challenge is SHA-256(nonce | uuid|kind|device_time|lat|lon), the same
   text the server rebuilds (presence/assertion.py); nonces are fetched while online and kept
   in localStorage so a check-in made offline can still be signed. */
(function () {
  "use strict";
  var POOL_KEY = "hibrida.passkey.nonces";
  function toB64url(buf) {
    var s = String.fromCharCode.apply(null, new Uint8Array(buf));
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromB64url(text) {
    var s = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { out[i] = s.charCodeAt(i); }
    return out.buffer;
  }
  function postJson(url, csrf, data) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf},
      body: JSON.stringify(data || {})
    }).then(function (r) { return r.json().then(function (b) { return {status: r.status, body: b}; }); });
  }
  function pool() {
    try { return JSON.parse(localStorage.getItem(POOL_KEY) || "[]"); } catch (e) { return []; }
  }
  function savePool(items) { localStorage.setItem(POOL_KEY, JSON.stringify(items)); }
  function fresh(items) {
    var now = Date.now();
    return items.filter(function (n) { return new Date(n.expires_at).getTime() > now + 60000; });
  }
  /* Keep a few nonces for the offline queue; called while online. */
  function refill(url, csrf) {
    var items = fresh(pool());
    savePool(items);
    if (items.length >= 3 || !navigator.onLine) { return Promise.resolve(items.length); }
    return postJson(url, csrf, {count: 5 - items.length}).then(function (res) {
      if (res.status === 201) { savePool(fresh(pool()).concat(res.body.nonces)); }
      return fresh(pool()).length;
    });
  }
  function takeNonce() {
    var items = fresh(pool());
    var first = items.shift();
    savePool(items);
    return first ? first.nonce : null;
  }
  function canonical(item) {
    return [item.uuid, item.kind, item.device_time, item.latitude.toFixed(7), item.longitude.toFixed(7)].join("|");
  }
  /* Resolve with the item carrying its assertion; reject when there is no nonce or the
     person cancelled the fingerprint/face prompt. */
  function sign(item, credentialIds) {
    var nonce = takeNonce();
    if (!nonce) { return Promise.reject(new Error("no-nonce")); }
    var text = new TextEncoder().encode(nonce + "|" + canonical(item));
    return crypto.subtle.digest("SHA-256", text).then(function (challenge) {
      return navigator.credentials.get({publicKey: {
        challenge: challenge,
        allowCredentials: credentialIds.map(function (id) { return {type: "public-key", id: fromB64url(id)}; }),
        userVerification: "required",
        timeout: 60000
      }});
    }).then(function (cred) {
      return Object.assign({}, item, {passkey: {
        nonce: nonce,
        credential_id: toB64url(cred.rawId),
        authenticator_data: toB64url(cred.response.authenticatorData),
        client_data_json: toB64url(cred.response.clientDataJSON),
        signature: toB64url(cred.response.signature)
      }});
    });
  }
  function enrol(optionsUrl, registerUrl, csrf, label) {
    return postJson(optionsUrl, csrf).then(function (res) {
      if (res.status !== 200) { return res; }
      var o = res.body;
      o.challenge = fromB64url(o.challenge);
      o.user.id = fromB64url(o.user.id);
      o.excludeCredentials = (o.excludeCredentials || []).map(function (c) {
        return {type: c.type, id: fromB64url(c.id)};
      });
      return navigator.credentials.create({publicKey: o}).then(function (cred) {
        return postJson(registerUrl, csrf, {label: label, credential: {
          id: cred.id, rawId: toB64url(cred.rawId), type: cred.type,
          response: {
            clientDataJSON: toB64url(cred.response.clientDataJSON),
            attestationObject: toB64url(cred.response.attestationObject)
          }
        }});
      });
    });
  }
  window.HibridaPasskey = {refill: refill, sign: sign, enrol: enrol, canonical: canonical};

  var page = document.querySelector("[data-testid=passkey-enrol]");
  if (page) {
    var status = document.querySelector("[data-testid=passkey-enrol-status]");
    page.addEventListener("submit", function (event) {
      event.preventDefault();
      status.textContent = page.dataset.working;
      enrol(page.dataset.options, page.dataset.register, page.dataset.csrf, page.querySelector("input[name=label]").value)
        .then(function (res) {
          if (res.status === 201) { status.textContent = page.dataset.done; status.dataset.status = "pending"; return; }
          status.textContent = (res.body.errors || []).map(function (e) { return e.message; }).join("; ") || res.body.detail;
          status.dataset.status = "error";
        })
        .catch(function () { status.textContent = page.dataset.failed; status.dataset.status = "error"; });
    });
  }
})();
