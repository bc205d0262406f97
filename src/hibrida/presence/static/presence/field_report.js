/* Field report form: fills the hidden position fields from the device while the page is open. */
(function () {
  "use strict";
  var pos = document.getElementById("pos");
  if (!pos || !navigator.geolocation) { return; }
  navigator.geolocation.watchPosition(function (p) {
    document.getElementById("lat").value = p.coords.latitude;
    document.getElementById("lon").value = p.coords.longitude;
    document.getElementById("acc").value = Math.round(p.coords.accuracy);
    pos.textContent = p.coords.latitude.toFixed(5) + ", " + p.coords.longitude.toFixed(5) + " (±" + Math.round(p.coords.accuracy) + " m)";
  }, function () { pos.textContent = pos.dataset.unavailable; }, {enableHighAccuracy: true});
})();
