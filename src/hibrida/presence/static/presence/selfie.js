/* Selfie step of the check-in page (only where the OPD turned the selfie check on): two frames
   from the front camera with a requested head turn between them, uploaded after the check-in
   was answered and bound to its UUID. The match runs on the server in the background. */
(function () {
  "use strict";
  var WAIT_FIRST_MS = 900;
  var WAIT_TURN_MS = 2200;

  function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  function frame(video) {
    var canvas = document.createElement("canvas");
    canvas.width = video.videoWidth || 640;
    canvas.height = video.videoHeight || 480;
    // Not mirrored: the server reads the head turn in the camera's own orientation.
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    return new Promise(function (resolve, reject) {
      canvas.toBlob(function (blob) { return blob ? resolve(blob) : reject(new Error("no-frame")); }, "image/jpeg", 0.85);
    });
  }

  /* Resolves {turn, first, second}; rejects when the camera cannot be opened. ``say`` shows
     each instruction to the person. */
  function capture(video, say, texts) {
    var turn = crypto.getRandomValues(new Uint8Array(1))[0] % 2 ? "left" : "right";
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return Promise.reject(new Error("no-camera"));
    }
    var stream = null;
    var out = {turn: turn};
    return navigator.mediaDevices.getUserMedia({video: {facingMode: "user", width: 640, height: 480}, audio: false})
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        say(texts.selfie_start);
        return video.play();
      })
      .then(function () { return sleep(WAIT_FIRST_MS); })
      .then(function () { return frame(video); })
      .then(function (blob) {
        out.first = blob;
        say(turn === "left" ? texts.selfie_turn_left : texts.selfie_turn_right);
        return sleep(WAIT_TURN_MS);
      })
      .then(function () { return frame(video); })
      .then(function (blob) { out.second = blob; return out; })
      .finally(function () {
        if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
        video.hidden = true;
        video.srcObject = null;
      });
  }

  function upload(url, csrf, frames) {
    var body = new FormData();
    body.append("turn", frames.turn);
    body.append("first", frames.first, "1.jpg");
    body.append("second", frames.second, "2.jpg");
    return fetch(url, {method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf}, body: body})
      .then(function (r) { return r.json().then(function (b) { return {status: r.status, body: b}; }); });
  }

  window.HibridaSelfie = {capture: capture, upload: upload};
})();
