/* The atasan's review map: one marker per flagged check-in with its accuracy circle. Names
   are typed by staff, so popups are built from DOM text nodes, never HTML strings. */
(function () {
  "use strict";
  var el = document.getElementById("review-map");
  var data = document.getElementById("review-data");
  if (!el || !data || !window.L) { return; }
  var rows = JSON.parse(data.textContent || "[]");
  if (!rows.length) { return; }
  // No tile layer: government networks may block external tile servers; markers suffice.
  var map = L.map(el);
  L.Icon.Default.imagePath = el.dataset.icons;
  function line(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    return node;
  }
  var bounds = [];
  rows.forEach(function (r) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(line("strong", r.employee_name));
    box.appendChild(line("div", r.place || ""));
    box.appendChild(line("div", r.passkey));
    L.marker([r.latitude, r.longitude]).bindPopup(box).addTo(map);
    L.circle([r.latitude, r.longitude], {radius: r.accuracy_m}).addTo(map);
    bounds.push([r.latitude, r.longitude]);
  });
  map.fitBounds(bounds, {maxZoom: 17, padding: [20, 20]});
})();
