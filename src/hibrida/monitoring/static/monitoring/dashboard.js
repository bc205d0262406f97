/* Dashboard charts and the check-in map. Data comes from json_script blocks; Chart.js draws
   labels on a canvas and map popups are text nodes, so no value is ever parsed as HTML. */
(function () {
  "use strict";
  var source = document.getElementById("chart-data");
  var chart = JSON.parse((source && source.textContent) || "{}");
  var canvas = document.getElementById("trend-chart");
  // Axes and tooltips in Indonesian notation (87,5) whatever the browser's language.
  if (canvas && window.Chart) {
    new Chart(canvas, {
      type: "line",
      data: {labels: chart.labels || [], datasets: (chart.series || []).map(function (s) {
        return {label: s.label, data: s.values, spanGaps: true, tension: 0.2};
      })},
      options: {animation: false, locale: "id-ID", scales: {y: {min: 0, max: 100, title: {display: true, text: "%"}}}}
    });
  }
  var bars = document.getElementById("rank-chart");
  if (bars && window.Chart && chart.bars) {
    new Chart(bars, {
      type: "bar",
      data: {labels: chart.bars.labels, datasets: [{label: bars.dataset.label, data: chart.bars.values}]},
      options: {animation: false, locale: "id-ID", indexAxis: "y", scales: {x: {min: 0, max: 100}}}
    });
  }
  var el = document.getElementById("checkin-map");
  var markerSource = document.getElementById("markers-data");
  if (!el || !window.L || !markerSource) { return; }
  var markers = JSON.parse(markerSource.textContent || "[]");
  // Tiles only when configured (HIBRIDA_MAP_TILES): government networks may filter tile
  // servers, and the markers on a plain background with a scale bar still show where.
  var tiles = el.dataset.tiles || "";
  // The attribution is printed under the map as text: Leaflet's control would parse it as HTML.
  var map = L.map(el, {attributionControl: false});
  if (tiles) { L.tileLayer(tiles, {maxZoom: 19}).addTo(map); }
  L.control.scale({imperial: false}).addTo(map);
  var pts = [];
  markers.forEach(function (m) {
    var bad = m.FLAGGED + m.REJECTED;
    var text = document.createElement("div");
    text.textContent = m.total + " presensi · sah " + m.VALID + " · ditandai " + m.FLAGGED + " · ditolak " + m.REJECTED;
    L.circleMarker([m.lat, m.lon], {
      radius: Math.min(4 + Math.sqrt(m.total), 18),
      color: bad ? "#b45309" : "#15803d", className: "checkin-marker"
    }).addTo(map).bindPopup(text);
    pts.push([m.lat, m.lon]);
  });
  if (pts.length) { map.fitBounds(L.latLngBounds(pts).pad(0.2), {maxZoom: 15}); }
  else { map.setView([-6.2383, 106.9756], 12); }
  el.dataset.markers = String(pts.length);
})();
