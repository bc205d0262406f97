/* Home location request: "use my location now" fills the latitude and longitude fields. */
(function () {
  "use strict";
  var button = document.querySelector("[data-fill-position]");
  if (!button || !navigator.geolocation) { return; }
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("lat").value = p.coords.latitude.toFixed(6);
      document.getElementById("lon").value = p.coords.longitude.toFixed(6);
    });
  });
})();
