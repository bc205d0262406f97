/* Worksheet map: the sampled day's check-ins, green when valid; popups are text nodes. */
(function () {
  "use strict";
  var source = document.getElementById("points-data");
  if (!source || !window.L) { return; }
  var pts = JSON.parse(source.textContent || "[]");
  var map = L.map("map", {attributionControl: false});
  var latlngs = pts.map(function (p) { return [p.lat, p.lon]; });
  if (!latlngs.length) { map.setView([-6.2383, 106.9756], 12); return; }
  pts.forEach(function (p) {
    var text = document.createElement("div");
    text.textContent = p.time + " · " + p.text;
    L.circleMarker([p.lat, p.lon], {radius: 7, color: p.result === "VALID" ? "#15803d" : "#b91c1c"})
      .addTo(map).bindPopup(text);
  });
  map.fitBounds(L.latLngBounds(latlngs).pad(0.5), {maxZoom: 17});
})();
